//! Number formatting shared by the text reports and the terminal UI: right-aligned in a fixed
//! width, with as many decimals as fit, so a value is never cut, never shown as `-0.00`, and only
//! goes scientific when even its integer part does not fit — tables never jitter or overflow.
//! [`numbers`]: how the app writes the numbers that appear in several places (a log-likelihood,
//! its change, a number of points), in its status line and on its panels alike.

pub mod numbers;

/// `v` right-aligned in `width` characters with up to `decimals` places (fewer when it would not
/// fit); `–` for a value that is not finite.
pub fn fixed(v: f64, width: usize, decimals: usize) -> String {
    if !v.is_finite() {
        return format!("{:>width$}", "–");
    }
    let plain_forms = (0..=decimals).rev().map(|places| plain(v, places));
    first_fitting(width, plain_forms.chain(exponent_forms(v, 2)))
}

/// `v` right-aligned in `width` characters with at least three significant digits, so that a
/// number reads as what it is whatever its scale, and no value but zero reads `0.000`: plain with
/// `decimals` places where that shows three digits (`5.010`, `0.172`), with up to two places
/// more for a smaller value (`-0.0120`, `0.00123`), fewer for a larger one where the width asks
/// (`12345.68`), and in exponent notation beyond (`-1.241e7`, `1.104e-4`, `2.370e10`). For
/// tables whose columns differ in scale by orders of magnitude (an income in dollars beside
/// a share), where [`fixed`] would show the small column as zeros. `–` when not finite.
pub fn significant(v: f64, width: usize, decimals: usize) -> String {
    if !v.is_finite() || v == 0.0 {
        return fixed(v, width, decimals);
    }
    // Places that show three significant digits: 2 for 1 ≤ |v| < 10, 4 for 0.01 ≤ |v| < 0.1.
    let needed = (2 - v.abs().log10().floor() as i64).max(0) as usize;
    // Past two places more than `decimals`, exponent notation reads better than the zeros.
    let plain_forms = (needed <= decimals + 2)
        .then(|| {
            (needed..=decimals.max(needed))
                .rev()
                .map(|places| plain(v, places))
        })
        .into_iter()
        .flatten();
    // Four significant digits in exponent notation where they fit, fewer where they do not.
    first_fitting(width, plain_forms.chain(exponent_forms(v, 3)))
}

/// `v` in exponent notation with `most` decimals, then each fewer down to none.
fn exponent_forms(v: f64, most: usize) -> impl Iterator<Item = String> {
    (0..=most).rev().map(move |places| format!("{v:.places$e}"))
}

/// The first of `texts` that fits in `width` characters, right-aligned; `#`s when none does.
fn first_fitting(width: usize, mut texts: impl Iterator<Item = String>) -> String {
    texts
        .find(|text| text.chars().count() <= width)
        .map_or_else(|| "#".repeat(width), |text| format!("{text:>width$}"))
}

/// `v` with `places` decimals, a rounded-away negative zero shown as zero.
pub fn plain(v: f64, places: usize) -> String {
    let text = format!("{v:.places$}");
    match text.strip_prefix('-') {
        Some(magnitude) if magnitude.chars().all(|c| c == '0' || c == '.') => magnitude.into(),
        _ => text,
    }
}

/// The shortest text that reads back to the same f64: plain where that is short (`0`, `0.5`,
/// `123456.789`), exponent notation for tiny or huge values (`1e-6`, `1e200`). For option
/// values in reports, numbers in messages and CSV output alike.
pub fn shortest(v: f64) -> String {
    if v == 0.0 || (1e-4..1e16).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `v` rounded to two significant digits, written shortest: `0.0012`, `3.4e-7`, `1.2e-8`.
/// For a size a message gives roughly (a difference, a variance).
pub fn two_digits(v: f64) -> String {
    shortest(format!("{v:.1e}").parse().unwrap_or(v))
}

/// `1 point`, `2 points`: a count and its noun, for messages.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A count with thousands separators: 1000000 → "1,000,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
