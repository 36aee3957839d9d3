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
/// beside `-7086.689`) and a big one carries no noise (`12721.4`, not `12721.4202`; from a
/// million on `6.34889e6`, not a seventh digit).
pub fn change(delta: f64, of: f64) -> String {
    if !delta.is_finite() {
        return "–".into();
    }
    if delta.abs() >= 999_999.5 {
        return format!("{delta:.5e}");
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

/// The power of ten (a multiple of 3, `0` for none) that one column's `values` are divided by
/// so that, in `width` characters with up to `decimals` places, they keep what tells them
/// apart: on columns of very different scales (x ≈ −1.2·10⁷, y ≈ 10⁻⁴) the plain form reads
/// `0.00` for everything small and `-1e7` for two different means. The header then names the
/// factor (`μx e6`: the column reads in millions).
pub fn column_exponent(values: &[f64], width: usize, decimals: usize) -> i32 {
    let largest = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 {
        return 0;
    }
    let exponent = (largest.log10().floor() as i32).div_euclid(3) * 3;
    let texts = |e: i32| -> Vec<String> {
        let unit = 10f64.powi(e);
        values
            .iter()
            .map(|v| fixed(v / unit, width, decimals))
            .collect()
    };
    let (plain_texts, scaled) = (texts(0), texts(exponent));
    let distinct = |t: &[String]| t.iter().collect::<std::collections::BTreeSet<_>>().len();
    let better = |e: i32, t: &[String]| tells_apart(values, t, e, largest);
    if exponent == 0 || better(0, &plain_texts) {
        0
    } else if better(exponent, &scaled) || distinct(&scaled) > distinct(&plain_texts) {
        exponent
    } else {
        0
    }
}

/// An axis's two ends in at most `width` characters each with up to `places` decimals, right
/// aligned: plain where that tells them apart, else in the power of ten that does, written
/// on each (`-12.30e6`, `120.0e-6`), since an axis has no header to name it.
pub fn range_labels(lo: f64, hi: f64, width: usize, places: usize) -> [String; 2] {
    let plain_labels = [lo, hi].map(|v| fixed(v, width, places));
    let wide = |e: i32| format!("e{e}").len();
    let exponent = (1..width)
        .rev()
        .map(|w| (w, column_exponent(&[lo, hi], w, places)))
        .find(|&(w, e)| e != 0 && w + wide(e) <= width);
    match exponent {
        Some((w, e)) => {
            let unit = 10f64.powi(e);
            [lo, hi].map(|v| {
                let text = format!("{}e{e}", fixed(v / unit, w, places).trim());
                format!("{text:>width$}")
            })
        }
        None => plain_labels,
    }
}

/// Whether `texts` (of `values`, divided by `10^exponent`) keep each value to 5 % of the
/// column's `largest`, in plain digits, and write values more than 1 % of it apart differently.
fn tells_apart(values: &[f64], texts: &[String], exponent: i32, largest: f64) -> bool {
    let unit = 10f64.powi(exponent);
    let close = values.iter().zip(texts).all(|(v, t)| {
        !v.is_finite()
            || (!t.contains('e')
                && t.trim()
                    .parse::<f64>()
                    .is_ok_and(|r| (r * unit - v).abs() <= 0.05 * largest))
    });
    let apart = values.iter().enumerate().all(|(i, a)| {
        values[..i]
            .iter()
            .zip(texts)
            .all(|(b, t)| (a - b).abs() <= 0.01 * largest || *t != texts[i])
    });
    close && apart
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
    fn a_column_that_reads_the_same_for_different_values_is_scaled() {
        // Two means 2.5 % apart at −1.2·10⁷ in 5 characters: `-1e7` twice, `-12.3` `-12.0` in
        // millions.
        assert_eq!(column_exponent(&[-12.3e6, -12.0e6], 5, 2), 6);
        assert_eq!(column_exponent(&[1.2e-4, 0.9e-4], 5, 2), -6);
        assert_eq!(column_exponent(&[2.1e-5, 1.9e-5], 7, 2), -6);
        // Ordinary columns keep their plain form, a small value beside a large one included.
        assert_eq!(column_exponent(&[0.01, 5.23, -3.0], 5, 2), 0);
        assert_eq!(column_exponent(&[1500.0, 40.0], 7, 2), 0);
        assert_eq!(column_exponent(&[0.0, 0.0], 5, 2), 0);
    }

    #[test]
    fn axis_ends_that_read_alike_carry_their_power_of_ten() {
        assert_eq!(range_labels(0.4e-4, 1.6e-4, 8, 2), ["40.00e-6", "160.0e-6"]);
        assert_eq!(
            range_labels(-12.5e6, -11.8e6, 8, 2),
            ["-12.50e6", "-11.80e6"]
        );
        assert_eq!(range_labels(-1.5, 36.5, 8, 2), ["   -1.50", "   36.50"]);
    }
}
