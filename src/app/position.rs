//! A place on a run's timeline — an iteration, whole or with the M-step after it done — and the
//! moves along it that `←`/`→` and space make on any run on screen, the current one scrubbed back
//! or one picked from the history. With half-steps on (`e`) they go by halves: iteration t, then
//! t½ (θ_{t+1} from the M-step, the points still coloured by θ_t's E-step), then t + 1.

use crate::core::Nudge;

/// A place on a run: iteration `t`, and whether the M-step after it is done (`half`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub t: usize,
    pub half: bool,
}

impl Position {
    pub fn whole(t: usize) -> Position {
        Position { t, half: false }
    }
}

/// A run's timeline as the moves need it: its last iteration, and where nudges replaced EM's
/// parameters (no M-step is shown apart into a nudged iteration: EM did not make it).
#[derive(Clone, Copy)]
pub struct Track<'a> {
    pub latest: usize,
    pub nudges: &'a [Nudge],
}

impl Track<'_> {
    /// Whether the M-step after iteration `t` made θ_{t+1}, so that t½ can be shown.
    fn can_halve(&self, t: usize) -> bool {
        t < self.latest && !self.nudges.iter().any(|n| n.at == t + 1)
    }

    /// One move back from `at`: t½ → t, t → (t − 1)½ with half-steps, else t − 1. `None` at the
    /// start.
    pub fn back(&self, at: Position, half_steps: bool) -> Option<Position> {
        if at.half {
            return Some(Position::whole(at.t));
        }
        let t = at.t.checked_sub(1)?;
        Some(Position {
            t,
            half: half_steps && self.can_halve(t),
        })
    }

    /// One move forward from `at`: t → t½ with half-steps, else t + 1; `None` once that is the
    /// run's last iteration (its end, which is no longer "scrubbed back").
    pub fn forward(&self, at: Position, half_steps: bool) -> Option<Position> {
        if !at.half && half_steps && self.can_halve(at.t) {
            return Some(Position { half: true, ..at });
        }
        let t = at.t + 1;
        (t < self.latest).then_some(Position::whole(t))
    }
}
