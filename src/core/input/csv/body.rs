//! The rows after the first, parsed straight into one `f64` vector per column — in parallel
//! pieces cut at record boundaries — while counting what each column holds, so its type can be
//! judged on the whole file and its first bad value named by line.

use rayon::prelude::*;

use super::scan::{Dialect, Field, Scan, Scanner};
use crate::core::input::numbers::Notation;
use crate::core::input::text::{Value, excerpt, not_a_number_hint};

/// A field that is not a finite number, as a message will quote it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// 0-based, from the start of the file once merged.
    pub line: u64,
    pub value: Value,
    pub excerpt: String,
    pub hint: &'static str,
}

/// What one column held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Fields that parse as numbers (infinities included).
    pub numbers: u64,
    pub missing: u64,
    /// Missing values that are empty fields (a trailing delimiter leaves one), counted among
    /// `missing`.
    pub empty: u64,
    pub text: u64,
    /// Numbers written with a decimal comma (`1,5`), counted among `numbers`.
    pub decimal_commas: u64,
    /// How the formatted numbers among `numbers` were written (thousands separators, currency
    /// or percent signs), and the first of them as written with the value read.
    pub formatted: Notation,
    pub first_formatted: Option<Box<(String, f64)>>,
    /// Numbers with a percent sign, counted among `numbers`, and the first: its line (0-based),
    /// as written, and as read.
    pub percents: u64,
    pub first_percent: Option<Box<(u64, String, f64)>>,
    /// The first field that is not a finite number (boxed: wide files have a tally a column).
    pub first_problem: Option<Box<Problem>>,
    /// The first text field, to show when the column is ignored.
    pub first_text: Option<Box<Problem>>,
}

impl Tally {
    /// Counts a field (the first row's, or the body's) of a file in `dialect`.
    pub fn count(&mut self, field: &Field, bytes: &[u8], dialect: Dialect) {
        let content = &bytes[field.start..field.end];
        let problem = || {
            Box::new(Problem {
                line: field.line,
                value: field.value,
                excerpt: excerpt(content),
                hint: not_a_number_hint(content, dialect.delimiter, dialect.marks()),
            })
        };
        match field.value {
            Value::Number(v) => {
                self.count_number(field, content, v);
                return;
            }
            Value::Infinite(_) | Value::Unread => self.numbers += 1,
            Value::Missing => {
                self.missing += 1;
                self.empty += u64::from(field.is_empty(bytes));
            }
            Value::Text => {
                self.text += 1;
                if self.first_text.is_none() {
                    self.first_text = Some(problem());
                }
            }
        }
        if self.first_problem.is_none() {
            self.first_problem = Some(problem());
        }
    }

    /// Counts a finite number `v`, written as `content` in `field`'s notation.
    fn count_number(&mut self, field: &Field, content: &[u8], v: f64) {
        let notation = field.notation;
        self.numbers += 1;
        if notation.percent {
            self.percents += 1;
            if self.first_percent.is_none() {
                self.first_percent = Some(Box::new((field.line, excerpt(content), v)));
            }
        }
        self.decimal_commas += u64::from(notation.decimal_comma);
        if notation.is_formatted() {
            self.formatted = self.formatted.with(notation);
            if self.first_formatted.is_none() {
                self.first_formatted = Some(Box::new((excerpt(content), v)));
            }
        }
    }

    /// A column is numeric when at least one of its values is a number and numbers are not
    /// outnumbered by text: `species` is text, while a numeric column with a few typos stays
    /// numeric, so its typos are reported (or their rows dropped) instead of the column
    /// vanishing.
    pub fn is_numeric(&self) -> bool {
        self.numbers > 0 && self.numbers >= self.text
    }

    /// A column is text when fewer than one value in ten is a number: a stray `1984` among
    /// titles. Between text and numeric, a column is refused rather than guessed.
    pub fn is_text(&self) -> bool {
        self.numbers * 9 < self.text
    }

    /// Adds what a later part of the column held, its lines counted from `line_offset`.
    pub fn absorb(&mut self, later: Tally, line_offset: u64) {
        let shift = |p: Box<Problem>| {
            Box::new(Problem {
                line: p.line + line_offset,
                ..*p
            })
        };
        self.numbers += later.numbers;
        self.missing += later.missing;
        self.empty += later.empty;
        self.text += later.text;
        self.decimal_commas += later.decimal_commas;
        self.formatted = self.formatted.with(later.formatted);
        if self.first_formatted.is_none() {
            self.first_formatted = later.first_formatted;
        }
        self.percents += later.percents;
        if self.first_percent.is_none() {
            self.first_percent = later
                .first_percent
                .map(|p| Box::new((p.0 + line_offset, p.1, p.2)));
        }
        if self.first_problem.is_none() {
            self.first_problem = later.first_problem.map(shift);
        }
        if self.first_text.is_none() {
            self.first_text = later.first_text.map(shift);
        }
    }
}

/// Rows whose number of fields differs from the first row's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ragged {
    pub count: u64,
    /// Line (0-based) and number of fields of the first.
    pub first: Option<(u64, usize)>,
}

/// Lines of one kind skipped (comments, repeated headers): how many, and the first few
/// (0-based), for a note.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    pub count: u64,
    pub first: Vec<u64>,
}

impl Lines {
    /// Lines a note lists before it says "…".
    const LISTED: usize = 3;

    pub fn add(&mut self, line: u64) {
        self.count += 1;
        if self.first.len() < Self::LISTED {
            self.first.push(line);
        }
    }

    /// Adds `later`'s lines, counted from `line_offset`.
    pub fn absorb(&mut self, later: &Lines, line_offset: u64) {
        self.count += later.count;
        let room = Self::LISTED - self.first.len();
        self.first
            .extend(later.first.iter().take(room).map(|l| l + line_offset));
    }

    /// `line 4`, `lines 1, 3 and 7`, `lines 2, 3, 4, …` (1-based).
    pub fn describe(&self) -> String {
        let shown: Vec<String> = self.first.iter().map(|l| (l + 1).to_string()).collect();
        match shown.as_slice() {
            [one] if self.count == 1 => format!("line {one}"),
            [rest @ .., last] if self.count == shown.len() as u64 => {
                format!("lines {} and {last}", rest.join(", "))
            }
            _ => format!("lines {}, …", shown.join(", ")),
        }
    }
}

/// The rows read so far, column by column.
#[derive(Clone, Debug)]
pub struct Body {
    pub columns: Vec<Vec<f64>>,
    pub tallies: Vec<Tally>,
    pub ragged: Ragged,
    pub comments: Lines,
    /// Records equal to the header, as `cat a.csv b.csv` leaves in the middle of a file:
    /// skipped, not rows.
    pub repeated_headers: Lines,
    /// The header's field texts, when the first row is one: a record equal to it is a repeat.
    header: Option<Vec<Vec<u8>>>,
    /// Bodies the parallel pieces after the first are parsed into.
    spare: Vec<Body>,
}

/// Where a block's parsing stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of whole records parsed; the rest waits for the next block.
    pub consumed: usize,
    /// Line ends in those bytes.
    pub lines: u64,
    /// A quote that never closes: its line and field.
    pub unclosed: Option<(u64, usize)>,
}

/// Pieces below this size are not worth a thread.
pub const PARALLEL_MIN_BYTES: usize = 1 << 20;

impl Body {
    /// A body of `width` columns under `header` (its field texts), if the first row is one.
    pub fn new(width: usize, header: Option<Vec<Vec<u8>>>) -> Self {
        Body {
            columns: vec![Vec::new(); width],
            tallies: vec![Tally::default(); width],
            ragged: Ragged::default(),
            comments: Lines::default(),
            repeated_headers: Lines::default(),
            header,
            spare: Vec::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.columns.len()
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Parses the whole records in `bytes` (the start of a record, on 0-based line `line`).
    /// With `parallel_min` bytes or more, the block is cut into one piece per thread at line
    /// ends outside quotes: the first piece is parsed straight into these columns, the others
    /// into spare bodies (kept from block to block, so no memory is allocated anew) appended
    /// after. A cut that turns out to fall inside a record (a comment line with an odd number
    /// of quotes can mislead the cutting) is detected, undone, and the block re-read in one
    /// piece, so the result never depends on the cutting.
    pub fn parse_block(
        &mut self,
        bytes: &[u8],
        line: u64,
        dialect: Dialect,
        at_eof: bool,
        parallel_min: usize,
    ) -> Progress {
        let threads = rayon::current_num_threads();
        if threads > 1 && bytes.len() >= parallel_min.max(2) {
            let cuts = cut_points(bytes, threads);
            let mut spare = std::mem::take(&mut self.spare);
            let width = self.width();
            spare.resize_with(cuts.len() - 1, || Body::new(width, self.header.clone()));
            let before = (
                self.rows(),
                self.tallies.clone(),
                self.ragged,
                self.comments.clone(),
                self.repeated_headers.clone(),
            );
            let last = cuts.len() - 1;
            let ((from, to), rest) = (cuts[0], &cuts[1..]);
            let (first, others): (Progress, Vec<Progress>) = rayon::join(
                || parse_piece(&bytes[from..to], dialect, at_eof || last > 0, line, self),
                || {
                    rest.par_iter()
                        .zip(spare.par_iter_mut())
                        .enumerate()
                        .map(|(k, (&(from, to), piece))| {
                            parse_piece(&bytes[from..to], dialect, at_eof || k + 1 < last, 0, piece)
                        })
                        .collect()
                },
            );
            let pieces: Vec<Progress> = std::iter::once(first).chain(others).collect();
            let whole = pieces[..last]
                .iter()
                .zip(&cuts)
                .all(|(p, &(from, to))| p.unclosed.is_none() && p.consumed == to - from);
            let mut total = pieces[0];
            for (piece, progress) in spare.iter_mut().zip(&pieces[1..]) {
                if whole {
                    self.absorb(piece, line + total.lines);
                    total.consumed += progress.consumed;
                    total.unclosed = progress.unclosed.map(|(l, c)| (l + line + total.lines, c));
                    total.lines += progress.lines;
                }
                piece.clear();
            }
            self.spare = spare;
            if whole {
                return total;
            }
            let (rows, tallies, ragged, comments, repeated) = before;
            self.columns.iter_mut().for_each(|c| c.truncate(rows));
            (self.tallies, self.ragged) = (tallies, ragged);
            (self.comments, self.repeated_headers) = (comments, repeated);
        }
        parse_piece(bytes, dialect, at_eof, line, self)
    }

    /// Appends a piece's rows, its lines counted from `line_offset`.
    fn absorb(&mut self, piece: &Body, line_offset: u64) {
        for (column, values) in self.columns.iter_mut().zip(&piece.columns) {
            column.extend_from_slice(values);
        }
        for (tally, later) in self.tallies.iter_mut().zip(&piece.tallies) {
            tally.absorb(later.clone(), line_offset);
        }
        self.ragged.count += piece.ragged.count;
        if self.ragged.first.is_none() {
            self.ragged.first = piece.ragged.first.map(|(l, f)| (l + line_offset, f));
        }
        self.comments.absorb(&piece.comments, line_offset);
        self.repeated_headers
            .absorb(&piece.repeated_headers, line_offset);
    }

    /// Empties the body, keeping its vectors' memory.
    fn clear(&mut self) {
        self.columns.iter_mut().for_each(Vec::clear);
        self.tallies.fill(Tally::default());
        self.ragged = Ragged::default();
        self.comments = Lines::default();
        self.repeated_headers = Lines::default();
    }

    /// Adds one record's fields as a row. A ragged record is counted, and kept as a row of
    /// NaN (no column's tally hears of it), so rows keep their place for `--drop-invalid`; a
    /// repeat of the header is counted and is no row.
    pub fn push_row(&mut self, fields: &[Field], bytes: &[u8], dialect: Dialect) {
        if self.repeats_header(fields, bytes) {
            self.repeated_headers.add(fields[0].line);
            return;
        }
        if fields.len() != self.width() {
            self.ragged.count += 1;
            if self.ragged.first.is_none() {
                self.ragged.first = Some((fields[0].line, fields.len()));
            }
            self.columns.iter_mut().for_each(|c| c.push(f64::NAN));
            return;
        }
        for ((column, tally), field) in self.columns.iter_mut().zip(&mut self.tallies).zip(fields) {
            column.push(field.value.stored());
            tally.count(field, bytes, dialect);
        }
    }

    /// Whether `fields` are the header's, name for name (a header holds no number).
    fn repeats_header(&self, fields: &[Field], bytes: &[u8]) -> bool {
        self.header.as_ref().is_some_and(|names| {
            names.len() == fields.len()
                && fields.iter().all(|f| !f.value.is_numeric())
                && fields
                    .iter()
                    .zip(names)
                    .all(|(f, name)| f.text(bytes) == *name)
        })
    }
}

/// Parses `bytes` (starting at a record, on line `line`) into `body`.
fn parse_piece(
    bytes: &[u8],
    dialect: Dialect,
    at_eof: bool,
    line: u64,
    body: &mut Body,
) -> Progress {
    let scanner = Scanner::new(bytes, dialect, at_eof).with_width(body.width());
    let (mut pos, mut at, mut fields) = (0, line, Vec::with_capacity(body.width()));
    let (mut unclosed, mut number_rows) = (None, 0);
    loop {
        if let Some((next, lines)) = scanner.numbers_row(pos, &mut body.columns) {
            number_rows += 1;
            (pos, at) = (next, at + lines);
            continue;
        }
        match scanner.record(pos, at, &mut fields) {
            Scan::Record { next, next_line } => {
                body.push_row(&fields, bytes, dialect);
                (pos, at) = (next, next_line);
            }
            Scan::Skipped { next, next_line } => (pos, at) = (next, next_line),
            Scan::Comment { next, next_line } => {
                body.comments.add(at);
                (pos, at) = (next, next_line);
            }
            Scan::End | Scan::Incomplete => break,
            Scan::Unclosed { line, column } => {
                unclosed = Some((line, column));
                break;
            }
        }
    }
    body.tallies
        .iter_mut()
        .for_each(|t| t.numbers += number_rows);
    Progress {
        consumed: pos,
        lines: at - line,
        unclosed,
    }
}

/// `(from, to)` of up to `pieces` pieces covering `bytes`, each cut just after a line end that
/// has an even number of quotes before it (so, in well-formed CSV, outside any quoted field).
pub fn cut_points(bytes: &[u8], pieces: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(pieces);
    let (mut from, mut odd) = (0, false);
    for k in 1..pieces {
        let target = bytes.len() / pieces * k;
        if target <= from {
            continue;
        }
        odd ^= memchr::memchr_iter(b'"', &bytes[from..target]).count() % 2 == 1;
        let cut = (target..bytes.len()).find_map(|i| {
            match bytes[i] {
                b'"' => odd = !odd,
                b'\n' if !odd => return Some(i + 1),
                b'\r' if !odd && bytes.get(i + 1).is_some_and(|&b| b != b'\n') => {
                    return Some(i + 1);
                }
                _ => {}
            }
            None
        });
        let Some(cut) = cut.filter(|&c| c < bytes.len()) else {
            break;
        };
        ranges.push((from, cut));
        (from, odd) = (cut, false);
    }
    ranges.push((from, bytes.len()));
    ranges
}
