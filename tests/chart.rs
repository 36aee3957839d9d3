//! The log-likelihood chart: its y range holds every value of the run on screen at every frame,
//! fits where the runs ended (not every start ever drawn), labels tell its ends apart, and a
//! frame does not depend on the frames drawn before it.

use crate::common::{app, press, press_all, screen, text};
use gmm_tui::app::App;
use gmm_tui::ui::{self, UiCache};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

/// The right column's text on a `width`-wide screen, line by line, with its left border.
fn right_column(screen: &str, width: usize) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().skip(width / 2).collect::<String>())
        .collect()
}

/// The chart's y labels, top first: the numbers starting the log-likelihood panel's curve rows.
fn chart_labels(app: &App, width: u16, height: u16) -> Vec<f64> {
    let screen = text(&screen(app, width, height));
    let column = right_column(&screen, usize::from(width));
    let start = column
        .iter()
        .position(|l| l.starts_with("│Δ "))
        .expect("the panel's Δ row");
    column[start + 1..]
        .iter()
        .take_while(|l| !l.contains("├ runs") && !l.contains("iteration"))
        .filter_map(|l| l[3..].split_whitespace().next()?.parse::<f64>().ok())
        .collect()
}

/// The values of the run on screen.
fn trace(app: &App) -> Vec<f64> {
    app.runs().current().unwrap().em.trace().to_vec()
}

fn key(c: char) -> KeyCode {
    match c {
        '<' => KeyCode::Left,
        c => KeyCode::Char(c),
    }
}

#[test]
fn the_range_holds_every_value_of_the_run_on_screen_at_every_frame() {
    // The stranger's case: after the trap's steps, i's new start was pinned to the top edge.
    let mut app = app(&[]);
    for (i, c) in "  i  ipr<<".chars().enumerate() {
        press(&mut app, key(c));
        for (w, h) in [(80, 24), (120, 40), (60, 16)] {
            let labels = chart_labels(&app, w, h);
            let values = trace(&app);
            let (lo, hi) = match labels.as_slice() {
                [single] => (*single, *single),
                [top, bottom] => (*bottom, *top),
                // A one-row chart (60×16) is a sparkline without labels.
                [] if h == 16 => continue,
                other => panic!("key {i} at {w}×{h}: labels {other:?}"),
            };
            // Labels are rounded to what they show; a single one is the value itself.
            let slack = if labels.len() == 1 { 0.001 } else { 0.0 };
            for v in values {
                assert!(
                    v >= lo - slack && v <= hi + slack,
                    "key {i} at {w}×{h}: {v} outside [{lo}, {hi}]"
                );
            }
        }
    }
}

#[test]
fn a_collapsed_run_below_the_range_is_marked_with_an_arrow() {
    let mut app = app(&[]);
    for c in "  i".chars() {
        press(&mut app, key(c));
    }
    // The trap ended collapsed at -8303.9: not an optimum to compare, so the range is the new
    // start's alone (one label), and the trap's curve, out of view below, gets its arrow.
    let start = trace(&app)[0];
    let labels = chart_labels(&app, 80, 24);
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!((labels[0] - start).abs() < 0.001, "{labels:?}");
    let screen = text(&screen(&app, 80, 24));
    assert!(
        right_column(&screen, 80).iter().any(|l| l.contains('↓')),
        "{screen}"
    );
    // Escaped and converged, the run still has the trap's start below its range; the arrow
    // marks where the nudged trap's curve comes into view.
    let mut nudged = crate::common::app(&[]);
    for c in "  pr".chars() {
        press(&mut nudged, key(c));
    }
    let labels = chart_labels(&nudged, 80, 24);
    assert!(
        labels[1] <= trace(&nudged)[0],
        "the run on screen, start and all"
    );
}

#[test]
fn runs_of_a_new_model_fill_the_chart_rather_than_an_old_models_range() {
    // K = 3 after K = 2's trap: the stranger saw -7080…-7085 on a -6989…-8423 axis.
    let mut app = app(&[]);
    for c in "  i+a".chars() {
        press(&mut app, key(c));
    }
    let labels = chart_labels(&app, 80, 24);
    let ends: Vec<f64> = app
        .runs()
        .history()
        .iter()
        .filter(|h| h.result.collapsed.is_empty())
        .map(|h| h.result.log_likelihood)
        .chain(trace(&app))
        .collect();
    let lowest = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (top, bottom) = (labels[0], labels[1]);
    assert!(bottom <= lowest && top >= highest, "{labels:?} {ends:?}");
    // Round steps of about an eighth of the span: at most half the range is margin.
    assert!(
        top - bottom <= 2.0 * (highest - lowest),
        "{labels:?} around {lowest}…{highest}"
    );
}

#[test]
fn a_single_value_has_one_label_and_a_range_two_different_ones() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris]);
    let start = trace(&app)[0];
    let labels = chart_labels(&app, 80, 24);
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!((labels[0] - start).abs() < 0.001, "{labels:?} for {start}");
    press(&mut app, KeyCode::Char(' '));
    for (w, h) in [(80, 24), (120, 40)] {
        let labels = chart_labels(&app, w, h);
        assert_eq!(labels.len(), 2, "{labels:?}");
        assert!(labels[0] > labels[1], "{labels:?}");
    }
}

#[test]
fn a_frame_is_the_same_whatever_frames_were_drawn_before_it() {
    // The README's snapshot is drawn once, fresh; the live app draws every frame with the
    // caches it kept. They must agree, at every key of the story.
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app(&[]);
        let mut live = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut cache = UiCache::default();
        for c in "   pria<".chars() {
            press(&mut app, key(c));
            live.draw(|frame| ui::draw(frame, &app, &mut cache))
                .unwrap();
            assert_eq!(
                text(&live),
                text(&screen(&app, w, h)),
                "after {c:?} at {w}×{h}"
            );
        }
    }
}

#[test]
fn z_fits_the_range_to_where_the_finished_runs_ended_and_back() {
    // Ten restarts at K = 3 on the cigars end within 4 of each other (-7853.3 to -7849.8),
    // while the run on screen starts far below: the whole range squeezes the ends into a row.
    let mut app = app(&["--scenario", "cigars", "-k", "3"]);
    press(&mut app, key('z'));
    assert!(
        app.message().unwrap().contains("none has yet"),
        "{:?}",
        app.message()
    );
    assert!(!app.chart().fitted_to_ends());
    // The trap run to its end is finished, but collapsed: no optimum, and said so.
    let mut trapped = crate::common::app(&[]);
    press_all(&mut trapped, "  z");
    assert!(
        trapped
            .message()
            .unwrap()
            .contains("none has yet but collapsed ones"),
        "{:?}",
        trapped.message()
    );
    assert!(!trapped.chart().fitted_to_ends());
    press(&mut app, key('a'));
    let whole = chart_labels(&app, 120, 40);
    press(&mut app, key('z'));
    assert!(app.chart().fitted_to_ends());
    let ends = app.finished_ends();
    assert!(ends.len() >= 2, "{ends:?}");
    let lowest = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let message = app.message().unwrap().to_string();
    assert!(message.contains("z again: whole curves"), "{message}");
    for (w, h) in [(120, 40), (80, 24)] {
        let zoomed = chart_labels(&app, w, h);
        let (top, bottom) = (zoomed[0], zoomed[1]);
        assert!(bottom <= lowest && top >= highest, "{zoomed:?} {ends:?}");
        assert!(
            top - bottom <= 2.0 * (highest - lowest),
            "{zoomed:?} {ends:?}"
        );
        let screen = text(&screen(&app, w, h));
        assert!(screen.contains("ends (z)"), "the title says so:\n{screen}");
    }
    assert!(
        whole[0] - whole[1] > 20.0 * (highest - lowest),
        "the whole range was far wider: {whole:?}"
    );
    press(&mut app, key('z'));
    assert_eq!(chart_labels(&app, 120, 40), whole);
}
