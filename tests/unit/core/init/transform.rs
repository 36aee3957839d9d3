//! Tests of `src/core/init/transform.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::transform::*;

#[test]
fn the_transform_whitens_up_to_the_singular_values_and_ignores_units() {
    let rows: Vec<Vec<f64>> = (0..30)
        .map(|i| {
            let t = i as f64;
            vec![t, (t * 0.7).sin() + 0.1 * t, 5.0]
        })
        .collect();
    let data = Dataset::from_rows("t".into(), vec!["a".into(), "b".into(), "c".into()], &rows);
    let (z, p) = svd_transform(&data);
    assert_eq!(p, 2, "the constant column is dropped");
    // Column j of Z has sum of squares s_j (s_j² / √s_j²), and the columns are orthogonal.
    let z_ref = &z;
    let column = |j: usize| (0..30).map(move |i| z_ref[i * p + j]);
    let cross: f64 = column(0).zip(column(1)).map(|(x, y)| x * y).sum();
    assert!(cross.abs() < 1e-9, "{cross}");
    // Units do not matter: the same data in other units gives the same Z up to column signs.
    let scaled: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| vec![1e3 * r[0] - 7.0, 0.01 * r[1], r[2]])
        .collect();
    let other = Dataset::from_rows(
        "u".into(),
        vec!["a".into(), "b".into(), "c".into()],
        &scaled,
    );
    let (z2, _) = svd_transform(&other);
    for (x, y) in z.iter().zip(&z2) {
        assert!((x.abs() - y.abs()).abs() < 1e-9, "{x} vs {y}");
    }
}
