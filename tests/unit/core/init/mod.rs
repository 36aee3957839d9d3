//! Tests of `src/core/init/mod.rs`.

mod hc;
mod kmeans_plusplus;
mod lloyd;
mod partition;
mod sample;
mod small_em;
mod transform;

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::*;
use gmm_tui::core::model::CovarianceType;

fn grid() -> Dataset {
    let rows: Vec<Vec<f64>> = (0..50)
        .map(|i| vec![(i % 10) as f64, (i / 10) as f64])
        .collect();
    Dataset::from_rows("grid".into(), vec!["x".into(), "y".into()], &rows)
}

#[test]
fn no_method_gives_two_equal_means_and_all_stay_inside_the_data() {
    let data = grid();
    for seed in 0..20 {
        for start in [Start::KMeansPlusPlus { seed }, Start::Random { seed }] {
            let model = start.model(&data, 6, CovarianceType::Full, 1e-6).unwrap();
            for i in 0..6 {
                for j in 0..i {
                    assert_ne!(model.mean(i), model.mean(j), "{start:?}");
                }
                let m = model.mean(i);
                assert!((0.0..=9.0).contains(&m[0]) && (0.0..=4.0).contains(&m[1]));
            }
        }
    }
}

#[test]
fn too_few_distinct_points_is_an_error_not_a_loop() {
    let rows = vec![vec![1.0, 1.0]; 30];
    let data = Dataset::from_rows("same".into(), vec!["x".into(), "y".into()], &rows);
    for start in [Start::KMeansPlusPlus { seed: 1 }, Start::Random { seed: 1 }] {
        let err = start
            .model(&data, 2, CovarianceType::Full, 1e-6)
            .unwrap_err();
        assert!(err.0.contains("fewer than 2 distinct points"), "{err}");
    }
}

#[test]
fn collapsed_start_is_identical_components_beside_the_data() {
    let data = grid();
    let model = collapsed_beside(&data)
        .model(&data, 3, CovarianceType::Diag, 1e-6)
        .unwrap();
    assert_eq!(model.mean(0), model.mean(2));
    assert!(model.mean(0)[0] > 9.0 && model.mean(0)[1] > 4.0);
    assert_eq!(model.covariance(0), model.covariance(1));
    assert_eq!(model.covariance(0)[1], 0.0, "diag start has no correlation");
}

#[test]
fn a_seeded_start_is_the_m_step_of_its_seeds_partition() {
    // Two clusters far apart; whichever points k-means++ picks, one seed lands in each.
    let rows: Vec<Vec<f64>> = (0..40)
        .map(|i| {
            let (cx, n) = if i < 10 { (0.0, i) } else { (100.0, i - 10) };
            vec![cx + (n % 5) as f64, (n / 5) as f64]
        })
        .collect();
    let data = Dataset::from_rows("two".into(), vec!["x".into(), "y".into()], &rows);
    let model = Start::KMeansPlusPlus { seed: 3 }
        .model(&data, 2, CovarianceType::Full, 1e-6)
        .unwrap();
    let small = (0..2).position(|c| model.mean(c)[0] < 50.0).unwrap();
    let large = 1 - small;
    assert!((model.weights[small] - 0.25).abs() < 1e-12);
    assert!((model.mean(small)[0] - 2.0).abs() < 1e-9);
    assert!((model.mean(large)[1] - 2.5).abs() < 1e-9);
    // The small cluster: x in 0..5 (variance 2), y in {0, 1} (variance 0.25), uncorrelated,
    // plus reg_covar, as an M-step adds it.
    let cov = model.covariance(small);
    assert!((cov[0] - (2.0 + 1e-6)).abs() < 1e-12, "{cov:?}");
    assert!((cov[3] - (0.25 + 1e-6)).abs() < 1e-12, "{cov:?}");
    assert!(cov[1].abs() < 1e-9);
}

#[test]
fn a_start_widens_each_column_by_its_own_scale() {
    // Incomes (variance about 1e10) beside a share (about 1e-9): a ridge from the largest
    // variance would start the share with a variance of about 1e4.
    let rows: Vec<Vec<f64>> = (0..50)
        .map(|i| vec![1e5 * (i % 10) as f64, 1e-4 + 1e-5 * (i % 3) as f64])
        .collect();
    let data = Dataset::from_rows("scales".into(), vec!["x".into(), "s".into()], &rows);
    let own = data.covariance()[3];
    let explicit = Start::Explicit {
        means: vec![0.0, 1e-4, 9e5, 1.2e-4],
        covariance: None,
        weights: vec![0.5, 0.5],
    };
    for start in [explicit, collapsed_beside(&data)] {
        let model = start.model(&data, 2, CovarianceType::Full, 0.0).unwrap();
        let variance = model.covariance(0)[3];
        assert!(
            (variance - own * (1.0 + 1e-6)).abs() < 1e-9 * own,
            "{variance} vs {own}"
        );
    }
}

#[test]
fn a_constant_column_does_not_make_the_first_iteration_lower_the_likelihood() {
    // The start's variance of a constant column is its ridge; were that below reg_covar, the
    // first M-step would widen it and the likelihood would drop.
    let rows: Vec<Vec<f64>> = (0..60)
        .map(|i| {
            vec![
                (i % 7) as f64 * 0.001 + if i < 30 { 0.0 } else { 0.01 },
                1.0,
            ]
        })
        .collect();
    let data = Dataset::from_rows("flat".into(), vec!["x".into(), "c".into()], &rows);
    let settings = gmm_tui::core::EmSettings::default();
    for start in [Start::KMeansPlusPlus { seed: 1 }, Start::Random { seed: 2 }] {
        let model = start
            .model(&data, 2, CovarianceType::Full, settings.reg_covar)
            .unwrap();
        let mut run = gmm_tui::core::EmRun::start(&data, model, settings, false).unwrap();
        run.step(&data);
        let trace = run.trace();
        assert!(trace[1] >= trace[0] - 1e-9, "{start:?}: {trace:?}");
    }
}
