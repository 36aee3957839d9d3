//! The app driven by key events through the same path as the real loop: the key map, `update`,
//! `advance` and the background work the loop waits for. Runs, restarts, the best run and the
//! speeds are in `app_runs`.

use crate::common::{app, iteration, press, press_all, screen, text};
use clap::Parser;
use gmm_tui::app::{Action, Mode, Phase};
use gmm_tui::cli::args::{Cli, Command};
use gmm_tui::core::em::{EmRun, evaluate_model};
use gmm_tui::core::model::{aic, bic, n_parameters};
use gmm_tui::core::{CovarianceType, EmSettings};
use ratatui::crossterm::event::KeyCode;

#[test]
fn opens_on_the_trap_and_says_what_the_start_is() {
    let app = app(&[]);
    let run = app.runs().current().unwrap();
    assert_eq!(run.em.iteration(), 0);
    assert_eq!(app.mode(), Mode::Paused);
    assert_eq!(run.em.model().means, vec![10.0, 10.0, 10.0, 10.0]);
    let status = app.status_text();
    assert!(
        status.contains("both components start at (10, 10)") && status.contains("space"),
        "{status}"
    );
    assert_eq!(
        app.state_word(),
        "start",
        "not `collapsed` before EM has run"
    );
    let shown = app.shown().unwrap();
    assert_eq!(shown.change(), None, "no Δ before the first iteration");
    assert!(app.runs().best().is_none());
}

#[test]
fn after_steps_the_trap_says_why_and_offers_both_ways_out() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    let status = app.status_text();
    for words in [
        "collapsed: both components are identical",
        "50/50",
        "p: nudge apart",
        "i: restart",
    ] {
        assert!(status.contains(words), "{words:?} in {status}");
    }
    assert_eq!(app.state_word(), "collapsed");
    assert_eq!(app.shown().unwrap().groups, vec![vec![0, 1]]);
    // The run has ended; another space keeps the explanation rather than hiding it.
    press(&mut app, KeyCode::Char(' '));
    assert!(app.status_text().contains("are identical"));
}

#[test]
fn space_raises_the_iteration_by_one() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(iteration(&app), 1);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(iteration(&app), 2);
}

#[test]
fn reseed_changes_the_data_and_starts_over() {
    let mut app = app(&[]);
    press_all(&mut app, " i");
    let before = app.data().column(0).to_vec();
    press(&mut app, KeyCode::Char('n'));
    assert_ne!(app.data().column(0), before.as_slice());
    assert_eq!(app.data().n(), 2000);
    assert!(app.runs().history().is_empty());
    assert_eq!(app.runs().current().unwrap().number, 1, "the trap again");
    assert!(app.source().describe().contains("seed 2"));
}

/// `fit --json --trace` for `args`, through the real command.
fn fit_trace(args: &[&str]) -> Vec<f64> {
    let cli =
        Cli::try_parse_from(["gmm-tui", "fit", "--json", "--trace"].iter().chain(args)).unwrap();
    let Some(Command::Fit(fit)) = cli.command else {
        panic!("not fit")
    };
    let mut out = Vec::new();
    gmm_tui::cli::fit::run_fit(&fit, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    json["restarts"][0]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn scrubbing_shows_each_iteration_as_fit_traced_it() {
    let args = [
        "--init-means",
        "0,0;6,6",
        "--init-variance",
        "4",
        "--tol",
        "0",
        "--max-iter",
        "8",
        "--restarts",
        "1",
    ];
    let trace = fit_trace(&args);
    let mut app = app(&args);
    press_all(&mut app, "        ");
    assert_eq!(iteration(&app), 8);
    for (back, t) in [(3, 5), (5, 0)] {
        for _ in 0..back {
            press(&mut app, KeyCode::Left);
        }
        let shown = app.shown().unwrap();
        assert_eq!(shown.iteration, t);
        let got = shown.log_likelihood().unwrap();
        assert!(
            (got - trace[t]).abs() <= 1e-9 * trace[t].abs(),
            "iteration {t}: {got} vs fit's {}",
            trace[t]
        );
        // The points are those of iteration t: one pass of its parameters.
        let run = app.runs().current().unwrap();
        let model = run.em.parameters_at(t).unwrap();
        assert_eq!(shown.model, model);
        let evaluation = evaluate_model(app.data(), model, true).unwrap();
        assert!(!shown.points_pending);
        assert_eq!(shown.labels, evaluation.points.unwrap().labels.as_slice());
    }
    // `]` and space replay forward through the kept iterations; the run itself stays at 8.
    press_all(&mut app, "] ");
    assert_eq!(app.shown().unwrap().iteration, 2);
    assert_eq!(iteration(&app), 8);
    assert!(app.status_text().contains("iteration 2 of 8"));
    // Back at the end, scrubbing stops and the latest iteration shows again.
    for _ in 0..6 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(app.timeline().scrub(), None);
    assert_eq!(app.shown().unwrap().iteration, 8);
}

#[test]
fn half_steps_turned_on_again_between_the_halves_name_the_e_step_next() {
    let mut app = app(&["--init-means", "1,1;6,6"]);
    press_all(&mut app, "e ee");
    assert!(
        app.status_text()
            .starts_with("half-steps: space does the E-step next"),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        app.shown().unwrap().phase,
        Phase::Whole,
        "and space does it"
    );
    // Half way through iteration 1, `p` looks at iteration 1, and says that is the whole one.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.shown().unwrap().phase, Phase::AfterMStep);
    press(&mut app, KeyCode::Char('p'));
    assert!(
        app.status_text()
            .ends_with("none are identical, or nearly, at iteration 1, the last whole one"),
        "{}",
        app.status_text()
    );
}

#[test]
fn half_steps_move_the_ellipses_then_recolour_the_points() {
    // A start between the clusters, so that one iteration moves the ellipses and recolours points.
    let mut app = app(&["--init-means", "1,1;6,6"]);
    let start = app.runs().current().unwrap().em.model().clone();
    let labels_before = app.shown().unwrap().labels.to_vec();
    let mut full = EmRun::start(app.data(), start.clone(), EmSettings::default(), false).unwrap();
    full.step(app.data());

    press_all(&mut app, "e ");
    let shown = app.shown().unwrap();
    assert_eq!(shown.phase, Phase::AfterMStep);
    assert_eq!(
        shown.model,
        full.model(),
        "the M-half is one full iteration's M-step"
    );
    assert_eq!(
        shown.labels,
        labels_before.as_slice(),
        "the colours wait for the E-step"
    );
    assert_eq!(shown.log_likelihood(), None, "not evaluated yet");
    assert!(
        app.status_text().contains("M-step"),
        "{}",
        app.status_text()
    );

    press(&mut app, KeyCode::Char(' '));
    let shown = app.shown().unwrap();
    assert_eq!(shown.phase, Phase::Whole);
    assert_eq!(
        shown.model,
        full.model(),
        "the E-half leaves the parameters"
    );
    assert_ne!(
        shown.labels,
        labels_before.as_slice(),
        "and recolours the points"
    );
    assert_eq!(shown.log_likelihood(), Some(full.log_likelihood()));
    assert!(
        app.status_text().contains("E-step"),
        "{}",
        app.status_text()
    );
    // Half-steps off: space is a whole iteration again.
    press_all(&mut app, "e ");
    assert_eq!(iteration(&app), 2);
}

#[test]
fn certainty_shows_every_trapped_point_as_a_coin_toss() {
    let mut app = app(&[]);
    press_all(&mut app, " u");
    assert!(app.plot().certainty());
    let shown = app.shown().unwrap();
    assert!(
        shown.certainty.iter().all(|&c| c == 128),
        "½ for every point"
    );
}

#[test]
fn the_model_table_keeps_each_models_best_across_k_and_type_changes() {
    let mut app = app(&["--restarts", "3"]);
    press(&mut app, KeyCode::Char('a'));
    let k2 = app.runs().best().unwrap().result.log_likelihood;
    press_all(&mut app, "+a");
    let k3 = app.runs().best().unwrap().result.log_likelihood;
    press(&mut app, KeyCode::Char('c'));
    let rows = app.model_rows();
    assert_eq!(rows.len(), 2, "diag has no finished run yet");
    for (k, ll) in [(2, k2), (3, k3)] {
        let row = rows.iter().find(|r| r.k == k).unwrap();
        let p = n_parameters(CovarianceType::Full, k, 2);
        assert_eq!(row.covariance_type, CovarianceType::Full);
        assert_eq!((row.log_likelihood, row.n_parameters, row.runs), (ll, p, 3));
        assert_eq!(row.bic, bic(ll, p, 2000));
        assert_eq!(row.aic, aic(ll, p));
    }
    assert_eq!(rows[0].k, 2, "two clusters: K = 2 has the lowest BIC");
    press(&mut app, KeyCode::Char('m'));
    let shown = text(&screen(&app, 80, 24));
    assert!(shown.contains("models on this data"), "{shown}");
    assert!(shown.contains("*    2      full"), "{shown}");
}

#[test]
fn model_keys_change_k_and_covariance_type_and_start_over() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(app.options().k, 3);
    assert_eq!(app.runs().current().unwrap().em.model().k(), 3);
    press_all(&mut app, "--");
    assert_eq!(app.options().k, 1);
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.options().k, 1, "K stays at least 1");
    assert!(app.message().unwrap().contains("between 1 and 20"));
    // The notice goes with the next action.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.message(), None);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.options().covariance_type.name(), "diag");
}

#[test]
fn k_is_capped_at_what_the_app_can_show() {
    let app = app(&["-k", "32"]);
    assert_eq!(app.options().k, 20);
    assert!(
        app.status_text().contains("up to 20 components"),
        "{}",
        app.status_text()
    );
    let mut app = crate::common::app(&["-k", "20"]);
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(app.options().k, 20);
    assert!(app.message().unwrap().contains("between 1 and 20"));
}

#[test]
fn help_opens_with_question_mark_and_esc_closes_only_it() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.overlays().help_open());
    press(&mut app, KeyCode::Esc);
    assert!(!app.overlays().help_open() && !app.should_quit());
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit(), "Esc never quits");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn data_em_cannot_fit_shows_an_error_instead_of_crashing() {
    let path = crate::common::scratch().join("app.csv");
    std::fs::write(&path, "x,y\n1,1\n1,1\n1,1\n").unwrap();
    let mut app = app(&["--data", path.to_str().unwrap()]);
    assert!(app.runs().current().is_none());
    assert!(
        app.status_text().contains("fewer than 2 distinct points"),
        "{}",
        app.status_text()
    );
    press_all(&mut app, " ria+peu[]m");
    let mut app = crate::common::app(&["--data", path.to_str().unwrap(), "-k", "5"]);
    assert!(
        app.status_text()
            .contains("5 components need at least 5 points"),
        "{}",
        app.status_text()
    );
    press_all(&mut app, " ribp");
    assert!(app.runs().current().is_none());
}

#[test]
fn x_and_y_choose_the_plotted_dimensions_and_say_when_there_is_no_choice() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris, "-k", "3"]);
    assert_eq!(app.plot().axes(), (0, 1));
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(
        app.plot().axes(),
        (2, 1),
        "x skips the dimension already on y"
    );
    press_all(&mut app, "xx");
    assert_eq!(app.plot().axes(), (0, 1), "wraps around, still skipping y");
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.plot().axes(), (0, 2));
    let shown = text(&screen(&app, 120, 40));
    assert!(
        shown.contains("x: sepal_length · y: petal_length"),
        "{shown}"
    );
    assert!(
        shown.contains("μx      μy"),
        "columns named by axis:\n{shown}"
    );

    let mut flat = crate::common::app(&[]);
    press(&mut flat, KeyCode::Char('x'));
    assert!(flat.message().unwrap().contains("this data has 2"));
}

#[test]
fn a_component_shrunk_onto_a_line_is_named_not_called_converged() {
    // A round cloud and twelve points exactly on the line y = x: a component that takes the
    // line shrinks onto it.
    let cloud = gmm_tui::core::scenario::find("seed")
        .unwrap()
        .generate(600, 3);
    let mut csv = String::from("x,y\n");
    for i in 0..300 {
        csv += &format!("{},{}\n", cloud.column(0)[i], cloud.column(1)[i]);
    }
    for i in 0..12 {
        let t = 4.0 + f64::from(i) * 2.0 / 11.0;
        csv += &format!("{t},{t}\n");
    }
    let path = crate::common::scratch().join("line.csv");
    std::fs::write(&path, csv).unwrap();
    let path = path.to_str().unwrap();
    let mut app = app(&[
        "--data",
        path,
        "--init-means",
        "0,0;5,5",
        "--init-variance",
        "1",
    ]);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.state_word(), "spurious");
    assert!(
        app.status_text()
            .contains("component 2 collapsed onto a line (spurious)"),
        "{}",
        app.status_text()
    );
    assert!(text(&screen(&app, 120, 40)).contains("spurious 2"));
}

#[test]
fn keys_wait_while_the_terminal_is_too_small_except_quit() {
    let mut app = app(&[]);
    app.set_screen(20, 6);
    press_all(&mut app, "ir?m ");
    app.set_screen(80, 24);
    let run = app.runs().current().unwrap();
    assert_eq!(
        (run.number, run.em.iteration()),
        (1, 0),
        "no restart, no run"
    );
    assert!(app.runs().history().is_empty());
    assert!(!app.overlays().help_open() && !app.overlays().models_open() && !app.is_running());
    // Back at a usable size keys act again; and quit acts at any size.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(iteration(&app), 1);
    app.set_screen(10, 5);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn the_help_scrolls_where_it_does_not_fit_and_always_names_q() {
    let mut app = app(&[]);
    app.set_screen(60, 16);
    press(&mut app, KeyCode::Char('?'));
    let first = text(&screen(&app, 60, 16));
    assert!(
        first.contains("more (↑↓ PgUp PgDn) · Esc/? closes · q quits"),
        "{first}"
    );
    assert!(!first.contains("quit (also Ctrl-C)"), "{first}");
    // Every key on some page on the way down.
    let mut pages = Vec::new();
    for key in [KeyCode::Down, KeyCode::Char('j'), KeyCode::PageDown] {
        let before = app.overlays().help_scroll();
        press(&mut app, key);
        pages.push(text(&screen(&app, 60, 16)));
        assert!(app.overlays().help_scroll() > before, "{key:?} scrolls");
        assert!(app.overlays().help_open(), "{key:?} keeps the help open");
    }
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown);
        pages.push(text(&screen(&app, 60, 16)));
    }
    assert!(
        pages.iter().any(|p| p.contains("quit (also Ctrl-C)")),
        "{pages:?}"
    );
    let end = text(&screen(&app, 60, 16));
    assert!(end.contains("q quits") && end.contains("above"), "{end}");
    assert!(
        end.contains("change includes p's nudge") && end.contains("distance to μₖ in σ's (Σₖ)"),
        "the legend's end:\n{end}"
    );
    let bottom = app.overlays().help_scroll();
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.overlays().help_scroll(),
        bottom,
        "no scrolling past the end"
    );
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.overlays().help_scroll(),
        bottom - 1,
        "so one key brings it back"
    );
    // The footer names q at every size.
    press(&mut app, KeyCode::Esc);
    for (w, h) in [(60, 16), (80, 24), (120, 40)] {
        let screen = text(&screen(&app, w, h));
        assert!(
            screen.lines().last().unwrap().contains("q quit"),
            "{w}×{h}:\n{screen}"
        );
    }
}

#[test]
fn counts_have_thousands_separators_in_the_status_line_too() {
    let mut app = app(&["--points", "20000"]);
    app.set_background_above(0);
    app.update(Action::Restart);
    assert!(
        app.status_text().contains("on 20,000 points…"),
        "{}",
        app.status_text()
    );
    app.wait_work();
    press(&mut app, KeyCode::Char('r'));
    let screen = text(&screen(&app, 120, 40));
    let sizes: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.rsplit('│').nth(1))
        .filter(|row| row.starts_with("● "))
        .map(|row| row.split_whitespace().nth(8).unwrap())
        .collect();
    assert!(
        sizes.iter().all(|s| s.contains(',') && !s.contains('.')),
        "N_k whole, with separators: {sizes:?}"
    );
}

#[test]
fn one_dimensional_data_switches_between_the_two_models_it_has() {
    let faithful = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/faithful.csv");
    let mut app = app(&["--data", faithful, "--columns", "waiting"]);
    assert_eq!(app.covariance_type(), CovarianceType::Full);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.covariance_type(), CovarianceType::Tied);
    assert!(
        app.message().unwrap().contains("one model"),
        "{:?}",
        app.message()
    );
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.covariance_type(), CovarianceType::Full);
}

#[test]
fn five_points_put_the_truth_beside_the_component_holding_its_points() {
    let mut app = app(&["--points", "5"]);
    press_all(&mut app, "+++a");
    let shown = app.shown().unwrap();
    let (model, sizes) = (shown.model.clone(), shown.sizes.to_vec());
    let matches = app.truth_matches(&model, &sizes);
    for (c, t) in matches.iter().enumerate() {
        if t.is_some() {
            assert!(
                sizes[c] >= 1.0,
                "component {} holds {} points",
                c + 1,
                sizes[c]
            );
        }
    }
    assert!(
        matches.contains(&Some(1)),
        "the (5, 5) truth is matched: {matches:?} {sizes:?}"
    );
    // K's limit is the data's, not the app's.
    press(&mut app, KeyCode::Char('+'));
    let message = app.message().unwrap().to_string();
    assert!(
        message.contains("the data has 5 points") && !message.contains("255"),
        "{message}"
    );
    // Every restart has run: `a` says so rather than repeating itself, and is not offered.
    press(&mut app, KeyCode::Char('a'));
    assert!(app.message().unwrap().contains("all 10 restarts have run"));
    press(&mut app, KeyCode::Char(' '));
    assert!(
        !app.status_text().contains("a: all restarts"),
        "{}",
        app.status_text()
    );
}

#[test]
fn n_k_is_the_next_steps_weight_times_n_and_is_labelled_so() {
    // weight 0.108 beside N_k 202.9 of 2000 points: N_k is from the responsibilities of the
    // parameters shown, so it is the *next* weight times N, as its header (`N_k→`) and the
    // help's legend say. (k-means++: a start one step from a fixed point would not show it.)
    let mut app = app(&["--scenario", "unequal", "--init", "kmeans++"]);
    press_all(&mut app, "i ");
    let n = app.data().n() as f64;
    let shown = app.shown().unwrap();
    let next: Vec<f64> = shown.sizes.iter().map(|s| s / n).collect();
    let weights = shown.model.weights.clone();
    assert!(
        weights.iter().zip(&next).any(|(w, s)| (w - s).abs() > 1e-3),
        "the weights already equal N_k/N: {weights:?} {next:?}"
    );
    let screen_text = text(&screen(&app, 120, 40));
    assert!(screen_text.contains("N_k→"), "{screen_text}");
    press_all(&mut app, " ");
    for (w, s) in app.shown().unwrap().model.weights.iter().zip(&next) {
        assert!((w - s).abs() < 1e-12, "{w} vs {s}");
    }
    press_all(&mut app, "?");
    let help = text(&screen(&app, 120, 40));
    assert!(help.contains("points by colour = next π × N"), "{help}");
}
