//! How the app writes the numbers that appear in more than one place, so that one value reads
//! the same wherever it is: a log-likelihood in the log-likelihood panel, the runs panel, the
//! model table and the status line's messages; a change beside it; a number of points in the
//! table, the status line and the header.

use std::collections::BTreeSet;

use super::{count, fixed, plain};

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

/// How one column of numbers is written: divided by `10^exponent` (`0`: plain), with up to
/// `decimals` places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnForm {
    pub exponent: i32,
    pub decimals: usize,
}

/// How one column's `values` are written in `width` characters, `decimals` places asked for:
/// in plain digits wherever they show every value's size (their last digit within a tenth of
/// the column's largest), with one more decimal where that is what it takes (σ's near 0.05 read
/// `0.052`); in a power of ten (a multiple of 3) only where plain digits cannot show them — very
/// large or very small values, x ≈ −1.2·10⁷ reading `-1e7`, y ≈ 10⁻⁴ reading `0.00` — and the
/// header then names it (`μx·e6`: the column reads in millions). Ordinary values stay plain even
/// when two of them print alike: the form follows the column's size only, so it does not change
/// from one iteration to the next.
pub fn column_form(values: &[f64], width: usize, decimals: usize) -> ColumnForm {
    let plain = ColumnForm {
        exponent: 0,
        decimals,
    };
    let largest = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 {
        return plain;
    }
    let texts = |form: ColumnForm| -> Vec<String> {
        let unit = 10f64.powi(form.exponent);
        values
            .iter()
            .filter(|v| v.is_finite())
            .map(|v| fixed(v / unit, width, form.decimals))
            .collect()
    };
    let shows_sizes = |form: ColumnForm| {
        let unit = 10f64.powi(form.exponent);
        texts(form).iter().all(|t| {
            let t = t.trim();
            let shown = t.split_once('.').map_or(0, |(_, d)| d.len());
            !t.contains('e')
                && t.parse::<f64>().is_ok()
                && 10f64.powi(-(shown as i32)) * unit <= 0.1 * largest
        })
    };
    let one_more = ColumnForm {
        decimals: decimals + 1,
        ..plain
    };
    if let Some(form) = [plain, one_more].into_iter().find(|&f| shows_sizes(f)) {
        return form;
    }
    let scaled = ColumnForm {
        exponent: (largest.log10().floor() as i32).div_euclid(3) * 3,
        decimals,
    };
    let distinct = |form| texts(form).into_iter().collect::<BTreeSet<_>>().len();
    if scaled.exponent != 0 && (shows_sizes(scaled) || distinct(scaled) > distinct(plain)) {
        scaled
    } else {
        plain
    }
}

/// An axis's two ends in at most `width` characters each with up to `places` decimals, right
/// aligned: plain where that tells them apart, else in the power of ten that does, written
/// on each (`-12.30e6`, `120.0e-6`), since an axis has no header to name it.
pub fn range_labels(lo: f64, hi: f64, width: usize, places: usize) -> [String; 2] {
    let plain_labels = [lo, hi].map(|v| fixed(v, width, places));
    if column_form(&[lo, hi], width, places).exponent == 0 {
        return plain_labels;
    }
    let wide = |e: i32| format!("e{e}").len();
    let exponent = (1..width)
        .rev()
        .map(|w| (w, column_form(&[lo, hi], w, places).exponent))
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
}
