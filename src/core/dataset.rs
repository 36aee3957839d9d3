//! A set of points in D dimensions, stored column by column so that the EM kernel can stream
//! each coordinate as a contiguous slice.

use super::error::InputError;
use super::input::text::excerpt;
use crate::format::shortest;

/// Largest magnitude a coordinate may have: squared and summed over 10¹² points it stays finite
/// in f64 (about 1.8e308), which the covariances and distances of EM need.
pub const LARGEST_VALUE: f64 = 1e145;
/// Smallest non-zero spread a column may have: its square (about 1e-290) stays a normal f64,
/// so the variance does not underflow to zero or lose its precision in subnormals.
pub const SMALLEST_SPREAD: f64 = 1e-145;

/// Points with named columns; `columns[a][i]` is coordinate `a` of point `i`. One vector per
/// column lets a reader fill each column as it streams, with no final copy.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Where the points came from, for reports: a scenario name or a file path.
    pub source: String,
    pub columns: Vec<String>,
    n: usize,
    values: Vec<Vec<f64>>,
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
            values,
        }
    }

    /// The same points with their columns in `order` (each column once), moved, not copied.
    pub fn reordered(mut self, order: &[usize]) -> Dataset {
        let mut values: Vec<Option<Vec<f64>>> = self.values.drain(..).map(Some).collect();
        let columns = order.iter().map(|&a| self.columns[a].clone()).collect();
        let values = order
            .iter()
            .map(|&a| values[a].take().expect("each column once"))
            .collect();
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

    /// Coordinate `a` of every point.
    pub fn column(&self, a: usize) -> &[f64] {
        &self.values[a]
    }

    /// Point `i` as a vector.
    pub fn point(&self, i: usize) -> Vec<f64> {
        self.values.iter().map(|column| column[i]).collect()
    }

    /// The sample mean.
    pub fn mean(&self) -> Vec<f64> {
        (0..self.dim())
            .map(|a| self.column(a).iter().sum::<f64>() / self.n as f64)
            .collect()
    }

    /// The biased (divide by N) sample covariance, D×D row-major, from centred sums.
    pub fn covariance(&self) -> Vec<f64> {
        let d = self.dim();
        let mean = self.mean();
        let mut cov = vec![0.0; d * d];
        for a in 0..d {
            for b in a..d {
                let (xa, xb) = (self.column(a), self.column(b));
                let s: f64 = xa
                    .iter()
                    .zip(xb)
                    .map(|(u, v)| (u - mean[a]) * (v - mean[b]))
                    .sum();
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
                    .column(a)
                    .iter()
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
                self.column(a)
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
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
            let column = self.column(a);
            let name = excerpt(name.as_bytes());
            if let Some(i) = column.iter().position(|v| !v.is_finite()) {
                return Err(InputError::new(format!(
                    "{}: column '{name}', point {}: {} is not a finite number",
                    self.source,
                    i + 1,
                    column[i]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn one_column(values: Vec<f64>) -> Dataset {
        Dataset::from_column_vecs("t".into(), vec!["x".into()], vec![values])
    }

    #[test]
    fn flat_and_per_column_constructors_agree() {
        let flat = Dataset::from_columns(
            "t".into(),
            vec!["x".into(), "y".into()],
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        );
        let rows = Dataset::from_rows(
            "t".into(),
            vec!["x".into(), "y".into()],
            &[vec![1.0, 4.0], vec![2.0, 5.0], vec![3.0, 6.0]],
        );
        assert_eq!(flat, rows);
        assert_eq!(flat.column(1), &[4.0, 5.0, 6.0]);
        assert_eq!(flat.point(2), vec![3.0, 6.0]);
    }

    #[test]
    fn values_whose_squares_overflow_or_underflow_are_refused_by_column_and_range() {
        let outlier = one_column(vec![0.5, 1.0, 1e200])
            .check_values()
            .unwrap_err();
        assert!(
            outlier.0.contains("column 'x' ranges from 0.5 to 1e200"),
            "{outlier}"
        );
        let tiny = one_column(vec![1e-165, 3e-165]).check_values().unwrap_err();
        assert!(
            tiny.0.contains("column 'x' ranges from 1e-165 to 3e-165"),
            "{tiny}"
        );
        assert!(one_column(vec![f64::NAN]).check_values().is_err());
        assert!(one_column(vec![1e144, -1e144, 7.0]).check_values().is_ok());
        assert!(one_column(vec![1e-200, 1e-200]).check_values().is_ok());
    }
}
