//! Picking any run: Tab gives the runs panel the keys, ↑/↓ choose, Enter shows the run, and on
//! it scrubbing, half-steps, the inspector and the formulas work as on the current run; Tab or
//! Esc gives the keys back.

use ratatui::crossterm::event::KeyCode;

use super::{assert_close, kernel_responsibilities};
use crate::common::{app, press, press_all, screen, text};
use gmm_tui::app::Phase;

#[test]
fn tab_up_enter_shows_an_earlier_run_and_every_key_works_on_it() {
    let mut app = app(&["--restarts", "3"]);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.runs().history().len(), 3);
    assert_eq!(app.shown().unwrap().number, 3);

    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus().chosen(), Some(3));
    let drawn = text(&screen(&app, 80, 24));
    assert!(drawn.contains("↑↓ choose"), "{drawn}");
    press_all(&mut app, "k");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.focus().chosen(), Some(1));
    press(&mut app, KeyCode::Up);
    assert_eq!(app.focus().chosen(), Some(1), "stays at the first");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.focus().chosen(), Some(2));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.timeline().picked(), Some(2));
    let picked = app.runs().history()[1].clone();
    let last = picked.em.iteration();
    assert_eq!(app.shown().unwrap().number, 2);
    assert_eq!(app.shown().unwrap().model, &picked.result.model);
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let drawn = text(&screen(&app, w, h));
        assert!(drawn.contains(" run 2"), "{w}×{h}:\n{drawn}");
    }

    // Tab gives the keys back; ← → scrub the picked run, by halves with e.
    press(&mut app, KeyCode::Tab);
    assert!(!app.focus().on_runs());
    press(&mut app, KeyCode::Left);
    assert_eq!(app.shown().unwrap().iteration, last - 1);
    assert_eq!(
        app.shown().unwrap().model,
        picked.em.parameters_at(last - 1).unwrap()
    );
    assert!(
        app.status_text()
            .starts_with(&format!("run 2, iteration {} of {last}", last - 1))
    );
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Right);
    let shown = app.shown().unwrap();
    assert_eq!(
        (shown.iteration, shown.phase),
        (last - 1, Phase::AfterMStep)
    );
    assert_eq!(shown.model, picked.em.parameters_at(last).unwrap());

    // The formulas: the M-step from iteration last − 1 of run 2 is its iteration last.
    press(&mut app, KeyCode::Char('f'));
    let formula = app.formula().unwrap();
    assert!(formula.done);
    let end = picked.em.parameters_at(last).unwrap();
    assert_close(formula.weight().unwrap(), end.weights[0], 1e-12, "π_1");
    press(&mut app, KeyCode::Char('['));
    let formula = app.formula().unwrap();
    assert!(!formula.done);
    for (a, b) in formula.mean().unwrap().iter().zip(end.mean(0)) {
        assert_close(*a, *b, 1e-12, "μ_1");
    }
    // The inspector reads the picked run's parameters.
    press(&mut app, KeyCode::Char('v'));
    let inspection = app.inspection().unwrap();
    for (g, k) in inspection
        .terms
        .iter()
        .zip(kernel_responsibilities(&app, inspection.index))
    {
        assert_close(g.responsibility, k, 1e-12, "γ on the picked run");
    }
    // Space replays it to its end; there it says what space would do instead.
    press_all(&mut app, "v  ");
    assert_eq!(app.shown().unwrap().iteration, last);
    assert_eq!(app.timeline().position(), None);
    press(&mut app, KeyCode::Char(' '));
    assert!(
        app.status_text()
            .contains(": space acts on the current run, run 3 — b: back to it"),
        "{}",
        app.status_text()
    );
    // b goes back to the current run.
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.timeline().picked(), None);
    assert_eq!(app.shown().unwrap().number, 3);
}

#[test]
fn esc_gives_the_keys_back_and_enter_on_the_current_run_shows_it() {
    let mut app = app(&["--restarts", "2"]);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.timeline().picked(), Some(1));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.timeline().picked(), None, "run 2 is the current run");
    press(&mut app, KeyCode::Esc);
    assert!(!app.focus().on_runs());
    // Without the panel's keys, Enter says how to get them.
    press(&mut app, KeyCode::Enter);
    assert!(app.message().unwrap().contains("Tab gives it the keys"));
}

#[test]
fn with_the_inspector_on_the_runs_panels_arrows_scrub_as_its_footer_says() {
    let mut app = app(&["--restarts", "2"]);
    press_all(&mut app, "av");
    press(&mut app, KeyCode::Tab);
    let drawn = text(&screen(&app, 80, 24));
    assert!(drawn.contains("←→ scrub"), "{drawn}");
    let cursor = app.inspector().cursor();
    let last = app.shown().unwrap().iteration;
    press(&mut app, KeyCode::Left);
    assert_eq!(app.inspector().cursor(), cursor, "the cursor stays");
    assert_eq!(app.shown().unwrap().iteration, last - 1, "← scrubbed back");
    // Back on the plot the arrows move the cursor again.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    assert_ne!(app.inspector().cursor(), cursor);
}
