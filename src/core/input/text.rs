//! What a field's text means (a number, missing, or text) and how it is quoted back in a
//! message: short, escaped, on one line.

/// The strings that mean "no value" (compared without case, after trimming spaces): what R,
/// pandas, Excel and SQL exports write for a missing value. `NaN` is missing too, as pandas and
/// NumPy use it that way.
const MISSING: [&str; 11] = [
    "na", "n/a", "nan", "-nan", "+nan", "null", "none", "<na>", "#n/a", "?", "-",
];

/// What one field holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    /// ±infinity: a number, but not one EM can use.
    Infinite(f64),
    /// Empty, or one of the missing markers.
    Missing,
    /// Anything else.
    Text,
}

impl Value {
    /// The value stored for it in a column: NaN for anything that is not a finite number, so
    /// one test (`is_finite`) finds every row to refuse or drop.
    pub fn stored(self) -> f64 {
        match self {
            Value::Number(v) | Value::Infinite(v) => v,
            Value::Missing | Value::Text => f64::NAN,
        }
    }

    /// Counts as a number when a column's type is judged.
    pub fn is_numeric(self) -> bool {
        matches!(self, Value::Number(_) | Value::Infinite(_))
    }
}

/// A number parsed with correct rounding (the same digits give the same f64 as Rust's and
/// NumPy's parsers), classified.
pub fn number(v: f64) -> Value {
    if v.is_nan() {
        Value::Missing
    } else if v.is_infinite() {
        Value::Infinite(v)
    } else {
        Value::Number(v)
    }
}

/// Classifies a whole field's content.
pub fn classify(field: &[u8]) -> Value {
    let trimmed = field.trim_ascii();
    if trimmed.is_empty() || is_missing_marker(trimmed) {
        return Value::Missing;
    }
    match fast_float2::parse::<f64, _>(trimmed) {
        Ok(v) => number(v),
        Err(_) => Value::Text,
    }
}

/// A number written with a decimal comma, as R's `write.csv2` and European spreadsheets write
/// it: digits, one comma, digits, and an optional exponent (`-1,5`, `2,25e-3`). Anything else
/// (`1,500,000`, `,5`) is not one.
pub fn decimal_comma_number(field: &[u8]) -> Option<f64> {
    let trimmed = field.trim_ascii();
    let unsigned = without_sign(trimmed);
    let (whole, rest) = unsigned.split_at(unsigned.iter().position(|&b| b == b',')?);
    let rest = &rest[1..];
    let (fraction, exponent) =
        rest.split_at(rest.iter().take_while(|b| b.is_ascii_digit()).count());
    let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    let exponent_ok = match exponent {
        [] => true,
        [b'e' | b'E', power @ ..] => digits(without_sign(power)),
        _ => false,
    };
    if !(digits(whole) && digits(fraction) && exponent_ok) {
        return None;
    }
    let with_point: Vec<u8> = trimmed
        .iter()
        .map(|&b| if b == b',' { b'.' } else { b })
        .collect();
    fast_float2::parse::<f64, _>(with_point).ok()
}

fn without_sign(text: &[u8]) -> &[u8] {
    match text {
        [b'-' | b'+', rest @ ..] => rest,
        _ => text,
    }
}

fn is_missing_marker(field: &[u8]) -> bool {
    field.len() <= 4
        && MISSING
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(field))
}

/// The missing markers, for documentation and messages.
pub fn missing_markers() -> String {
    let shown: Vec<String> = MISSING.iter().map(|m| format!("'{m}'")).collect();
    format!("empty, {}", shown.join(", "))
}

/// Longest excerpt of a field a message quotes, in characters.
const EXCERPT_CHARS: usize = 40;

/// A field as a message shows it: at most 40 characters, control characters and bytes that are
/// not UTF-8 escaped (`\0`, `\n`, `\xff`), and the full length when cut.
pub fn excerpt(field: &[u8]) -> String {
    let mut shown = String::new();
    let mut chars = 0;
    for chunk in field.utf8_chunks() {
        for c in chunk.valid().chars() {
            if chars == EXCERPT_CHARS {
                return format!("{shown}… ({} bytes)", field.len());
            }
            if c == '\0' {
                shown += "\\0";
            } else if c.is_control() {
                shown.extend(c.escape_default());
            } else {
                shown.push(c);
            }
            chars += 1;
        }
        for byte in chunk.invalid() {
            if chars == EXCERPT_CHARS {
                return format!("{shown}… ({} bytes)", field.len());
            }
            shown += &format!("\\x{byte:02x}");
            chars += 1;
        }
    }
    shown
}

/// A hint for a field that is not a number but looks like one written another way. (With any
/// delimiter but a comma, a decimal comma is read as a number: see the CSV scanner.)
pub fn not_a_number_hint(field: &[u8], delimiter: u8) -> &'static str {
    let trimmed = field.trim_ascii();
    if delimiter == b',' && decimal_comma_number(trimmed).is_some() {
        " (a decimal comma? in a comma-separated file numbers need a decimal point; with \
         --delimiter ';' or tab, decimal commas are read)"
    } else if delimiter != b';' && trimmed.contains(&b';') {
        " (is ';' the delimiter? try --delimiter ';')"
    } else if delimiter != b'\t' && trimmed.contains(&b'\t') {
        " (is tab the delimiter? try --delimiter tab)"
    } else {
        ""
    }
}

/// A byte count in binary units (`80.0 GiB`), for memory messages.
pub fn bytes(n: u128) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_numbers_missing_or_text() {
        assert_eq!(classify(b" 2.5 "), Value::Number(2.5));
        assert_eq!(classify(b"-1e3"), Value::Number(-1000.0));
        assert_eq!(classify(b"NA"), Value::Missing);
        assert_eq!(classify(b"nan"), Value::Missing);
        assert_eq!(classify(b"  "), Value::Missing);
        assert_eq!(classify(b"#N/A"), Value::Missing);
        assert_eq!(classify(b"-inf"), Value::Infinite(f64::NEG_INFINITY));
        assert_eq!(classify(b"abc"), Value::Text);
        assert_eq!(classify(b"1,5"), Value::Text);
        assert_eq!(classify(b"0x10"), Value::Text);
    }

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
    fn excerpts_are_short_escaped_and_one_line() {
        assert_eq!(excerpt(b"a\0b\nc"), "a\\0b\\nc");
        assert_eq!(excerpt(b"Z\xfcrich"), "Z\\xfcrich");
        let long = excerpt(&[b'x'; 10_000]);
        assert_eq!(long, format!("{}… (10000 bytes)", "x".repeat(40)));
    }

    #[test]
    fn hints_name_decimal_commas_and_other_delimiters() {
        assert!(not_a_number_hint(b"1,5", b',').contains("decimal comma"));
        assert!(not_a_number_hint(b"5;2", b',').contains("--delimiter ';'"));
        assert_eq!(not_a_number_hint(b"abc", b','), "");
    }

    #[test]
    fn sizes_and_numbers_read_well() {
        assert_eq!(bytes(80 * (1u128 << 30)), "80.0 GiB");
        assert_eq!(bytes(12), "12 bytes");
    }
}
