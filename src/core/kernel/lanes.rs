//! The kernel for low dimensions (D ≤ 8), with D known at compile time so that every loop over
//! coordinates unrolls and the running sums live in registers.
//!
//! A chunk is walked tile by tile. For each tile: every component's ln πₖN(x) into an L1 buffer
//! (one component at a time, its mean and Cholesky factor held in registers); the log-sum-exp
//! over components ([`tile::log_sum_exp`]); then, one component at a time, the M-step sums in
//! registers, added to the chunk's per-lane sums once per tile.

use super::simd::Simd;
use super::tile::{self, ALL_POINTS, LaneSums, TILE, Tile};
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

/// Running sums one pass over a tile keeps in registers: N_k, the first moments and the second
/// moments of its rows.
const fn sums_per_row(d: usize, correlated: bool) -> usize {
    1 + if correlated { d } else { 1 }
}

/// Whether all rows' sums (and N_k) fit in half the registers, or rows go two at a time.
const fn one_pass(d: usize, correlated: bool, registers: usize) -> bool {
    d * sums_per_row(d, correlated) < registers / 2
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
    let mut sums = LaneSums::new(S::LANES, k, D);
    let mut log_likelihood = s.splat(0.0);
    let mut log_weighted = vec![0.0; k * TILE];
    let mut scale = [0.0; TILE];
    // The last tile of a chunk may be short: copied here, padded with the chunk's first point.
    let mut padded = [[0.0; TILE]; D];
    let mut padded_weight = [0.0; TILE];

    for start in (0..len).step_by(TILE) {
        let real = (len - start).min(TILE);
        let x: [&[f64]; D] = if real == TILE {
            std::array::from_fn(|a| &columns[a][start..start + TILE])
        } else {
            for (a, column) in padded.iter_mut().enumerate() {
                column[..real].copy_from_slice(&columns[a][start..]);
                column[real..].fill(columns[a][0]);
            }
            padded_weight[..real].fill(1.0);
            padded_weight[real..].fill(0.0);
            std::array::from_fn(|a| &padded[a][..])
        };
        let weight = if real == TILE {
            &ALL_POINTS[..]
        } else {
            &padded_weight[..]
        };
        let vectors = real.div_ceil(S::LANES);

        for c in 0..k {
            log_densities::<S, D, CORRELATED>(
                s,
                components,
                c,
                &x,
                vectors,
                &mut log_weighted[c * TILE..(c + 1) * TILE],
            );
        }
        let mut tile_points = points.as_mut().map(|p| PointLabels {
            labels: &mut p.labels[start..],
            certainty: &mut p.certainty[start..],
        });
        tile::log_sum_exp(
            s,
            k,
            Tile {
                log_weighted: &mut log_weighted,
                stride: TILE,
                scale: &mut scale,
                weight,
                vectors,
            },
            &mut log_likelihood,
            tile_points.as_mut(),
            real,
        );
        for c in 0..k {
            let exps = &log_weighted[c * TILE..(c + 1) * TILE];
            let moments = TileMoments {
                x: &x,
                exps,
                scale: &scale,
                mean: &components.means[c * D..(c + 1) * D],
                vectors,
            };
            if one_pass(D, CORRELATED, S::REGISTERS) {
                moments.rows::<S, CORRELATED, 0, D>(s, &mut sums, c);
            } else {
                moments.rows::<S, CORRELATED, 0, 2>(s, &mut sums, c);
                moments.rows::<S, CORRELATED, 2, 4>(s, &mut sums, c);
                moments.rows::<S, CORRELATED, 4, 6>(s, &mut sums, c);
                moments.rows::<S, CORRELATED, 6, 8>(s, &mut sums, c);
            }
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

/// ln πₖN(x) = log_norm − ‖(x − μ)·W‖² for component `c` on every point of the tile.
#[inline(always)]
fn log_densities<S: Simd, const D: usize, const CORRELATED: bool>(
    s: S,
    components: &Components,
    c: usize,
    x: &[&[f64]; D],
    vectors: usize,
    out: &mut [f64],
) {
    let mean: [S::V; D] = std::array::from_fn(|a| s.splat(components.means[c * D + a]));
    let w = &components.whitening[c * D * D..(c + 1) * D * D];
    let w: [[S::V; D]; D] = std::array::from_fn(|a| std::array::from_fn(|b| s.splat(w[a * D + b])));
    let norm = s.splat(components.log_norm[c]);
    for v in 0..vectors {
        let at = v * S::LANES;
        let dx: [S::V; D] = std::array::from_fn(|a| s.sub(s.load(&x[a][at..]), mean[a]));
        let mut log_density = norm;
        for b in 0..D {
            let mut y = s.mul(dx[b], w[b][b]);
            if CORRELATED {
                for a in 0..b {
                    y = s.mul_add(dx[a], w[a][b], y);
                }
            }
            log_density = s.neg_mul_add(y, y, log_density);
        }
        s.store(log_density, &mut out[at..]);
    }
}

/// One component's view of a tile after the log-sum-exp.
struct TileMoments<'a, const D: usize> {
    x: &'a [&'a [f64]; D],
    exps: &'a [f64],
    scale: &'a [f64; TILE],
    mean: &'a [f64],
    vectors: usize,
}

impl<const D: usize> TileMoments<'_, D> {
    /// Adds Σ rᵢ(xᵢ − μ) and Σ rᵢ(xᵢ − μ)(xᵢ − μ)ᵀ for rows `A0..A1` (and N_k with row 0) to
    /// `sums`: one pass over the tile with those sums in registers.
    #[inline(always)]
    fn rows<S: Simd, const CORRELATED: bool, const A0: usize, const A1: usize>(
        &self,
        s: S,
        sums: &mut LaneSums,
        c: usize,
    ) {
        if A0 >= D {
            return;
        }
        let end = if A1 < D { A1 } else { D };
        let zero = s.splat(0.0);
        let mean: [S::V; D] = std::array::from_fn(|a| s.splat(self.mean[a]));
        let mut nk = zero;
        let mut first = [zero; D];
        let mut second = [[zero; D]; D];
        for v in 0..self.vectors {
            let at = v * S::LANES;
            let r = s.mul(s.load(&self.exps[at..]), s.load(&self.scale[at..]));
            nk = s.add(nk, r);
            let dx: [S::V; D] = std::array::from_fn(|a| s.sub(s.load(&self.x[a][at..]), mean[a]));
            for a in A0..end {
                let r_dx = s.mul(r, dx[a]);
                first[a] = s.add(first[a], r_dx);
                let b_end = if CORRELATED { D } else { a + 1 };
                for b in a..b_end {
                    second[a][b] = s.mul_add(r_dx, dx[b], second[a][b]);
                }
            }
        }
        if A0 == 0 {
            LaneSums::add(s, &mut sums.nk, c, nk);
        }
        for a in A0..end {
            LaneSums::add(s, &mut sums.first, c * D + a, first[a]);
            let b_end = if CORRELATED { D } else { a + 1 };
            for (b, sum) in second[a].iter().enumerate().take(b_end).skip(a) {
                LaneSums::add(s, &mut sums.second, (c * D + a) * D + b, *sum);
            }
        }
    }
}
