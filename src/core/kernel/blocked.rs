//! The kernel for higher dimensions (D > 8), where an iteration is matrix products: per block of
//! points and per component, Y = (X − μ)·U/√2 for the E-step and (r∘(X − μ))ᵀ(X − μ) for the
//! second moments, both through `faer` with the triangular shapes exploited (U, and the
//! symmetric result's upper half). What is not a product (centring, ‖y‖², the log-sum-exp)
//! runs on the chosen path's vectors.
//!
//! Components of a block run in parallel, each sequentially; blocks of a chunk run in order, and
//! chunks run in parallel and are merged in order: results do not depend on the thread count.

use std::ops::Range;

use faer::linalg::matmul::triangular::{BlockStructure, matmul};
use faer::{Accum, Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

use super::path::{KernelPath, WithSimd, with_simd};
use super::simd::Simd;
use super::tile::{self, ALL_POINTS, TILE, Tile};
use super::{Components, Moments, PointLabels};

/// Points per block: the inner dimension of the second-moment products.
const BLOCK: usize = 2 * TILE;
/// At most this many chunks: each holds K·D² partial sums, and merging them costs as much.
const MAX_CHUNKS: usize = 16;
/// And at most this many bytes of partial sums in all chunks together.
const PARTIALS_BUDGET: usize = 256 << 20;

/// Points per chunk for `n` points in `d` dimensions with `k` components: a whole number of
/// blocks, and few enough chunks that their partial sums stay small. Depends on the problem's
/// shape only, never on the thread count.
pub fn chunk_len(n: usize, d: usize, k: usize) -> usize {
    let partial_bytes = k * d * d * std::mem::size_of::<f64>();
    let chunks = (PARTIALS_BUDGET / partial_bytes.max(1))
        .clamp(1, MAX_CHUNKS)
        .min(n.div_ceil(BLOCK))
        .max(1);
    n.div_ceil(chunks).next_multiple_of(BLOCK)
}

/// One component's running sums over a chunk (the second moments go straight into the chunk's
/// [`Moments`]), and its scratch space for one block.
struct Component {
    nk: f64,
    first: Vec<f64>,
    /// The block's points minus the component's mean (rows × D).
    centred: Mat<f64>,
    /// Y = centred·W in the E-step, then r∘centred in the M-step.
    product: Mat<f64>,
}

/// Points `range` of `columns`: their moments, and labels when `points` is given (indexed from
/// the range's first point).
pub fn chunk(
    path: KernelPath,
    components: &Components,
    columns: &[&[f64]],
    range: Range<usize>,
    mut points: Option<PointLabels>,
) -> Moments {
    let (k, d) = (components.k, components.d);
    // Rows of a block: whole vectors of the widest path; tiles of the log-sum-exp may be short.
    let rows = range.len().min(BLOCK).next_multiple_of(8);
    let mut x = Mat::<f64>::zeros(rows, d);
    let mut log_weighted = vec![0.0; k * rows];
    let mut scale = vec![0.0; rows];
    let mut moments = Moments::zero(k, d);
    let mut state: Vec<Component> = (0..k)
        .map(|_| Component {
            nk: 0.0,
            first: vec![0.0; d],
            centred: Mat::zeros(rows, d),
            product: Mat::zeros(rows, d),
        })
        .collect();

    for start in range.clone().step_by(BLOCK) {
        let real = (range.end - start).min(BLOCK);
        // Padding rows repeat the chunk's first point and get weight 0.
        for (a, column) in columns.iter().enumerate() {
            let dst = x.col_as_slice_mut(a);
            dst[..real].copy_from_slice(&column[start..start + real]);
            dst[real..].fill(column[range.start]);
        }
        let x = &x;
        log_weighted
            .par_chunks_mut(rows)
            .zip(&mut state)
            .enumerate()
            .for_each(|(c, (out, component))| {
                with_simd(
                    path,
                    EStep {
                        components,
                        c,
                        x,
                        component,
                        out,
                    },
                );
            });
        moments.log_likelihood += with_simd(
            path,
            LogSumExp {
                k,
                log_weighted: &mut log_weighted,
                scale: &mut scale,
                real,
                points: points.as_mut().map(|p| PointLabels {
                    labels: &mut p.labels[start - range.start..],
                    certainty: &mut p.certainty[start - range.start..],
                }),
            },
        );
        let (log_weighted, scale) = (&log_weighted, &scale);
        let correlated = components.correlated;
        state
            .par_iter_mut()
            .zip(moments.second.par_chunks_mut(d * d))
            .enumerate()
            .for_each(|(c, (component, second))| {
                let exps = &log_weighted[c * rows..(c + 1) * rows];
                with_simd(
                    path,
                    MStep {
                        exps,
                        scale,
                        component,
                        second,
                        correlated,
                    },
                );
            });
    }

    for (c, component) in state.iter().enumerate() {
        moments.nk[c] = component.nk;
        moments.first[c * d..(c + 1) * d].copy_from_slice(&component.first);
    }
    moments
}

/// ln πₖN(x) of component `c` for every row of the block, into `out`.
struct EStep<'a> {
    components: &'a Components,
    c: usize,
    x: &'a Mat<f64>,
    component: &'a mut Component,
    out: &'a mut [f64],
}

impl WithSimd for EStep<'_> {
    type Output = ();
    #[inline(always)]
    fn run<S: Simd>(self, s: S) {
        let EStep {
            components,
            c,
            x,
            component,
            out,
        } = self;
        let d = components.d;
        let mean = &components.means[c * d..(c + 1) * d];
        let w = &components.whitening[c * d * d..(c + 1) * d * d];
        for (a, &mu) in mean.iter().enumerate() {
            let mu = s.splat(mu);
            let from = x.col_as_slice(a);
            let to = component.centred.col_as_slice_mut(a);
            for (f, t) in from
                .chunks_exact(S::LANES)
                .zip(to.chunks_exact_mut(S::LANES))
            {
                s.store(s.sub(s.load(f), mu), t);
            }
        }
        let zero = s.splat(0.0);
        out.chunks_exact_mut(S::LANES)
            .for_each(|o| s.store(zero, o));
        if components.correlated {
            matmul(
                component.product.as_mut(),
                BlockStructure::Rectangular,
                Accum::Replace,
                component.centred.as_ref(),
                BlockStructure::Rectangular,
                MatRef::from_row_major_slice(w, d, d),
                BlockStructure::TriangularUpper,
                1.0,
                Par::Seq,
            );
            for b in 0..d {
                add_squares(s, component.product.col_as_slice(b), s.splat(1.0), out);
            }
        } else {
            for a in 0..d {
                add_squares(
                    s,
                    component.centred.col_as_slice(a),
                    s.splat(w[a * d + a]),
                    out,
                );
            }
        }
        let norm = s.splat(components.log_norm[c]);
        for o in out.chunks_exact_mut(S::LANES) {
            s.store(s.sub(norm, s.load(o)), o);
        }
    }
}

/// sum[i] += (factor·y[i])².
#[inline(always)]
fn add_squares<S: Simd>(s: S, y: &[f64], factor: S::V, sum: &mut [f64]) {
    for (y, o) in y.chunks_exact(S::LANES).zip(sum.chunks_exact_mut(S::LANES)) {
        let v = s.mul(s.load(y), factor);
        s.store(s.mul_add(v, v, s.load(o)), o);
    }
}

/// The block's log-sum-exp, tile by tile: returns Σ ln p(x) over its real points.
struct LogSumExp<'a> {
    k: usize,
    log_weighted: &'a mut [f64],
    scale: &'a mut [f64],
    real: usize,
    points: Option<PointLabels<'a>>,
}

impl WithSimd for LogSumExp<'_> {
    type Output = f64;
    #[inline(always)]
    fn run<S: Simd>(self, s: S) -> f64 {
        let LogSumExp {
            k,
            log_weighted,
            scale,
            real,
            mut points,
        } = self;
        let rows = scale.len();
        // The M-step reads whole blocks: points past the real ones must weigh nothing.
        scale[real.next_multiple_of(S::LANES)..].fill(0.0);
        let mut weight = [0.0; TILE];
        let mut log_likelihood = s.splat(0.0);
        for first in (0..real).step_by(TILE) {
            let in_tile = (real - first).min(TILE);
            let vectors = in_tile.div_ceil(S::LANES);
            let weight = if in_tile == TILE {
                &ALL_POINTS[..]
            } else {
                weight[..in_tile].fill(1.0);
                weight[in_tile..].fill(0.0);
                &weight[..vectors * S::LANES]
            };
            let mut tile_points = points.as_mut().map(|p| PointLabels {
                labels: &mut p.labels[first..],
                certainty: &mut p.certainty[first..],
            });
            tile::log_sum_exp(
                s,
                k,
                Tile {
                    log_weighted: &mut log_weighted[first..],
                    stride: rows,
                    scale: &mut scale[first..],
                    weight,
                    vectors,
                },
                &mut log_likelihood,
                tile_points.as_mut(),
                in_tile,
            );
        }
        lane_sum(s, log_likelihood)
    }
}

/// Adds one component's responsibilities, first and second moments for the block.
struct MStep<'a> {
    exps: &'a [f64],
    scale: &'a [f64],
    component: &'a mut Component,
    /// D×D row-major, upper triangle.
    second: &'a mut [f64],
    correlated: bool,
}

impl WithSimd for MStep<'_> {
    type Output = ();
    #[inline(always)]
    fn run<S: Simd>(self, s: S) {
        let MStep {
            exps,
            scale,
            component,
            second,
            correlated,
        } = self;
        let d = component.first.len();
        let mut r = vec![0.0; exps.len()];
        let mut nk = s.splat(0.0);
        for ((e, sc), r) in exps
            .chunks_exact(S::LANES)
            .zip(scale.chunks_exact(S::LANES))
            .zip(r.chunks_exact_mut(S::LANES))
        {
            let v = s.mul(s.load(e), s.load(sc));
            nk = s.add(nk, v);
            s.store(v, r);
        }
        component.nk += lane_sum(s, nk);
        for a in 0..d {
            let centred = component.centred.col_as_slice(a);
            let weighted = component.product.col_as_slice_mut(a);
            let mut first = s.splat(0.0);
            let mut square = s.splat(0.0);
            for ((x, r), w) in centred
                .chunks_exact(S::LANES)
                .zip(r.chunks_exact(S::LANES))
                .zip(weighted.chunks_exact_mut(S::LANES))
            {
                let x = s.load(x);
                let rx = s.mul(s.load(r), x);
                first = s.add(first, rx);
                square = s.mul_add(rx, x, square);
                s.store(rx, w);
            }
            component.first[a] += lane_sum(s, first);
            if !correlated {
                second[a * d + a] += lane_sum(s, square);
            }
        }
        if correlated {
            matmul(
                MatMut::from_row_major_slice_mut(second, d, d),
                BlockStructure::TriangularUpper,
                Accum::Add,
                component.product.transpose(),
                BlockStructure::Rectangular,
                component.centred.as_ref(),
                BlockStructure::Rectangular,
                1.0,
                Par::Seq,
            );
        }
    }
}

/// The lanes of `v` added in lane order.
#[inline(always)]
fn lane_sum<S: Simd>(s: S, v: S::V) -> f64 {
    let mut lanes = [0.0; 8];
    s.store(v, &mut lanes);
    lanes[..S::LANES].iter().sum()
}
