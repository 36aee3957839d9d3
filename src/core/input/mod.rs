//! Reading points from a file or standard input: CSV (as spreadsheets, R and pandas write it) or
//! NumPy `.npy`, told apart by their first bytes. Every column of the file is accounted for:
//! used, or named in a note saying why not.

pub mod csv;
mod loaded;
pub mod memory;
pub mod npy;
pub mod numbers;
pub mod options;
pub mod text;

use std::io::Read;
use std::path::Path;

use super::error::InputError;
use text::io_reason;

pub use loaded::{ColumnUse, Loaded};
pub use options::{
    ColumnSelector, CommentMarker, Delimiter, HeaderMode, ReadOptions, ThousandsMark,
};

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
