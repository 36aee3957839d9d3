//! Tests of `src/core/dataset.rs`.

use gmm_tui::core::dataset::*;

fn one_column(values: Vec<f64>) -> Dataset {
    Dataset::from_column_vecs("t".into(), vec!["x".into()], vec![values])
}

#[test]
fn flat_and_per_column_constructors_agree() {
    let flat = Dataset::from_columns(
        "t".into(),
        vec!["x".into(), "y".into()],
        vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    );
    let rows = Dataset::from_rows(
        "t".into(),
        vec!["x".into(), "y".into()],
        &[vec![1.0, 4.0], vec![2.0, 5.0], vec![3.0, 6.0]],
    );
    assert_eq!(flat, rows);
    assert_eq!(flat.column(1), &[4.0, 5.0, 6.0]);
    assert_eq!(flat.point(2), vec![3.0, 6.0]);
}

#[test]
fn values_whose_squares_overflow_or_underflow_are_refused_by_column_and_range() {
    let outlier = one_column(vec![0.5, 1.0, 1e200])
        .check_values()
        .unwrap_err();
    assert!(
        outlier.0.contains("column 'x' ranges from 0.5 to 1e200"),
        "{outlier}"
    );
    let tiny = one_column(vec![1e-165, 3e-165]).check_values().unwrap_err();
    assert!(
        tiny.0.contains("column 'x' ranges from 1e-165 to 3e-165"),
        "{tiny}"
    );
    assert!(one_column(vec![f64::NAN]).check_values().is_err());
    assert!(one_column(vec![1e144, -1e144, 7.0]).check_values().is_ok());
    assert!(one_column(vec![1e-200, 1e-200]).check_values().is_ok());
}
