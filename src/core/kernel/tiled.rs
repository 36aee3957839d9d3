//! The kernel for higher dimensions (D > 8), where an iteration is two triangular matrix
//! products per component: Y = (X − μ)·W for the E-step and (r∘(X − μ))ᵀ(X − μ) for the second
//! moments. Both are done here on tiles of points held coordinate by coordinate (each
//! coordinate's values for the tile's points contiguous), in small register blocks: a few of
//! Y's columns for a few vectors of points, or a few × a few entries of the second moments,
//! each block's running sums in registers while the coordinates stream through L1/L2. Only the
//! blocks on and above the diagonal are computed, so the triangles halve the work.
//!
//! Lanes run over points, so second-moment sums are added across lanes once per tile; tiles and
//! chunks are fixed by the problem's shape, so results do not depend on the thread count.

use std::ops::Range;

use nalgebra::DMatrixViewMut;

use super::path::{KernelPath, WithSimd, with_simd};
use super::simd::Simd;
use super::tile::{TILE, TileRows};
use super::{Components, Moments, PointLabels};
use crate::core::linalg::solve_lower_in_place;

/// Coordinates per register block; W's rows are padded to a multiple of it.
const BLOCK_DIM: usize = 4;
/// At most this many chunks: each holds K·D² partial sums, and merging them costs as much.
const MAX_CHUNKS: usize = 32;
/// And at most this many bytes of partial sums in all chunks together.
const PARTIALS_BUDGET: usize = 256 << 20;

/// D rounded up to whole register blocks.
pub fn padded_dim(d: usize) -> usize {
    d.next_multiple_of(BLOCK_DIM)
}

/// Points per chunk for `n` points in `d` dimensions with `k` components: whole tiles, enough
/// chunks to share among threads, few enough that their partial sums stay small. Depends on the
/// problem's shape only, never on the thread count.
pub fn chunk_len(n: usize, d: usize, k: usize) -> usize {
    let partial_bytes = k * d * d * std::mem::size_of::<f64>();
    let chunks = (PARTIALS_BUDGET / partial_bytes.max(1))
        .clamp(1, MAX_CHUNKS)
        .min(n.div_ceil(TILE))
        .max(1);
    n.div_ceil(chunks).next_multiple_of(TILE)
}

/// Points `range` of `columns`: their moments, and labels when `points` is given (indexed from
/// the range's first point).
pub fn chunk(
    path: KernelPath,
    components: &Components,
    columns: &[&[f64]],
    range: Range<usize>,
    points: Option<PointLabels>,
) -> Moments {
    with_simd(
        path,
        TiledChunk {
            components,
            columns,
            range,
            points,
        },
    )
}

struct TiledChunk<'a> {
    components: &'a Components,
    columns: &'a [&'a [f64]],
    range: Range<usize>,
    points: Option<PointLabels<'a>>,
}

impl WithSimd for TiledChunk<'_> {
    type Output = Moments;
    #[inline(always)]
    fn run<S: Simd>(self, s: S) -> Moments {
        // Register blocks: Y's columns × vectors of points, second moments' rows (× BLOCK_DIM
        // columns). With 32 registers, 16 running sums and the 8 values they read.
        if S::REGISTERS >= 32 {
            self.run_blocked::<S, 4, 4>(s)
        } else {
            self.run_blocked::<S, 2, 2>(s)
        }
    }
}

/// A tile's coordinates minus one component's mean, and r times them, each D (padded) rows of
/// `TILE` points; padding rows and points are zero.
struct Scratch {
    centred: Vec<f64>,
    weighted: Vec<f64>,
    /// Responsibilities of the tile's points for one component.
    r: [f64; TILE],
    /// D × `TILE` column-major, for [`solved_log_densities`]; empty when the kernel multiplies.
    solved: Vec<f64>,
}

impl TiledChunk<'_> {
    #[inline(always)]
    fn run_blocked<S: Simd, const VECTORS: usize, const ROWS: usize>(self, s: S) -> Moments {
        let TiledChunk {
            components,
            columns,
            range,
            mut points,
        } = self;
        let (k, d) = (components.k, components.d);
        let rows = padded_dim(d);
        let mut moments = Moments::zero(k, d, components.correlated);
        let mut scratch = Scratch {
            centred: vec![0.0; rows * TILE],
            weighted: vec![0.0; rows * TILE],
            r: [0.0; TILE],
            solved: vec![0.0; if components.solves() { d * TILE } else { 0 }],
        };
        let mut rows = TileRows::new(k);
        let mut log_likelihood = s.splat(0.0);

        let mean = |c: usize| &components.means[c * d..(c + 1) * d];
        for start in range.clone().step_by(TILE) {
            let real = (range.end - start).min(TILE);
            // Whole register blocks of vectors; points past the real ones are padding.
            let vectors = real.div_ceil(S::LANES).next_multiple_of(VECTORS);
            let tile = TilePoints {
                columns,
                start,
                real,
                vectors,
            };
            for c in 0..k {
                tile.centre(s, mean(c), &mut scratch.centred);
                let out = &mut rows.row_mut(c)[..];
                if components.solves() {
                    let (centred, solved) = (&scratch.centred, &mut scratch.solved);
                    solved_log_densities(components, c, centred, solved, real, out);
                } else {
                    log_densities::<S, VECTORS>(s, components, c, &scratch.centred, vectors, out);
                }
            }
            rows.log_sum_exp(
                s,
                vectors,
                &mut log_likelihood,
                points.as_mut(),
                start - range.start,
                real,
            );
            for c in 0..k {
                tile.centre(s, mean(c), &mut scratch.centred);
                let exps = &rows.row(c)[..];
                add_moments::<S, ROWS>(
                    s,
                    &mut scratch,
                    exps,
                    &rows.scale[..],
                    vectors,
                    components.correlated,
                    &mut moments,
                    c,
                );
            }
        }
        moments.log_likelihood = s.sum_lanes(log_likelihood);
        moments
    }
}

/// Where a tile's points are in the data.
struct TilePoints<'a> {
    columns: &'a [&'a [f64]],
    start: usize,
    real: usize,
    vectors: usize,
}

impl TilePoints<'_> {
    /// Writes x − μ into `centred`, row by coordinate; padding points get 0.
    #[inline(always)]
    fn centre<S: Simd>(&self, s: S, mean: &[f64], centred: &mut [f64]) {
        let whole = self.real / S::LANES * S::LANES;
        for (a, (column, &mu)) in self.columns.iter().zip(mean).enumerate() {
            let from = &column[self.start..self.start + self.real];
            let to = &mut centred[a * TILE..a * TILE + self.vectors * S::LANES];
            let splat = s.splat(mu);
            for (f, t) in from[..whole]
                .chunks_exact(S::LANES)
                .zip(to.chunks_exact_mut(S::LANES))
            {
                s.store(s.sub(s.load(f), splat), t);
            }
            for (f, t) in from[whole..].iter().zip(&mut to[whole..]) {
                *t = f - mu;
            }
            to[self.real..].fill(0.0);
        }
    }
}

/// ln πₖN(x) = log_norm − ‖(x − μ)·W‖² for component `c` on every point of the tile, W's
/// columns `BLOCK_DIM` at a time for `VECTORS` vectors of points at a time; W's zeros below the
/// diagonal are skipped a whole block at a time.
#[inline(always)]
fn log_densities<S: Simd, const VECTORS: usize>(
    s: S,
    components: &Components,
    c: usize,
    centred: &[f64],
    vectors: usize,
    out: &mut [f64],
) {
    let (d, stride, w) = (components.d, components.stride, components.whitening_of(c));
    let lanes = S::LANES;
    if !components.correlated {
        // W is diagonal: one multiply per coordinate.
        let norm = s.splat(components.log_norm[c]);
        for v in 0..vectors {
            let mut log_density = norm;
            for a in 0..d {
                let y = s.mul(s.load(&centred[a * TILE + v * lanes..]), s.splat(w[a]));
                log_density = s.neg_mul_add(y, y, log_density);
            }
            s.store(log_density, &mut out[v * lanes..]);
        }
        return;
    }
    let zero = s.splat(0.0);
    out[..vectors * lanes].fill(0.0);
    for b0 in (0..d).step_by(BLOCK_DIM) {
        let a_end = (b0 + BLOCK_DIM).min(d);
        for v0 in (0..vectors).step_by(VECTORS) {
            let mut y = [[zero; VECTORS]; BLOCK_DIM];
            for a in 0..a_end {
                let w_row = &w[a * stride + b0..a * stride + b0 + BLOCK_DIM];
                let x_row = &centred[a * TILE + v0 * lanes..a * TILE + (v0 + VECTORS) * lanes];
                let mut x = [zero; VECTORS];
                for (x, from) in x.iter_mut().zip(x_row.chunks_exact(lanes)) {
                    *x = s.load(from);
                }
                for (j, y) in y.iter_mut().enumerate() {
                    let w_ab = s.splat(w_row[j]);
                    for v in 0..VECTORS {
                        y[v] = s.mul_add(x[v], w_ab, y[v]);
                    }
                }
            }
            for v in 0..VECTORS {
                let slot = &mut out[(v0 + v) * lanes..];
                let mut squares = s.load(slot);
                for y in &y {
                    squares = s.mul_add(y[v], y[v], squares);
                }
                s.store(squares, slot);
            }
        }
    }
    let norm = s.splat(components.log_norm[c]);
    for o in out[..vectors * lanes].chunks_exact_mut(lanes) {
        s.store(s.sub(norm, s.load(o)), o);
    }
}

/// ln πₖN(x) = log_norm − ½‖L⁻¹(x − μ)‖² for component `c` on the tile's `real` points, by
/// the blocked triangular solve of `core::linalg` in `solved` (D × `TILE`, column-major), where
/// the points are copied point by point so that each one's D coordinates are contiguous.
#[inline(always)]
fn solved_log_densities(
    components: &Components,
    c: usize,
    centred: &[f64],
    solved: &mut [f64],
    real: usize,
    out: &mut [f64],
) {
    let d = components.d;
    let solved = &mut solved[..d * real];
    for (a, row) in centred.chunks_exact(TILE).take(d).enumerate() {
        for (p, x) in row[..real].iter().enumerate() {
            solved[p * d + a] = *x;
        }
    }
    let y = DMatrixViewMut::from_slice(&mut *solved, d, real);
    solve_lower_in_place(components.cholesky[c].as_view(), y);
    let norm = components.log_norm[c];
    for (o, y) in out.iter_mut().zip(solved.chunks_exact(d)) {
        *o = norm - 0.5 * y.iter().map(|y| y * y).sum::<f64>();
    }
}

/// Adds component `c`'s N_k, first and second moments over the tile to `moments`: r, then
/// r∘(x − μ) row by row, then the second moments `ROWS` × `BLOCK_DIM` entries at a time.
/// One function though long: it is the pass's innermost loop, and its three phases share the
/// tile's registers (split, the compiler spills them between calls).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn add_moments<S: Simd, const ROWS: usize>(
    s: S,
    scratch: &mut Scratch,
    exps: &[f64],
    scale: &[f64],
    vectors: usize,
    correlated: bool,
    moments: &mut Moments,
    c: usize,
) {
    let d = moments.d;
    let lanes = S::LANES;
    let zero = s.splat(0.0);
    let points = vectors * lanes;
    let mut nk = zero;
    for ((e, sc), r) in exps[..points]
        .chunks_exact(lanes)
        .zip(scale.chunks_exact(lanes))
        .zip(scratch.r.chunks_exact_mut(lanes))
    {
        let v = s.mul(s.load(e), s.load(sc));
        nk = s.add(nk, v);
        s.store(v, r);
    }
    moments.nk[c] += s.sum_lanes(nk);
    let per_component = if correlated { d * d } else { d };
    let offset = c * per_component;
    for a in 0..d {
        let row = a * TILE..a * TILE + points;
        let (centred, weighted) = (&scratch.centred[row.clone()], &mut scratch.weighted[row]);
        let mut first = zero;
        let mut square = zero;
        for ((x, r), w) in centred
            .chunks_exact(lanes)
            .zip(scratch.r.chunks_exact(lanes))
            .zip(weighted.chunks_exact_mut(lanes))
        {
            let x = s.load(x);
            let rx = s.mul(s.load(r), x);
            first = s.add(first, rx);
            if !correlated {
                square = s.mul_add(rx, x, square);
            }
            s.store(rx, w);
        }
        moments.first[c * d + a] += s.sum_lanes(first);
        if !correlated {
            moments.second[offset + a] += s.sum_lanes(square);
        }
    }
    if !correlated {
        return;
    }
    let second = &mut moments.second[offset..offset + per_component];
    for a0 in (0..d).step_by(ROWS) {
        for b0 in (a0 / BLOCK_DIM * BLOCK_DIM..d).step_by(BLOCK_DIM) {
            // Each row cut to the tile's vectors once, so that the loop has no bounds checks.
            let rx_rows: [&[f64]; ROWS] =
                std::array::from_fn(|i| &scratch.weighted[(a0 + i) * TILE..][..points]);
            let x_rows: [&[f64]; BLOCK_DIM] =
                std::array::from_fn(|j| &scratch.centred[(b0 + j) * TILE..][..points]);
            let mut sums = [[zero; BLOCK_DIM]; ROWS];
            for v in 0..vectors {
                let at = v * lanes..(v + 1) * lanes;
                let mut rx = [zero; ROWS];
                for (rx, row) in rx.iter_mut().zip(&rx_rows) {
                    *rx = s.load(&row[at.clone()]);
                }
                for (j, row) in x_rows.iter().enumerate() {
                    let x = s.load(&row[at.clone()]);
                    for i in 0..ROWS {
                        sums[i][j] = s.mul_add(rx[i], x, sums[i][j]);
                    }
                }
            }
            for (i, sums) in sums.iter().enumerate() {
                for (j, sum) in sums.iter().enumerate() {
                    let (a, b) = (a0 + i, b0 + j);
                    if a <= b && b < d {
                        second[a * d + b] += s.sum_lanes(*sum);
                    }
                }
            }
        }
    }
}
