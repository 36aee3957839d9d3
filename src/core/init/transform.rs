//! mclust's `SVD` transform, on which its hierarchical start agglomerates by default (`hcUse =
//! "SVD"`, R/mbahc.R): the columns centred and scaled to unit standard deviation (R's `scale`,
//! n − 1), columns holding one value dropped, then rotated onto the right singular vectors V and
//! each divided by the square root of its singular value: Z = X·V·diag(1/√sᵢ).
//!
//! Here V and s come from the eigen-decomposition of XᵀX (eigenvalues sᵢ²), and directions
//! whose singular value is under 1e-6 of the largest are dropped (dividing by their root would
//! blow rounding up into the agglomeration's distances; mclust keeps them).

use nalgebra::{DMatrix, SymmetricEigen};

use crate::core::dataset::Dataset;

/// The transformed points, row-major (n×p), and p.
pub fn svd_transform(data: &Dataset) -> (Vec<f64>, usize) {
    let n = data.n();
    let mean = data.mean();
    let standardised: Vec<Vec<f64>> = (0..data.dim())
        .filter_map(|a| {
            let squares: f64 = data.column_values(a).map(|x| (x - mean[a]).powi(2)).sum();
            let sd = (squares / (n as f64 - 1.0)).sqrt();
            (sd > 0.0 && sd.is_finite())
                .then(|| data.column_values(a).map(|x| (x - mean[a]) / sd).collect())
        })
        .collect();
    let d = standardised.len();
    if d == 0 || n < 2 {
        return (vec![0.0; n], 1);
    }
    let gram = DMatrix::from_fn(d, d, |a, b| {
        standardised[a]
            .iter()
            .zip(&standardised[b])
            .map(|(x, y)| x * y)
            .sum::<f64>()
    });
    let eigen = SymmetricEigen::new(gram);
    let largest = eigen.eigenvalues.iter().copied().fold(0.0, f64::max);
    let mut directions: Vec<usize> = (0..d)
        .filter(|&j| eigen.eigenvalues[j].max(0.0).sqrt() > 1e-6 * largest.sqrt())
        .collect();
    directions.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
    let p = directions.len();
    let mut z = vec![0.0; n * p];
    for (out, &j) in directions.iter().enumerate() {
        let v = eigen.eigenvectors.column(j);
        let scale = 1.0 / eigen.eigenvalues[j].sqrt().sqrt();
        for i in 0..n {
            let projected: f64 = (0..d).map(|a| standardised[a][i] * v[a]).sum();
            z[i * p + out] = projected * scale;
        }
    }
    (z, p)
}
