//! A set of points in D dimensions, stored column by column so that the EM kernel can stream
//! each coordinate as a contiguous slice — or kept where a caller already holds them (a NumPy
//! array), read a chunk at a time so that they are never copied whole.

use std::cell::RefCell;
use std::fmt;
use std::iter::StepBy;
use std::ops::Range;
use std::slice;
use std::sync::{Arc, OnceLock};

use super::error::InputError;
use super::input::text::excerpt;
use crate::format::shortest;

/// Largest magnitude a coordinate may have: squared and summed over 10¹² points it stays finite
/// in f64 (about 1.8e308), which the covariances and distances of EM need.
pub const LARGEST_VALUE: f64 = 1e145;
/// Smallest non-zero spread a column may have: its square (about 1e-290) stays a normal f64,
/// so the variance does not underflow to zero or lose its precision in subnormals.
pub const SMALLEST_SPREAD: f64 = 1e-145;

/// The name of unnamed column `c` (0-based): `x1` for the first. Every reader and model names a
/// column it has no name for this way (a `.npy` array, a header-less CSV, points from Python),
/// so a model fitted on one predicts on another.
pub fn positional_name(c: usize) -> String {
    format!("x{}", c + 1)
}

/// The names of `d` unnamed columns, `x1` … `xD`.
pub fn positional_names(d: usize) -> Vec<String> {
    (0..d).map(positional_name).collect()
}

/// Points with named columns; `columns[a][i]` is coordinate `a` of point `i`. One vector per
/// column lets a reader fill each column as it streams, with no final copy.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Where the points came from, for reports: a scenario name or a file path.
    pub source: String,
    pub columns: Vec<String>,
    n: usize,
    values: Values,
}

/// N×D numbers that someone else keeps (a NumPy array's buffer): shared, never copied whole.
pub type SharedValues = Arc<dyn AsRef<[f64]> + Send + Sync>;

/// How [`SharedValues`] are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Point after point (NumPy's C order).
    RowMajor,
    /// Column after column (NumPy's Fortran order): each column is a contiguous slice.
    ColumnMajor,
}

#[derive(Clone)]
enum Values {
    /// One vector per column: what the readers and the scenarios fill.
    Columns(Vec<Vec<f64>>),
    Shared {
        values: SharedValues,
        order: Order,
        /// Row-major values as columns, made the first time a caller asks for a whole column
        /// ([`Dataset::column`]); the EM kernel and the starts read chunks and never need it.
        columns: OnceLock<Vec<Vec<f64>>>,
    },
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Values::Columns(columns) => columns.fmt(f),
            Values::Shared { values, order, .. } => {
                write!(f, "{order:?} {:?}", values.as_ref().as_ref())
            }
        }
    }
}

impl PartialEq for Dataset {
    /// The same points under the same names, however they are stored.
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.columns == other.columns
            && self.n == other.n
            && (0..self.dim()).all(|a| self.column_values(a).eq(other.column_values(a)))
    }
}

/// Coordinate `a` of every point in order: a slice's values, or every D-th of row-major ones.
pub enum ColumnValues<'a> {
    Contiguous(slice::Iter<'a, f64>),
    Strided(StepBy<slice::Iter<'a, f64>>),
}

impl Iterator for ColumnValues<'_> {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        match self {
            ColumnValues::Contiguous(values) => values.next().copied(),
            ColumnValues::Strided(values) => values.next().copied(),
        }
    }

    /// Delegated, so that a sum over a contiguous column runs the slice's own loop.
    fn fold<B, F: FnMut(B, f64) -> B>(self, init: B, mut f: F) -> B {
        match self {
            ColumnValues::Contiguous(values) => values.fold(init, |acc, v| f(acc, *v)),
            ColumnValues::Strided(values) => values.fold(init, |acc, v| f(acc, *v)),
        }
    }
}

thread_local! {
    /// Each thread's room for the columns of the row-major points it is working on.
    static TRANSPOSED: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

impl Dataset {
    /// Builds a data set from column-major values; `values.len()` must be `n * columns.len()`.
    pub fn from_columns(source: String, columns: Vec<String>, values: Vec<f64>) -> Self {
        let dim = columns.len().max(1);
        assert_eq!(values.len() % dim, 0, "values must fill whole columns");
        let n = values.len() / dim;
        // Split off from the end, shrinking as it goes: one column's copy at a time at most.
        let mut values = values;
        let mut split: Vec<Vec<f64>> = (1..columns.len())
            .rev()
            .map(|a| {
                let column = values.split_off(a * n);
                values.shrink_to_fit();
                column
            })
            .collect();
        split.push(values);
        split.reverse();
        split.truncate(columns.len());
        Self::from_column_vecs(source, columns, split)
    }

    /// Builds a data set from one vector per column, all of the same length.
    pub fn from_column_vecs(source: String, columns: Vec<String>, values: Vec<Vec<f64>>) -> Self {
        assert_eq!(columns.len(), values.len(), "one name per column");
        let n = values.first().map_or(0, Vec::len);
        assert!(values.iter().all(|c| c.len() == n), "columns of one length");
        Dataset {
            source,
            columns,
            n,
            values: Values::Columns(values),
        }
    }

    /// A data set on `values` that someone else keeps (a NumPy array's buffer, N×D in `order`),
    /// read where they are: the EM pass and the starts take a chunk of points at a time, so
    /// nothing copies them whole. `values.len()` must be N × `columns.len()`.
    pub fn from_shared(
        source: String,
        columns: Vec<String>,
        values: SharedValues,
        order: Order,
    ) -> Self {
        let dim = columns.len().max(1);
        let len = values.as_ref().as_ref().len();
        assert_eq!(len % dim, 0, "values must fill whole rows");
        Dataset {
            source,
            n: len / dim,
            columns,
            values: Values::Shared {
                values,
                order,
                columns: OnceLock::new(),
            },
        }
    }

    /// The same points with their columns in `order` (each column once): own columns moved,
    /// not copied; someone else's values copied into columns in that order.
    pub fn reordered(mut self, order: &[usize]) -> Dataset {
        let columns = order.iter().map(|&a| self.columns[a].clone()).collect();
        let values = if let Values::Columns(values) = &mut self.values {
            let mut values: Vec<Option<Vec<f64>>> = values.drain(..).map(Some).collect();
            order
                .iter()
                .map(|&a| values[a].take().expect("each column once"))
                .collect()
        } else {
            order
                .iter()
                .map(|&a| self.column_values(a).collect())
                .collect()
        };
        Self::from_column_vecs(self.source, columns, values)
    }

    /// Builds a data set from rows (each of length D).
    pub fn from_rows(source: String, columns: Vec<String>, rows: &[Vec<f64>]) -> Self {
        let values = (0..columns.len())
            .map(|a| rows.iter().map(|row| row[a]).collect())
            .collect();
        Self::from_column_vecs(source, columns, values)
    }

    pub fn n(&self) -> usize {
        self.n
    }

    pub fn dim(&self) -> usize {
        self.columns.len()
    }

    /// Coordinate `a` of every point, as one slice. Row-major shared values are copied into
    /// columns the first time (all of them, once); what runs per iteration reads
    /// [`with_columns`](Self::with_columns) or [`column_values`](Self::column_values) instead.
    pub fn column(&self, a: usize) -> &[f64] {
        let n = self.n;
        match &self.values {
            Values::Columns(columns) => &columns[a],
            Values::Shared { values, order, .. } if *order == Order::ColumnMajor => {
                &values.as_ref().as_ref()[a * n..(a + 1) * n]
            }
            Values::Shared {
                values, columns, ..
            } => {
                let d = self.dim();
                let rows = values.as_ref().as_ref();
                &columns.get_or_init(|| {
                    (0..d)
                        .map(|a| rows.iter().skip(a).step_by(d).copied().collect())
                        .collect()
                })[a]
            }
        }
    }

    /// Coordinate `a` of every point, in order, read where the values are.
    pub fn column_values(&self, a: usize) -> ColumnValues<'_> {
        match &self.values {
            Values::Shared { values, order, .. } if *order == Order::RowMajor => {
                ColumnValues::Strided(values.as_ref().as_ref()[a..].iter().step_by(self.dim()))
            }
            _ => ColumnValues::Contiguous(self.column(a).iter()),
        }
    }

    /// Coordinate `a` of point `i`.
    pub fn value(&self, i: usize, a: usize) -> f64 {
        match &self.values {
            Values::Columns(columns) => columns[a][i],
            Values::Shared { values, order, .. } => {
                let values = values.as_ref().as_ref();
                match order {
                    Order::RowMajor => values[i * self.dim() + a],
                    Order::ColumnMajor => values[a * self.n + i],
                }
            }
        }
    }

    /// Point `i` as a vector.
    pub fn point(&self, i: usize) -> Vec<f64> {
        (0..self.dim()).map(|a| self.value(i, a)).collect()
    }

    /// Whether the values are row-major (then [`with_columns`](Self::with_columns) copies).
    pub fn is_row_major(&self) -> bool {
        matches!(
            &self.values,
            Values::Shared {
                order: Order::RowMajor,
                ..
            }
        )
    }

    /// Runs `f` on the columns of the points `range` (each `range.len()` long): slices of the
    /// data where its columns are contiguous, else these points transposed into a buffer of
    /// the calling thread's, so that a pass over row-major values holds one chunk's copy at a
    /// time per thread.
    pub fn with_columns<R>(&self, range: Range<usize>, f: impl FnOnce(&[&[f64]]) -> R) -> R {
        let d = self.dim();
        let rows = match &self.values {
            Values::Shared {
                values,
                order: Order::RowMajor,
                ..
            } => &values.as_ref().as_ref()[range.start * d..range.end * d],
            _ => {
                let columns: Vec<&[f64]> = (0..d).map(|a| &self.column(a)[range.clone()]).collect();
                return f(&columns);
            }
        };
        let len = range.len();
        let transpose = |buffer: &mut Vec<f64>| {
            buffer.clear();
            buffer.resize(d * len, 0.0);
            for (i, row) in rows.chunks_exact(d).enumerate() {
                for (a, &x) in row.iter().enumerate() {
                    buffer[a * len + i] = x;
                }
            }
            let columns: Vec<&[f64]> = (0..d).map(|a| &buffer[a * len..(a + 1) * len]).collect();
            f(&columns)
        };
        TRANSPOSED.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buffer) => transpose(&mut buffer),
            // Called again from inside `f` on this thread: a buffer of its own.
            Err(_) => transpose(&mut Vec::new()),
        })
    }

    /// The sample mean.
    pub fn mean(&self) -> Vec<f64> {
        (0..self.dim())
            .map(|a| self.column_values(a).sum::<f64>() / self.n as f64)
            .collect()
    }

    /// The biased (divide by N) sample covariance, D×D row-major, from centred sums.
    pub fn covariance(&self) -> Vec<f64> {
        let d = self.dim();
        let mean = self.mean();
        let mut cov = vec![0.0; d * d];
        for a in 0..d {
            for b in a..d {
                let (xa, xb) = (self.column_values(a), self.column_values(b));
                let s: f64 = xa.zip(xb).map(|(u, v)| (u - mean[a]) * (v - mean[b])).sum();
                cov[a * d + b] = s / self.n as f64;
                cov[b * d + a] = cov[a * d + b];
            }
        }
        cov
    }

    /// Each column's biased (divide by N) variance, from centred sums: the diagonal of
    /// [`covariance`](Self::covariance), the same numbers, without its D² sums.
    pub fn variances(&self) -> Vec<f64> {
        let mean = self.mean();
        (0..self.dim())
            .map(|a| {
                let s: f64 = self
                    .column_values(a)
                    .map(|u| (u - mean[a]) * (u - mean[a]))
                    .sum();
                s / self.n as f64
            })
            .collect()
    }

    /// Smallest and largest value of each column.
    pub fn bounds(&self) -> Vec<(f64, f64)> {
        (0..self.dim())
            .map(|a| {
                self.column_values(a)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                        (lo.min(v), hi.max(v))
                    })
            })
            .collect()
    }

    /// Refuses values EM cannot square in f64: NaN or infinity, a magnitude beyond
    /// [`LARGEST_VALUE`], or a column whose values differ by less than [`SMALLEST_SPREAD`]
    /// (but not by zero: a constant column is the regulariser's business). The message names the
    /// column and its range, so the user knows which column to rescale. Gives the columns'
    /// [`bounds`](Self::bounds), found on the way, so that a caller needs no second pass.
    pub fn check_values(&self) -> Result<Vec<(f64, f64)>, InputError> {
        let bounds = self.bounds();
        for ((a, name), &(lo, hi)) in self.columns.iter().enumerate().zip(&bounds) {
            let name = excerpt(name.as_bytes());
            if let Some((i, v)) = self
                .column_values(a)
                .enumerate()
                .find(|(_, v)| !v.is_finite())
            {
                return Err(InputError::new(format!(
                    "{}: column '{name}', point {}: {v} is not a finite number",
                    self.source,
                    i + 1,
                )));
            }
            let range = format!("ranges from {} to {}", shortest(lo), shortest(hi));
            if lo < -LARGEST_VALUE || hi > LARGEST_VALUE {
                return Err(InputError::new(format!(
                    "{}: column '{name}' {range}: beyond ±{LARGEST_VALUE:e} its squares overflow \
                     f64; rescale the column (--drop-invalid skips such rows)",
                    self.source
                )));
            }
            if hi > lo && hi - lo < SMALLEST_SPREAD {
                return Err(InputError::new(format!(
                    "{}: column '{name}' {range}: a spread below {SMALLEST_SPREAD:e} underflows \
                     when squared in f64; rescale the column",
                    self.source
                )));
            }
        }
        Ok(bounds)
    }
}
