//! The nudge (`p`): identical components moved apart, the same run going on from them, and the
//! change it shows being its own — at the latest iteration, scrubbed back, or at the start.

use crate::common::{app, iteration, press, press_all, screen, text};
use gmm_tui::app::App;
use gmm_tui::core::Gmm;
use gmm_tui::core::em::evaluate_model;
use gmm_tui::format::numbers;
use ratatui::crossterm::event::KeyCode;

/// The current run's means, sorted by x.
fn sorted_means(app: &App) -> Vec<Vec<f64>> {
    let model = app.runs().current().unwrap().em.model();
    let mut means: Vec<Vec<f64>> = (0..model.k()).map(|c| model.mean(c).to_vec()).collect();
    means.sort_by(|a, b| a[0].total_cmp(&b[0]));
    means
}

fn near(mean: &[f64], target: [f64; 2], within: f64) -> bool {
    mean.iter().zip(target).all(|(m, t)| (m - t).abs() < within)
}

/// The log-likelihood panel's `Δ` row at 120×40.
fn delta_row(app: &App) -> String {
    text(&screen(app, 120, 40))
        .lines()
        .find_map(|l| l.split('│').nth(3).filter(|p| p.starts_with("Δ ")))
        .unwrap()
        .trim_end()
        .to_string()
}

/// `model`'s log-likelihood on `app`'s data, evaluated afresh.
fn log_likelihood(app: &App, model: &Gmm) -> f64 {
    evaluate_model(app.data(), model, false)
        .unwrap()
        .moments
        .log_likelihood
}

/// The stranger's keys on the seed app: space space ← p showed `Δ 12720.6 nudge`, EM's first
/// step (the trap's start to the collapsed pair) and the nudge's −0.8 together. The change after
/// a nudge is the log-likelihood of the nudged parameters less that of the parameters it nudged,
/// each evaluated here on the data — wherever the nudge happens.
#[test]
fn the_change_after_a_nudge_is_the_nudges_own_at_the_latest_scrubbed_back_and_at_the_start() {
    for (keys, back, at) in [("  ", 0, 2), ("  ", 1, 1), ("", 0, 0)] {
        let mut app = app(&[]);
        press_all(&mut app, keys);
        for _ in 0..back {
            press(&mut app, KeyCode::Left);
        }
        let shown = app.shown().unwrap();
        assert_eq!(shown.iteration, at);
        let before = log_likelihood(&app, shown.model);
        press(&mut app, KeyCode::Char('p'));
        let shown = app.shown().unwrap();
        assert_eq!((shown.iteration, iteration(&app)), (at, at));
        let after = log_likelihood(&app, shown.model);
        let change = shown.change().unwrap();
        assert!(
            (change - (after - before)).abs() < 1e-9,
            "at {at}: {change}"
        );
        // From the collapsed pair (a saddle, flat to second order) half a standard deviation
        // apart changes little: nowhere near EM's first step, 12720.
        if at > 0 {
            assert!(change.abs() < 10.0, "at {at}: {change}");
        }
        let row = delta_row(&app);
        let want = format!("Δ {:>10} nudge", numbers::change(after - before, after));
        assert!(row.starts_with(&want), "at {at}: {row:?}, want {want:?}");
    }
}

#[test]
fn a_nudge_lets_the_trapped_run_escape_to_the_truth() {
    let mut app = app(&[]);
    press_all(&mut app, "   ");
    assert!(app.runs().current().unwrap().em.status().is_finished());
    press(&mut app, KeyCode::Char('p'));
    let run = app.runs().current().unwrap();
    assert_eq!(run.em.nudges()[0].at, 2, "nudged where it stood");
    assert!(!run.em.status().is_finished(), "the same run goes on");
    assert!(
        app.status_text().contains("nudged"),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Char('r'));
    let means = sorted_means(&app);
    assert!(near(&means[0], [0.0, 0.0], 0.15), "{means:?}");
    assert!(near(&means[1], [5.0, 5.0], 0.15), "{means:?}");
    let shown = app.shown().unwrap();
    assert!(shown.groups.is_empty(), "no ≡ left");
    assert_eq!(app.runs().history().len(), 1, "one run, recorded once");
    let screen = text(&screen(&app, 120, 40));
    assert!(screen.contains("trap (10, 10), nudged at 2"), "{screen}");
    assert!(!screen.contains('≡'), "{screen}");
}

#[test]
fn nudging_without_identical_components_says_so() {
    let mut app = app(&[]);
    press_all(&mut app, "ir");
    press(&mut app, KeyCode::Char('p'));
    assert!(
        app.message().unwrap().contains("none are identical"),
        "{:?}",
        app.message()
    );
}

#[test]
fn a_nudge_from_a_past_iteration_branches_there() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.shown().unwrap().iteration, 1);
    press(&mut app, KeyCode::Char('p'));
    let run = app.runs().current().unwrap();
    let nudged_at: Vec<usize> = run.em.nudges().iter().map(|n| n.at).collect();
    assert_eq!((run.em.iteration(), nudged_at), (1, vec![1]));
    assert!(app.status_text().contains("later iterations dropped"));
}

#[test]
fn space_and_r_on_a_collapsed_run_offer_the_nudge() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    assert!(app.runs().current().unwrap().em.status().is_finished());
    for key in [' ', 'r'] {
        press(&mut app, KeyCode::Char(key));
        let message = app.message().unwrap_or_default().to_string();
        assert!(
            message.contains("p: nudge apart") && message.contains("i: another start"),
            "{key:?}: {message}"
        );
    }
    // A run that ended sound is told apart: no nudge offered.
    press_all(&mut app, "ir ");
    let message = app.message().unwrap_or_default().to_string();
    assert!(
        message.contains("←: scrub back") && !message.contains("p: nudge"),
        "{message}"
    );
}

#[test]
fn a_nudged_iteration_shows_the_nudges_change_not_ems() {
    let mut app = app(&[]);
    press_all(&mut app, "  p");
    let shown = app.shown().unwrap();
    assert!(shown.nudge.is_some());
    assert!(
        shown.change().unwrap() < 0.0,
        "the nudge lowered the likelihood"
    );
    let delta = |app: &App| {
        text(&screen(app, 120, 40))
            .lines()
            .find(|l| l.contains("Δ "))
            .unwrap()
            .to_string()
    };
    assert!(delta(&app).contains(" nudge "), "{}", delta(&app));
    press(&mut app, KeyCode::Char('r'));
    assert!(
        !delta(&app).contains("nudge"),
        "EM's own step: {}",
        delta(&app)
    );
    let last = iteration(&app);
    for _ in 2..last {
        press(&mut app, KeyCode::Left);
    }
    assert_eq!(app.shown().unwrap().iteration, 2);
    assert!(delta(&app).contains(" nudge "), "{}", delta(&app));
    assert!(
        app.status_text()
            .contains("nudged here: Δ is the nudge's change, not EM's"),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Right);
    assert!(!delta(&app).contains("nudge"), "{}", delta(&app));
}
