//! A start from a partition of the data: each part starts a component with its share of the
//! points, its mean and its covariance (plus `reg_covar`), as an M-step from those hard
//! responsibilities would. A part too small to span the dimensions (fewer than D + 1 points), or
//! flat, starts with the data's covariance instead, so that no start is a spike (tied: pooled over
//! every part, only a flat one).
//!
//! Starting every component from the data's covariance instead makes wide, overlapping starts
//! that EM tends to settle from into the same poor optimum (on the `cigars` data with K = 4 diag,
//! every one of 30 such restarts ended 46 below the optimum that these starts reach).

use rayon::prelude::*;

use super::data_covariance_as;
use crate::core::dataset::Dataset;
use crate::core::kernel::Moments;
use crate::core::linalg::{diagonal_precision_cholesky, precision_cholesky};
use crate::core::model::{CovarianceType, Gmm};
use crate::core::mstep::m_step;

/// Points per parallel block: the sums of each block are added in block order, so a start does
/// not depend on the thread count.
const BLOCK: usize = 4096;

/// The start that `seeds` (K×D, distinct data points) give: every point goes to its nearest seed,
/// as in k-means' assignment step.
pub fn seeds_start(
    data: &Dataset,
    seeds: Vec<f64>,
    covariance_type: CovarianceType,
    reg_covar: f64,
) -> Gmm {
    let k = seeds.len() / data.dim().max(1);
    let labels = nearest(data, &seeds);
    labels_start(data, &labels, k, covariance_type, reg_covar)
}

/// Point `i`'s squared distance to its nearest of `centres` (K×D; the first of equals), and
/// that centre's index: k-means' assignment of one point, for the starts and for Lloyd.
pub fn nearest_centre(columns: &[&[f64]], centres: &[f64], i: usize) -> (f64, usize) {
    let mut best = (f64::INFINITY, 0);
    for (c, centre) in centres.chunks_exact(columns.len()).enumerate() {
        let squared: f64 = columns
            .iter()
            .zip(centre)
            .map(|(column, m)| (column[i] - m) * (column[i] - m))
            .sum();
        if squared < best.0 {
            best = (squared, c);
        }
    }
    best
}

/// Each point's nearest of `centres` (K×D, squared Euclidean distance; the first of equals).
pub fn nearest(data: &Dataset, centres: &[f64]) -> Vec<usize> {
    let mut labels = vec![0; data.n()];
    labels
        .par_chunks_mut(BLOCK)
        .enumerate()
        .for_each(|(b, block)| {
            let start = b * BLOCK;
            data.with_columns(start..start + block.len(), |columns| {
                for (i, label) in block.iter_mut().enumerate() {
                    *label = nearest_centre(columns, centres, i).1;
                }
            })
        });
    labels
}

/// The start that a partition gives: `labels[i]` (below `k`) is the part of point `i` of `data`.
/// Two parallel passes (the parts' means, then their sums of squares about them), then
/// [`m_step`] from those sums.
pub fn labels_start(
    data: &Dataset,
    labels: &[usize],
    k: usize,
    covariance_type: CovarianceType,
    reg_covar: f64,
) -> Gmm {
    let d = data.dim();
    // Per block: counts and coordinate sums (K + K·D numbers), added in block order.
    let totals = in_blocks(data, labels, k * (d + 1), |columns, i, c, sums| {
        sums[c] += 1.0;
        for (a, column) in columns.iter().enumerate() {
            sums[k + c * d + a] += column[i];
        }
    });
    let (counts, sums) = totals.split_at(k);
    let means: Vec<f64> = (0..k * d)
        .map(|j| sums[j] / counts[j / d].max(1.0))
        .collect();
    let moments = Moments {
        k,
        d,
        log_likelihood: 0.0,
        nk: counts.to_vec(),
        // About each part's own mean, the M-step's first moments are zero.
        first: vec![0.0; k * d],
        second: squares_about(data, labels, &means, k, covariance_type),
    };
    let around = Gmm {
        covariance_type,
        dim: d,
        weights: vec![1.0 / k as f64; k],
        means,
        covariances: vec![0.0; k * covariance_type.stored_len(d)],
    };
    let fallback = data_covariance_as(data, covariance_type, reg_covar);
    from_moments(&moments, around, reg_covar, &fallback)
}

/// Each part's sums of squares about its mean `means` in the shape the M-step reads for
/// `covariance_type`: the upper triangles (K×D×D) with correlations, the variances' sums (K×D)
/// without.
fn squares_about(
    data: &Dataset,
    labels: &[usize],
    means: &[f64],
    k: usize,
    covariance_type: CovarianceType,
) -> Vec<f64> {
    let d = data.dim();
    if !covariance_type.has_correlations() {
        return in_blocks(data, labels, k * d, |columns, i, c, sums| {
            for (a, column) in columns.iter().enumerate() {
                let x = column[i] - means[c * d + a];
                sums[c * d + a] += x * x;
            }
        });
    }
    in_blocks(data, labels, k * d * d, |columns, i, c, sums| {
        let block = &mut sums[c * d * d..(c + 1) * d * d];
        for a in 0..d {
            let x = columns[a][i] - means[c * d + a];
            for b in a..d {
                block[a * d + b] += x * (columns[b][i] - means[c * d + b]);
            }
        }
    })
}

/// `len` sums gathered by `add(the block's columns, point in the block, its label, sums)` over
/// parallel blocks of the points of `data` (read in place, [`Dataset::with_columns`]), the
/// blocks' sums added in block order.
fn in_blocks(
    data: &Dataset,
    labels: &[usize],
    len: usize,
    add: impl Fn(&[&[f64]], usize, usize, &mut [f64]) + Sync,
) -> Vec<f64> {
    let blocks: Vec<Vec<f64>> = labels
        .par_chunks(BLOCK)
        .enumerate()
        .map(|(b, block)| {
            let start = b * BLOCK;
            data.with_columns(start..start + block.len(), |columns| {
                let mut sums = vec![0.0; len];
                for (i, &c) in block.iter().enumerate() {
                    add(columns, i, c, &mut sums);
                }
                sums
            })
        })
        .collect();
    let mut total = vec![0.0; len];
    for block in blocks {
        total.iter_mut().zip(block).for_each(|(t, s)| *t += s);
    }
    total
}

/// The M-step from the parts' sums around `around`'s means, with every part too small or too
/// flat to draw given `fallback` (the data's covariance, as the type stores it) instead. A tied
/// covariance is pooled over every part, so only its own factor is checked: replacing one part's
/// copy would start a tied model whose components differ.
fn from_moments(moments: &Moments, around: Gmm, reg_covar: f64, fallback: &[f64]) -> Gmm {
    let Ok(mut model) = m_step(moments, &around, reg_covar) else {
        return with_covariance(around, fallback);
    };
    let (d, covariance_type) = (model.dim, model.covariance_type);
    if covariance_type == CovarianceType::Tied {
        return match factorable(covariance_type, model.stored_covariance(0), d) {
            true => model,
            false => with_covariance(model, fallback),
        };
    }
    let per_component = covariance_type.stored_len(d);
    for (c, &points) in moments.nk.iter().enumerate() {
        let block = &mut model.covariances[c * per_component..(c + 1) * per_component];
        if points < (d + 1) as f64 || !factorable(covariance_type, block, d) {
            block.copy_from_slice(fallback);
        }
    }
    model
}

/// Whether EM can factor `stored`, one covariance as `covariance_type` stores it.
fn factorable(covariance_type: CovarianceType, stored: &[f64], d: usize) -> bool {
    if covariance_type.is_diagonal() {
        diagonal_precision_cholesky(stored).is_some()
    } else {
        precision_cholesky(stored, d).is_some()
    }
}

/// `model` with every covariance replaced by `covariance` (as the model's type stores it) and
/// equal weights.
fn with_covariance(mut model: Gmm, covariance: &[f64]) -> Gmm {
    let k = model.k();
    model.covariances = covariance.repeat(k);
    model.weights = vec![1.0 / k as f64; k];
    model
}
