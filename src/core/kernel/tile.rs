//! What every kernel does to a tile of points once each component's ln πₖN(x) is known: the
//! log-sum-exp over components (the E-step proper), each point's label and certainty, and
//! per-lane running sums that are added up only once per chunk.

use super::PointLabels;
use super::simd::Simd;

/// Points per tile: a multiple of every path's lanes, small enough that K rows of them stay in
/// L1 for the K ≤ 10 that matter most, large enough that per-tile costs vanish.
pub const TILE: usize = 128;

/// One value per point of a tile, on a 64-byte boundary so that no vector load or store of it
/// straddles two cache lines (an AVX-512 vector is a whole line: every access to a row 16 bytes
/// off, as the allocator gives, took two). Loops over a tile index rows of this fixed length,
/// with the vector count bounded by [`vectors_in_tile`], so that they carry no bounds checks: the
/// roofline showed them costing the AVX2 paths 5–10 % at D = 2. (The coordinates stay slices
/// with checks: as rows too, or cut to `TILE` in the loops, the AVX-512 pass at K = 2 took
/// 10–25 % longer on 10⁶ points, for a reason the same-instruction inner loops did not show.)
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
pub struct Row(pub [f64; TILE]);

impl Row {
    pub const ZERO: Row = Row([0.0; TILE]);
}

impl std::ops::Deref for Row {
    type Target = [f64; TILE];
    #[inline(always)]
    fn deref(&self) -> &[f64; TILE] {
        &self.0
    }
}

impl std::ops::DerefMut for Row {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [f64; TILE] {
        &mut self.0
    }
}

/// `vectors` (of `S::LANES` points) as the compiler can see it is at most a tile's: then every
/// `&row[v * LANES..]` of a [`Row`] in a loop up to it is known to hold a whole vector.
#[inline(always)]
pub fn vectors_in_tile<S: super::simd::Simd>(vectors: usize) -> usize {
    vectors.min(TILE / S::LANES)
}

/// Per-lane running sums for one chunk: entry `i` of a sum is `LANES` values at
/// `[i * LANES..(i + 1) * LANES]`, added up in lane order when the chunk ends.
pub struct LaneSums {
    pub nk: Vec<f64>,
    pub first: Vec<f64>,
    pub second: Vec<f64>,
}

impl LaneSums {
    /// Sums for `k` components in `d` dimensions: second moments D×D each, or D without
    /// correlations, as `Moments::second` holds them.
    pub fn new(lanes: usize, k: usize, d: usize, correlated: bool) -> Self {
        let second = if correlated { d * d } else { d };
        LaneSums {
            nk: vec![0.0; k * lanes],
            first: vec![0.0; k * d * lanes],
            second: vec![0.0; k * second * lanes],
        }
    }

    /// Adds `v` into entry `i` of `sum`.
    #[inline(always)]
    pub fn add<S: Simd>(s: S, sum: &mut [f64], i: usize, v: S::V) {
        let slot = &mut sum[i * S::LANES..(i + 1) * S::LANES];
        s.store(s.add(s.load(slot), v), slot);
    }

    /// Each entry's lanes added up, in lane order.
    pub fn totals(sum: &[f64], lanes: usize) -> Vec<f64> {
        sum.chunks_exact(lanes).map(|l| l.iter().sum()).collect()
    }
}

/// One tile's ln πₖN(xᵢ) in (K rows of `TILE`, component-major), responsibilities'
/// ingredients out: after [`log_sum_exp`](Self::log_sum_exp) row `c` holds
/// exp(value − the point's largest value), so that rᵢₖ = that × `scale[i]`.
pub struct TileRows {
    rows: Vec<Row>,
    /// 1/Σₖ exp(…) for the tile's points, 0 for padding.
    pub scale: Row,
    /// Each point's most responsible component (as a float), when labels are asked for: kept
    /// here rather than made per tile, which zeroed a kilobyte a tile whether asked for or not.
    pub labels: Row,
}

impl TileRows {
    pub fn new(k: usize) -> Self {
        TileRows {
            rows: vec![Row::ZERO; k],
            scale: Row::ZERO,
            labels: Row::ZERO,
        }
    }

    /// Component `c`'s row.
    #[inline(always)]
    pub fn row(&self, c: usize) -> &Row {
        &self.rows[c]
    }

    #[inline(always)]
    pub fn row_mut(&mut self, c: usize) -> &mut Row {
        &mut self.rows[c]
    }

    /// The log-sum-exp over components for the first `vectors` vectors of points, of which the
    /// first `real` are points and the rest padding; adds Σᵢ ln p(xᵢ) to `log_likelihood` and,
    /// when `points` is given, writes labels and certainty of the real points to it from index
    /// `first` on.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn log_sum_exp<S: Simd>(
        &mut self,
        s: S,
        vectors: usize,
        log_likelihood: &mut S::V,
        points: Option<&mut PointLabels>,
        first: usize,
        real: usize,
    ) {
        // Padding gets values that add exactly nothing, ln(e⁰ + e⁻⁷⁰⁸ + …) = 0, so that the loop
        // needs no weights; its responsibilities are zeroed after.
        let padded = real..vectors * S::LANES;
        for (c, row) in self.rows.iter_mut().enumerate() {
            row[padded.clone()].fill(if c == 0 { 0.0 } else { f64::MIN });
        }
        let labelled = points.is_some();
        let tile = if self.rows.len() == 2 {
            self.vectors_log_sum_exp::<S, true>(s, vectors, labelled)
        } else {
            self.vectors_log_sum_exp::<S, false>(s, vectors, labelled)
        };
        self.scale[padded].fill(0.0);
        *log_likelihood = s.add(*log_likelihood, tile);
        if let Some(points) = points {
            // The largest responsibility is exp(max − max) × scale = scale.
            let outputs = points.labels[first..]
                .iter_mut()
                .zip(points.certainty[first..].iter_mut());
            for ((label, sure), (best, scale)) in outputs
                .zip(self.labels.iter().zip(self.scale.iter()))
                .take(real)
            {
                *label = *best as u8;
                *sure = (255.0 * *scale + 0.5) as u8;
            }
        }
    }

    /// [`log_sum_exp`](Self::log_sum_exp)'s loop over vectors: the tile's Σᵢ ln p(xᵢ) by lane,
    /// and each point's first most responsible component into `labels` when `labelled`.
    /// `PAIR`: there are exactly two rows, which need one exp per point, not two (K = 2 is common
    /// and cheap, so the exps weigh most there).
    #[inline(always)]
    fn vectors_log_sum_exp<S: Simd, const PAIR: bool>(
        &mut self,
        s: S,
        vectors: usize,
        labelled: bool,
    ) -> S::V {
        let (rows, labels) = (&mut self.rows[..], &mut self.labels);
        let one = s.splat(1.0);
        // ln of a product of up to 32 totals (each in [1, K], K ≤ 255) once per tile, instead of
        // one ln per vector: the product stays far inside f64's range.
        let mut product = one;
        // Started here, not from the chunk's running sum, so that it stays in a register.
        let mut sum = s.splat(0.0);
        for v in 0..vectors_in_tile::<S>(vectors) {
            let at = v * S::LANES;
            let mut max = s.load(&rows[0][at..]);
            for row in &rows[1..] {
                max = s.max(max, s.load(&row[at..]));
            }
            if labelled {
                // The first component reaching the maximum.
                let mut label = s.splat(0.0);
                for (c, row) in rows.iter().enumerate().rev() {
                    label = s.select_eq(s.load(&row[at..]), max, s.splat(c as f64), label);
                }
                s.store(label, &mut labels[at..]);
            }
            let total = match rows {
                // One exp per point, not two: the larger value's is exp(0) = 1, and the other's
                // exponent min − max is exactly the one the general loop computes.
                [first, second] if PAIR => {
                    let value = s.load(&first[at..]);
                    let e = s.exp(s.sub(s.min(value, s.load(&second[at..])), max));
                    s.store(s.select_eq(value, max, one, e), &mut first[at..]);
                    s.store(s.select_eq(value, max, e, one), &mut second[at..]);
                    s.add(one, e)
                }
                _ => {
                    let mut total = s.splat(0.0);
                    for row in rows.iter_mut() {
                        let e = s.exp(s.sub(s.load(&row[at..]), max));
                        s.store(e, &mut row[at..]);
                        total = s.add(total, e);
                    }
                    total
                }
            };
            s.store(s.recip(total), &mut self.scale[at..]);
            sum = s.add(sum, max);
            product = s.mul(product, total);
        }
        s.add(sum, s.ln(product))
    }
}
