//! Reading NumPy `.npy` arrays: 2-D (rows are points) or 1-D (one column), float64, float32,
//! float16 or integers of either byte order, C or Fortran order. The header is parsed by [`header`]; the
//! data is streamed in blocks straight into per-column storage.

pub mod header;

use std::io::Read;

use header::Dtype;

use super::loaded::{ColumnUse, Loaded, Notes, into_loaded};
use super::memory::ensure_fits;
use super::options::{ColumnSelector, ReadOptions};
use super::text::io_reason;
use crate::core::dataset::positional_name;
use crate::core::error::InputError;
use crate::format::plural;

/// A dtype this reader takes: float64, float32, float16 or an integer, of either byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Element {
    kind: Kind,
    size: usize,
    big_endian: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Float,
    Int,
    Uint,
}

/// The element type of a dtype such as `<f8`, `>i4` or `|u1`, or why it cannot be read.
fn element(dtype: &Dtype) -> Result<Element, String> {
    let Dtype::Plain(descr) = dtype else {
        return Err(format!(
            "a structured array ({dtype}); save a plain 2-D float array"
        ));
    };
    let unsupported =
        || format!("dtype '{descr}' is not supported (float64, float32, float16 or integers)");
    let kind_and_size = descr.trim_start_matches(['<', '>', '|', '=']);
    let well_formed = descr.len() - kind_and_size.len() <= 1
        && kind_and_size.len() >= 2
        && kind_and_size.as_bytes()[0].is_ascii_alphabetic()
        && kind_and_size[1..].bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(format!(
            "'descr' '{descr}' is not a type string such as '<f8' (byte order, kind, size)"
        ));
    }
    // '<' little-endian, '>' big, '|' not applicable (one byte), '=' or nothing: this machine's.
    let (big_endian, rest) = match descr.split_at(descr.len().min(1)) {
        ("<" | "|", rest) => (false, rest),
        (">", rest) => (true, rest),
        ("=", rest) => (cfg!(target_endian = "big"), rest),
        _ => (cfg!(target_endian = "big"), descr.as_str()),
    };
    let (kind, size) = rest.split_at(rest.len().min(1));
    let kind = match kind {
        "f" => Kind::Float,
        "i" => Kind::Int,
        "u" => Kind::Uint,
        _ => return Err(unsupported()),
    };
    let size: usize = size.parse().map_err(|_| unsupported())?;
    match (kind, size) {
        (Kind::Float, 2 | 4 | 8) | (Kind::Int | Kind::Uint, 1 | 2 | 4 | 8) => Ok(Element {
            kind,
            size,
            big_endian,
        }),
        _ => Err(unsupported()),
    }
}

/// Where the next element goes: C order walks along a row, Fortran order down a column.
struct Cursor<'a> {
    row: usize,
    column: usize,
    n: usize,
    dim: usize,
    fortran: bool,
    /// Each column's place among the kept columns, if kept.
    slots: &'a [Option<usize>],
}

impl Cursor<'_> {
    /// Decodes whole elements of `SIZE` bytes from `bytes` into `columns`.
    fn scatter<const SIZE: usize>(
        &mut self,
        bytes: &[u8],
        decode: impl Fn([u8; SIZE]) -> f64,
        columns: &mut [Vec<f64>],
    ) {
        for element in bytes.chunks_exact(SIZE) {
            let value = decode(element.try_into().expect("SIZE bytes"));
            if let Some(slot) = self.slots[self.column] {
                columns[slot].push(value);
            }
            if self.fortran {
                self.row += 1;
                if self.row == self.n {
                    (self.row, self.column) = (0, self.column + 1);
                }
            } else {
                self.column += 1;
                if self.column == self.dim {
                    self.column = 0;
                }
            }
        }
    }

    /// Decodes `bytes` of `element`s, one monomorphic loop per type.
    fn decode(&mut self, element: Element, bytes: &[u8], columns: &mut [Vec<f64>]) {
        macro_rules! each {
            ($t:ty, $size:literal) => {
                if element.big_endian {
                    self.scatter::<$size>(bytes, |b| <$t>::from_be_bytes(b) as f64, columns)
                } else {
                    self.scatter::<$size>(bytes, |b| <$t>::from_le_bytes(b) as f64, columns)
                }
            };
        }
        match (element.kind, element.size) {
            (Kind::Float, 8) => each!(f64, 8),
            (Kind::Float, 4) => each!(f32, 4),
            (Kind::Float, _) => self.scatter::<2>(
                bytes,
                |b| match element.big_endian {
                    true => half_to_f64(u16::from_be_bytes(b)),
                    false => half_to_f64(u16::from_le_bytes(b)),
                },
                columns,
            ),
            (Kind::Int, 1) => each!(i8, 1),
            (Kind::Int, 2) => each!(i16, 2),
            (Kind::Int, 4) => each!(i32, 4),
            (Kind::Int, _) => each!(i64, 8),
            (_, 1) => each!(u8, 1),
            (_, 2) => each!(u16, 2),
            (_, 4) => each!(u32, 4),
            (_, _) => each!(u64, 8),
        }
    }
}

/// An IEEE half-precision number's value (every one is exact in f64): what NumPy's float16
/// holds, which Rust has no stable type for.
pub fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 == 0 { 1.0 } else { -1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    match exponent {
        0 => sign * fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        _ => sign * (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// The 0-based columns `--columns` picks from `dim`: by 1-based index, or by the names
/// `x1…xD` the points get.
fn selected(source: &str, options: &ReadOptions, dim: usize) -> Result<Vec<usize>, InputError> {
    let Some(selectors) = &options.columns else {
        return Ok((0..dim).collect());
    };
    let mut used: Vec<usize> = Vec::new();
    for selector in selectors {
        let index = match selector {
            ColumnSelector::Index(i) => Some(*i),
            ColumnSelector::Name(name) => name.strip_prefix('x').and_then(|i| i.parse().ok()),
        };
        let c = match index {
            Some(i) if (1..=dim).contains(&i) => i - 1,
            _ => {
                let origin = options
                    .columns_origin
                    .as_ref()
                    .map_or(String::new(), |origin| format!("; {origin}"));
                let names = match dim {
                    1 => "x1, or 1".to_string(),
                    _ => format!("x1…x{dim}, or 1…{dim}"),
                };
                return Err(InputError::new(format!(
                    "{source}: no column {selector} in a .npy array of {} ({names}){origin}",
                    plural(dim, "column")
                )));
            }
        };
        if used.contains(&c) {
            return Err(InputError::new(format!(
                "--columns selects column {} twice: a duplicated column is perfectly correlated \
                 with itself",
                c + 1
            )));
        }
        used.push(c);
    }
    Ok(used)
}

/// The header of a `.npy` file (format 1.0) holding an array of `shape` with dtype `descr`
/// (e.g. `<f8`), in Fortran or C order; the raw data follows it.
pub fn npy_header(descr: &str, fortran: bool, shape: &[usize]) -> Vec<u8> {
    let sizes: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape = match sizes.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", sizes.join(", ")),
    };
    let order = if fortran { "True" } else { "False" };
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}");
    // Magic (6), version (2), length (2), dict and newline: a multiple of 64 bytes.
    while (10 + dict.len() + 1) % 64 != 0 {
        dict.push(' ');
    }
    dict.push('\n');
    let mut header = b"\x93NUMPY\x01\x00".to_vec();
    header.extend((dict.len() as u16).to_le_bytes());
    header.extend(dict.bytes());
    header
}

/// Elements decoded per block.
const BLOCK_ELEMENTS: usize = 1 << 17;

/// Reads a `.npy` array from `reader`.
pub fn read_npy(
    source: &str,
    mut reader: impl Read,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded, InputError> {
    let invalid = |why: String| InputError::new(format!("{source}: {why}"));
    let header = header::read_header(&mut reader)
        .map_err(|e| invalid(format!("not a valid .npy file: {e}")))?;
    let element = element(&header.dtype).map_err(invalid)?;
    let (n, dim) = shape(&header.shape).map_err(invalid)?;
    // What the data needs, then the bookkeeping of every column, before anything is allocated.
    let array_needs = |columns: usize| {
        ensure_fits(
            &format!("{source}: a {n}×{dim} array read as 8-byte values"),
            (n as u128 * columns as u128).saturating_mul(8),
        )
    };
    if options.columns.is_none() {
        array_needs(dim)?;
    }
    ensure_fits(source, dim as u128 * 64)?;
    let used = selected(source, options, dim)?;
    array_needs(used.len())?;
    let array = Array {
        n,
        dim,
        element,
        fortran: header.fortran_order,
    };
    let kept = read_values(source, reader, array, &used, progress)?;
    if !options.drop_invalid {
        refuse_non_finite(source, &kept, &used)?;
    }
    let mut uses = vec![ColumnUse::NotSelected; dim];
    for &c in &used {
        uses[c] = ColumnUse::Used;
    }
    let names = used.iter().map(|&c| positional_name(c)).collect();
    let drop_invalid = options.drop_invalid;
    let mut notes = Notes::default();
    if n < dim {
        // np.save(f, a) of points stored one per column, as MATLAB and R users keep them.
        notes.reading.push(format!(
            "the array has fewer rows ({n}) than columns ({dim}): each row is read as a point; \
             if each column is one, save its transpose (a.T)"
        ));
    }
    into_loaded(source, names, kept, false, notes, uses, drop_invalid)
}

/// The array's rows and columns: a 1-D array is one column; anything but 1-D or 2-D, an empty
/// array or one larger than the address space is refused.
fn shape(shape: &[u64]) -> Result<(usize, usize), String> {
    let (n, dim) = match *shape {
        [n] => (n, 1),
        [n, d] => (n, d),
        ref shape => {
            return Err(format!(
                "a {}-D array of shape {shape:?}; points need a 1-D or 2-D array",
                shape.len()
            ));
        }
    };
    if n == 0 || dim == 0 {
        return Err(format!("the array is empty (shape {n}×{dim})"));
    }
    match (usize::try_from(n), usize::try_from(dim)) {
        (Ok(n), Ok(dim)) => Ok((n, dim)),
        _ => Err("the array is larger than this machine can address".into()),
    }
}

/// What a `.npy` header says of the data that follows it.
#[derive(Clone, Copy)]
struct Array {
    n: usize,
    dim: usize,
    element: Element,
    fortran: bool,
}

/// Decodes the array's data, block by block, into one vector per used column.
fn read_values(
    source: &str,
    mut raw: impl Read,
    array: Array,
    used: &[usize],
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<Vec<f64>>, InputError> {
    let Array {
        n, dim, element, ..
    } = array;
    let size = element.size;
    let mut slots = vec![None; dim];
    for (slot, &c) in used.iter().enumerate() {
        slots[c] = Some(slot);
    }
    let mut cursor = Cursor {
        row: 0,
        column: 0,
        n,
        dim,
        fortran: array.fortran,
        slots: &slots,
    };
    let mut kept: Vec<Vec<f64>> = used.iter().map(|_| Vec::with_capacity(n)).collect();
    let total = n as u128 * dim as u128;
    let mut buf = vec![0u8; BLOCK_ELEMENTS.min(total as usize) * size];
    let mut done: u128 = 0;
    while done < total {
        let count = (total - done).min(BLOCK_ELEMENTS as u128) as usize;
        let got = read_full(&mut raw, &mut buf[..count * size])
            .map_err(|e| InputError::new(format!("{source}: cannot read: {}", io_reason(&e))))?;
        if got < count * size {
            return Err(InputError::new(format!(
                "{source}: the file ends after {} of the {total} values its header announces \
                 ({n}×{dim})",
                done + (got / size) as u128
            )));
        }
        cursor.decode(element, &buf[..count * size], &mut kept);
        done += count as u128;
        progress((done * size as u128) as u64);
    }
    refuse_more_than_announced(source, raw, array)?;
    Ok(kept)
}

/// Bytes after the values the header announces: an edited shape (`(29, 3)` over 30 rows) or an
/// array appended to would otherwise lose its last rows without a word.
fn refuse_more_than_announced(
    source: &str,
    mut raw: impl Read,
    array: Array,
) -> Result<(), InputError> {
    let extra = std::io::copy(&mut raw, &mut std::io::sink())
        .map_err(|e| InputError::new(format!("{source}: cannot read: {}", io_reason(&e))))?;
    if extra == 0 {
        return Ok(());
    }
    let size = array.element.size as u64;
    let more = if extra % size == 0 {
        plural((extra / size) as usize, "more value")
    } else {
        plural(extra as usize, "more byte")
    };
    let total = array.n as u128 * array.dim as u128;
    Err(InputError::new(format!(
        "{source}: the header announces {total} values ({} × {}), but the file holds {more} \
         after them: an edited header or appended data; re-save the array",
        array.n, array.dim
    )))
}

/// Fills `buf` from `reader` as far as it goes; the bytes read (fewer at the end of the input).
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The first NaN or infinity, by row then column, named as NumPy indexes it.
fn refuse_non_finite(source: &str, columns: &[Vec<f64>], used: &[usize]) -> Result<(), InputError> {
    let first = columns
        .iter()
        .zip(used)
        .filter_map(|(values, &c)| Some((values.iter().position(|v| !v.is_finite())?, c)))
        .min();
    match first {
        Some((row, c)) => {
            let k = used.iter().position(|&u| u == c).expect("a used column");
            Err(InputError::new(format!(
                "{source}: row {row}, column {c} (0-based, as NumPy counts; 'x{}'): {} is not a \
                 finite number (--drop-invalid skips such rows)",
                c + 1,
                columns[k][row]
            )))
        }
        None => Ok(()),
    }
}
