//! The one pass over the data that an EM iteration needs: for every point, the E-step
//! (log-domain responsibilities) and, at once, the sums the M-step needs. No N×K matrix is kept.
//!
//! - [`path`]: which instruction set runs (AVX-512, AVX2+FMA, AVX2 or portable), chosen at run
//!   time from one build; [`simd`] is what a vector can do, [`portable`] and [`x86`] the vectors,
//!   [`fastmath`] their exp and ln.
//! - [`lanes`]: D ≤ 8, one compiled copy per dimension, tile by tile through L1 ([`tile`]).
//! - [`tiled`]: higher D, where the work is two triangular matrix products per component, in
//!   register blocks over tiles of points.
//! - [`roofline`]: the lane kernel's arithmetic alone, on one tile in L1, which `bench` times
//!   beside the real pass.
//!
//! Chunks of points run in parallel and are merged in chunk order, so results do not depend on
//! the thread count. Second moments are summed around the component means the pass evaluates
//! (the previous iteration's means), never as E[xxᵀ] − μμᵀ: data far from the origin loses no
//! precision.

pub mod fastmath;
pub mod lanes;
pub mod path;
pub mod portable;
pub mod roofline;
pub mod simd;
pub mod tile;
pub mod tiled;
#[cfg(target_arch = "x86_64")]
pub mod x86;

use std::ops::Range;

use nalgebra::DMatrix;
use rayon::prelude::*;

use super::dataset::Dataset;
use super::linalg::{cholesky_lower, diagonal_precision_cholesky, precision_cholesky};
use super::model::Gmm;
pub use path::{KERNEL_ENV, KernelPath};
use path::{WithSimd, with_simd};
pub use roofline::Roofline;
use simd::Simd;

/// From this dimension on, components are factorised in parallel.
const PARALLEL_FACTOR_DIM: usize = 64;

/// What the E-step needs of each component, computed once per iteration.
#[derive(Clone, Debug)]
pub struct Components {
    k: usize,
    d: usize,
    /// Off-diagonal terms present (full, tied); diagonal-only kernels skip them.
    correlated: bool,
    /// K×D.
    means: Vec<f64>,
    /// K×D×`stride` row-major upper-triangular W = U/√2, where U·Uᵀ = Σ⁻¹: then
    /// ln πₖN(x) = log_norm − ‖(x − μ)·W‖², the −½ folded in. Without correlations, K×D: W's
    /// diagonal only.
    whitening: Vec<f64>,
    /// Row length of `whitening`: D, or above [`lanes::MAX_DIM`] D rounded up to whole register
    /// blocks of the tiled kernel, the extra columns zero.
    stride: usize,
    /// ln π_k + Σ ln U_aa − ½·D·ln 2π: everything in ln(π_k N(x)) that does not depend on x.
    log_norm: Vec<f64>,
    /// Instead of `whitening` (then empty), each component's Cholesky factor L (Σ = L·Lᵀ,
    /// lower triangle), which the tiled kernel applies by a triangular solve, L⁻¹(x − μ) =
    /// Uᵀ(x − μ). Chosen for correlated types above [`lanes::MAX_DIM`] when there are no more
    /// points than dimensions: inverting L costs D³/3 per component, as much as the E-step's
    /// products on 2N/3 points, and its D = 2000 copies of 32 MB each are not needed.
    cholesky: Vec<DMatrix<f64>>,
}

impl Components {
    /// Factorises every covariance for an E-step on `n` points; `Err(c)` names the first
    /// component whose covariance is not positive definite.
    pub fn new(model: &Gmm, n: usize) -> Result<Self, usize> {
        let (k, d) = (model.k(), model.dim);
        let correlated = model.covariance_type.has_correlations();
        let log_norm = |c: usize, log_det_u: f64| {
            model.weights[c].ln() + log_det_u - 0.5 * d as f64 * (2.0 * std::f64::consts::PI).ln()
        };
        let mut components = Components {
            k,
            d,
            correlated,
            means: model.means.clone(),
            whitening: Vec::new(),
            stride: if d <= lanes::MAX_DIM {
                d
            } else {
                tiled::padded_dim(d)
            },
            log_norm: Vec::with_capacity(k),
            cholesky: Vec::new(),
        };
        if correlated && d > lanes::MAX_DIM && n <= d {
            components.cholesky =
                factor_each(k, d, |c| cholesky_lower(model.stored_covariance(c), d))?;
            for (c, l) in components.cholesky.iter().enumerate() {
                let log_det_l: f64 = (0..d).map(|a| l[(a, a)].ln()).sum();
                components.log_norm.push(log_norm(c, -log_det_l));
            }
            return Ok(components);
        }
        if !correlated {
            // W is diagonal, 1/√(2σ²) per coordinate: no D×D matrix to factor or hold.
            components.whitening.reserve_exact(k * d);
            for c in 0..k {
                let u = diagonal_precision_cholesky(model.stored_covariance(c)).ok_or(c)?;
                let log_det_u: f64 = u.iter().map(|v| v.ln()).sum();
                components.log_norm.push(log_norm(c, log_det_u));
                let w = u.iter().map(|v| v * std::f64::consts::FRAC_1_SQRT_2);
                components.whitening.extend(w);
            }
            return Ok(components);
        }
        let factors = factor_each(k, d, |c| precision_cholesky(model.stored_covariance(c), d))?;
        let stride = components.stride;
        components.whitening.reserve_exact(k * d * stride);
        for (c, u) in factors.iter().enumerate() {
            let log_det_u: f64 = (0..d).map(|a| u[a * d + a].ln()).sum();
            components.log_norm.push(log_norm(c, log_det_u));
            for row in u.chunks_exact(d) {
                let w = &mut components.whitening;
                w.extend(row.iter().map(|v| v * std::f64::consts::FRAC_1_SQRT_2));
                w.resize(w.len() + stride - d, 0.0);
            }
        }
        Ok(components)
    }

    /// Whether the E-step solves with L rather than multiplying by W.
    fn solves(&self) -> bool {
        !self.cholesky.is_empty()
    }
}

/// `factor` of each of `k` components, in parallel from [`PARALLEL_FACTOR_DIM`] on (it is
/// O(D³)); `Err(c)` for the first component it fails on.
fn factor_each<T: Send>(
    k: usize,
    d: usize,
    factor: impl Fn(usize) -> Option<T> + Sync + Send,
) -> Result<Vec<T>, usize> {
    let factors: Vec<Option<T>> = if d >= PARALLEL_FACTOR_DIM {
        (0..k).into_par_iter().with_max_len(1).map(factor).collect()
    } else {
        (0..k).map(factor).collect()
    };
    factors
        .into_iter()
        .enumerate()
        .map(|(c, f)| f.ok_or(c))
        .collect()
}

impl Components {
    /// Component `c`'s rows of W, each `stride` long; without correlations, W's diagonal.
    #[inline(always)]
    fn whitening_of(&self, c: usize) -> &[f64] {
        let len = if self.correlated {
            self.d * self.stride
        } else {
            self.d
        };
        &self.whitening[c * len..(c + 1) * len]
    }
}

/// The sufficient statistics of one pass, taken around the means of the components evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Moments {
    pub k: usize,
    pub d: usize,
    /// Σᵢ ln p(xᵢ): the total log-likelihood of the evaluated parameters.
    pub log_likelihood: f64,
    /// N_k = Σᵢ rᵢₖ.
    pub nk: Vec<f64>,
    /// K×D: Σᵢ rᵢₖ (xᵢ − μₖ).
    pub first: Vec<f64>,
    /// K×D×D: Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ, upper triangle only; K×D, its diagonal, when the
    /// covariance type has no correlations (see [`Moments::second_of`]).
    pub second: Vec<f64>,
}

impl Moments {
    pub fn zero(k: usize, d: usize, correlated: bool) -> Self {
        Moments {
            k,
            d,
            log_likelihood: 0.0,
            nk: vec![0.0; k],
            first: vec![0.0; k * d],
            second: vec![0.0; k * d * if correlated { d } else { 1 }],
        }
    }

    /// Component `c`'s second moments: D×D (upper triangle), or D when there are no
    /// correlations.
    pub fn second_of(&self, c: usize) -> &[f64] {
        let len = self.second.len() / self.k.max(1);
        &self.second[c * len..(c + 1) * len]
    }

    fn add(&mut self, other: &Moments) {
        self.log_likelihood += other.log_likelihood;
        for (a, b) in self
            .nk
            .iter_mut()
            .chain(&mut self.first)
            .chain(&mut self.second)
            .zip(other.nk.iter().chain(&other.first).chain(&other.second))
        {
            *a += b;
        }
    }
}

/// Per-point outputs for drawing, each of length N: the most responsible component, and its
/// responsibility (the point's certainty) scaled to 0–255.
pub struct PointLabels<'a> {
    pub labels: &'a mut [u8],
    pub certainty: &'a mut [u8],
}

/// Evaluates `components` on every point: log-likelihood and M-step sums; when `points` is given
/// it receives each point's most responsible component and certainty.
pub fn evaluate(data: &Dataset, components: &Components, points: Option<PointLabels>) -> Moments {
    let path = KernelPath::current();
    if components.d <= lanes::MAX_DIM {
        in_chunks(data.n(), LANE_CHUNK, components, points, |range, points| {
            data.with_columns(range, |columns| {
                with_simd(
                    path,
                    LaneChunk {
                        components,
                        columns,
                        points,
                    },
                )
            })
        })
    } else {
        let chunk = tiled::chunk_len(data.n(), components.d, components.k);
        in_chunks(data.n(), chunk, components, points, |range, points| {
            if data.is_row_major() {
                let part = TRANSPOSED_PART_BYTES / (components.d * std::mem::size_of::<f64>());
                tiled_in_parts(path, data, components, range, points, part)
            } else {
                data.with_columns(range.clone(), |columns| {
                    tiled::chunk(path, components, columns, 0..range.len(), points)
                })
            }
        })
    }
}

/// Bytes of row-major points the tiled kernel transposes at a time (at least one tile's).
const TRANSPOSED_PART_BYTES: usize = 1 << 20;

/// The tiled kernel on a chunk of row-major points, transposed in parts of about `part` points
/// (whole tiles): its chunks can hold a large share of the data.
pub fn tiled_in_parts(
    path: KernelPath,
    data: &Dataset,
    components: &Components,
    range: Range<usize>,
    mut points: Option<PointLabels>,
    part: usize,
) -> Moments {
    let part = part.max(1).next_multiple_of(tile::TILE);
    let mut total = Moments::zero(components.k, components.d, components.correlated);
    for start in range.clone().step_by(part) {
        let end = (start + part).min(range.end);
        let labels = points.as_mut().map(|p| {
            let at = start - range.start..end - range.start;
            PointLabels {
                labels: &mut p.labels[at.clone()],
                certainty: &mut p.certainty[at],
            }
        });
        let moments = data.with_columns(start..end, |columns| {
            tiled::chunk(path, components, columns, 0..end - start, labels)
        });
        total.add(&moments);
    }
    total
}

/// Points per parallel task of the lane kernel.
pub const LANE_CHUNK: usize = 8192;

/// A short description of the kernel that evaluates `d` dimensions on `path`, for `bench`: the
/// path, and `tiled` for the high-dimensional kernel.
pub fn describe(path: KernelPath, d: usize) -> String {
    if d <= lanes::MAX_DIM {
        path.name().to_string()
    } else {
        format!("{path} tiled")
    }
}

struct LaneChunk<'a> {
    components: &'a Components,
    columns: &'a [&'a [f64]],
    points: Option<PointLabels<'a>>,
}

impl WithSimd for LaneChunk<'_> {
    type Output = Moments;
    #[inline(always)]
    fn run<S: Simd>(self, s: S) -> Moments {
        lanes::chunk(s, self.components, self.columns, self.points)
    }
}

/// Runs `chunk` on consecutive ranges of `chunk_len` points in parallel (with the matching
/// slices of `points`), and adds the results up in range order.
///
/// Every chunk is a task of its own (`with_max_len(1)`): rayon's default split for two
/// threads is quarters run start to end, so a worker slowed or descheduled for part of the pass
/// kept the other waiting on up to a quarter of the work; one chunk at a time, the free worker
/// takes whatever is left. The sum is in range order whoever ran which chunk.
fn in_chunks(
    n: usize,
    chunk_len: usize,
    components: &Components,
    points: Option<PointLabels>,
    chunk: impl Fn(Range<usize>, Option<PointLabels>) -> Moments + Sync,
) -> Moments {
    let range = |i: usize| i * chunk_len..((i + 1) * chunk_len).min(n);
    let partials: Vec<Moments> = match points {
        Some(points) => points
            .labels
            .par_chunks_mut(chunk_len)
            .zip(points.certainty.par_chunks_mut(chunk_len))
            .enumerate()
            .with_max_len(1)
            .map(|(i, (labels, certainty))| {
                chunk(range(i), Some(PointLabels { labels, certainty }))
            })
            .collect(),
        None => (0..n.div_ceil(chunk_len))
            .into_par_iter()
            .with_max_len(1)
            .map(|i| chunk(range(i), None))
            .collect(),
    };
    let mut partials = partials.into_iter();
    let mut total = partials
        .next()
        .unwrap_or_else(|| Moments::zero(components.k, components.d, components.correlated));
    for partial in partials {
        total.add(&partial);
    }
    total
}
