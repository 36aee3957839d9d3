//! The M-step formulas (`f`): their numbers are the next iteration's parameters (1e-12) and the
//! sums of responsibilities computed apart (predict's plain-f64 evaluator), each covariance type
//! writes its own Σ, `g` cycles the component, and the inspector's point chooses it.

use ratatui::crossterm::event::KeyCode;

use super::assert_close;
use crate::common::{app, press, press_all, screen, text};
use gmm_tui::app::{App, MStepFormula};
use gmm_tui::core::predict::Evaluator;

/// N_k = Σᵢ γᵢₖ with the γ of predict's evaluator (libm exp, point by point): a sum computed
/// apart from the EM kernel's.
fn sum_of_gammas(app: &App, c: usize) -> f64 {
    let shown = app.shown().unwrap();
    let prediction = Evaluator::new(shown.model).unwrap().predict(app.data());
    let k = shown.model.k();
    prediction.proba.chunks(k).map(|row| row[c]).sum()
}

/// The formula's numbers for its component against `expected`'s parameters.
fn assert_numbers_are(formula: &MStepFormula, expected: &gmm_tui::core::Gmm) {
    let c = formula.component;
    assert_close(formula.weight().unwrap(), expected.weights[c], 1e-12, "π_k");
    for (a, b) in formula.mean().unwrap().iter().zip(expected.mean(c)) {
        assert_close(*a, *b, 1e-12, "μ_k");
    }
    for (a, b) in formula
        .covariance()
        .unwrap()
        .iter()
        .zip(expected.covariance(c).iter())
    {
        assert_close(*a, *b, 1e-12, "Σ_k");
    }
}

#[test]
fn the_formulas_numbers_are_the_next_iterations_parameters_for_every_covariance_type() {
    let forms = [
        ("full", "Σ_k = Σᵢγᵢₖ(xᵢ−μ_k)(xᵢ−μ_k)ᵀ/N_k + reg"),
        ("diag", "σ²_k,d = Σᵢ γᵢₖ (xᵢd−μ_kd)² / N_k + reg"),
        ("spherical", "σ²_k = Σᵢ γᵢₖ ‖xᵢ−μ_k‖² / (D·N_k) + reg"),
        ("tied", "Σ = Σₖ Σᵢγᵢₖ(xᵢ−μₖ)(xᵢ−μₖ)ᵀ/N + reg"),
    ];
    for (covariance_type, form) in forms {
        let mut app = app(&["--scenario", "cigars", "--covariance", covariance_type]);
        press_all(&mut app, "i  f");
        for c in 0..app.options().k {
            let formula = app.formula().unwrap();
            assert_eq!(formula.component, c);
            assert_eq!(formula.from, 2);
            assert!(!formula.done);
            // N_k: the kernel's sum, the same as summed apart, and π_k = N_k / N.
            assert_close(formula.nk, sum_of_gammas(&app, c), 1e-12, "N_k");
            assert_close(
                formula.weight().unwrap(),
                formula.nk / formula.n as f64,
                1e-12,
                "π_k = N_k / N",
            );
            let drawn = text(&screen(&app, 120, 40));
            assert!(drawn.contains(form), "{covariance_type}:\n{drawn}");
            assert!(drawn.contains("M-step 2→3"), "{drawn}");
            press(&mut app, KeyCode::Char('g'));
        }
        // Round to component 1 again; then the step: the numbers were θ_3's.
        let formula = app.formula().unwrap();
        assert_eq!(formula.component, 0);
        press(&mut app, KeyCode::Char(' '));
        let next = app.runs().current().unwrap().em.model().clone();
        assert_eq!(app.shown().unwrap().iteration, 3);
        assert_numbers_are(&formula, &next);
    }
}

#[test]
fn at_a_half_step_the_formulas_are_the_m_step_on_screen_and_in_the_table() {
    let mut app = app(&["--scenario", "overlap"]);
    press_all(&mut app, "i ef");
    press(&mut app, KeyCode::Char(' ')); // the M-half
    let formula = app.formula().unwrap();
    assert!(formula.done);
    let shown = app.shown().unwrap().model.clone();
    assert_numbers_are(&formula, &shown);
    let drawn = text(&screen(&app, 120, 40));
    assert!(drawn.contains("M-step 1→2 done"), "{drawn}");
    // The E-step completes the iteration with those parameters.
    press(&mut app, KeyCode::Char(' '));
    assert_numbers_are(&formula, app.runs().current().unwrap().em.model());
}

#[test]
fn the_inspected_point_chooses_the_component_until_g_does() {
    let mut app = app(&[]);
    press_all(&mut app, "   prf");
    assert_eq!(app.formula().unwrap().component, 0);
    press(&mut app, KeyCode::Char('v'));
    // Move until the point belongs to the other component most: the formulas follow it.
    let mut followed = false;
    for _ in 0..30 {
        press(&mut app, KeyCode::Char('l'));
        let inspection = app.inspection().unwrap();
        let formula = app.formula().unwrap();
        assert!(formula.follows_point);
        assert_eq!(formula.component, inspection.most_responsible());
        followed |= formula.component == 1;
    }
    assert!(followed, "no point belonged to component 2 most");
    // g chooses; a cursor move hands the choice back to the point.
    let now = app.formula().unwrap().component;
    press(&mut app, KeyCode::Char('g'));
    let formula = app.formula().unwrap();
    assert!(!formula.follows_point);
    assert_eq!(formula.component, 1 - now);
    // The E-step line carries the point's numbers for that component.
    let inspection = app.inspection().unwrap();
    let drawn = text(&screen(&app, 120, 40));
    assert!(
        drawn.contains(&format!("point {}: exp(", inspection.index + 1)),
        "{drawn}"
    );
    press(&mut app, KeyCode::Char('h'));
    assert!(app.formula().unwrap().follows_point);
}

#[test]
fn g_without_the_panel_says_how_to_open_it_and_esc_closes_it() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(
        app.message(),
        Some("g chooses the component the formulas write out — f opens them")
    );
    press(&mut app, KeyCode::Char('f'));
    assert!(app.formulas().open());
    press(&mut app, KeyCode::Esc);
    assert!(!app.formulas().open());
}
