//! Lloyd's k-means iterations as scikit-learn's `KMeans(algorithm="lloyd")` runs them (its
//! `_kmeans_single_lloyd`), for the `kmeans` start, which is scikit-learn's default start of a
//! Gaussian mixture: k-means from k-means++ seeds, then an M-step from its labels.
//!
//! Each iteration assigns every point to its nearest centre and moves each centre to the mean of
//! its points; a centre left without points takes the point farthest from its own centre. It
//! stops when no label changes, or when the centres move (in total, squared) by at most `tol`
//! times the mean of the columns' variances; after a stop of the second kind the labels are
//! assigned once more, to the final centres.

use super::partition::nearest_centre;
use crate::core::dataset::Dataset;

/// scikit-learn's `KMeans` defaults.
pub const MAX_ITER: usize = 300;
pub const TOL: f64 = 1e-4;

/// Points read at a time ([`Dataset::with_columns`]): shared row-major points are transposed a
/// block at a time, never copied whole.
const BLOCK: usize = 4096;

/// Where Lloyd's iterations end.
#[derive(Clone, Debug, PartialEq)]
pub struct Clustering {
    /// K×D.
    pub centres: Vec<f64>,
    /// The centre (0-based) of each point.
    pub labels: Vec<usize>,
    /// Iterations run (scikit-learn's `n_iter_`).
    pub iterations: usize,
}

/// Lloyd's iterations on `data` from `centres` (K×D). Sequential, in point order: the result
/// does not depend on the thread count.
pub fn lloyd(data: &Dataset, mut centres: Vec<f64>, max_iter: usize, tol: f64) -> Clustering {
    let (n, d) = (data.n(), data.dim());
    let k = centres.len() / d;
    let variances = data.variances();
    let tolerance = tol * variances.iter().sum::<f64>() / d as f64;
    let mut labels = vec![usize::MAX; n];
    let mut previous = labels.clone();
    let mut distances = vec![0.0; n];
    let mut strict = false;
    let mut iterations = 0;
    for _ in 0..max_iter {
        assign(data, &centres, &mut labels, &mut distances);
        let moved = update(data, &mut centres, k, &labels, &distances);
        iterations += 1;
        if labels == previous {
            strict = true;
            break;
        }
        if moved <= tolerance {
            break;
        }
        previous.copy_from_slice(&labels);
    }
    if !strict {
        assign(data, &centres, &mut labels, &mut distances);
    }
    Clustering {
        centres,
        labels,
        iterations,
    }
}

/// Each point's nearest centre (the first of equals) and its squared distance to it.
fn assign(data: &Dataset, centres: &[f64], labels: &mut [usize], distances: &mut [f64]) {
    let blocks = labels.chunks_mut(BLOCK).zip(distances.chunks_mut(BLOCK));
    for (b, (labels, distances)) in blocks.enumerate() {
        let start = b * BLOCK;
        data.with_columns(start..start + labels.len(), |columns| {
            for (i, (label, distance)) in labels.iter_mut().zip(distances.iter_mut()).enumerate() {
                (*distance, *label) = nearest_centre(columns, centres, i);
            }
        });
    }
}

/// Moves each centre to the mean of its points, an empty one to the point farthest from its
/// centre (as scikit-learn's `_relocate_empty_clusters_dense`: that point leaves its centre's
/// sums, its label stays). Returns the total squared shift of the centres.
fn update(
    data: &Dataset,
    centres: &mut [f64],
    k: usize,
    labels: &[usize],
    distances: &[f64],
) -> f64 {
    let d = data.dim();
    let mut sums = vec![0.0; k * d];
    let mut counts = vec![0usize; k];
    for (b, block) in labels.chunks(BLOCK).enumerate() {
        let start = b * BLOCK;
        data.with_columns(start..start + block.len(), |columns| {
            for (i, &c) in block.iter().enumerate() {
                counts[c] += 1;
                for (a, column) in columns.iter().enumerate() {
                    sums[c * d + a] += column[i];
                }
            }
        });
    }
    let empty: Vec<usize> = (0..k).filter(|&c| counts[c] == 0).collect();
    if !empty.is_empty() {
        let mut far: Vec<usize> = (0..labels.len()).collect();
        far.sort_by(|&i, &j| distances[j].total_cmp(&distances[i]).then(i.cmp(&j)));
        for (&c, &i) in empty.iter().zip(&far) {
            let old = labels[i];
            for a in 0..d {
                let x = data.value(i, a);
                sums[old * d + a] -= x;
                sums[c * d + a] = x;
            }
            counts[c] = 1;
            counts[old] -= 1;
        }
    }
    let mut moved = 0.0;
    for c in 0..k {
        if counts[c] == 0 {
            continue;
        }
        for a in 0..d {
            let mean = sums[c * d + a] / counts[c] as f64;
            moved += (mean - centres[c * d + a]) * (mean - centres[c * d + a]);
            centres[c * d + a] = mean;
        }
    }
    moved
}
