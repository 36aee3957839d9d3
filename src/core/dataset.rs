//! A set of points in D dimensions, stored column by column so that the EM kernel can stream
//! each coordinate as a contiguous slice.

/// Points with named columns. `values[a * n + i]` is coordinate `a` of point `i`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Where the points came from, for reports: a scenario name or a file path.
    pub source: String,
    pub columns: Vec<String>,
    n: usize,
    values: Vec<f64>,
}

impl Dataset {
    /// Builds a data set from column-major values; `values.len()` must be `n * columns.len()`.
    pub fn from_columns(source: String, columns: Vec<String>, values: Vec<f64>) -> Self {
        let dim = columns.len().max(1);
        assert_eq!(values.len() % dim, 0, "values must fill whole columns");
        let n = values.len() / dim;
        Dataset {
            source,
            columns,
            n,
            values,
        }
    }

    /// Builds a data set from rows (each of length D).
    pub fn from_rows(source: String, columns: Vec<String>, rows: &[Vec<f64>]) -> Self {
        let d = columns.len();
        let n = rows.len();
        let mut values = vec![0.0; n * d];
        for (i, row) in rows.iter().enumerate() {
            for (a, v) in row.iter().enumerate() {
                values[a * n + i] = *v;
            }
        }
        Self::from_columns(source, columns, values)
    }

    pub fn n(&self) -> usize {
        self.n
    }

    pub fn dim(&self) -> usize {
        self.columns.len()
    }

    /// Coordinate `a` of every point.
    pub fn column(&self, a: usize) -> &[f64] {
        &self.values[a * self.n..(a + 1) * self.n]
    }

    /// Point `i` as a vector.
    pub fn point(&self, i: usize) -> Vec<f64> {
        (0..self.dim())
            .map(|a| self.values[a * self.n + i])
            .collect()
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
}
