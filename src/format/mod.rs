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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_numbers_read_back_exactly() {
        assert_eq!(shortest(0.0), "0");
        assert_eq!(shortest(1e-6), "1e-6");
        assert_eq!(shortest(0.5), "0.5");
        assert_eq!(shortest(1e200), "1e200");
        assert_eq!(shortest(-2.5), "-2.5");
        for v in [
            0.0,
            1.0 / 3.0,
            -2.5e-300,
            6.02e23,
            1e-4,
            9.99e-5,
            123456.789,
            f64::MAX,
        ] {
            let text = shortest(v);
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
            assert!(text.len() <= 24, "{text} is short");
        }
    }

    #[test]
    fn counts_take_their_plural() {
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(0, "row"), "0 rows");
    }

    #[test]
    fn numbers_keep_their_width_drop_decimals_before_going_scientific() {
        assert_eq!(fixed(2.5, 8, 3), "   2.500");
        assert_eq!(fixed(-8303.853, 10, 3), " -8303.853");
        assert_eq!(fixed(-10_489_123.456, 10, 3), " -10489123");
        assert_eq!(fixed(-10_489_123.456, 11, 3), "-10489123.5");
        assert_eq!(fixed(123_456_789.0, 6, 3), "1.23e8");
        assert_eq!(fixed(123_456_789.0, 5, 3), "1.2e8");
        assert_eq!(fixed(-1e300, 5, 2), "#####");
        assert_eq!(fixed(f64::NAN, 4, 2), "   –");
        for v in [0.0, 1e-12, -7.5e9, 42.0] {
            assert_eq!(fixed(v, 9, 3).chars().count(), 9);
        }
    }

    #[test]
    fn every_scale_keeps_three_significant_digits_and_only_zero_reads_zero() {
        // Ordinary values read as `fixed` writes them.
        assert_eq!(significant(5.0128, 8, 3), "   5.013");
        assert_eq!(significant(0.172, 6, 3), " 0.172");
        assert_eq!(significant(-8303.853, 10, 3), " -8303.853");
        // Small ones take more places, then exponent notation.
        assert_eq!(significant(-0.01203, 8, 3), " -0.0120");
        assert_eq!(significant(0.0012345, 8, 3), " 0.00123");
        assert_eq!(significant(1.1043e-4, 8, 3), "1.104e-4");
        assert_eq!(significant(-1.0e-6, 8, 3), "-1.00e-6");
        // Large ones drop places, then go to exponent notation.
        assert_eq!(significant(12345.678, 8, 3), "12345.68");
        assert_eq!(significant(-12_413_000.0, 8, 3), "-1.241e7");
        assert_eq!(significant(2.37e10, 8, 3), "2.370e10");
        // Narrow columns keep what digits they can.
        assert_eq!(significant(1.2e-5, 6, 3), "1.2e-5");
        assert_eq!(significant(-1.24e-10, 8, 3), "-1.2e-10");
        assert_eq!(significant(0.0, 8, 3), "   0.000");
        assert_eq!(significant(-0.0, 8, 3), "   0.000");
        assert_eq!(significant(f64::NAN, 8, 3), "       –");
        // Whatever the scale: in the width, within 0.5 % (two digits at the least, for
        // `-1.0e-30`), and never a zero for a value that is not one.
        for exponent in -30..=30 {
            for mantissa in [1.0, -1.0049, 2.5, -9.9996, 7.25] {
                let v = mantissa * 10f64.powi(exponent);
                let text = significant(v, 8, 3);
                assert_eq!(text.chars().count(), 8, "{v}: '{text}'");
                let read: f64 = text.trim().parse().unwrap();
                assert!(read != 0.0, "{v}: '{text}'");
                assert!((read - v).abs() <= 0.005 * v.abs(), "{v}: '{text}'");
            }
        }
    }

    #[test]
    fn no_negative_zero() {
        assert_eq!(fixed(-0.001, 6, 2), "  0.00");
        assert_eq!(fixed(-0.0, 4, 0), "   0");
        assert_eq!(fixed(-0.006, 6, 2), " -0.01");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(2000), "2,000");
        assert_eq!(count(999), "999");
    }
}
