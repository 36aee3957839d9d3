//! Reading points from a file or standard input: CSV (as spreadsheets, R and pandas write it) or
//! NumPy `.npy`, told apart by their first bytes. Every column of the file is accounted for:
//! used, or named in a note saying why not.

pub mod csv;
pub mod memory;
pub mod npy;
pub mod numbers;
pub mod text;

use std::io::Read;
use std::path::Path;

use self::csv::scan::{Dialect, Scan, Scanner};
use super::dataset::Dataset;
use super::error::InputError;
use super::scenario::Scenario;
use crate::format::shortest;

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

/// What became of one column of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    Used,
    /// Mostly text (a note names it).
    NotNumeric,
    /// Nothing but missing values (a note names it).
    Empty,
    /// R's or pandas' row numbers (a note names it).
    RowIndex,
    /// Left out by `--columns`.
    NotSelected,
}

/// The points read, and what the user should hear about how.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub dataset: Dataset,
    /// The built-in scenario the points were drawn from; `None` for a file.
    pub scenario: Option<Scenario>,
    /// The data rows (0-based, in file order, blank and comment lines not counted) skipped by
    /// `drop_invalid`, so that per-row output can keep its rows aligned with the file's.
    pub dropped_rows: Vec<usize>,
    /// One line for each column ignored or skipped, and why.
    pub notes: Vec<String>,
    /// How the file was read where a reader could guess otherwise: no header row, decimal
    /// commas, a used column named as a row index is.
    pub reading_notes: Vec<String>,
    /// What a fit of the used columns should know (one holds a single value, one counts the
    /// rows): said where a model is fitted, not where a fixed one labels or scores the points.
    pub fitting_notes: Vec<String>,
    /// Every column of the file, in order.
    pub columns: Vec<ColumnUse>,
}

impl Loaded {
    /// A scenario's points: nothing read, nothing to say.
    pub fn scenario(dataset: Dataset, scenario: Scenario) -> Self {
        let columns = vec![ColumnUse::Used; dataset.dim()];
        Loaded {
            dataset,
            scenario: Some(scenario),
            dropped_rows: Vec::new(),
            notes: Vec::new(),
            reading_notes: Vec::new(),
            fitting_notes: Vec::new(),
            columns,
        }
    }
}

/// The notes a reader gathers as it decides: see [`Loaded`]'s fields of the same names.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Notes {
    pub reading: Vec<String>,
    pub columns: Vec<String>,
    pub fitting: Vec<String>,
}

/// The points of the used columns (`names`, `columns`), once every rule is applied: rows with
/// a value that is not a finite number dropped (the caller refused them first unless
/// `--drop-invalid`; `clean` says there are none), the values checked, and a note for columns
/// holding one value. The ending both readers share.
pub(crate) fn into_loaded(
    source: &str,
    names: Vec<String>,
    mut columns: Vec<Vec<f64>>,
    clean: bool,
    mut notes: Notes,
    uses: Vec<ColumnUse>,
) -> Result<Loaded, InputError> {
    let dropped_rows = if clean {
        Vec::new()
    } else {
        keep_finite_rows(&mut columns)
    };
    if columns[0].is_empty() {
        return Err(every_row_dropped(source, dropped_rows.len()));
    }
    let dataset = Dataset::from_column_vecs(source.to_string(), names, columns);
    let bounds = dataset.check_values()?;
    notes
        .fitting
        .extend(constant_column_note(&dataset, &bounds));
    Ok(Loaded {
        dataset,
        scenario: None,
        dropped_rows,
        notes: notes.columns,
        reading_notes: notes.reading,
        fitting_notes: notes.fitting,
        columns: uses,
    })
}

/// `--drop-invalid` left no row of the `rows` there were.
pub(crate) fn every_row_dropped(source: &str, rows: usize) -> InputError {
    InputError::new(format!(
        "{source}: every row was invalid and dropped ({})",
        crate::format::plural(rows, "row")
    ))
}

/// `.npy` files begin with these bytes.
const NPY_MAGIC: &[u8] = b"\x93NUMPY";

/// Reads the file at `path`, or standard input when it is `-`.
pub fn read_points(
    path: &Path,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded, InputError> {
    if path.as_os_str() == "-" {
        return read_from("stdin", std::io::stdin().lock(), None, options, progress);
    }
    let source = path.display().to_string();
    let cannot =
        |e: std::io::Error| InputError::new(format!("{source}: cannot read: {}", io_reason(&e)));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    if metadata.is_dir() {
        return Err(InputError::new(format!("{source}: is a directory")));
    }
    // A device or a named pipe has no size to go by (`/dev/urandom` says 0): it is read as a
    // pipe is, its memory checked block by block.
    let size = metadata.is_file().then_some(metadata.len());
    read_from(&source, file, size, options, progress)
}

/// A reader that stays ended once a `read` has returned 0. On a terminal, Ctrl-D on an empty
/// line makes one `read` return 0 and the next wait for more typing; each stage that reads to
/// the end (the `.npy` sniff, the CSV's text sniff, the blocks) would otherwise take one
/// Ctrl-D of its own.
struct EndsOnce<R> {
    inner: R,
    ended: bool,
}

impl<R: Read> Read for EndsOnce<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.ended = n == 0;
        Ok(n)
    }
}

/// Reads CSV or `.npy` from `reader` (`size` bytes, when known), to its first end.
pub fn read_from(
    source: &str,
    reader: impl Read,
    size: Option<u64>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded, InputError> {
    let mut reader = EndsOnce {
        inner: reader,
        ended: false,
    };
    let mut head = Vec::with_capacity(NPY_MAGIC.len());
    (&mut reader)
        .take(NPY_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| InputError::new(format!("{source}: cannot read: {}", io_reason(&e))))?;
    if head.starts_with(b"\x1f\x8b") {
        return Err(InputError::new(format!(
            "{source}: gzip-compressed; decompress it first (gunzip -c FILE | gmm-tui … --data -)"
        )));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(InputError::new(format!(
            "{source}: a zip archive (or .npz); extract the CSV or .npy file first"
        )));
    }
    let is_npy = head == NPY_MAGIC;
    let whole = std::io::Cursor::new(head).chain(reader);
    if is_npy {
        npy::read_npy(source, whole, options, progress)
    } else {
        let chunking = csv::Chunking::default();
        csv::read_csv(source, whole, size, options, chunking, progress)
    }
}

/// A column holding one value has no spread for EM to fit: every component's variance along it
/// is `reg_covar` alone, so none differs from another there. Said before fitting (one
/// note for them all), so a reader knows why no component differs along it.
fn constant_column_note(data: &Dataset, bounds: &[(f64, f64)]) -> Option<String> {
    const LISTED: usize = 12;
    if data.n() < 2 {
        return None;
    }
    let constant: Vec<(String, f64)> = bounds
        .iter()
        .zip(&data.columns)
        .filter(|((lo, hi), _)| lo == hi)
        .map(|(&(value, _), name)| (text::excerpt(name.as_bytes()), value))
        .collect();
    let (columns, along) = match constant.as_slice() {
        [] => return None,
        [(name, value)] => (
            format!("column '{name}' holds one value ({})", shortest(*value)),
            "it",
        ),
        many => {
            let mut names: Vec<String> = many
                .iter()
                .take(LISTED)
                .map(|(n, _)| format!("'{n}'"))
                .collect();
            if many.len() > LISTED {
                names.push(format!("… {} in all", many.len()));
            }
            (
                format!("columns {} each hold one value", names.join(", ")),
                "them",
            )
        }
    };
    Some(format!(
        "{columns} in every row: no component differs from another along {along}, and each one's \
         variance there is reg_covar alone; `--columns` leaves {along} out"
    ))
}

/// Parses CSV bytes held in memory; `source` names them in messages.
pub fn parse_csv(source: &str, bytes: &[u8], options: &ReadOptions) -> Result<Loaded, InputError> {
    let size = Some(bytes.len() as u64);
    csv::read_csv(
        source,
        bytes,
        size,
        options,
        csv::Chunking::default(),
        &mut |_| {},
    )
}

/// Removes every row with a value that is not a finite number, in place; returns their
/// indexes.
fn keep_finite_rows(columns: &mut [Vec<f64>]) -> Vec<usize> {
    let n = columns[0].len();
    let mut kept = 0;
    let mut dropped = Vec::new();
    for i in 0..n {
        if columns.iter().all(|c| c[i].is_finite()) {
            for column in columns.iter_mut() {
                column[kept] = column[i];
            }
            kept += 1;
        } else {
            dropped.push(i);
        }
    }
    for column in columns.iter_mut() {
        column.truncate(kept);
        column.shrink_to_fit();
    }
    dropped
}

/// An I/O error in words a user reads.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_lists_take_indexes_names_and_quoted_names() {
        use ColumnSelector::{Index, Name};
        let list = ColumnSelector::parse_list("2, x ,\"a,b\",\"3\"").unwrap();
        assert_eq!(
            list,
            [
                Index(2),
                Name("x".into()),
                Name("a,b".into()),
                Name("3".into())
            ]
        );
        assert!(ColumnSelector::parse_list("x,,y").is_err());
        assert!(ColumnSelector::parse_list("0").is_err());
    }

    /// Gives its pieces one `read` each, an empty piece as a 0-byte read (Ctrl-D on a
    /// terminal), and each piece no faster than the caller's buffer takes it.
    struct Typed(std::collections::VecDeque<Vec<u8>>);

    impl Read for Typed {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(piece) = self.0.front_mut() else {
                return Ok(0);
            };
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            piece.drain(..n);
            if n == 0 || piece.is_empty() {
                self.0.pop_front();
            }
            Ok(n)
        }
    }

    #[test]
    fn reading_stops_at_the_first_end_of_input() {
        // Two rows, then Ctrl-D: what a terminal would give after it is never read.
        for rows in ["x,y\n1,2\n3,4\n", "x,y\n1,2\n", "1,2\n3,4\n"] {
            let pieces = [rows, "", "5,6\n", ""].map(|p| p.as_bytes().to_vec());
            let typed = Typed(pieces.into_iter().collect());
            let loaded =
                read_from("stdin", typed, None, &ReadOptions::default(), &mut |_| {}).unwrap();
            let expected = rows.lines().filter(|l| !l.starts_with('x')).count();
            assert_eq!(loaded.dataset.n(), expected, "{rows:?}");
        }
    }
}
