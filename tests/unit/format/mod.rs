//! Tests of `src/format/mod.rs`.

mod numbers;

use gmm_tui::format::*;

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
