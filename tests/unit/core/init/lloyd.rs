//! Tests of `src/core/init/lloyd.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::lloyd::*;

#[test]
fn two_groups_are_found_and_a_centre_far_from_every_point_is_relocated() {
    let rows: Vec<Vec<f64>> = (0..40)
        .map(|i| {
            let base = if i < 20 { 0.0 } else { 10.0 };
            vec![base + (i % 4) as f64 * 0.1, (i % 5) as f64 * 0.1]
        })
        .collect();
    let data = Dataset::from_rows("two".into(), vec!["x".into(), "y".into()], &rows);
    // Both centres start in the first group, a third one far away gets no point at first.
    let start = vec![0.0, 0.0, 0.3, 0.4, 1000.0, 1000.0];
    let result = lloyd(&data, start, MAX_ITER, TOL);
    let counts: Vec<usize> = (0..3)
        .map(|c| result.labels.iter().filter(|&&l| l == c).count())
        .collect();
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
    assert!(result.centres.iter().all(|v| v.abs() < 20.0), "{result:?}");
}
