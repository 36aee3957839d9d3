//! Reading points from CSV, streamed in blocks: each block's whole records are parsed (in
//! parallel pieces when large) straight into per-column `f64` storage, and the rest waits for
//! the next block. Memory is the points' own 8 bytes a value plus one block, whatever the size
//! of the file.

pub mod body;
mod columns;
mod finish;
mod first_row;
pub mod hints;
mod index;
pub mod scan;

use std::io::Read;

use body::{Body, Lines, PARALLEL_MIN_BYTES};
use finish::finish;
use first_row::FirstRow;
use scan::{Dialect, Field, Scan, Scanner};

use super::loaded::Loaded;
use super::memory::ensure_fits;
use super::options::{HeaderMode, ReadOptions};
use super::text::{excerpt, io_reason};
use crate::core::error::InputError;

/// How the bytes are read: the block size, and the size from which a block is parsed in
/// parallel. Tests shrink both to exercise records cut by block ends and by parallel cuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunking {
    pub block: usize,
    pub parallel_min: usize,
}

impl Default for Chunking {
    fn default() -> Self {
        Chunking {
            block: 8 << 20,
            parallel_min: PARALLEL_MIN_BYTES,
        }
    }
}

/// A reader's bytes after its first ones were read to tell what it holds.
type Sniffed<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// The bytes read so far that are not yet parsed, and where they are in the file.
struct Blocks<'a, R> {
    source: &'a str,
    reader: R,
    buf: Vec<u8>,
    /// Start and end of the unparsed bytes in `buf`.
    pos: usize,
    end: usize,
    /// Line (0-based) at `pos`.
    line: u64,
    at_eof: bool,
    read: u64,
    block: usize,
    /// Comment lines passed before the body is parsed (the body counts its own).
    comments: Lines,
}

impl<'a, R: Read> Blocks<'a, R> {
    /// Blocks of `reader`'s bytes, the first read, after refusing what is not text.
    fn open(
        source: &'a str,
        mut reader: R,
        block: usize,
    ) -> Result<Blocks<'a, Sniffed<R>>, InputError> {
        let mut head = Vec::new();
        (&mut reader)
            .take(SNIFF_BYTES)
            .read_to_end(&mut head)
            .map_err(|e| InputError::new(format!("{source}: cannot read: {}", io_reason(&e))))?;
        check_text(source, &mut head)?;
        let mut blocks = Blocks {
            source,
            reader: std::io::Cursor::new(head).chain(reader),
            buf: Vec::new(),
            pos: 0,
            end: 0,
            line: 0,
            at_eof: false,
            read: 0,
            block,
            comments: Lines::default(),
        };
        blocks.fill()?;
        Ok(blocks)
    }

    /// Moves the unparsed bytes to the front and reads up to a block more (twice the buffer
    /// when a single record fills it). The buffer keeps its size, so it is zeroed only once.
    fn fill(&mut self) -> Result<(), InputError> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.buf.len() < self.block.max(1) || self.end * 2 > self.buf.len() {
            let grown = self.block.max(1).max(self.buf.len() * 2);
            self.buf.resize(grown, 0);
        }
        let kept = self.end;
        while self.end < self.buf.len() {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.at_eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(InputError::new(format!(
                        "{}: cannot read: {}",
                        self.source,
                        io_reason(&e)
                    )));
                }
            }
        }
        self.read += (self.end - kept) as u64;
        Ok(())
    }

    /// The bytes read and not yet parsed.
    fn unparsed(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// The next record's fields, and its bytes' range in `buf`; with `consume`, the position
    /// moves past it.
    fn next_record(
        &mut self,
        dialect: Dialect,
        fields: &mut Vec<Field>,
        consume: bool,
    ) -> Result<Option<(usize, usize)>, InputError> {
        self.record_after(dialect, fields, consume, 0)
    }

    /// The record after the next `skip` ones (only when not consuming), as [`Self::next_record`].
    fn record_after(
        &mut self,
        dialect: Dialect,
        fields: &mut Vec<Field>,
        consume: bool,
        mut skip: usize,
    ) -> Result<Option<(usize, usize)>, InputError> {
        let (mut pos, mut line) = (self.pos, self.line);
        loop {
            let scanner = Scanner::new(&self.buf[..self.end], dialect, self.at_eof);
            match scanner.record(pos, line, fields) {
                Scan::Record { next, next_line } if skip > 0 && !consume => {
                    skip -= 1;
                    (pos, line) = (next, next_line);
                }
                Scan::Record { next, next_line } => {
                    if consume {
                        (self.pos, self.line) = (next, next_line);
                    }
                    return Ok(Some((pos, next)));
                }
                Scan::Skipped { next, next_line } => {
                    (pos, line) = (next, next_line);
                    if consume {
                        (self.pos, self.line) = (pos, line);
                    }
                }
                Scan::Comment { next, next_line } => {
                    if consume {
                        self.comments.add(line);
                        (self.pos, self.line) = (next, next_line);
                    }
                    (pos, line) = (next, next_line);
                }
                Scan::End => return Ok(None),
                Scan::Incomplete => {
                    let kept_from = self.pos;
                    self.fill()?;
                    pos -= kept_from;
                }
                Scan::Unclosed { line, column } => {
                    return Err(unclosed(self.source, line, column));
                }
            }
        }
    }

    /// Skips a first line `sep=;` (Excel writes one to name the delimiter): the delimiter it
    /// names, if there is one.
    fn excel_sep_line(&mut self) -> Option<u8> {
        let line = self.unparsed();
        let delimiter = *line.get(4)?;
        let named = line.len() >= 5
            && line[..4].eq_ignore_ascii_case(b"sep=")
            && !matches!(delimiter, b'"' | b'\n' | b'\r');
        let ends = match line.get(5) {
            None => Some(5),
            Some(b'\n') => Some(6),
            Some(b'\r') => Some(if line.get(6) == Some(&b'\n') { 7 } else { 6 }),
            Some(_) => None,
        };
        let length = ends.filter(|_| named)?;
        self.pos += length;
        self.line += 1;
        Some(delimiter)
    }
}

fn unclosed(source: &str, line: u64, column: usize) -> InputError {
    InputError::new(format!(
        "{source}:{}:{column}: a quote opens here and never closes",
        line + 1
    ))
}

/// Bytes looked at to tell text from UTF-16 or binary data.
const SNIFF_BYTES: u64 = 4096;

/// Refuses bytes that are not UTF-8 or ASCII text, and drops a UTF-8 byte-order mark (Excel
/// writes one).
fn check_text(source: &str, head: &mut Vec<u8>) -> Result<(), InputError> {
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(InputError::new(format!(
            "{source}: the file is UTF-32 text; save it as UTF-8"
        )));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(format!(
            "{source}: the file is UTF-16 text; save it as UTF-8"
        )));
    }
    // A file named .npy that reached the text reader lacks NumPy's magic string.
    let not_npy = match source.to_ascii_lowercase().ends_with(".npy") {
        true => "not a .npy file (it does not begin with NumPy's magic string) and ",
        false => "",
    };
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls * 8 > head.len() {
        return Err(InputError::new(format!(
            "{source}: {not_npy}not a text file (it holds NUL bytes: UTF-16 without a byte-order \
             mark, or binary data); save it as UTF-8 CSV"
        )));
    }
    // Text has next to no control characters besides tab and line ends; random or compressed
    // bytes have one in eight. Caught here, a device such as /dev/urandom is refused at once
    // instead of parsed for ever.
    let is_control = |b: &u8| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r');
    let controls = head.iter().filter(|b| is_control(b)).count();
    if let Some(at) = head.iter().position(is_control)
        && controls >= 16
        && controls * 100 > head.len()
    {
        return Err(InputError::new(format!(
            "{source}: {not_npy}not a text file (control bytes such as \\x{:02x} at byte {}); \
             give a CSV or .npy file",
            head[at],
            at + 1
        )));
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    Ok(())
}

/// Reads CSV from `reader`; `size` (when known) lets a file too large for memory be refused
/// before it is read, and `progress` hears the bytes read after each block.
pub fn read_csv(
    source: &str,
    reader: impl Read,
    size: Option<u64>,
    options: &ReadOptions,
    chunking: Chunking,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded, InputError> {
    let mut blocks = Blocks::open(source, reader, chunking.block)?;
    let with_sep_line;
    let (options, sep_note) = match blocks.excel_sep_line() {
        Some(delimiter) => {
            with_sep_line = ReadOptions {
                delimiter,
                ..options.clone()
            };
            let shown = excerpt(&[delimiter]);
            let note = format!(
                "line 1 'sep={shown}' names the delimiter, as Excel writes it: reading with \
                 '{shown}'"
            );
            (&with_sep_line, Some(note))
        }
        None => (options, None),
    };
    let dialect = Dialect {
        delimiter: options.delimiter,
        comment: options.comment,
        thousands: options.thousands,
    };
    let first = first_row(&mut blocks, dialect)?;
    let header = options.header == HeaderMode::Present
        || (options.header == HeaderMode::Auto && first.is_surely_header());
    let names = header.then(|| first.texts());
    let width = first.fields.len() + usize::from(first.lacks_row_names);
    // Each column has a vector, a tally and a field slot in every parallel piece.
    let per_column = 256 * (rayon::current_num_threads() as u128 + 1);
    ensure_fits(source, width as u128 * per_column)?;
    let mut body = Body::new(width, names);
    read_body(&mut blocks, &mut body, dialect, size, chunking, progress)?;
    let mut comments = std::mem::take(&mut blocks.comments);
    comments.absorb(&body.comments, 0);
    body.comments = comments;
    let mut loaded = finish(source, first, body, options)?;
    loaded.reading_notes.splice(0..0, sep_note);
    Ok(loaded)
}

/// The first record, apart: whether it is a header is decided with the whole file read.
fn first_row<R: Read>(blocks: &mut Blocks<R>, dialect: Dialect) -> Result<FirstRow, InputError> {
    let mut fields = Vec::new();
    let Some((start, end)) = blocks.next_record(dialect, &mut fields, true)? else {
        return Err(InputError::new(format!(
            "{}: empty file (no rows)",
            blocks.source
        )));
    };
    let mut first = FirstRow::copy(&blocks.buf[start..end], &fields, start);
    if first.is_surely_header() {
        let second = blocks.next_record(dialect, &mut fields, false)?;
        first.lacks_row_names = second.is_some() && first.is_short_of(&fields, &blocks.buf);
        if let Some((start, end)) = second.filter(|_| !first.lacks_row_names) {
            let below = FirstRow::copy(&blocks.buf[start..end], &fields, start);
            let third = blocks.record_after(dialect, &mut fields, false, 1)?;
            if third.is_some() && below.names_columns_above(&first, &fields) {
                blocks.next_record(dialect, &mut fields, true)?;
                first.below = Some(Box::new(below));
            }
        }
    }
    Ok(first)
}

/// Parses every block after the first record into `body`, refusing a file whose rows, judged
/// from the first block, cannot fit in memory.
fn read_body<R: Read>(
    blocks: &mut Blocks<R>,
    body: &mut Body,
    dialect: Dialect,
    size: Option<u64>,
    chunking: Chunking,
    progress: &mut dyn FnMut(u64),
) -> Result<(), InputError> {
    let source = blocks.source;
    let mut sized = false;
    loop {
        let parsed = body.parse_block(
            blocks.unparsed(),
            blocks.line,
            dialect,
            blocks.at_eof,
            chunking.parallel_min,
        );
        if let Some((line, column)) = parsed.unclosed {
            return Err(unclosed(source, line, column));
        }
        blocks.pos += parsed.consumed;
        blocks.line += parsed.lines;
        progress(blocks.read);
        if !sized && body.rows() > 0 {
            // The first block's bytes per row give the file's rows, and so the memory needed.
            let per_row = blocks.read as f64 / body.rows() as f64;
            // From a pipe, only what has come so far, and a margin for the vectors' growth.
            let rows = size.map_or(body.rows() as f64 * 1.25, |s| s as f64 / per_row);
            ensure_fits(source, rows as u128 * body.width() as u128 * 8)?;
            sized = size.is_some();
        }
        if blocks.at_eof {
            return Ok(());
        }
        blocks.fill()?;
    }
}
