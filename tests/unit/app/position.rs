//! Tests of `src/app/position.rs`.

use gmm_tui::app::position::*;
use gmm_tui::core::Nudge;

#[test]
fn half_steps_stop_at_every_m_step_but_a_nudged_one() {
    let nudges = [Nudge { at: 2, change: 1.0 }];
    let track = Track {
        latest: 3,
        nudges: &nudges,
    };
    let mut at = Position::whole(0);
    let mut visited = vec![at];
    while let Some(next) = track.forward(at, true) {
        visited.push(next);
        at = next;
    }
    let half = |t| Position { t, half: true };
    // 1 → 2 was a nudge: no 1½; the end (3) is reached by `None`.
    assert_eq!(
        visited,
        [
            Position::whole(0),
            half(0),
            Position::whole(1),
            Position::whole(2),
            half(2)
        ]
    );
    // Back retraces the same places.
    let mut back = vec![Position::whole(3)];
    let mut at = Position::whole(3);
    while let Some(previous) = track.back(at, true) {
        back.push(previous);
        at = previous;
    }
    back.reverse();
    assert_eq!(back[..5], visited[..]);
    // Whole steps skip the halves.
    assert_eq!(track.forward(half(0), false), Some(Position::whole(1)));
    assert_eq!(
        track.back(Position::whole(1), false),
        Some(Position::whole(0))
    );
}
