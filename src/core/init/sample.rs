//! What the scale-aware starts look at: every point, or above a cap a seeded random sample of
//! them, and the same points with each column scaled to unit variance.
//!
//! A start only has to put EM in the right basin: above [`SAMPLE_CAP`] points, seeding on a
//! sample of that many costs the same whatever N is (at N = 1,000,000 less than one EM pass,
//! which is what the issue asks of the default), and the sample's partition starts the
//! components (mclust starts large data the same way, from its hierarchical clustering of 2000
//! points). EM then runs on every point.

use std::borrow::Cow;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::core::dataset::Dataset;

/// The most points the k-means starts (`kmeans++`, `scaled-kmeans++`, `kmeans`) seed on.
pub const SAMPLE_CAP: usize = 65_536;

/// Every point of `data`, or about `cap` of them drawn from `seed`, in data order: `cap` draws
/// with replacement, repeats dropped (a few percent while `cap` is well under N; no hashing, so
/// drawing 65,536 of a million points costs well under a millisecond).
pub fn sample(data: &Dataset, cap: usize, seed: u64) -> Cow<'_, Dataset> {
    if data.n() <= cap {
        return Cow::Borrowed(data);
    }
    Cow::Owned(drawn(data, cap, seed))
}

/// A bootstrap sample of `data`'s points: N draws with replacement from `seed`, repeats dropped
/// (about 63% of them, in data order). Another such sample is another view of the same data:
/// what `small-em`'s hc candidates agglomerate, so that hc's one partition of small data
/// becomes many.
pub fn bootstrap(data: &Dataset, seed: u64) -> Dataset {
    drawn(data, data.n(), seed)
}

/// `draws` points of `data` drawn with replacement from `seed`, repeats dropped, in data order.
fn drawn(data: &Dataset, draws: usize, seed: u64) -> Dataset {
    let n = data.n();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut chosen: Vec<usize> = (0..draws).map(|_| rng.random_range(0..n)).collect();
    chosen.sort_unstable();
    chosen.dedup();
    // Point by point: whole columns of row-major shared values would be a copy of them all.
    let columns = (0..data.dim())
        .map(|a| chosen.iter().map(|&i| data.value(i, a)).collect())
        .collect();
    Dataset::from_column_vecs(data.source.clone(), data.columns.clone(), columns)
}

/// `data` with every column centred and scaled to unit (biased) variance: distances that no
/// column dominates by its units alone. A column holding one value becomes zeros, and so
/// measures nothing. For data·c + b (per column, c ≠ 0) the result is the same up to rounding and
/// the signs of columns, so any start made from distances here does not depend on units.
pub fn standardised(data: &Dataset) -> Dataset {
    let mean = data.mean();
    let variances = data.variances();
    let columns = (0..data.dim())
        .map(|a| {
            let sd = variances[a].sqrt();
            let scale = if sd > 0.0 { 1.0 / sd } else { 0.0 };
            data.column_values(a)
                .map(|x| (x - mean[a]) * scale)
                .collect()
        })
        .collect();
    Dataset::from_column_vecs(data.source.clone(), data.columns.clone(), columns)
}
