//! Number formatting shared by the text report and the terminal UI.

/// `v` right-aligned in exactly `width` characters with `decimals` places, switching to
/// scientific notation when the plain form would not fit, so tables never jitter or overflow.
pub fn fixed(v: f64, width: usize, decimals: usize) -> String {
    let plain = format!("{v:>width$.decimals$}");
    if plain.chars().count() <= width {
        return plain;
    }
    let exponent_decimals = width.saturating_sub(7).min(decimals);
    let scientific = format!("{v:>width$.exponent_decimals$e}");
    if scientific.chars().count() <= width {
        scientific
    } else {
        "#".repeat(width)
    }
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn numbers_keep_their_width_whatever_their_size() {
        assert_eq!(fixed(2.5, 8, 3), "   2.500");
        assert_eq!(fixed(-8303.853, 10, 3), " -8303.853");
        assert_eq!(fixed(123_456_789.0, 8, 3), "   1.2e8");
        assert_eq!(fixed(-1e300, 6, 2), "-1e300");
        assert_eq!(fixed(-1e300, 5, 2), "#####");
        for v in [0.0, 1e-12, -7.5e9, 42.0] {
            assert_eq!(fixed(v, 9, 3).chars().count(), 9);
        }
    }
}
