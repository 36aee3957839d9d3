//! Cutting CSV bytes into records and fields (RFC 4180 quoting, any of LF, CRLF or CR line
//! ends, blank and comment lines skipped), counting physical lines as it goes so every message
//! can name the true line.

use crate::core::input::numbers::{
    Marks, Notation, decimal_comma_number, formatted_number, unread_thousands,
};
use crate::core::input::text::{Value, classify, is_spreadsheet_error, number};

/// UTF-8's byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a file separates fields, marks comments and groups digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// Lines whose first byte is this are comments, unless they can only be rows (see
    /// [`Scanner::record`]).
    pub comment: Option<u8>,
    /// `--thousands`: the mark between digit groups.
    pub thousands: Option<u8>,
}

impl Dialect {
    /// The marks this file's numbers are written with.
    pub fn marks(self) -> Marks {
        Marks::of(self.delimiter, self.thousands)
    }

    /// Whether a number may be parsed as it stands: not where a dot groups thousands.
    fn plain_numbers(self) -> bool {
        self.thousands != Some(b'.')
    }
}

/// One field of a record: where its content lies in the bytes, and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Content, inside the quotes if quoted.
    pub start: usize,
    pub end: usize,
    pub value: Value,
    /// The line the field starts on, counted from the start of the bytes (0-based).
    pub line: u64,
    pub quoted: bool,
    /// Quoted content holding `""` pairs, which stand for one quote each.
    pub escaped: bool,
    /// How a number was written beyond plain digits (`1,5` as R's `read.csv2` reads it,
    /// `$1,294.10`).
    pub notation: Notation,
}

impl Field {
    /// Whether the field is nothing at all, or spaces: what a trailing delimiter leaves.
    pub fn is_empty(&self, bytes: &[u8]) -> bool {
        !self.quoted && bytes[self.start..self.end].trim_ascii().is_empty()
    }

    /// The field's text: quotes undone, spaces around it trimmed.
    pub fn text(&self, bytes: &[u8]) -> Vec<u8> {
        let content = &bytes[self.start..self.end];
        let mut text = Vec::with_capacity(content.len());
        let mut iter = content.iter();
        while let Some(&b) = iter.next() {
            text.push(b);
            if b == b'"' && self.escaped {
                iter.next();
            }
        }
        if self.quoted {
            text
        } else {
            text.trim_ascii().to_vec()
        }
    }
}

/// The outcome of reading one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scan {
    /// A record, whose fields were written to the caller's vector; the next one starts at
    /// `next`, on line `next_line`.
    Record { next: usize, next_line: u64 },
    /// A blank line.
    Skipped { next: usize, next_line: u64 },
    /// A comment line (counted, to be said in a note).
    Comment { next: usize, next_line: u64 },
    /// No bytes left, and none to come.
    End,
    /// The bytes stop inside this record; more are needed (never when `at_eof`).
    Incomplete,
    /// A quote opened on `line` in field `column` (1-based) never closes.
    Unclosed { line: u64, column: usize },
}

/// Reads records from `bytes`; `at_eof` says no bytes follow them.
pub struct Scanner<'a> {
    bytes: &'a [u8],
    dialect: Dialect,
    at_eof: bool,
    /// The fields a row has, once the first row is read: a comment-marked line of that many
    /// fields holding numbers is a row (see [`Scanner::record`]).
    width: Option<usize>,
}

impl<'a> Scanner<'a> {
    pub fn new(bytes: &'a [u8], dialect: Dialect, at_eof: bool) -> Self {
        Scanner {
            bytes,
            dialect,
            at_eof,
            width: None,
        }
    }

    /// The scanner, told how many fields a row has.
    pub fn with_width(self, width: usize) -> Self {
        Scanner {
            width: Some(width),
            ..self
        }
    }

    /// Length of the line end at `i` (1 or 2), or `None` when a CR ends the bytes and a LF may
    /// follow in the next block.
    fn line_end(&self, i: usize) -> Option<usize> {
        match (self.bytes[i], self.bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => Some(2),
            (b'\r', None) if !self.at_eof => None,
            _ => Some(1),
        }
    }

    /// What a field's content holds, and how a number in it was written: a decimal comma where
    /// a comma cannot be the delimiter, thousands separators, currency and percent signs (see
    /// `numbers`); a number in a notation this file does not read is `Unread`.
    fn classify(&self, content: &[u8]) -> (Value, Notation) {
        let plain = Notation::default();
        let value = classify(content);
        let dotted = !self.dialect.plain_numbers() && content.contains(&b'.');
        match value {
            Value::Text => {}
            Value::Number(_) | Value::Infinite(_) if dotted => {}
            value => return (value, plain),
        }
        let marks = self.dialect.marks();
        if marks.decimal_comma
            && let Some(v) = decimal_comma_number(content)
        {
            let notation = Notation {
                decimal_comma: true,
                ..plain
            };
            return (number(v), notation);
        }
        if let Some((v, notation)) = formatted_number(content, marks) {
            return (number(v), notation);
        }
        let comma_in_comma_file =
            self.dialect.delimiter == b',' && decimal_comma_number(content).is_some();
        if comma_in_comma_file || unread_thousands(content, marks).is_some() {
            return (Value::Unread, plain);
        }
        (Value::Text, plain)
    }

    fn is_padding(&self, b: u8) -> bool {
        (b == b' ' || b == b'\t') && b != self.dialect.delimiter
    }

    fn skip_padding(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && self.is_padding(self.bytes[i]) {
            i += 1;
        }
        i
    }

    /// Whether a field may end at `i`: a delimiter, a line end, or the end of the bytes.
    fn at_field_end(&self, i: usize) -> Option<bool> {
        match self.bytes.get(i) {
            None => self.at_eof.then_some(true),
            Some(&b) => Some(b == self.dialect.delimiter || b == b'\n' || b == b'\r'),
        }
    }

    /// Reads the record starting at `pos` on line `line`, its fields into `fields`. A line
    /// starting with the comment character is a comment unless it can only be a row: see
    /// [`Scanner::comment_or_row`].
    pub fn record(&self, pos: usize, line: u64, fields: &mut Vec<Field>) -> Scan {
        fields.clear();
        let bytes = self.bytes;
        // A byte-order mark starting a line is an encoding's mark, not data: files that each
        // begin with one (Excel's exports) leave it mid-file when concatenated.
        let rest = &bytes[pos.min(bytes.len())..];
        if rest.starts_with(BOM) {
            return self.record(pos + BOM.len(), line, fields);
        }
        if !self.at_eof && !rest.is_empty() && BOM.starts_with(rest) {
            return Scan::Incomplete;
        }
        let Some(&first) = bytes.get(pos) else {
            return if self.at_eof {
                Scan::End
            } else {
                Scan::Incomplete
            };
        };
        if first == b'\n' || first == b'\r' {
            return match self.line_end(pos) {
                Some(len) => Scan::Skipped {
                    next: pos + len,
                    next_line: line + 1,
                },
                None => Scan::Incomplete,
            };
        }
        if Some(first) == self.dialect.comment {
            return self.comment_or_row(pos, line, fields);
        }
        let mut i = pos;
        let mut line = line;
        loop {
            let field = match bytes.get(i) {
                Some(b'"') => match self.quoted_field(i, &mut line, fields.len() + 1) {
                    Ok(field) => field,
                    Err(scan) => return scan,
                },
                _ => match self.plain_field(i, line) {
                    Some(field) => field,
                    None => return Scan::Incomplete,
                },
            };
            i = field.1;
            fields.push(field.0);
            match bytes.get(i) {
                None => break,
                Some(&b) if b == self.dialect.delimiter => i += 1,
                Some(_) => match self.line_end(i) {
                    Some(len) => {
                        i += len;
                        line += 1;
                        break;
                    }
                    None => return Scan::Incomplete,
                },
            }
        }
        let blank = fields.len() == 1 && !fields[0].quoted && fields[0].value == Value::Missing;
        let blank = blank
            && bytes[fields[0].start..fields[0].end]
                .trim_ascii()
                .is_empty();
        if blank {
            Scan::Skipped {
                next: i,
                next_line: line,
            }
        } else {
            Scan::Record {
                next: i,
                next_line: line,
            }
        }
    }

    /// The line at `pos`, which starts with the comment character: a row when its first field is
    /// a spreadsheet error value (`#N/A`, `#DIV/0!`), or when a digit follows the mark (an id
    /// with a hash, `#101,5.2`), rows have two fields or more and it has exactly as many, the
    /// others numbers or missing and one a number at least; else a comment (`# seed, 42`), to
    /// its line end (a quote in it opens nothing).
    fn comment_or_row(&self, pos: usize, line: u64, fields: &mut Vec<Field>) -> Scan {
        let bytes = self.bytes;
        let end = match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(offset) => pos + offset,
            None if self.at_eof => bytes.len(),
            None => return Scan::Incomplete,
        };
        let (next, next_line) = if end == bytes.len() {
            (end, line)
        } else {
            match self.line_end(end) {
                Some(len) => (end + len, line + 1),
                None => return Scan::Incomplete,
            }
        };
        let one_line = Scanner {
            bytes: &bytes[..end],
            dialect: Dialect {
                comment: None,
                ..self.dialect
            },
            at_eof: true,
            width: None,
        };
        let parsed = one_line.record(pos, line, fields);
        if matches!(parsed, Scan::Record { .. }) && self.can_only_be_a_row(pos, fields) {
            return Scan::Record { next, next_line };
        }
        fields.clear();
        Scan::Comment { next, next_line }
    }

    /// Whether a comment-marked line at `pos`, of `fields`, can only be a row: see
    /// [`Scanner::comment_or_row`].
    fn can_only_be_a_row(&self, pos: usize, fields: &[Field]) -> bool {
        let first = &fields[0];
        if !first.quoted && is_spreadsheet_error(&self.bytes[first.start..first.end]) {
            return true;
        }
        if !self.bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let rest = &fields[1..];
        self.width.is_some_and(|w| w >= 2 && fields.len() == w)
            && rest
                .iter()
                .all(|f| f.value.is_numeric() || f.value == Value::Missing)
            && rest.iter().any(|f| f.value.is_numeric())
    }

    /// The record at `pos` when it is nothing but `columns.len()` finite plain numbers (the
    /// common case), pushed straight into `columns` without a field list; returns where the
    /// next record starts and the line ends passed. Anything else pushes nothing and returns
    /// `None`, for [`Scanner::record`] to read.
    pub fn numbers_row(&self, pos: usize, columns: &mut [Vec<f64>]) -> Option<(usize, u64)> {
        let bytes = self.bytes;
        if bytes.get(pos).copied() == self.dialect.comment || !self.dialect.plain_numbers() {
            return None;
        }
        let last = columns.len() - 1;
        let mut i = pos;
        for c in 0..=last {
            let start = self.skip_padding(i);
            let parsed = fast_float2::parse_partial::<f64, _>(&bytes[start..]).ok();
            let end = parsed.map(|(_, len)| self.skip_padding(start + len));
            let next = match (parsed, end.map(|e| (e, bytes.get(e)))) {
                (Some((v, _)), Some((e, Some(&b)))) if v.is_finite() => {
                    if c < last && b == self.dialect.delimiter {
                        Some((e + 1, 0))
                    } else if c == last && (b == b'\n' || b == b'\r') {
                        self.line_end(e).map(|len| (e + len, 1))
                    } else {
                        None
                    }
                }
                (Some((v, _)), Some((e, None))) if v.is_finite() && c == last && self.at_eof => {
                    Some((e, 0))
                }
                _ => None,
            };
            let Some((after, lines)) = next else {
                columns[..c].iter_mut().for_each(|column| {
                    column.pop();
                });
                return None;
            };
            columns[c].push(parsed.map_or(0.0, |(v, _)| v));
            if c == last {
                return Some((after, lines));
            }
            i = after;
        }
        None
    }

    /// An unquoted field at `i`, and where it ends. Numbers take a fast path that parses and
    /// finds the end in one go.
    fn plain_field(&self, i: usize, line: u64) -> Option<(Field, usize)> {
        let bytes = self.bytes;
        let start = self.skip_padding(i);
        let parsed = self
            .dialect
            .plain_numbers()
            .then(|| fast_float2::parse_partial::<f64, _>(&bytes[start..]).ok())
            .flatten();
        if let Some((v, len)) = parsed {
            let end = self.skip_padding(start + len);
            if self.at_field_end(end)? {
                let field = Field {
                    start,
                    end: start + len,
                    value: number(v),
                    line,
                    quoted: false,
                    escaped: false,
                    notation: Notation::default(),
                };
                return Some((field, end));
            }
        }
        let d = self.dialect.delimiter;
        let end = match memchr::memchr3(d, b'\n', b'\r', &bytes[i..]) {
            Some(offset) => i + offset,
            None if self.at_eof => bytes.len(),
            None => return None,
        };
        let (value, notation) = self.classify(&bytes[i..end]);
        let field = Field {
            start: i,
            end,
            value,
            line,
            quoted: false,
            escaped: false,
            notation,
        };
        Some((field, end))
    }

    /// A quoted field whose opening quote is at `i`; `line` advances past line ends inside it.
    /// Text after the closing quote (`"ab"c`) makes the whole field text, as it is not a
    /// number either way.
    fn quoted_field(
        &self,
        i: usize,
        line: &mut u64,
        column: usize,
    ) -> Result<(Field, usize), Scan> {
        let bytes = self.bytes;
        let (start, first_line) = (i + 1, *line);
        let mut j = start;
        let mut escaped = false;
        let close = loop {
            let Some(offset) = memchr::memchr(b'"', &bytes[j..]) else {
                return Err(if self.at_eof {
                    Scan::Unclosed {
                        line: first_line,
                        column,
                    }
                } else {
                    Scan::Incomplete
                });
            };
            let q = j + offset;
            match bytes.get(q + 1) {
                Some(b'"') => {
                    escaped = true;
                    j = q + 2;
                }
                None if !self.at_eof => return Err(Scan::Incomplete),
                _ => break q,
            }
        };
        *line += line_ends(&bytes[start..close]);
        let after = self.skip_padding(close + 1);
        let plain = Notation::default();
        let ((end, value), notation) = match self.at_field_end(after) {
            Some(true) if escaped => ((close, Value::Text), plain),
            Some(true) => {
                let (value, notation) = self.classify(&bytes[start..close]);
                ((close, value), notation)
            }
            None => return Err(Scan::Incomplete),
            Some(false) => {
                let d = self.dialect.delimiter;
                let end = match memchr::memchr3(d, b'\n', b'\r', &bytes[after..]) {
                    Some(offset) => after + offset,
                    None if self.at_eof => bytes.len(),
                    None => return Err(Scan::Incomplete),
                };
                ((end, Value::Text), plain)
            }
        };
        let next = if end == close { after } else { end };
        let field = Field {
            start,
            end,
            value,
            line: first_line,
            quoted: true,
            escaped,
            notation,
        };
        Ok((field, next))
    }
}

/// Line ends in `bytes`: each LF, CRLF or lone CR once.
pub fn line_ends(bytes: &[u8]) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .count() as u64
}
