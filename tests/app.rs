//! The app driven by key events through the same path as the real loop.

mod common;

use common::{app, press, press_all};
use gmm_tui::app::Mode;
use gmm_tui::core::em::collapsed_groups;
use ratatui::crossterm::event::KeyCode;

#[test]
fn opens_on_the_trap_paused_at_iteration_zero() {
    let app = app(&[]);
    let run = app.run.as_ref().unwrap();
    assert_eq!(run.em.iteration(), 0);
    assert_eq!(app.mode, Mode::Paused);
    let model = run.em.model();
    assert_eq!(model.means, vec![10.0, 10.0, 10.0, 10.0]);
    assert_eq!(model.covariance(0), &[10.0, 0.0, 0.0, 10.0]);
    assert!(
        app.status_text()
            .contains("components 1 and 2 are identical"),
        "{}",
        app.status_text()
    );
}

#[test]
fn space_raises_the_iteration_by_one() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.run.as_ref().unwrap().em.iteration(), 1);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.run.as_ref().unwrap().em.iteration(), 2);
}

#[test]
fn restart_pushes_a_history_row_and_starts_run_two() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char(' '));
    assert!(app.history.is_empty());
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.history.len(), 1);
    assert_eq!(app.history[0].number, 1);
    assert!(app.history[0].abandoned, "left after one iteration");
    let run = app.run.as_ref().unwrap();
    assert_eq!((run.number, run.em.iteration()), (2, 0));
    assert!(run.init.starts_with("kmeans++"));
}

#[test]
fn reseed_changes_the_data_and_starts_over() {
    let mut app = app(&[]);
    press_all(&mut app, " i");
    let before = app.data.column(0).to_vec();
    press(&mut app, KeyCode::Char('n'));
    assert_ne!(app.data.column(0), before.as_slice());
    assert_eq!(app.data.n(), 2000);
    assert!(app.history.is_empty());
    assert_eq!(app.run.as_ref().unwrap().number, 1, "the trap again");
    assert!(app.source.describe().contains("seed 2"));
}

#[test]
fn the_story_collapse_restart_run_escape() {
    let mut app = app(&[]);
    // Step into the collapse: both components become the data's mean and stay there.
    press_all(&mut app, "   ");
    let trapped = app.run.as_ref().unwrap();
    assert_eq!(collapsed_groups(trapped.em.model(), 1.0), vec![vec![0, 1]]);
    assert!(trapped.em.status().is_finished());
    // Restart, run to convergence.
    press_all(&mut app, "ir");
    let best = app.best_entry().unwrap();
    assert!(best.result.collapsed.is_empty());
    assert_eq!(best.number, 2);
    let m = &best.result.model;
    let mut means: Vec<&[f64]> = (0..2).map(|c| m.mean(c)).collect();
    means.sort_by(|a, b| a[0].total_cmp(&b[0]));
    assert!(means[0].iter().all(|v| v.abs() < 0.15), "{means:?}");
    assert!(means[1].iter().all(|v| (v - 5.0).abs() < 0.15), "{means:?}");
    assert!(app.history[1].result.log_likelihood > app.history[0].result.log_likelihood + 1000.0);
}

#[test]
fn run_all_finishes_every_restart_and_b_shows_the_best() {
    let mut app = app(&["--restarts", "4"]);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.history.len(), 4);
    assert_eq!(app.mode, Mode::Paused);
    assert!(
        app.status_text().contains("the best is run"),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Char('b'));
    assert!(app.show_best);
    let best = app.best_entry().unwrap().number;
    assert_eq!(app.shown().unwrap().number, best);
    press(&mut app, KeyCode::Char('b'));
    assert!(!app.show_best);
}

#[test]
fn components_keep_their_colours_across_restarts() {
    let mut app = app(&[]);
    press_all(&mut app, "ir");
    let first = app.run.as_ref().unwrap().em.model().clone();
    let first_colors = app.colors.clone();
    press(&mut app, KeyCode::Char('i'));
    let second = app.run.as_ref().unwrap().em.model().clone();
    // Each new component takes the colour of the old component nearest to its start.
    for c in 0..2 {
        let nearest = (0..2)
            .min_by(|&a, &b| {
                let d = |j: usize| {
                    second
                        .mean(c)
                        .iter()
                        .zip(first.mean(j))
                        .map(|(x, y)| (x - y).powi(2))
                        .sum::<f64>()
                };
                d(a).total_cmp(&d(b))
            })
            .unwrap();
        assert_eq!(app.colors[c], first_colors[nearest]);
    }
}

#[test]
fn model_keys_change_k_and_covariance_type_and_start_over() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(app.options.k, 3);
    assert_eq!(app.run.as_ref().unwrap().em.model().k(), 3);
    press_all(&mut app, "--");
    assert_eq!(app.options.k, 1);
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.options.k, 1, "K stays at least 1");
    assert!(app.message.as_deref().unwrap().contains("between 1 and"));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.options.covariance_type.name(), "diag");
}

#[test]
fn help_opens_with_question_mark_and_esc_closes_only_it() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.show_help);
    press(&mut app, KeyCode::Esc);
    assert!(!app.show_help && !app.should_quit);
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit, "Esc never quits");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn data_em_cannot_fit_shows_an_error_instead_of_crashing() {
    let path = std::env::temp_dir().join(format!("gmm-tui-app-{}.csv", std::process::id()));
    std::fs::write(&path, "x,y\n1,1\n1,1\n1,1\n").unwrap();
    let mut app = app(&["--data", path.to_str().unwrap()]);
    assert!(app.run.is_none());
    assert!(
        app.status_text().contains("fewer than 2 distinct points"),
        "{}",
        app.status_text()
    );
    press_all(&mut app, " ria+");
    let mut app = common::app(&["--data", path.to_str().unwrap(), "-k", "5"]);
    assert!(
        app.status_text()
            .contains("5 components need at least 5 points"),
        "{}",
        app.status_text()
    );
    press_all(&mut app, " rib");
    assert!(app.run.is_none());
}

#[test]
fn x_and_y_choose_the_plotted_dimensions_of_four_dimensional_data() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris, "-k", "3"]);
    assert_eq!(app.axes, (0, 1));
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.axes, (2, 1), "x skips the dimension already on y");
    press_all(&mut app, "xx");
    assert_eq!(app.axes, (0, 1), "wraps around, still skipping y");
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.axes, (0, 2));
    let shown = common::text(&common::screen(&app, 120, 40));
    assert!(shown.contains("petal_length vs sepal_length"), "{shown}");
    assert!(
        shown.contains("μpetal_"),
        "the table names the plotted dimensions"
    );
}
