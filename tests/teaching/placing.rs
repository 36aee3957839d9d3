//! Starts placed by hand: with the inspector on, a digit moves that component's mean to the
//! cursor and makes a new start, the rest as the start on screen; more digits change that start
//! until it is stepped; space or r run it.

use ratatui::crossterm::event::KeyCode;

use crate::common::{app, press, press_all, screen, text};
use gmm_tui::core::Start;

#[test]
fn a_digit_moves_that_mean_to_the_cursor_and_makes_a_placed_start() {
    let mut app = app(&[]);
    let trap = app.runs().current().unwrap().em.model().clone();
    press_all(&mut app, "vhhhhhjjj");
    let (x, y) = app.inspector().cursor();
    press(&mut app, KeyCode::Char('1'));
    let run = app.runs().current().unwrap();
    assert_eq!(run.number, 2, "a new run");
    assert!(matches!(run.start, Start::Placed { .. }));
    assert_eq!(run.em.iteration(), 0);
    let placed = run.em.model();
    assert_eq!(placed.mean(0), [x, y]);
    // The other mean, every covariance and the weights are the trap's.
    assert_eq!(placed.mean(1), trap.mean(1));
    assert_eq!(placed.covariances, trap.covariances);
    assert_eq!(placed.weights, trap.weights);
    // The trap run went to the history, left unfinished.
    assert_eq!(app.runs().history().len(), 1);
    assert!(app.runs().history()[0].abandoned);
    let drawn = text(&screen(&app, 80, 24));
    assert!(drawn.contains("placed"), "{drawn}");

    // A second digit before any step changes the same start.
    press_all(&mut app, "llllllllkkkk");
    let (x2, y2) = app.inspector().cursor();
    press(&mut app, KeyCode::Char('2'));
    let run = app.runs().current().unwrap();
    assert_eq!(run.number, 2);
    assert_eq!(run.em.model().mean(0), [x, y]);
    assert_eq!(run.em.model().mean(1), [x2, y2]);
    assert_eq!(app.runs().history().len(), 1);

    // r runs it: both means apart, EM finds the two clusters.
    press(&mut app, KeyCode::Char('r'));
    let run = app.runs().current().unwrap();
    assert!(run.em.status().is_finished());
    assert!(run.em.iteration() > 0);
    let ends: Vec<f64> = (0..2).map(|c| run.em.model().mean(c)[0]).collect();
    assert!((ends[0] - ends[1]).abs() > 3.0, "{ends:?}");
    // Placing after a step starts another run.
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.runs().current().unwrap().number, 3);
}

#[test]
fn digits_say_what_they_need() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('1'));
    assert!(
        app.message().unwrap().contains("v turns the inspector on"),
        "{:?}",
        app.message()
    );
    assert_eq!(app.runs().current().unwrap().number, 1);
    press_all(&mut app, "v3");
    assert_eq!(
        app.message(),
        Some("K = 2: 1–2 place a mean (+ adds a component)")
    );
    assert_eq!(app.runs().current().unwrap().number, 1);
}
