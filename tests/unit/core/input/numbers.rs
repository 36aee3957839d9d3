//! Tests of `src/core/input/numbers.rs`.

use gmm_tui::core::input::numbers::*;

const COMMA: Marks = Marks {
    thousands: Some(b','),
    decimal_comma: false,
};
const SEMICOLON: Marks = Marks {
    thousands: None,
    decimal_comma: true,
};

#[test]
fn decimal_commas_are_numbers_of_one_comma_between_digits() {
    assert_eq!(decimal_comma_number(b"1,5"), Some(1.5));
    assert_eq!(decimal_comma_number(b" -12,25 "), Some(-12.25));
    assert_eq!(decimal_comma_number(b"+2,5e-3"), Some(0.0025));
    assert_eq!(decimal_comma_number(b"6,0E2"), Some(600.0));
    for not_one in [
        &b"1,500,000"[..],
        b",5",
        b"5,",
        b"1.5",
        b"1,5e",
        b"a,b",
        b"1,5x",
        b"--1,5",
    ] {
        assert_eq!(decimal_comma_number(not_one), None, "{not_one:?}");
    }
}

#[test]
fn formatted_numbers_read_their_signs_groups_and_percentages() {
    let read = |text: &str, marks| formatted_number(text.as_bytes(), marks).map(|(v, _)| v);
    assert_eq!(read("1,294.1", COMMA), Some(1294.1));
    assert_eq!(read("-1,000,000", COMMA), Some(-1e6));
    assert_eq!(read("$3.50", COMMA), Some(3.5));
    assert_eq!(read("-$1.25", COMMA), Some(-1.25));
    assert_eq!(read("$-1.25", COMMA), Some(-1.25));
    assert_eq!(read("3,50 €", SEMICOLON), Some(3.5));
    assert_eq!(read("12.5%", COMMA), Some(0.125));
    assert_eq!(read("12,5 %", SEMICOLON), Some(0.125));
    assert_eq!(read("0.9%", COMMA), Some(0.009));
    let dots = Marks::of(b';', Some(b'.'));
    assert_eq!(read("1.234,5", dots), Some(1234.5));
    assert_eq!(read("1.234", dots), Some(1234.0));
    // Not numbers in these marks: a group of two, a first group of four, a lone mark.
    for text in [
        "1,5",
        "12,34.5",
        "1234,567",
        "1.5.",
        "$",
        "%",
        "$5%",
        "1,294.1.2",
    ] {
        assert_eq!(read(text, COMMA), None, "{text}");
    }
    assert_eq!(read("1.5", dots), None);
    // Plain numbers are not formatted ones: the caller parsed them already.
    assert_eq!(read("12.5", COMMA), None);
}

#[test]
fn thousands_this_file_does_not_read_name_the_option_that_would() {
    assert_eq!(unread_thousands(b"1.234,5", SEMICOLON), Some(b'.'));
    assert_eq!(unread_thousands(b"1.234.567", SEMICOLON), Some(b'.'));
    assert_eq!(unread_thousands(b"1,234.5", SEMICOLON), Some(b','));
    assert_eq!(unread_thousands(b"1.5", SEMICOLON), None);
    assert_eq!(unread_thousands(b"abc", COMMA), None);
}
