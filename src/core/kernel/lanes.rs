//! The kernel for low dimensions (D ≤ 8), with D known at compile time so that every loop over
//! coordinates unrolls and the running sums live in registers.
//!
//! A chunk is walked tile by tile. For each tile: every component's ln πₖN(x) into an L1 buffer
//! (one component at a time, its mean and Cholesky factor held in registers); the log-sum-exp
//! over components ([`tile::log_sum_exp`]); then, one component at a time, the M-step sums in
//! registers, added to the chunk's per-lane sums once per tile.

use super::simd::Simd;
use super::tile::{LaneSums, Row, TILE, TileRows, vectors_in_tile};
use super::{Components, Moments, PointLabels};

/// The largest dimension with its own compiled kernel.
pub const MAX_DIM: usize = 8;

/// One chunk of points, `columns[a]` holding coordinate `a`: its moments, and labels when
/// `points` is given (indexed from the chunk's first point).
#[inline(always)]
pub fn chunk<S: Simd>(
    s: S,
    components: &Components,
    columns: &[&[f64]],
    points: Option<PointLabels>,
) -> Moments {
    macro_rules! by_dimension {
        ($($d:literal)*) => {
            match (columns.len(), components.correlated) {
                $(
                    ($d, true) => chunk_in::<S, $d, true>(s, components, columns, points),
                    ($d, false) => chunk_in::<S, $d, false>(s, components, columns, points),
                )*
                (d, _) => unreachable!("the lane kernel is for D ≤ {MAX_DIM}, not {d}"),
            }
        };
    }
    by_dimension!(1 2 3 4 5 6 7 8)
}

/// Registers row `a` of the moment sums needs in a pass (see [`row_passes`]).
const fn row_cost(d: usize, correlated: bool, a: usize) -> usize {
    if correlated { d - a + 2 } else { 2 }
}

/// At most this many passes over a tile per component gather its moments.
const MAX_PASSES: usize = 4;

/// Which rows of the moment sums each pass over a tile gathers (bit `a` for row `a`), so that
/// every pass keeps its running sums in registers: a row `a` costs its second-moment sums
/// (D − a of them with correlations, else 1), its first moment and r·(x_a − μ_a), and every pass
/// one register for r and one for the coordinate streamed through; the first pass adds N_k.
/// With correlations rows are paired from both ends (0 with D−1, …) so that passes balance.
pub const fn row_passes(d: usize, correlated: bool, registers: usize) -> [u16; MAX_PASSES] {
    let mut passes = [0u16; MAX_PASSES];
    let (mut pass, mut used) = (0, 3);
    let (mut low, mut high) = (0, d);
    while low < high {
        let (rows, cost) = if correlated && high - low >= 2 {
            (
                (1u16 << low) | (1u16 << (high - 1)),
                row_cost(d, correlated, low) + row_cost(d, correlated, high - 1),
            )
        } else {
            (1u16 << low, row_cost(d, correlated, low))
        };
        if used + cost > registers && passes[pass] != 0 {
            pass += 1;
            used = 2;
        }
        passes[pass] |= rows;
        used += cost;
        if rows.count_ones() == 2 {
            high -= 1;
        }
        low += 1;
    }
    passes
}

#[inline(always)]
fn chunk_in<S: Simd, const D: usize, const CORRELATED: bool>(
    s: S,
    components: &Components,
    columns: &[&[f64]],
    mut points: Option<PointLabels>,
) -> Moments {
    let k = components.k;
    let len = columns[0].len();
    let mut sums = LaneSums::new(S::LANES, k, D, CORRELATED);
    let mut log_likelihood = s.splat(0.0);
    let mut tile = TileRows::new(k);
    // The last tile of a chunk may be short: copied here, padded with the chunk's first point.
    let mut padded = [[0.0; TILE]; D];

    let ahead = S::PREFETCH_TILES * TILE;
    if ahead > 0 {
        prefetch(columns, 0..ahead);
    }
    for start in (0..len).step_by(TILE) {
        if ahead > 0 {
            prefetch(columns, start + ahead..start + ahead + TILE);
        }
        let real = (len - start).min(TILE);
        let x: [&[f64]; D] = if real == TILE {
            std::array::from_fn(|a| &columns[a][start..start + TILE])
        } else {
            for (a, column) in padded.iter_mut().enumerate() {
                column[..real].copy_from_slice(&columns[a][start..]);
                column[real..].fill(columns[a][0]);
            }
            std::array::from_fn(|a| &padded[a][..])
        };
        let vectors = real.div_ceil(S::LANES);

        for c in 0..k {
            log_densities::<S, D, CORRELATED>(s, components, c, &x, vectors, tile.row_mut(c));
        }
        tile.log_sum_exp(
            s,
            vectors,
            &mut log_likelihood,
            points.as_mut(),
            start,
            real,
        );
        for c in 0..k {
            let exps = tile.row(c);
            let moments = TileMoments {
                x: &x,
                exps,
                scale: &tile.scale,
                mean: &components.means[c * D..(c + 1) * D],
                vectors,
            };
            moments.pass::<S, CORRELATED, 0>(s, &mut sums, c);
            moments.pass::<S, CORRELATED, 1>(s, &mut sums, c);
            moments.pass::<S, CORRELATED, 2>(s, &mut sums, c);
            moments.pass::<S, CORRELATED, 3>(s, &mut sums, c);
        }
    }

    let lanes = S::LANES;
    let mut total = [0.0; 8];
    s.store(log_likelihood, &mut total[..]);
    Moments {
        k,
        d: D,
        log_likelihood: total[..lanes].iter().sum(),
        nk: LaneSums::totals(&sums.nk, lanes),
        first: LaneSums::totals(&sums.first, lanes),
        second: LaneSums::totals(&sums.second, lanes),
    }
}

/// Asks for the cache lines of `points` (as far as the chunk goes) in every column, without
/// waiting for them ([`Simd::PREFETCH_TILES`] says how far ahead).
#[inline(always)]
fn prefetch(columns: &[&[f64]], points: std::ops::Range<usize>) {
    #[cfg(target_arch = "x86_64")]
    for column in columns {
        let Some(lines) = column.get(points.start..points.end.min(column.len())) else {
            return;
        };
        // One address per 64-byte line (the last may be asked for twice).
        for i in (0..lines.len())
            .step_by(8)
            .chain(lines.len().checked_sub(1))
        {
            // SAFETY: SSE is part of x86-64; a prefetch never faults, and the address is in
            // the slice anyway.
            unsafe {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                _mm_prefetch::<_MM_HINT_T0>(lines.as_ptr().add(i).cast());
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (columns, points);
}

/// ln πₖN(x) = log_norm − ‖(x − μ)·W‖² for component `c` on every point of the tile.
#[inline(always)]
fn log_densities<S: Simd, const D: usize, const CORRELATED: bool>(
    s: S,
    components: &Components,
    c: usize,
    x: &[&[f64]; D],
    vectors: usize,
    out: &mut Row,
) {
    let component = InRegisters::<S, D, CORRELATED>::new(s, components, c);
    for v in 0..vectors_in_tile::<S>(vectors) {
        let at = v * S::LANES;
        let mut point = [s.splat(0.0); D];
        for a in 0..D {
            point[a] = s.load(&x[a][at..]);
        }
        s.store(component.log_density(s, point), &mut out[at..]);
    }
}

/// One component's mean, whitening factor W and log-norm, each entry splatted into a register
/// once per tile: the real pass and its roofline both evaluate ln πₖN(x) through this.
pub struct InRegisters<S: Simd, const D: usize, const CORRELATED: bool> {
    mean: [S::V; D],
    /// Upper triangle (the diagonal alone without correlations); the rest unused.
    w: [[S::V; D]; D],
    norm: S::V,
}

impl<S: Simd, const D: usize, const CORRELATED: bool> InRegisters<S, D, CORRELATED> {
    #[inline(always)]
    pub fn new(s: S, components: &Components, c: usize) -> Self {
        // Plain loops rather than `array::from_fn`, which is not always inlined into the
        // `#[target_feature]` entry point (a call there costs more than this whole setup).
        let mut mean = [s.splat(0.0); D];
        let mut w = [[s.splat(0.0); D]; D];
        let factor = components.whitening_of(c);
        for a in 0..D {
            mean[a] = s.splat(components.means[c * D + a]);
            if CORRELATED {
                for b in a..D {
                    w[a][b] = s.splat(factor[a * D + b]);
                }
            } else {
                w[a][a] = s.splat(factor[a]);
            }
        }
        let norm = s.splat(components.log_norm[c]);
        InRegisters { mean, w, norm }
    }

    /// ln πₖN(x) for one vector of points, `x[a]` holding coordinate `a`.
    #[inline(always)]
    pub fn log_density(&self, s: S, x: [S::V; D]) -> S::V {
        let mut dx = [s.splat(0.0); D];
        for a in 0..D {
            dx[a] = s.sub(x[a], self.mean[a]);
        }
        // ‖y‖² in two interleaved sums, halving the chain of dependent multiply-adds.
        let (mut even, mut odd) = (self.norm, s.splat(0.0));
        for b in 0..D {
            let mut y = s.mul(dx[b], self.w[b][b]);
            if CORRELATED {
                for (dx, w) in dx[..b].iter().zip(&self.w[..b]) {
                    y = s.mul_add(*dx, w[b], y);
                }
            }
            if b % 2 == 0 {
                even = s.neg_mul_add(y, y, even);
            } else {
                odd = s.mul_add(y, y, odd);
            }
        }
        s.sub(even, odd)
    }
}

/// One component's view of a tile after the log-sum-exp.
struct TileMoments<'a, const D: usize> {
    x: &'a [&'a [f64]; D],
    exps: &'a Row,
    scale: &'a Row,
    mean: &'a [f64],
    vectors: usize,
}

impl<const D: usize> TileMoments<'_, D> {
    /// Adds Σ rᵢ(xᵢ − μ) and Σ rᵢ(xᵢ − μ)(xᵢ − μ)ᵀ for the rows of pass `P` (and N_k in the
    /// first pass) to `sums`: one pass over the tile with those sums in registers. Coordinates
    /// are streamed in order, each centred once and used by every row that needs it.
    #[inline(always)]
    fn pass<S: Simd, const CORRELATED: bool, const P: usize>(
        &self,
        s: S,
        sums: &mut LaneSums,
        c: usize,
    ) {
        let rows = const { row_passes(D, CORRELATED, S::REGISTERS)[P] };
        if rows == 0 {
            return;
        }
        let in_pass = |a: usize| rows >> a & 1 == 1;
        let first_row = rows.trailing_zeros() as usize;
        let zero = s.splat(0.0);
        let mut nk = zero;
        let mut first = [zero; D];
        let mut second = [[zero; D]; D];
        let mut r_dx = [zero; D];
        for v in 0..vectors_in_tile::<S>(self.vectors) {
            let at = v * S::LANES;
            let r = s.mul(s.load(&self.exps[at..]), s.load(&self.scale[at..]));
            if P == 0 {
                nk = s.add(nk, r);
            }
            for b in 0..D {
                if b < first_row || !(CORRELATED || in_pass(b)) {
                    continue;
                }
                let dx = s.sub(s.load(&self.x[b][at..]), s.splat(self.mean[b]));
                if in_pass(b) {
                    r_dx[b] = s.mul(r, dx);
                    first[b] = s.add(first[b], r_dx[b]);
                }
                for a in 0..D {
                    if in_pass(a) && (a == b || CORRELATED && a < b) {
                        second[a][b] = s.mul_add(r_dx[a], dx, second[a][b]);
                    }
                }
            }
        }
        if P == 0 {
            LaneSums::add(s, &mut sums.nk, c, nk);
        }
        // Index loops, not iterator chains: `second[a].iter().enumerate().skip(a)` here kept
        // the sums from staying in registers (D = 8 on AVX-512 measured 1.5× slower).
        #[allow(clippy::needless_range_loop)]
        for a in 0..D {
            if !in_pass(a) {
                continue;
            }
            LaneSums::add(s, &mut sums.first, c * D + a, first[a]);
            if CORRELATED {
                for b in a..D {
                    LaneSums::add(s, &mut sums.second, (c * D + a) * D + b, second[a][b]);
                }
            } else {
                LaneSums::add(s, &mut sums.second, c * D + a, second[a][a]);
            }
        }
    }
}
