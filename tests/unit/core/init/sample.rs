//! Tests of `src/core/init/sample.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::sample::*;
use std::borrow::Cow;

fn line(n: usize) -> Dataset {
    let rows: Vec<Vec<f64>> = (0..n).map(|i| vec![i as f64, 5.0]).collect();
    Dataset::from_rows("line".into(), vec!["x".into(), "c".into()], &rows)
}

#[test]
fn a_sample_is_distinct_points_in_data_order_and_small_data_is_all_of_it() {
    let data = line(1000);
    assert!(matches!(sample(&data, 1000, 3), Cow::Borrowed(_)));
    let drawn = sample(&data, 100, 3);
    let x = drawn.column(0);
    assert!((90..=100).contains(&x.len()), "{}", x.len());
    assert!(x.windows(2).all(|w| w[0] < w[1]), "distinct, in order");
    assert_eq!(sample(&data, 100, 3).column(0), x, "the seed decides");
    assert_ne!(sample(&data, 100, 4).column(0), x);
}

#[test]
fn standardised_columns_have_mean_zero_and_unit_variance_and_a_constant_one_is_zeros() {
    let scaled = standardised(&line(11));
    assert!(scaled.mean()[0].abs() < 1e-15);
    assert!((scaled.variances()[0] - 1.0).abs() < 1e-12);
    assert!(scaled.column(1).iter().all(|&v| v == 0.0));
}
