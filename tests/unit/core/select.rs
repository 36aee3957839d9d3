//! Tests of `src/core/select.rs`.

use gmm_tui::core::model::CovarianceType;
use gmm_tui::core::select::*;

#[test]
fn k_lists_and_ranges_parse_inclusively() {
    assert_eq!(parse_k_list("1..4").unwrap(), vec![1, 2, 3, 4]);
    assert_eq!(parse_k_list("2..=3").unwrap(), vec![2, 3]);
    assert_eq!(parse_k_list("1,3,5").unwrap(), vec![1, 3, 5]);
    assert_eq!(parse_k_list("3,1,3").unwrap(), vec![1, 3]);
    assert_eq!(parse_k_list("3").unwrap(), vec![3]);
    assert!(parse_k_list("0..2").is_err());
    assert!(parse_k_list("a").is_err());
    assert!(parse_k_list("1..255").is_ok());
    assert!(
        parse_k_list("1..300")
            .unwrap_err()
            .0
            .contains("at most 255")
    );
    assert!(parse_k_list("256").is_err());
    assert_eq!(parse_covariance_list("all").unwrap().len(), 4);
    assert_eq!(
        parse_covariance_list("diag, tied").unwrap(),
        vec![CovarianceType::Diag, CovarianceType::Tied]
    );
    assert!(parse_covariance_list("fll").is_err());
}

#[test]
fn a_range_is_judged_by_its_ends_before_any_list_is_built() {
    let message = |text: &str| parse_k_list(text).unwrap_err().0;
    // Each would be a list of billions (or more than memory holds) if built first.
    assert_eq!(
        message("1..3000000000"),
        "-k: 3000000000 components is more than a fit takes (at most 255)"
    );
    assert_eq!(
        message("1..1000000000000"),
        "-k: 1000000000000 components is more than a fit takes (at most 255)"
    );
    // Beyond any integer type, still too many components rather than "not a number".
    assert_eq!(
        message("2..99999999999999999999999"),
        "-k: 99999999999999999999999 components is more than a fit takes (at most 255)"
    );
    assert_eq!(
        message("5..2"),
        "-k 5..2: the range runs backwards; did you mean 2..5?"
    );
    assert_eq!(message("-1"), "-k -1: every K must be at least 1");
    assert_eq!(message("0..3"), "-k 0..3: every K must be at least 1");
}
