//! What a field's text means (a number, missing, or text) and how it is quoted back in a
//! message: short, escaped, on one line.

use super::numbers::{Marks, decimal_comma_number, unread_thousands};

/// The strings that mean "no value" (compared without case, after trimming spaces): what R,
/// pandas, Excel and SQL exports write for a missing value. `NaN` is missing too, as pandas and
/// NumPy use it that way.
const MISSING: [&str; 10] = [
    "na", "n/a", "nan", "-nan", "+nan", "null", "none", "<na>", "?", "-",
];

/// What one field holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    /// ±infinity: a number, but not one EM can use.
    Infinite(f64),
    /// Empty, or one of the missing markers.
    Missing,
    /// A number in a notation this file's options do not read (`1.234,5` without
    /// `--thousands .`, `"1,5"` in a comma-separated file): it counts as a number when a
    /// column's type is judged, so the column is refused at it, with the option that reads it.
    Unread,
    /// Anything else.
    Text,
}

impl Value {
    /// The value stored for it in a column: NaN for anything that is not a finite number, so
    /// one test (`is_finite`) finds every row to refuse or drop.
    pub fn stored(self) -> f64 {
        match self {
            Value::Number(v) | Value::Infinite(v) => v,
            Value::Missing | Value::Unread | Value::Text => f64::NAN,
        }
    }

    /// Counts as a number when a column's type is judged.
    pub fn is_numeric(self) -> bool {
        matches!(self, Value::Number(_) | Value::Infinite(_) | Value::Unread)
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
    if trimmed.is_empty() || is_missing_marker(trimmed) || is_spreadsheet_error(trimmed) {
        return Value::Missing;
    }
    match fast_float2::parse::<f64, _>(trimmed) {
        Ok(v) => number(v),
        Err(_) => Value::Text,
    }
}

fn is_missing_marker(field: &[u8]) -> bool {
    field.len() <= 4
        && MISSING
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(field))
}

/// The error values spreadsheets write into a cell whose formula failed (Excel, LibreOffice,
/// Google Sheets), compared without case: missing values, never text or comments.
const SPREADSHEET_ERRORS: [&str; 16] = [
    "#n/a",
    "#div/0!",
    "#value!",
    "#ref!",
    "#name?",
    "#num!",
    "#null!",
    "#spill!",
    "#calc!",
    "#getting_data",
    "#field!",
    "#blocked!",
    "#connect!",
    "#busy!",
    "#unknown!",
    "#error!",
];

/// Whether a field (trimmed) is a spreadsheet's error value: one of [`SPREADSHEET_ERRORS`], or
/// LibreOffice's `Err:502` and its kin.
pub fn is_spreadsheet_error(field: &[u8]) -> bool {
    let field = field.trim_ascii();
    let libreoffice = field.len() == 7
        && field[..4].eq_ignore_ascii_case(b"err:")
        && field[4..].iter().all(u8::is_ascii_digit);
    libreoffice
        || (field.first() == Some(&b'#')
            && SPREADSHEET_ERRORS
                .iter()
                .any(|e| e.as_bytes().eq_ignore_ascii_case(field)))
}

/// An I/O error in words a user reads.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

/// Longest excerpt of a field a message quotes, in characters.
const EXCERPT_CHARS: usize = 40;

/// Characters that show as nothing or as a space, written `<U+FEFF>` in messages: a byte-order
/// mark in mid-file, zero-width and direction marks, non-breaking spaces.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202F}'
            | '\u{205F}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// A field as a message shows it: at most 40 characters, control characters and bytes that are
/// not UTF-8 escaped (`\0`, `\n`, `\xff`), invisible characters named (`<U+FEFF>`), and the
/// full length when cut.
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
            } else if is_invisible(c) {
                shown += &format!("<U+{:04X}>", u32::from(c));
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

/// A hint for a field that is not a number but looks like one written another way, in a file
/// whose numbers are written with `marks`.
pub fn not_a_number_hint(field: &[u8], delimiter: u8, marks: Marks) -> &'static str {
    let trimmed = field.trim_ascii();
    if let Some(mark) = unread_thousands(trimmed, marks) {
        if mark == b'.' {
            " (thousands separators? --thousands . reads them)"
        } else {
            " (thousands separators? --thousands , reads them)"
        }
    } else if delimiter == b',' && decimal_comma_number(trimmed).is_some() {
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
