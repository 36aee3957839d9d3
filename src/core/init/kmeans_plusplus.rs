//! k-means++ seeding as scikit-learn's `_kmeans_plusplus` (the greedy variant): the first centre
//! uniformly, each next one the best (lowest potential) of 2 + ⌊ln K⌋ candidates drawn in
//! proportion to D², the squared distance to the closest centre so far.
//!
//! One pass over the data per centre and one N-length vector (each point's D²): the pass applies
//! the last chosen centre to those distances and sums, per block, every candidate's potential.
//! The chosen candidate's block sums are then the new distances' block sums, so drawing the next
//! candidates needs no cumulative array. Blocks run in parallel on the kernel's vectors and are
//! added in block order: the centres do not depend on the thread count.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::too_few_distinct;
use crate::core::dataset::Dataset;
use crate::core::error::InputError;
use crate::core::kernel::KernelPath;
use crate::core::kernel::path::{WithSimd, with_simd};
use crate::core::kernel::simd::Simd;

/// Points per block: a parallel task, and what one skip of the draw passes over.
const BLOCK: usize = 4096;

/// K centres (K×D), or an error when the data has fewer than K distinct points.
pub fn kmeans_plusplus(data: &Dataset, k: usize, seed: u64) -> Result<Vec<f64>, InputError> {
    let chosen = kmeans_plusplus_indices(data, k, seed)?;
    Ok(chosen.into_iter().flat_map(|i| data.point(i)).collect())
}

/// The points (their indices) that k-means++ picks as the K centres.
pub fn kmeans_plusplus_indices(
    data: &Dataset,
    k: usize,
    seed: u64,
) -> Result<Vec<usize>, InputError> {
    let n = data.n();
    let path = KernelPath::current();
    let mut rng = StdRng::seed_from_u64(seed);
    let trials = 2 + (k as f64).ln() as usize;
    let first = rng.random_range(0..n);
    let mut closest = vec![f64::INFINITY; n];
    let mut block_sums: Vec<f64> =
        seeding_pass(path, data, &mut closest, Some(&data.point(first)), &[])
            .into_iter()
            .map(|(sum, _)| sum)
            .collect();
    let mut chosen = vec![first];
    let mut centres = data.point(first);
    let mut pending: Option<Vec<f64>> = None;
    for _ in 1..k {
        let total: f64 = block_sums.iter().sum();
        if total <= 0.0 || total.is_nan() {
            return Err(too_few_distinct(k));
        }
        let indices: Vec<usize> = (0..trials)
            .map(|_| {
                let target = rng.random::<f64>() * total;
                draw(data, &closest, pending.as_deref(), &block_sums, target)
            })
            .collect();
        let candidates: Vec<Vec<f64>> = indices.iter().map(|&i| data.point(i)).collect();
        let sums = seeding_pass(path, data, &mut closest, pending.as_deref(), &candidates);
        let potential = |t: usize| sums.iter().map(|(_, per)| per[t]).sum::<f64>();
        let (mut best, mut lowest) = (0, potential(0));
        for t in 1..trials {
            let p = potential(t);
            if p < lowest {
                (best, lowest) = (t, p);
            }
        }
        let candidate = &candidates[best];
        if centres
            .chunks(data.dim())
            .any(|c| c == candidate.as_slice())
        {
            return Err(too_few_distinct(k));
        }
        centres.extend_from_slice(candidate);
        chosen.push(indices[best]);
        block_sums = sums.iter().map(|(_, per)| per[best]).collect();
        pending = Some(candidate.clone());
    }
    Ok(chosen)
}

/// One parallel pass: `closest` takes the minimum with the squared distances to `apply`, then each
/// block gives the sum of `closest` and, per candidate, the sum of min(closest, D² to it).
fn seeding_pass(
    path: KernelPath,
    data: &Dataset,
    closest: &mut [f64],
    apply: Option<&[f64]>,
    candidates: &[Vec<f64>],
) -> Vec<(f64, Vec<f64>)> {
    closest
        .par_chunks_mut(BLOCK)
        .enumerate()
        .map_init(
            || vec![0.0; BLOCK],
            |distances, (b, closest)| {
                let start = b * BLOCK;
                data.with_columns(start..start + closest.len(), |block| {
                    let pass = BlockPass {
                        block,
                        closest,
                        distances,
                        apply,
                        candidates,
                    };
                    with_simd(path, pass)
                })
            },
        )
        .collect()
}

struct BlockPass<'a> {
    /// The block's points, column by column.
    block: &'a [&'a [f64]],
    closest: &'a mut [f64],
    /// Scratch, at least as long as `closest`.
    distances: &'a mut [f64],
    apply: Option<&'a [f64]>,
    candidates: &'a [Vec<f64>],
}

impl WithSimd for BlockPass<'_> {
    type Output = (f64, Vec<f64>);

    /// Column by column into a block-sized buffer of squared distances (no closures here: they
    /// would not inherit the entry point's instruction set).
    #[inline(always)]
    fn run<S: Simd>(self, s: S) -> (f64, Vec<f64>) {
        let BlockPass {
            block,
            closest,
            distances,
            apply,
            candidates,
        } = self;
        let distances = &mut distances[..closest.len()];
        if let Some(centre) = apply {
            squared_distances(s, block, centre, distances);
            nearer(s, closest, distances);
        }
        let total = sum_of_nearer(s, closest, None);
        let mut potentials = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            squared_distances(s, block, candidate, distances);
            potentials.push(sum_of_nearer(s, closest, Some(distances)));
        }
        (total, potentials)
    }
}

/// `out[i]` = squared distance from point `i` of `block` to `centre`: the first coordinate
/// writes, the others add.
#[inline(always)]
fn squared_distances<S: Simd>(s: S, block: &[&[f64]], centre: &[f64], out: &mut [f64]) {
    let whole = out.len() / S::LANES * S::LANES;
    for (a, (column, c)) in block.iter().zip(centre).enumerate() {
        let splat = s.splat(*c);
        let vectors = out[..whole]
            .chunks_exact_mut(S::LANES)
            .zip(column[..whole].chunks_exact(S::LANES));
        for (o, x) in vectors {
            let t = s.sub(s.load(x), splat);
            let sum = if a == 0 {
                s.mul(t, t)
            } else {
                s.mul_add(t, t, s.load(o))
            };
            s.store(sum, o);
        }
        for (o, x) in out[whole..].iter_mut().zip(&column[whole..]) {
            let square = (x - c) * (x - c);
            *o = if a == 0 { square } else { *o + square };
        }
    }
}

/// closest[i] = min(closest[i], distances[i]).
#[inline(always)]
fn nearer<S: Simd>(s: S, closest: &mut [f64], distances: &[f64]) {
    let whole = closest.len() / S::LANES * S::LANES;
    let vectors = closest[..whole]
        .chunks_exact_mut(S::LANES)
        .zip(distances[..whole].chunks_exact(S::LANES));
    for (c, d) in vectors {
        s.store(s.min(s.load(c), s.load(d)), c);
    }
    for (c, d) in closest[whole..].iter_mut().zip(&distances[whole..]) {
        *c = c.min(*d);
    }
}

/// Σᵢ min(closest[i], distances[i]) (Σ closest[i] without distances), lanes added in order.
#[inline(always)]
fn sum_of_nearer<S: Simd>(s: S, closest: &[f64], distances: Option<&[f64]>) -> f64 {
    let whole = closest.len() / S::LANES * S::LANES;
    let mut sum = s.splat(0.0);
    let mut rest = 0.0;
    match distances {
        Some(distances) => {
            let vectors = closest[..whole]
                .chunks_exact(S::LANES)
                .zip(distances[..whole].chunks_exact(S::LANES));
            for (c, d) in vectors {
                sum = s.add(sum, s.min(s.load(c), s.load(d)));
            }
            for (c, d) in closest[whole..].iter().zip(&distances[whole..]) {
                rest += c.min(*d);
            }
        }
        None => {
            for c in closest[..whole].chunks_exact(S::LANES) {
                sum = s.add(sum, s.load(c));
            }
            for c in &closest[whole..] {
                rest += c;
            }
        }
    }
    lane_sum(s, sum) + rest
}

/// The lanes of `v` added in lane order.
#[inline(always)]
fn lane_sum<S: Simd>(s: S, v: S::V) -> f64 {
    let mut lanes = [0.0; 8];
    s.store(v, &mut lanes);
    lanes[..S::LANES].iter().sum()
}

fn scalar_squared_distance(data: &Dataset, i: usize, centre: &[f64]) -> f64 {
    centre
        .iter()
        .enumerate()
        .map(|(a, c)| (data.value(i, a) - c) * (data.value(i, a) - c))
        .sum()
}

/// The first point whose running sum of D² (to the closest centre, `pending` included) exceeds
/// `target`, as `searchsorted` on the cumulative sum; whole blocks are skipped by their sums.
/// Never a point at distance 0.
fn draw(
    data: &Dataset,
    closest: &[f64],
    pending: Option<&[f64]>,
    block_sums: &[f64],
    target: f64,
) -> usize {
    let mut running = 0.0;
    let mut last_positive = 0;
    for (b, block_sum) in block_sums.iter().enumerate() {
        if running + block_sum <= target {
            running += block_sum;
            continue;
        }
        // The block sums and this running sum round differently: a miss scans on.
        let start = b * BLOCK;
        let end = (start + BLOCK).min(closest.len());
        for (i, c) in closest.iter().enumerate().take(end).skip(start) {
            let distance = match pending {
                Some(centre) => c.min(scalar_squared_distance(data, i, centre)),
                None => *c,
            };
            running += distance;
            if distance > 0.0 {
                last_positive = i;
                if running > target {
                    return i;
                }
            }
        }
    }
    last_positive
}
