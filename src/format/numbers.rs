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
