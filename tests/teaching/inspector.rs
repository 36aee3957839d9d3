//! The point inspector (`v`): its point is the nearest to the cursor, its γ sum to 1 and are the
//! EM kernel's, the trap reads 0.500 / 0.500 and says why, half-steps show the γ the next
//! M-step uses, and it works in one dimension and on more than two.

use ratatui::crossterm::event::KeyCode;

use super::{assert_close, kernel_responsibilities};
use crate::common::{app, press, press_all, screen, text};
use gmm_tui::app::{App, Phase};

/// The index of the point nearest the cursor, found here by brute force in each axis's share
/// of its range.
fn nearest_by_hand(app: &App) -> usize {
    let (a, b) = app.plot().axes();
    let bounds = &app.plot().bounds().0;
    let (cx, cy) = app.inspector().cursor();
    let scaled = |i: usize| {
        let (x, y) = (app.data().column(a)[i], app.data().column(b)[i]);
        let dx = (x - cx) / (bounds[a].1 - bounds[a].0);
        let dy = (y - cy) / (bounds[b].1 - bounds[b].0);
        dx * dx + dy * dy
    };
    (0..app.data().n())
        .min_by(|&i, &j| scaled(i).total_cmp(&scaled(j)))
        .unwrap()
}

fn assert_gammas_are_the_kernels(app: &App) {
    let inspection = app.inspection().expect("the inspector is on");
    let gammas: Vec<f64> = inspection.terms.iter().map(|t| t.responsibility).collect();
    assert_close(gammas.iter().sum(), 1.0, 1e-12, "γ sum");
    let kernel = kernel_responsibilities(app, inspection.index);
    for (c, (g, k)) in gammas.iter().zip(&kernel).enumerate() {
        assert_close(*g, *k, 1e-12, &format!("γ of component {}", c + 1));
    }
}

#[test]
fn v_inspects_the_nearest_point_whose_gammas_are_the_kernels() {
    let mut app = app(&[]);
    assert!(app.inspection().is_none(), "off until v");
    press(&mut app, KeyCode::Char('v'));
    assert!(app.inspector().on());
    let first = app.inspection().unwrap();
    assert_eq!(first.index, nearest_by_hand(&app));
    assert_gammas_are_the_kernels(&app);

    // After the escape the components differ: the γ do too, and still are the kernel's.
    press_all(&mut app, "v   pr");
    press(&mut app, KeyCode::Char('v'));
    for key in [
        KeyCode::Right,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Char('l'),
    ] {
        press(&mut app, key);
        let inspection = app.inspection().unwrap();
        assert_eq!(inspection.index, nearest_by_hand(&app));
        assert_gammas_are_the_kernels(&app);
    }
    // Mahalanobis distances: √((x − μ)ᵀ Σ⁻¹ (x − μ)), by hand for the 2×2 covariances.
    let inspection = app.inspection().unwrap();
    let model = app.shown().unwrap().model;
    for (c, term) in inspection.terms.iter().enumerate() {
        let (m, s) = (model.mean(c), model.covariance(c));
        let (dx, dy) = (inspection.point[0] - m[0], inspection.point[1] - m[1]);
        let det = s[0] * s[3] - s[1] * s[2];
        let squared = (s[3] * dx * dx - 2.0 * s[1] * dx * dy + s[0] * dy * dy) / det;
        assert_close(term.distance, squared.sqrt(), 1e-9, "Mahalanobis distance");
    }
}

#[test]
fn in_the_trap_every_point_reads_half_and_half_and_the_panel_says_why() {
    let mut app = app(&[]);
    press_all(&mut app, "  v");
    for key in [
        KeyCode::Left,
        KeyCode::Left,
        KeyCode::Down,
        KeyCode::Char('k'),
    ] {
        press(&mut app, key);
        let inspection = app.inspection().unwrap();
        for term in &inspection.terms {
            assert_eq!(format!("{:.3}", term.responsibility), "0.500");
        }
        assert_gammas_are_the_kernels(&app);
    }
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let drawn = text(&screen(&app, w, h));
        assert!(drawn.contains("0.500"), "{w}×{h}:\n{drawn}");
        assert!(drawn.contains("1≡2 collapsed"), "{w}×{h}:\n{drawn}");
        assert!(!drawn.contains("NaN"), "{w}×{h}:\n{drawn}");
    }
    let wide = text(&screen(&app, 120, 40));
    assert!(
        wide.contains("1≡2 collapsed: identical densities, so γ splits equally"),
        "{wide}"
    );
}

#[test]
fn arrows_move_the_cursor_only_while_the_inspector_is_on_and_brackets_still_scrub() {
    let mut app = app(&["--scenario", "overlap"]);
    press_all(&mut app, "i   ");
    // Off: ← scrubs back.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.timeline().scrub(), Some(2));
    press(&mut app, KeyCode::Char('v'));
    let cursor = app.inspector().cursor();
    press(&mut app, KeyCode::Left);
    assert_eq!(
        app.timeline().scrub(),
        Some(2),
        "← moved the cursor instead"
    );
    assert!(app.inspector().cursor().0 < cursor.0);
    press(&mut app, KeyCode::Char('j'));
    assert!(app.inspector().cursor().1 < cursor.1);
    // [ scrubs whatever the arrows do.
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.timeline().scrub(), Some(1));
    // The footer says how to leave; Esc leaves (v would too).
    let drawn = text(&screen(&app, 80, 24));
    assert!(drawn.contains("v Esc leave"), "{drawn}");
    press(&mut app, KeyCode::Esc);
    assert!(!app.inspector().on());
    press(&mut app, KeyCode::Left);
    assert_eq!(app.timeline().scrub(), Some(0));
}

#[test]
fn with_half_steps_it_shows_the_gammas_the_next_m_step_uses() {
    let mut app = app(&["--scenario", "overlap"]);
    press_all(&mut app, "i e");
    press(&mut app, KeyCode::Char('v'));
    press_all(&mut app, "ll");
    // Whole: the γ under θ_t, those the next M-step uses.
    assert_eq!(app.inspection().unwrap().phase, Phase::Whole);
    let drawn = text(&screen(&app, 120, 40));
    assert!(
        drawn.contains("these γ are what the next M-step uses"),
        "{drawn}"
    );
    // The M-half: θ_{t+1} on screen, the γ its E-step gives; once that E-step runs, the point
    // goes to the component with the largest of them.
    press(&mut app, KeyCode::Char(' '));
    let half = app.inspection().unwrap();
    assert_eq!(half.phase, Phase::AfterMStep);
    assert_gammas_are_the_kernels(&app);
    press(&mut app, KeyCode::Char(' '));
    let labels = app.runs().current().unwrap().em.labels().unwrap();
    assert_eq!(usize::from(labels[half.index]), half.most_responsible());
    let after = app.inspection().unwrap();
    for (a, b) in after.terms.iter().zip(&half.terms) {
        assert_close(
            a.responsibility,
            b.responsibility,
            1e-12,
            "γ after the E-step",
        );
    }
}

#[test]
fn in_one_dimension_the_cursor_runs_along_the_histograms_axis() {
    let faithful = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/faithful.csv");
    let mut app = app(&["--data", faithful, "--columns", "waiting"]);
    press_all(&mut app, "iv");
    let before = app.inspector().cursor();
    press(&mut app, KeyCode::Up);
    assert_eq!(app.inspector().cursor(), before);
    assert!(
        app.message()
            .unwrap()
            .contains("moves along the histogram's axis")
    );
    press_all(&mut app, "hhh");
    let inspection = app.inspection().unwrap();
    let x = app.inspector().cursor().0;
    let by_hand = (0..app.data().n())
        .min_by(|&i, &j| {
            let d = |k: usize| (app.data().column(0)[k] - x).abs();
            d(i).total_cmp(&d(j))
        })
        .unwrap();
    assert_eq!(
        app.data().column(0)[inspection.index],
        app.data().column(0)[by_hand]
    );
    assert_gammas_are_the_kernels(&app);
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let drawn = text(&screen(&app, w, h));
        assert!(drawn.contains('◆') || drawn.contains('+'), "{drawn}");
        assert!(drawn.contains(&format!("point {}", inspection.index + 1)) || h == 16);
        assert!(!drawn.contains("NaN"), "{drawn}");
    }
}

#[test]
fn with_more_than_two_dimensions_it_says_which_are_plotted() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris, "-k", "3"]);
    press_all(&mut app, "iyv");
    let (a, b) = app.plot().axes();
    assert_eq!((a, b), (0, 2));
    let inspection = app.inspection().unwrap();
    assert_eq!(inspection.index, nearest_by_hand(&app));
    assert_eq!(inspection.point.len(), 4);
    assert_gammas_are_the_kernels(&app);
    let drawn = text(&screen(&app, 120, 40));
    let columns = &app.data().columns;
    assert!(
        drawn.contains(&format!("on {}, {}", columns[a], columns[b])),
        "{drawn}"
    );
}
