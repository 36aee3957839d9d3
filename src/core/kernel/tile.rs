//! What every kernel does to a tile of points once each component's ln πₖN(x) is known: the
//! log-sum-exp over components (the E-step proper), each point's label and certainty, and
//! per-lane running sums that are added up only once per chunk.

use super::PointLabels;
use super::simd::Simd;

/// Points per tile: a multiple of every path's lanes, small enough that K rows of them stay in
/// L1 for the K ≤ 10 that matter most, large enough that per-tile costs vanish.
pub const TILE: usize = 128;

/// Weights of a full tile: every point counts.
pub static ALL_POINTS: [f64; TILE] = [1.0; TILE];

/// Per-lane running sums for one chunk: entry `i` of a sum is `LANES` values at
/// `[i * LANES..(i + 1) * LANES]`, added up in lane order when the chunk ends.
pub struct LaneSums {
    pub nk: Vec<f64>,
    pub first: Vec<f64>,
    pub second: Vec<f64>,
}

impl LaneSums {
    pub fn new(lanes: usize, k: usize, d: usize) -> Self {
        LaneSums {
            nk: vec![0.0; k * lanes],
            first: vec![0.0; k * d * lanes],
            second: vec![0.0; k * d * d * lanes],
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
    rows: Vec<f64>,
    /// 1/Σₖ exp(…) for the tile's points, 0 for padding.
    pub scale: [f64; TILE],
}

impl TileRows {
    pub fn new(k: usize) -> Self {
        TileRows {
            rows: vec![0.0; k * TILE],
            scale: [0.0; TILE],
        }
    }

    /// Component `c`'s row.
    #[inline(always)]
    pub fn row(&self, c: usize) -> &[f64] {
        &self.rows[c * TILE..(c + 1) * TILE]
    }

    #[inline(always)]
    pub fn row_mut(&mut self, c: usize) -> &mut [f64] {
        &mut self.rows[c * TILE..(c + 1) * TILE]
    }

    /// The log-sum-exp over components for the first `vectors` vectors of points (`weight`: 1
    /// for a real point, 0 for padding); adds Σᵢ ln p(xᵢ) to `log_likelihood` and, when `points`
    /// is given, writes labels and certainty of the `real` points to it from index `first` on.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn log_sum_exp<S: Simd>(
        &mut self,
        s: S,
        weight: &[f64],
        vectors: usize,
        log_likelihood: &mut S::V,
        points: Option<&mut PointLabels>,
        first: usize,
        real: usize,
    ) {
        let (lanes, k) = (S::LANES, self.rows.len() / TILE);
        let rows = &mut self.rows;
        let one = s.splat(1.0);
        // ln of a product of up to 32 totals (each in [1, K], K ≤ 255) once per tile, instead of
        // one ln per vector: the product stays far inside f64's range.
        let mut product = one;
        // A local running sum: through the `&mut` it went to memory and back on every vector.
        let mut sum = *log_likelihood;
        let mut labels = [0.0; TILE];
        for v in 0..vectors {
            let at = v * lanes;
            let mut max = s.load(&rows[at..]);
            for c in 1..k {
                max = s.max(max, s.load(&rows[c * TILE + at..]));
            }
            if points.is_some() {
                // The first component reaching the maximum.
                let mut label = s.splat(0.0);
                for c in (0..k).rev() {
                    let value = s.load(&rows[c * TILE + at..]);
                    label = s.select_eq(value, max, s.splat(c as f64), label);
                }
                s.store(label, &mut labels[at..]);
            }
            let mut total = s.splat(0.0);
            for c in 0..k {
                let slot = &mut rows[c * TILE + at..];
                let e = s.exp(s.sub(s.load(slot), max));
                s.store(e, slot);
                total = s.add(total, e);
            }
            let weight = s.load(&weight[at..]);
            s.store(s.mul(weight, s.recip(total)), &mut self.scale[at..]);
            sum = s.mul_add(weight, max, sum);
            product = s.mul(product, s.mul_add(weight, s.sub(total, one), one));
        }
        *log_likelihood = s.add(sum, s.ln(product));
        if let Some(points) = points {
            // The largest responsibility is exp(max − max) × scale = scale.
            let outputs = points.labels[first..]
                .iter_mut()
                .zip(points.certainty[first..].iter_mut());
            for ((label, sure), (best, scale)) in
                outputs.zip(labels.iter().zip(self.scale.iter())).take(real)
            {
                *label = *best as u8;
                *sure = (255.0 * *scale + 0.5) as u8;
            }
        }
    }
}
