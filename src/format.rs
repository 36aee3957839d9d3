//! Number formatting shared by the text reports and the terminal UI: right-aligned in a fixed
//! width, with as many decimals as fit, so a value is never cut, never shown as `-0.00`, and only
//! goes scientific when even its integer part does not fit — tables never jitter or overflow.

/// `v` right-aligned in `width` characters with up to `decimals` places (fewer when it would not
/// fit); `–` for a value that is not finite.
pub fn fixed(v: f64, width: usize, decimals: usize) -> String {
    if !v.is_finite() {
        return format!("{:>width$}", "–");
    }
    for places in (0..=decimals).rev() {
        let text = plain(v, places);
        if text.chars().count() <= width {
            return format!("{text:>width$}");
        }
    }
    for places in (0..=2).rev() {
        let text = format!("{v:.places$e}");
        if text.chars().count() <= width {
            return format!("{text:>width$}");
        }
    }
    "#".repeat(width)
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
