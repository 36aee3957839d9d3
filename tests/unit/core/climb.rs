//! Tests of `src/core/climb.rs`.

use gmm_tui::core::climb::*;

/// A geometric climb towards `peak` with rate `r`, stopped after `n` steps.
fn geometric(peak: f64, r: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|t| peak - 10.0 * r.powi(t as i32)).collect()
}

#[test]
fn aitken_recovers_the_tail_of_a_geometric_climb() {
    let trace = geometric(-100.0, 0.97, 200);
    let left = -100.0 - trace.last().unwrap();
    assert!((climb_left(&trace) - left).abs() < 1e-9 * left, "{left}");
}

#[test]
fn no_rate_no_estimate() {
    assert_eq!(climb_left(&[-5.0, -4.0]), f64::INFINITY);
    assert_eq!(
        climb_left(&[-5.0, -4.0, -3.0]),
        f64::INFINITY,
        "not shrinking"
    );
    assert_eq!(climb_left(&[-5.0, -4.0, -4.0]), 0.0, "a fixed point");
}

#[test]
fn a_gap_within_the_climb_left_is_not_clearly_lower() {
    assert!(!clearly_lower(0.02, 0.05, 0.0015));
    assert!(!clearly_lower(0.9, 0.05, 0.0015));
    assert!(clearly_lower(1.1, 0.05, 0.0015));
    assert!(!clearly_lower(1e-4, 0.0, 0.0015), "within N·tol");
}
