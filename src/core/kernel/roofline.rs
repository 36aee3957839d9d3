//! The arithmetic bound of the lane kernel at D = 2: loops that do exactly the arithmetic the
//! pass needs per point-component — the Mahalanobis terms, one `exp` per point-component (per
//! point where K = 2), the log-sum-exp, the moment sums — on one tile of points held in L1.
//! `bench` times it in the same run as the real pass: their ratio is what the real pass loses to
//! everything but that work (streaming the data, reading rows back, tile bookkeeping, chunks),
//! on this CPU, whatever the load from elsewhere.
//!
//! The three phases are separate loops, as in the real pass (K log-densities and K·(1 + D +
//! D(D+1)/2) moment sums do not fit in the registers at once), each fed from L1 with what the
//! phase before would have produced: one log-density pass with the maximum over components, one
//! exp pass, one moments pass. What a phase hands on it writes to L1 as the pass must: K
//! log-densities and then K exps per point, and 1/total, do not fit in registers for a tile of 16
//! vectors. x − μ is computed again in the moments pass, as the pass does: keeping it instead
//! costs D more writes per point-component, which the pass measured dearer (docs/decisions.md).

use std::hint::black_box;

use super::Components;
use super::lanes::{InRegisters, row_passes};
use super::path::{KernelPath, WithSimd, with_simd};
use super::simd::Simd;
use super::tile::{Row, TILE};
use crate::core::dataset::Dataset;

/// One tile of a problem's points and what each phase of the pass derives from them, in
/// [`Row`]s, so that the loops carry no bounds checks.
pub struct Roofline<'a> {
    components: &'a Components,
    /// D rows: the points' coordinates.
    x: Vec<Row>,
    /// K rows: ln πₖN(x).
    log_densities: Vec<Row>,
    /// The largest log-density of each point.
    pub max: Row,
    /// K rows: exp(ln πₖN(x) − max).
    pub exps: Vec<Row>,
    /// 1/Σₖ exps.
    pub scale: Row,
}

impl<'a> Roofline<'a> {
    /// Points in the tile, each round of [`run`](Self::run).
    pub const POINTS: usize = TILE;

    /// The dimension the roofline is built for, the one `bench` measures: each dimension is
    /// another copy of its loops for every path and covariance kind (a tenth of the library's
    /// code when it had all eight of the lane kernel's).
    pub const DIM: usize = 2;

    /// The first `TILE` points of `data` (repeated if there are fewer) under `components`;
    /// `None` unless D is [`DIM`](Self::DIM).
    pub fn new(components: &'a Components, data: &Dataset) -> Option<Self> {
        let (k, d) = (components.k, components.d);
        if d != Self::DIM || data.n() == 0 {
            return None;
        }
        let x: Vec<Row> = (0..d)
            .map(|a| Row(std::array::from_fn(|i| data.column(a)[i % data.n()])))
            .collect();
        let mut log_densities = vec![Row::ZERO; k];
        for (c, row) in log_densities.iter_mut().enumerate() {
            let w = components.whitening_of(c);
            // W's (a, b) entry: without correlations `whitening_of` holds the diagonal alone.
            let entry = |a: usize, b: usize| match (components.correlated, a == b) {
                (true, _) => w[a * d + b],
                (false, true) => w[a],
                (false, false) => 0.0,
            };
            for i in 0..TILE {
                let dx: Vec<f64> = (0..d)
                    .map(|a| x[a][i] - components.means[c * d + a])
                    .collect();
                let squares: f64 = (0..d)
                    .map(|b| (0..=b).map(|a| dx[a] * entry(a, b)).sum::<f64>().powi(2))
                    .sum();
                row[i] = components.log_norm[c] - squares;
            }
        }
        let max = Row(std::array::from_fn(|i| {
            log_densities
                .iter()
                .map(|row| row[i])
                .fold(f64::MIN, f64::max)
        }));
        let exps: Vec<Row> = log_densities
            .iter()
            .map(|row| Row(std::array::from_fn(|i| (row[i] - max[i]).exp())))
            .collect();
        let scale = Row(std::array::from_fn(|i| {
            1.0 / exps.iter().map(|row| row[i]).sum::<f64>()
        }));
        Some(Roofline {
            components,
            x,
            log_densities,
            max,
            exps,
            scale,
        })
    }

    /// Runs the three phases over the tile `tiles` times on `path`; returns a sum of everything
    /// computed, so that none of it can be left out.
    pub fn run(&self, path: KernelPath, tiles: usize) -> f64 {
        let mut handoff = Handoff {
            rows: vec![Row::ZERO; self.components.k],
            scale: Row::ZERO,
        };
        self.run_into(path, tiles, &mut handoff)
    }

    /// [`run`](Self::run), writing the phases' hand-offs into `handoff`.
    pub fn run_into(&self, path: KernelPath, tiles: usize, handoff: &mut Handoff) -> f64 {
        let run = Run {
            tile: self,
            tiles,
            handoff,
        };
        with_simd(path, run)
    }
}

struct Run<'a> {
    tile: &'a Roofline<'a>,
    tiles: usize,
    handoff: &'a mut Handoff,
}

impl WithSimd for Run<'_> {
    type Output = f64;
    #[inline(always)]
    fn run<S: Simd>(self, s: S) -> f64 {
        const D: usize = Roofline::DIM;
        match self.tile.components.correlated {
            true => self.run_in::<S, D, true>(s),
            false => self.run_in::<S, D, false>(s),
        }
    }
}

impl Run<'_> {
    #[inline(always)]
    fn run_in<S: Simd, const D: usize, const CORRELATED: bool>(self, s: S) -> f64 {
        let mut sink = s.splat(0.0);
        let mut sums = vec![0.0; 64 * S::LANES];
        let handoff = self.handoff;
        for _ in 0..self.tiles {
            // Each round reads the tile anew: the compiler may not reuse one round's results.
            let tile = black_box(self.tile);
            sink = s.add(sink, densities::<S, D, CORRELATED>(s, tile, handoff));
            sink = s.add(sink, exps(s, tile, handoff));
            // What was written is looked at, so that no store can be left out.
            black_box(&mut *handoff);
            for c in 0..tile.components.k {
                moments::<S, D, CORRELATED, 0>(s, tile, c, &mut sums);
                moments::<S, D, CORRELATED, 1>(s, tile, c, &mut sums);
                moments::<S, D, CORRELATED, 2>(s, tile, c, &mut sums);
                moments::<S, D, CORRELATED, 3>(s, tile, c, &mut sums);
            }
        }
        s.sum_lanes(sink) + sums.iter().sum::<f64>()
    }
}

/// Where the pass's phases hand their results on through L1: K rows that receive each
/// log-density and then each exp, and 1/total per point. The roofline writes them as the pass
/// must (K values per point and 16 vectors do not fit in registers between phases) and reads the
/// tile's own rows instead, so that every round computes the same values.
pub struct Handoff {
    pub rows: Vec<Row>,
    pub scale: Row,
}

/// Every component's ln πₖN(x) for each vector of points, one component at a time with its
/// mean and factor in registers as in the real pass, written to its hand-off row as the pass
/// writes it. Each log-density also goes into a running maximum (two, alternating, so that
/// their chains do not hold the loop up): as many operations as the real pass's maximum over
/// components and Σ of the maxima.
#[inline(always)]
fn densities<S: Simd, const D: usize, const CORRELATED: bool>(
    s: S,
    tile: &Roofline,
    handoff: &mut Handoff,
) -> S::V {
    let components = tile.components;
    let mut max = [s.splat(f64::MIN); 2];
    for (c, out) in handoff.rows.iter_mut().enumerate() {
        let component = InRegisters::<S, D, CORRELATED>::new(s, components, c);
        let x: [&Row; D] = std::array::from_fn(|a| &tile.x[a]);
        for v in 0..TILE / S::LANES {
            let at = v * S::LANES;
            let mut point = [s.splat(0.0); D];
            for a in 0..D {
                point[a] = s.load(&x[a][at..]);
            }
            let log_density = component.log_density(s, point);
            s.store(log_density, &mut out[at..]);
            max[v % 2] = s.max(max[v % 2], log_density);
        }
    }
    s.add(max[0], max[1])
}

/// The log-sum-exp given each point's largest log-density: the exps (one per point where
/// K = 2), their totals and 1/total, and ln of the tile's product of totals.
#[inline(always)]
fn exps<S: Simd>(s: S, tile: &Roofline, handoff: &mut Handoff) -> S::V {
    let one = s.splat(1.0);
    let mut product = one;
    for v in 0..TILE / S::LANES {
        let at = v * S::LANES;
        let max = s.load(&tile.max[at..]);
        let total = if let ([first, second], [first_out, second_out]) =
            (&tile.log_densities[..], &mut handoff.rows[..])
        {
            let (first, second) = (s.load(&first[at..]), s.load(&second[at..]));
            let e = s.exp(s.sub(s.min(first, second), max));
            // What the real pass stores as each row's exp: 1 for the larger, e for the other.
            s.store(s.select_eq(first, max, one, e), &mut first_out[at..]);
            s.store(s.select_eq(first, max, e, one), &mut second_out[at..]);
            s.add(one, e)
        } else {
            let mut total = s.splat(0.0);
            for (row, out) in tile.log_densities.iter().zip(&mut handoff.rows) {
                let e = s.exp(s.sub(s.load(&row[at..]), max));
                s.store(e, &mut out[at..]);
                total = s.add(total, e);
            }
            total
        };
        // The product of the 1/totals: ln of it is −Σ ln total, and each 1/total is used.
        let scale = s.recip(total);
        s.store(scale, &mut handoff.scale[at..]);
        product = s.mul(product, scale);
    }
    s.ln(product)
}

/// Pass `P` of component `c`'s moment sums (the rows [`row_passes`] gives it, as in the real
/// pass), from x − μ as the log-density phase computed it, added into `sums`.
#[inline(always)]
fn moments<S: Simd, const D: usize, const CORRELATED: bool, const P: usize>(
    s: S,
    tile: &Roofline,
    c: usize,
    sums: &mut [f64],
) {
    let rows = const { row_passes(D, CORRELATED, S::REGISTERS)[P] };
    if rows == 0 {
        return;
    }
    let in_pass = |a: usize| rows >> a & 1 == 1;
    let zero = s.splat(0.0);
    let (mut nk, mut first, mut second) = (zero, [zero; D], [[zero; D]; D]);
    let x: [&Row; D] = std::array::from_fn(|a| &tile.x[a]);
    let mean = &tile.components.means[c * D..(c + 1) * D];
    let exps = &tile.exps[c];
    for v in 0..TILE / S::LANES {
        let at = v * S::LANES;
        let r = s.mul(s.load(&exps[at..]), s.load(&tile.scale[at..]));
        if P == 0 {
            nk = s.add(nk, r);
        }
        let mut r_dx = [zero; D];
        for b in 0..D {
            if !(CORRELATED || in_pass(b)) {
                continue;
            }
            let dx = s.sub(s.load(&x[b][at..]), s.splat(mean[b]));
            if in_pass(b) {
                r_dx[b] = s.mul(r, dx);
                first[b] = s.add(first[b], r_dx[b]);
            }
            for a in 0..=b {
                if in_pass(a) && (a == b || CORRELATED) {
                    second[a][b] = s.mul_add(r_dx[a], dx, second[a][b]);
                }
            }
        }
    }
    // Once a tile: the sums not in this pass are zero.
    let total = first
        .iter()
        .chain(second.iter().flatten())
        .fold(nk, |total, v| s.add(total, *v));
    let slot = &mut sums[(c % 64) * S::LANES..];
    s.store(s.add(s.load(slot), total), slot);
}
