//! How the screen writes the numbers that appear in more than one place, so that one value reads
//! the same wherever it is: a log-likelihood in the log-likelihood panel, the runs panel and the
//! model table; a change beside it; a number of points in the table, the status line and the
//! header.

use crate::format::{count, fixed, plain};

/// Decimals of a log-likelihood: as many as keep it to 8 significant digits, 3 at most —
/// `-7086.689`, `-3531395.2`, `-10489065` — so it is never wider than 10 characters below 10⁸.
pub fn log_likelihood_places(v: f64) -> usize {
    let places = |digits: usize| 8usize.saturating_sub(digits).min(3);
    let digits = if v.abs() < 10.0 {
        1
    } else {
        v.abs().log10().floor() as usize + 1
    };
    // Rounding may carry into a new digit (99999.9999 → 100000.000).
    let rounded = plain(v, places(digits));
    let whole = rounded
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('-');
    places(whole.len().max(digits))
}

/// A log-likelihood, unpadded; `–` when not finite.
pub fn log_likelihood(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    plain(v, log_likelihood_places(v))
}

/// A change of log-likelihood: six significant digits, and at most one decimal more than the
/// value it leads to shows, so that the last digit of a small change is not lost (`0.0019`
/// beside `-7086.689`) and a big one carries no noise (`12721.4`, not `12721.4202`).
pub fn change(delta: f64, of: f64) -> String {
    if !delta.is_finite() {
        return "–".into();
    }
    let digits = if delta.abs() < 1.0 {
        1
    } else {
        delta.abs().log10().floor() as usize + 1
    };
    plain(
        delta,
        6usize
            .saturating_sub(digits)
            .min(log_likelihood_places(of) + 1),
    )
}

/// A number of points (N_k, a sum of responsibilities) in at most `width` characters: with a
/// decimal on data of fewer than 10,000 points, whole and with thousands separators on larger
/// data (`1,000,000`), so one data set's counts all read alike — without the separators only
/// where they would not fit.
pub fn points(v: f64, data_points: usize, width: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let text = if data_points < 10_000 {
        plain(v, 1)
    } else {
        count(v.max(0.0).round() as usize)
    };
    if text.chars().count() <= width {
        text
    } else {
        fixed(v, width, 0).trim_start().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(change(6957669.88, -3531395.2), "6957670");
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
}
