//! Tests of `src/core/scenario.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::scenario::*;

#[test]
fn seed_scenario_has_a_thousand_points_around_each_truth() {
    let s = find("seed").unwrap();
    let data = s.generate(2000, 1);
    assert_eq!((data.n(), data.dim()), (2000, 2));
    let first_x: f64 = data.column(0)[..1000].iter().sum::<f64>() / 1000.0;
    let second_y: f64 = data.column(1)[1000..].iter().sum::<f64>() / 1000.0;
    // Standard error of a mean of 1000 unit-variance draws is 0.032.
    assert!(
        first_x.abs() < 0.13 && (second_y - 5.0).abs() < 0.13,
        "{first_x} {second_y}"
    );
}

#[test]
fn generated_covariance_matches_the_truth() {
    let s = find("cigars").unwrap();
    let data = s.generate(200_000, 7);
    let half = Dataset::from_columns(
        "first".into(),
        data.columns.clone(),
        [&data.column(0)[..100_000], &data.column(1)[..100_000]].concat(),
    );
    let cov = half.covariance();
    for (got, want) in cov.iter().zip(&s.components[0].covariance) {
        assert!((got - want).abs() < 0.08, "{cov:?}");
    }
}

#[test]
fn same_seed_same_data_and_other_seed_other_data() {
    let s = find("outliers").unwrap();
    assert_eq!(s.generate(500, 3), s.generate(500, 3));
    assert_ne!(s.generate(500, 3), s.generate(500, 4));
    assert_eq!(s.generate(500, 3).n(), 500);
}

#[test]
fn outlier_truth_weights_are_shares_of_all_points() {
    let s = find("outliers").unwrap();
    let weights: f64 = s.components.iter().map(|c| c.weight).sum();
    assert!((weights + s.outlier_fraction - 1.0).abs() < 1e-12);
    // 2000 points: 920 from each cluster (46 %), in order, then 160 outliers.
    let data = s.generate(2000, 1);
    let mean = |a: usize, from: usize, to: usize| {
        data.column(a)[from..to].iter().sum::<f64>() / (to - from) as f64
    };
    assert!(mean(0, 0, 920).abs() < 0.15 && mean(1, 0, 920).abs() < 0.15);
    assert!((mean(0, 920, 1840) - 4.0).abs() < 0.15 && mean(1, 920, 1840).abs() < 0.15);
}

#[test]
fn unknown_scenario_lists_the_names() {
    assert!(
        find("nope")
            .unwrap_err()
            .0
            .contains("seed, overlap, cigars")
    );
}
