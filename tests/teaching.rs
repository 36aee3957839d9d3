//! The understanding tools of issue 14, through the real key path: the point inspector (`v`),
//! starts placed by hand (`1`–`9`), the M-step formulas (`f`, `g`), picking any run (Tab, ↑/↓,
//! Enter), and their screens at 80×24, 120×40 and 60×16.

mod formulas;
mod inspector;
mod picking;
mod placing;
mod snapshots;

use gmm_tui::app::App;
use gmm_tui::core::Dataset;
use gmm_tui::core::kernel::{Components, evaluate};

/// The EM kernel's responsibilities for point `index` under the model on screen: N_k of a pass
/// over that point alone is its γ.
pub fn kernel_responsibilities(app: &App, index: usize) -> Vec<f64> {
    let data = app.data();
    let point = data.point(index);
    let one = Dataset::from_rows("one".into(), data.columns.clone(), &[point]);
    let model = app.shown().unwrap().model;
    let components = Components::new(model, 1).unwrap();
    evaluate(&one, &components, None).nk
}

/// `actual` and `expected` agree to `tolerance`, relative to the larger magnitude (absolute
/// below 1).
pub fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    let scale = actual.abs().max(expected.abs()).max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance * scale,
        "{what}: {actual} vs {expected}"
    );
}
