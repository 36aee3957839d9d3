//! Tests of `src/core/predict.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::model::{CovarianceType, Gmm};
use gmm_tui::core::predict::*;

#[test]
fn one_dimensional_density_is_the_textbook_formula() {
    let model = Gmm {
        covariance_type: CovarianceType::Full,
        dim: 1,
        weights: vec![0.25, 0.75],
        means: vec![0.0, 3.0],
        covariances: vec![1.0, 4.0],
    };
    let x = 1.3;
    let normal = |m: f64, v: f64| {
        (-(x - m) * (x - m) / (2.0 * v)).exp() / (2.0 * std::f64::consts::PI * v).sqrt()
    };
    let p = [0.25 * normal(0.0, 1.0), 0.75 * normal(3.0, 4.0)];
    let evaluator = Evaluator::new(&model).unwrap();
    let mut proba = [0.0; 2];
    let log_density = evaluator.responsibilities(&[x], &mut proba);
    assert!((log_density - (p[0] + p[1]).ln()).abs() < 1e-14);
    assert!((proba[0] - p[0] / (p[0] + p[1])).abs() < 1e-14);
    assert!((proba[0] + proba[1] - 1.0).abs() < 1e-15);
}

#[test]
fn a_slice_of_rows_is_predicted_as_in_the_whole() {
    let model = Gmm {
        covariance_type: CovarianceType::Full,
        dim: 2,
        weights: vec![0.4, 0.6],
        means: vec![0.0, 0.0, 2.0, 1.0],
        covariances: vec![1.0, 0.3, 0.3, 1.0, 0.5, 0.0, 0.0, 2.0],
    };
    let rows: Vec<Vec<f64>> = (0..50)
        .map(|i| vec![(i as f64 * 0.37).sin() * 3.0, (i as f64 * 0.11).cos()])
        .collect();
    let data = Dataset::from_rows("t".into(), vec!["x".into(), "y".into()], &rows);
    let evaluator = Evaluator::new(&model).unwrap();
    let whole = evaluator.predict(&data);
    let slice = evaluator.predict_rows(&data, 17..41);
    assert_eq!(slice.labels, whole.labels[17..41]);
    assert_eq!(slice.proba, whole.proba[34..82]);
    assert_eq!(slice.log_density, whole.log_density[17..41]);
}

#[test]
fn far_points_keep_finite_responsibilities() {
    let model = Gmm {
        covariance_type: CovarianceType::Spherical,
        dim: 2,
        weights: vec![0.5, 0.5],
        means: vec![0.0, 0.0, 1.0, 0.0],
        covariances: vec![1.0; 4],
    };
    let mut proba = [0.0; 2];
    let log_density = Evaluator::new(&model)
        .unwrap()
        .responsibilities(&[1e4, 0.0], &mut proba);
    assert!(log_density.is_finite() && log_density < -4e7);
    assert_eq!(most_responsible(&proba), 1);
}
