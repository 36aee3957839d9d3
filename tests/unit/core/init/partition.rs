//! Tests of `src/core/init/partition.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::data_covariance_as;
use gmm_tui::core::init::partition::*;
use gmm_tui::core::model::CovarianceType;

#[test]
fn a_labelled_start_is_the_m_step_of_its_parts() {
    // Part 0: x in 0..5 (variance 2), y in {0, 1} (0.25); part 1: ten points, x = 100 + i.
    let rows: Vec<Vec<f64>> = (0..20)
        .map(|i| match i < 10 {
            true => vec![(i % 5) as f64, (i / 5) as f64],
            false => vec![100.0 + (i - 10) as f64, ((i * 7) % 3) as f64],
        })
        .collect();
    let data = Dataset::from_rows("two".into(), vec!["x".into(), "y".into()], &rows);
    let labels: Vec<usize> = (0..20).map(|i| usize::from(i >= 10)).collect();
    let model = labels_start(&data, &labels, 2, CovarianceType::Full, 1e-6);
    assert_eq!(model.weights, [0.5, 0.5]);
    assert!((model.mean(0)[0] - 2.0).abs() < 1e-12 && (model.mean(0)[1] - 0.5).abs() < 1e-12);
    let cov = model.covariance(0);
    assert!((cov[0] - (2.0 + 1e-6)).abs() < 1e-12, "{cov:?}");
    assert!((cov[3] - (0.25 + 1e-6)).abs() < 1e-12, "{cov:?}");
    assert!(cov[1].abs() < 1e-12);
    assert!((model.mean(1)[0] - 104.5).abs() < 1e-12);
    // The same partition by its seeds' nearest points gives the same start.
    let seeds = [model.mean(0), model.mean(1)].concat();
    let by_seeds = seeds_start(&data, seeds, CovarianceType::Full, 1e-6);
    for (a, b) in by_seeds.covariances.iter().zip(&model.covariances) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

#[test]
fn a_part_too_small_to_span_the_dimensions_starts_from_the_data_covariance() {
    let rows: Vec<Vec<f64>> = (0..12)
        .map(|i| vec![i as f64, (i * i % 5) as f64])
        .collect();
    let data = Dataset::from_rows("small".into(), vec!["x".into(), "y".into()], &rows);
    let mut labels = vec![0; 12];
    labels[11] = 1;
    let model = labels_start(&data, &labels, 2, CovarianceType::Diag, 1e-6);
    let whole = data_covariance_as(&data, CovarianceType::Diag, 1e-6);
    assert_eq!(model.stored_covariance(1), whole);
}
