//! How a file is to be read: the options a command gives the readers (`--columns`,
//! `--delimiter`, `--thousands`, `--comment`, `--header`, `--drop-invalid`).

use super::csv::scan::{Dialect, Scan, Scanner};
use crate::core::error::InputError;

/// A column named in `--columns`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnSelector {
    Name(String),
    /// 1-based.
    Index(usize),
}

impl std::fmt::Display for ColumnSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColumnSelector::Name(name) => write!(f, "'{name}'"),
            ColumnSelector::Index(i) => write!(f, "{i}"),
        }
    }
}

impl ColumnSelector {
    /// Parses `x,y` or `1,3` (names and indexes may mix). The list is read as a CSV record, so
    /// a name holding a comma is given in quotes (`'"a,b",c'`), and a quoted number is a name.
    pub fn parse_list(list: &str) -> Result<Vec<ColumnSelector>, InputError> {
        let dialect = Dialect {
            delimiter: b',',
            comment: None,
            thousands: None,
        };
        let bytes = list.as_bytes();
        let mut fields = Vec::new();
        match Scanner::new(bytes, dialect, true).record(0, 0, &mut fields) {
            Scan::Record { .. } => {}
            Scan::Unclosed { .. } => {
                return Err(InputError::new(format!(
                    "--columns '{list}': a quote never closes"
                )));
            }
            _ => return Err(InputError::new("--columns is empty")),
        }
        fields
            .iter()
            .map(|field| {
                let item = String::from_utf8_lossy(&field.text(bytes)).into_owned();
                if item.is_empty() {
                    Err(InputError::new(format!(
                        "--columns '{list}' has an empty entry"
                    )))
                } else if field.quoted {
                    Ok(ColumnSelector::Name(item))
                } else if let Ok(i) = item.parse::<usize>() {
                    if i == 0 {
                        Err(InputError::new("--columns indexes start at 1"))
                    } else {
                        Ok(ColumnSelector::Index(i))
                    }
                } else {
                    Ok(ColumnSelector::Name(item))
                }
            })
            .collect()
    }
}

/// The byte between fields: one ASCII character, or `\t` / `tab` for a tab (hard to type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl std::str::FromStr for Delimiter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.as_bytes() {
            b"\\t" | b"tab" => Ok(Delimiter(b'\t')),
            &[c] if c.is_ascii() && !matches!(c, b'"' | b'\n' | b'\r') => Ok(Delimiter(c)),
            _ => Err("one ASCII character other than a quote or line end, or 'tab'".into()),
        }
    }
}

/// The character between digit groups of three (`--thousands`): `.`, `,`, `'` or a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThousandsMark(pub u8);

impl std::str::FromStr for ThousandsMark {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.as_bytes() {
            &[c @ (b'.' | b',' | b'\'' | b' ')] => Ok(ThousandsMark(c)),
            _ => Err("one of . , ' or a space".into()),
        }
    }
}

/// The character that starts a comment line, or none (`--comment none`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentMarker(pub Option<u8>);

impl std::str::FromStr for CommentMarker {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.as_bytes() {
            b"" | b"none" => Ok(CommentMarker(None)),
            &[c] if c.is_ascii() && c != b'"' => Ok(CommentMarker(Some(c))),
            _ => Err("one ASCII character other than '\"', or 'none'".into()),
        }
    }
}

/// Whether a CSV file's first row names the columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeaderMode {
    /// Decided with the whole file read: see `csv::columns`.
    #[default]
    Auto,
    Present,
    Absent,
}

impl std::str::FromStr for HeaderMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(HeaderMode::Auto),
            "yes" => Ok(HeaderMode::Present),
            "no" => Ok(HeaderMode::Absent),
            _ => Err("auto, yes or no".into()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    pub delimiter: u8,
    /// Lines whose first byte is this are comments; `None` reads every line.
    pub comment: Option<u8>,
    pub header: HeaderMode,
    /// The character between digit groups (`1.234,5` with `.`), removed wherever it stands
    /// between groups of three digits; `None` reads only the unambiguous ones (see `text`).
    pub thousands: Option<u8>,
    /// `None`: every numeric column but a row index.
    pub columns: Option<Vec<ColumnSelector>>,
    /// Skip rows with bad values instead of failing.
    pub drop_invalid: bool,
    /// Added to an error about `columns` (a name or index the file lacks): where the names
    /// came from, when not from the user (`predict` asks for a model's columns).
    pub columns_origin: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: b',',
            comment: Some(b'#'),
            header: HeaderMode::Auto,
            thousands: None,
            columns: None,
            drop_invalid: false,
            columns_origin: None,
        }
    }
}
