//! Tests of `src/format/numbers.rs`.

use gmm_tui::format::numbers::*;

#[test]
fn log_likelihoods_keep_eight_significant_digits_and_three_decimals_at_most() {
    assert_eq!(log_likelihood(-7086.6891), "-7086.689");
    assert_eq!(log_likelihood(-21025.2731), "-21025.273");
    assert_eq!(log_likelihood(-3531395.181), "-3531395.2");
    assert_eq!(log_likelihood(-10489065.06), "-10489065");
    assert_eq!(log_likelihood(-609.4921), "-609.492");
    assert_eq!(log_likelihood(-0.0001), "0.000");
    for v in [-9.5, -99_999.999_9, -99_999_999.0, 12_345_678.9] {
        assert!(log_likelihood(v).chars().count() <= 10, "{v}");
    }
}

#[test]
fn a_change_has_six_significant_digits_and_one_decimal_more_than_its_value_at_most() {
    assert_eq!(change(0.00194, -7086.689), "0.0019");
    assert_eq!(change(12721.42021, -8308.395), "12721.4");
    assert_eq!(change(6957669.88, -3531395.2), "6.95767e6");
    assert_eq!(change(6348891.2, -3531395.2), "6.34889e6");
    assert_eq!(change(999_999.4, -3531395.2), "999999");
    assert_eq!(change(2.71234, -7086.689), "2.7123");
    assert_eq!(change(-0.00001, -7086.689), "0.0000");
}

#[test]
fn points_are_whole_with_separators_on_large_data() {
    assert_eq!(points(398.64, 2000, 9), "398.6");
    assert_eq!(points(999_999.7, 1_000_000, 9), "1,000,000");
    assert_eq!(points(12_345.4, 20_000, 9), "12,345");
    // Only where they cannot fit do the separators go.
    assert_eq!(points(999_999.7, 1_000_000, 7), "1000000");
}

#[test]
fn only_columns_too_large_or_too_small_for_plain_digits_take_a_power_of_ten() {
    let form = |values: &[f64], width, decimals| {
        let f = column_form(values, width, decimals);
        (f.exponent, f.decimals)
    };
    // Means at −1.2·10⁷ in 5 characters would read `-1e7`: in millions, `-12.3` `-12.0`.
    assert_eq!(form(&[-12.3e6, -12.0e6], 5, 2), (6, 2));
    // σ's near 10⁻⁴ would read `0.00` (or `0.000`): in millionths.
    assert_eq!(form(&[1.2e-4, 0.9e-4], 5, 2), (-6, 2));
    assert_eq!(form(&[2.1e-5, 1.9e-5], 7, 2), (-6, 2));
    assert_eq!(form(&[0.004, 0.009], 6, 2), (-3, 2));
    // Ordinary columns keep their plain form, a small value beside a large one included.
    assert_eq!(form(&[0.01, 5.23, -3.0], 5, 2), (0, 2));
    assert_eq!(form(&[1500.0, 40.0], 7, 2), (0, 2));
    assert_eq!(form(&[123_456.7, 2.0], 6, 2), (0, 2));
    assert_eq!(form(&[0.0, 0.0], 5, 2), (0, 2));
    // σ's of ordinary size stay plain though two of twenty are within 1 % of each other
    // (they were once written in thousandths, `490.43`, from one iteration to the next).
    let sigmas = [0.4904, 0.4951, 0.3335, 0.7245, 0.8674, 0.2474, 0.5274];
    for width in [5, 6] {
        assert_eq!(form(&sigmas, width, 2), (0, 2));
    }
    // Values a few hundredths in size take a third decimal where it fits, not a power.
    assert_eq!(form(&[0.052, 0.031], 5, 2), (0, 3));
    assert_eq!(form(&[0.052, 0.031], 4, 2), (-3, 2));
}

#[test]
fn axis_ends_that_read_alike_carry_their_power_of_ten() {
    assert_eq!(range_labels(0.4e-4, 1.6e-4, 8, 2), ["40.00e-6", "160.0e-6"]);
    assert_eq!(
        range_labels(-12.5e6, -11.8e6, 8, 2),
        ["-12.50e6", "-11.80e6"]
    );
    assert_eq!(range_labels(-1.5, 36.5, 8, 2), ["   -1.50", "   36.50"]);
    // Ordinary ends stay ordinary decimals (they once read `-341e-3`).
    assert_eq!(range_labels(-0.341, 0.341, 8, 2), ["   -0.34", "    0.34"]);
}
