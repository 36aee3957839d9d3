//! Tests of `src/core/input/text.rs`.

use gmm_tui::core::input::numbers::Marks;
use gmm_tui::core::input::text::*;

#[test]
fn fields_are_numbers_missing_or_text() {
    assert_eq!(classify(b" 2.5 "), Value::Number(2.5));
    assert_eq!(classify(b"-1e3"), Value::Number(-1000.0));
    assert_eq!(classify(b"NA"), Value::Missing);
    assert_eq!(classify(b"nan"), Value::Missing);
    assert_eq!(classify(b"  "), Value::Missing);
    assert_eq!(classify(b"#N/A"), Value::Missing);
    assert_eq!(classify(b"#div/0!"), Value::Missing);
    assert_eq!(classify(b"Err:502"), Value::Missing);
    assert_eq!(classify(b"#hashtag"), Value::Text);
    assert_eq!(classify(b"-inf"), Value::Infinite(f64::NEG_INFINITY));
    assert_eq!(classify(b"abc"), Value::Text);
    assert_eq!(classify(b"1,5"), Value::Text);
    assert_eq!(classify(b"0x10"), Value::Text);
}

#[test]
fn excerpts_are_short_escaped_and_one_line() {
    assert_eq!(excerpt(b"a\0b\nc"), "a\\0b\\nc");
    assert_eq!(excerpt(b"Z\xfcrich"), "Z\\xfcrich");
    assert_eq!(excerpt("\u{feff}x\u{a0}".as_bytes()), "<U+FEFF>x<U+00A0>");
    let long = excerpt(&[b'x'; 10_000]);
    assert_eq!(long, format!("{}… (10000 bytes)", "x".repeat(40)));
}

#[test]
fn hints_name_decimal_commas_and_other_delimiters() {
    let comma = Marks::of(b',', None);
    assert!(not_a_number_hint(b"1,5", b',', comma).contains("decimal comma"));
    assert!(not_a_number_hint(b"5;2", b',', comma).contains("--delimiter ';'"));
    assert!(not_a_number_hint(b"1.234,5", b';', Marks::of(b';', None)).contains("--thousands ."));
    assert_eq!(not_a_number_hint(b"abc", b',', comma), "");
}

#[test]
fn sizes_and_numbers_read_well() {
    assert_eq!(bytes(80 * (1u128 << 30)), "80.0 GiB");
    assert_eq!(bytes(12), "12 bytes");
}
