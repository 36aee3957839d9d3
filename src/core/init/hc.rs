//! Model-based agglomerative hierarchical clustering (Fraley 1998, "Algorithms for model-based
//! Gaussian hierarchical clustering"), the start R's mclust gives every model: each point begins
//! as its own cluster, and each step merges the two clusters whose merge lowers the classification
//! likelihood least. Written from mclust's `hcVVV` and `hcEII` (R/mbahc.R, src/mclust.f).
//!
//! The VVV criterion: a cluster of n points with scatter matrix W (the sum of its centred outer
//! products) in p dimensions costs n·ln(det(W/n) + β(tr W + α)/n), and n·ln(β(tr W + α)/n) while
//! n ≤ p (its covariance cannot be full rank yet); α = tr(W of all points)/(n·p), β = 1, as
//! mclust sets them. A merge costs the merged cluster's term less the two parts'; merging clusters
//! of n₁ and n₂ points with means m₁, m₂ gives W₁ + W₂ + (n₁n₂/(n₁+n₂))(m₁ − m₂)(m₁ − m₂)ᵀ.
//! The EII criterion (Ward's) is the increase of the total within-cluster sum of squares,
//! (n₁n₂/(n₁+n₂))·|m₁ − m₂|².
//!
//! Memory is O(n²): the cost of every pair (n(n − 1)/2 numbers: 16 MB at 2000 points), plus, for
//! VVV, each slot's scatter's lower triangle (33 MB at 2000 points in 64 dimensions, zeroed pages
//! of which only merged clusters' are written). Above [`MAX_VVV_DIM`] dimensions the EII criterion is used, which keeps means only.
//! Time: every pair once, then each merge re-costs the merged cluster against every other;
//! each cluster keeps its cheapest partner, so a merge scans O(n) minima, not O(n²) pairs.

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

/// The most dimensions the VVV criterion is used in (its scatter matrices grow as p²).
pub const MAX_VVV_DIM: usize = 64;

/// A merge: the clusters labelled by their first points (0-based), the first kept.
pub type Merge = (usize, usize);

/// The merge criterion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Criterion {
    /// mclust's VVV (ellipsoidal, varying volume, shape and orientation).
    Vvv,
    /// mclust's EII (spherical, equal volume): Ward's.
    Eii,
}

impl Criterion {
    /// VVV up to [`MAX_VVV_DIM`] dimensions, EII above.
    pub fn for_dim(p: usize) -> Self {
        if p <= MAX_VVV_DIM {
            Self::Vvv
        } else {
            Self::Eii
        }
    }
}

/// The merges that take the `n` points of `z` (row-major, n×p) down to `until` clusters, in
/// order, labelled as mclust's `hc()` labels them (the first point of each cluster).
pub fn agglomerate(z: &[f64], p: usize, until: usize, criterion: Criterion) -> Vec<Merge> {
    let n = z.len().checked_div(p).unwrap_or(0);
    let mut state = State::new(z, n, p, criterion);
    let mut merges = Vec::with_capacity(n.saturating_sub(until));
    for _ in until.max(1)..n {
        let Some((i, j)) = state.cheapest() else {
            break;
        };
        state.merge(i, j);
        merges.push((i, j));
    }
    merges
}

/// The merges that take `z`'s points down to one cluster, remembered for the last few data sets:
/// the tree does not depend on K, so `select`'s cells and the app's model table agglomerate a
/// data set once and cut it at each K, as mclust's `Mclust` runs `hc` once for every model.
/// The first `n − K` merges are [`agglomerate`]'s to K: each merge is the cheapest of the same
/// clusters either way.
pub fn tree(z: &[f64], p: usize, criterion: Criterion) -> Arc<Vec<Merge>> {
    /// A tree and what it was made from, compared bit for bit.
    struct Remembered {
        z: Vec<f64>,
        p: usize,
        criterion: Criterion,
        merges: Arc<Vec<Merge>>,
    }
    /// Enough for `select` on small data, whose every cell agglomerates the same 11 point sets
    /// (the data, and the default's two `small-em` hc screens' 5 bootstrap samples each), or on
    /// a sample per restart seed: at most 16 MB of points (2000 in 64 dimensions each).
    const REMEMBERED: usize = 16;
    static TREES: Mutex<Vec<Remembered>> = Mutex::new(Vec::new());
    let same = |r: &Remembered| {
        r.p == p
            && r.criterion == criterion
            && r.z.len() == z.len()
            && r.z.iter().zip(z).all(|(a, b)| a.to_bits() == b.to_bits())
    };
    let recall = |trees: &[Remembered]| {
        let found = trees.iter().find(|r| same(r));
        found.map(|r| Arc::clone(&r.merges))
    };
    if let Some(merges) = recall(&TREES.lock().unwrap_or_else(PoisonError::into_inner)) {
        return merges;
    }
    // Agglomerated without the lock: another data set's tree need not wait for this one.
    let merges = Arc::new(agglomerate(z, p, 1, criterion));
    let mut trees = TREES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(merges) = recall(&trees) {
        return merges;
    }
    if trees.len() == REMEMBERED {
        trees.remove(0);
    }
    trees.push(Remembered {
        z: z.to_vec(),
        p,
        criterion,
        merges: Arc::clone(&merges),
    });
    merges
}

/// The partition into `k` clusters that `tree`'s merges give `n` points.
pub fn cut_at(tree: &[Merge], n: usize, k: usize) -> Vec<usize> {
    cut(&tree[..tree.len().min(n.saturating_sub(k))], n)
}

/// The partition after the merges: each point's cluster, numbered from 0 in order of the
/// clusters' first points (mclust's `hclass`).
pub fn cut(merges: &[Merge], n: usize) -> Vec<usize> {
    let mut head: Vec<usize> = (0..n).collect();
    for &(i, j) in merges {
        head[j] = i;
    }
    let mut labels = vec![0; n];
    let mut numbers = vec![usize::MAX; n];
    let mut next = 0;
    for point in 0..n {
        // A cluster's head is its first point, so heads are settled before later points.
        let mut h = point;
        while head[h] != h {
            h = head[h];
        }
        head[point] = h;
        if numbers[h] == usize::MAX {
            numbers[h] = next;
            next += 1;
        }
        labels[point] = numbers[h];
    }
    labels
}

/// The clusters (one slot per first point) and every live pair's cost. Public for the test of
/// mclust's formula in tests/unit, as are `new`, `merge`, `merged` and `alpha`.
pub struct State {
    p: usize,
    criterion: Criterion,
    pub alpha: f64,
    /// The live slots, in increasing order: every scan visits them as a scan of all slots that
    /// skipped the dead ones would, so ties fall the same way.
    live: Vec<usize>,
    size: Vec<usize>,
    /// n×p.
    mean: Vec<f64>,
    trace: Vec<f64>,
    term: Vec<f64>,
    /// VVV only: each slot's W, its lower triangle row by row (`triangle(p)` numbers, the only
    /// ones the Cholesky factorisation reads), zeros for a single point.
    scatter: Vec<f64>,
    /// cost(i, j) for i < j at `j(j − 1)/2 + i`.
    cost: Vec<f64>,
    /// Each slot j's cheapest pair (cost, i) over live i < j, or while `stale[j]`, a lower bound
    /// of its cost beside the pair that had it.
    best: Vec<(f64, usize)>,
    stale: Vec<bool>,
    /// Scratch for a Cholesky factor's lower triangle.
    work: Vec<f64>,
}

const NONE: (f64, usize) = (f64::INFINITY, usize::MAX);

/// What a merge's cost needs of the two clusters' sizes, made once for all the pairs of the same
/// sizes (most of a re-cost's partners are as small as each other): two divisions fewer a pair.
#[derive(Clone, Copy)]
struct Sizes {
    /// The second cluster's size, which a re-cost's pairs change.
    other: usize,
    /// The merged cluster's size, as a count and as a number.
    points: usize,
    n: f64,
    weight: f64,
    /// 1/n.
    scale: f64,
}

impl Sizes {
    fn of(first: usize, other: usize) -> Self {
        let (ni, nj) = (first as f64, other as f64);
        let n = ni + nj;
        Sizes {
            other,
            points: first + other,
            n,
            weight: ni * nj / n,
            scale: 1.0 / n,
        }
    }
}

fn pair(i: usize, j: usize) -> usize {
    j * (j - 1) / 2 + i
}

/// The numbers in a p×p lower triangle.
fn triangle(p: usize) -> usize {
    p * (p + 1) / 2
}

/// Calls `Self::f::<P>(args)` with P = p where p is small enough to be worth its own copy of the
/// cost's code (a constant p lets the compiler unroll the loops and drop the bounds checks; the
/// operations and their order are the same), P = 0 (p read at run time) otherwise.
macro_rules! by_dim {
    ($p:expr, Self::$f:ident($($arg:expr),*)) => {
        match $p {
            1 => Self::$f::<1>($($arg),*),
            2 => Self::$f::<2>($($arg),*),
            3 => Self::$f::<3>($($arg),*),
            _ => Self::$f::<0>($($arg),*),
        }
    };
}

impl State {
    pub fn new(z: &[f64], n: usize, p: usize, criterion: Criterion) -> Self {
        let alpha = (total_trace(z, n, p) / (n * p).max(1) as f64).max(f64::EPSILON);
        let vvv = criterion == Criterion::Vvv;
        let mut state = State {
            p,
            criterion,
            alpha,
            live: (0..n).collect(),
            size: vec![1; n],
            mean: z.to_vec(),
            trace: vec![0.0; n],
            term: vec![alpha.ln(); n],
            scatter: vec![0.0; if vvv { n * triangle(p) } else { 0 }],
            cost: vec![0.0; n * n.saturating_sub(1) / 2],
            best: vec![NONE; n],
            stale: vec![false; n],
            work: vec![0.0; triangle(p)],
        };
        by_dim!(p, Self::first_costs(&mut state));
        state
    }

    /// Every pair's cost and each row's cheapest pair, the first among equals: rows in parallel
    /// (a pair's cost is its two points' alone, and each row's minimum is found in its order).
    fn first_costs<const P: usize>(&mut self) {
        let mut cost = std::mem::take(&mut self.cost);
        let mut best = std::mem::take(&mut self.best);
        let mut rows = Vec::with_capacity(best.len());
        let mut rest = &mut cost[..];
        for j in 0..best.len() {
            let (row, later) = rest.split_at_mut(j);
            rows.push(row);
            rest = later;
        }
        let (state, sizes) = (&*self, Sizes::of(1, 1));
        rows.into_par_iter()
            .zip(best.par_iter_mut())
            .enumerate()
            .with_min_len(32)
            .for_each_init(
                || vec![0.0; triangle(state.p)],
                |factor, (j, (row, best))| {
                    for (i, c) in row.iter_mut().enumerate() {
                        *c = state.merged_in::<P>(i, j, sizes, factor).0;
                        if *c < best.0 {
                            *best = (*c, i);
                        }
                    }
                },
            );
        self.cost = cost;
        self.best = best;
    }

    /// The cheapest live pair: the lowest cost, the first pair in (j, i) order among equals. A
    /// row whose minimum is only a bound is recomputed when it comes first, then looked at again.
    fn cheapest(&mut self) -> Option<(usize, usize)> {
        loop {
            // (cost, row), no row while `row` is usize::MAX.
            let (mut lowest, mut row) = NONE;
            for &j in &self.live {
                let (c, i) = self.best[j];
                if i != usize::MAX && (row == usize::MAX || c < lowest) {
                    (lowest, row) = (c, j);
                }
            }
            let j = (row != usize::MAX).then_some(row)?;
            if !self.stale[j] {
                return Some((self.best[j].1, j));
            }
            self.best[j] = self.row_minimum(j);
            self.stale[j] = false;
        }
    }

    /// The cost of merging `i` and `j`, the merged trace and the merged term.
    pub fn merged(&mut self, i: usize, j: usize) -> (f64, f64, f64) {
        let mut factor = std::mem::take(&mut self.work);
        let sizes = Sizes::of(self.size[i], self.size[j]);
        let merged = by_dim!(self.p, Self::merged_in(self, i, j, sizes, &mut factor));
        self.work = factor;
        merged
    }

    /// [`Self::merged`] for P = p (or P = 0), `factor` its scratch. W's numbers are made as the
    /// factorisation reads them, each by the same operations as if W were built first.
    #[inline(always)]
    fn merged_in<const P: usize>(
        &self,
        i: usize,
        j: usize,
        sizes: Sizes,
        factor: &mut [f64],
    ) -> (f64, f64, f64) {
        let p = if P == 0 { self.p } else { P };
        let Sizes {
            points,
            n,
            weight,
            scale,
            ..
        } = sizes;
        let (mi, mj) = (
            &self.mean[i * p..(i + 1) * p],
            &self.mean[j * p..(j + 1) * p],
        );
        let squared: f64 = mi.iter().zip(mj).map(|(a, b)| (a - b) * (a - b)).sum();
        let trace = self.trace[i] + self.trace[j] + weight * squared;
        if self.criterion == Criterion::Eii {
            return (weight * squared, trace, 0.0);
        }
        let spread = (trace + self.alpha) / n;
        let term = if points <= p {
            n * spread.ln()
        } else {
            let t = triangle(p);
            let (si, sj) = (
                &self.scatter[i * t..(i + 1) * t],
                &self.scatter[j * t..(j + 1) * t],
            );
            // W = 0 + Wᵢ + Wⱼ + (weight·(mᵢ − mⱼ)ₐ)(mᵢ − mⱼ)_b, summed in that order.
            let w = |a: usize, b: usize, k: usize| {
                0.0 + si[k] + sj[k] + weight * (mi[a] - mj[a]) * (mi[b] - mj[b])
            };
            n * ln_det_plus(w, factor, p, scale, spread)
        };
        (term - self.term[i] - self.term[j], trace, term)
    }

    /// Merges slot `j` into slot `i` (i < j) and re-costs every pair the merge changed.
    pub fn merge(&mut self, i: usize, j: usize) {
        let p = self.p;
        let (_, trace, term) = self.merged(i, j);
        if self.criterion == Criterion::Vvv {
            self.merge_scatter(i, j);
        }
        let (ni, nj) = (self.size[i] as f64, self.size[j] as f64);
        for a in 0..p {
            self.mean[i * p + a] =
                (ni * self.mean[i * p + a] + nj * self.mean[j * p + a]) / (ni + nj);
        }
        self.size[i] += self.size[j];
        self.trace[i] = trace;
        self.term[i] = term;
        if let Ok(at) = self.live.binary_search(&j) {
            self.live.remove(at);
        }
        self.best[j] = NONE;
        self.stale[j] = false;
        by_dim!(p, Self::recost(self, i, j));
    }

    /// After `j` merged into `i`: every pair with `i` re-costed, `i`'s row minimum, and each
    /// later row's minimum mended.
    fn recost<const P: usize>(&mut self, i: usize, j: usize) {
        let mut factor = std::mem::take(&mut self.work);
        let live = std::mem::take(&mut self.live);
        let mut minimum = NONE;
        let mut sizes = Sizes::of(self.size[i], 1);
        for &other in &live {
            if self.size[other] != sizes.other {
                sizes = Sizes::of(self.size[i], self.size[other]);
            }
            if other < i {
                let c = self.merged_in::<P>(other, i, sizes, &mut factor).0;
                self.cost[pair(other, i)] = c;
                if c < minimum.0 {
                    minimum = (c, other);
                }
            } else if other > i {
                let c = self.merged_in::<P>(i, other, sizes, &mut factor).0;
                self.cost[pair(i, other)] = c;
                self.mend(other, i, j, c);
            }
        }
        self.live = live;
        self.work = factor;
        self.best[i] = minimum;
        self.stale[i] = false;
    }

    /// Row `row`'s other pairs are unchanged and cost at least its old minimum (or bound): a
    /// pair with `i` that costs `new`, less, is the minimum; if the old minimum's pair changed or
    /// died (merged `i` and `j`), the old minimum is left as a bound.
    #[inline]
    fn mend(&mut self, row: usize, i: usize, j: usize, new: f64) {
        let (old, partner) = self.best[row];
        if new < old || (new == old && !self.stale[row] && i < partner) {
            self.best[row] = (new, i);
            self.stale[row] = false;
        } else if partner == i || partner == j {
            self.stale[row] = true;
        }
    }

    /// Adds `j`'s W and the between-means term to `i`'s (with `i`'s and `j`'s means as they were).
    fn merge_scatter(&mut self, i: usize, j: usize) {
        let p = self.p;
        let t = triangle(p);
        let (ni, nj) = (self.size[i] as f64, self.size[j] as f64);
        let weight = ni * nj / (ni + nj);
        let (head, tail) = self.scatter.split_at_mut(j * t);
        let (si, sj) = (&mut head[i * t..(i + 1) * t], &tail[..t]);
        let mut k = 0;
        for a in 0..p {
            for b in 0..=a {
                let da = self.mean[i * p + a] - self.mean[j * p + a];
                let db = self.mean[i * p + b] - self.mean[j * p + b];
                si[k] = si[k] + sj[k] + weight * da * db;
                k += 1;
            }
        }
    }

    fn row_minimum(&self, j: usize) -> (f64, usize) {
        self.live
            .iter()
            .take_while(|&&i| i < j)
            .map(|&i| (self.cost[pair(i, j)], i))
            .fold(NONE, |best, c| if c.0 < best.0 { c } else { best })
    }
}

/// ln(det(scale·W) + spread), det(scale·W) from a Cholesky factorisation into `factor` (lower
/// triangle, row by row) and taken as 0 when W is not positive definite (a flat cluster, as
/// mclust's `det2mc` does); `w(a, b, k)` is W's (a, b) entry, b ≤ a, the triangle's k-th. The
/// determinant is a product of pivots while that stays in range (one logarithm), else a sum of
/// their logarithms.
#[inline(always)]
fn ln_det_plus(
    w: impl Fn(usize, usize, usize) -> f64,
    factor: &mut [f64],
    p: usize,
    scale: f64,
    spread: f64,
) -> f64 {
    let mut product = 1.0;
    for a in 0..p {
        let row_a = triangle(a);
        for b in 0..=a {
            let row_b = triangle(b);
            let mut s = w(a, b, row_a + b) * scale;
            for c in 0..b {
                s -= factor[row_a + c] * factor[row_b + c];
            }
            if a == b {
                if s <= 0.0 || !s.is_finite() {
                    return spread.ln();
                }
                factor[row_a + a] = s.sqrt();
                product *= s;
            } else {
                factor[row_a + b] = s / factor[row_b + b];
            }
        }
    }
    if product.is_normal() && product < 1e300 {
        return (product + spread).ln();
    }
    let log_det: f64 = (0..p).map(|a| 2.0 * factor[triangle(a) + a].ln()).sum();
    let (hi, lo) = if log_det > spread.ln() {
        (log_det, spread.ln())
    } else {
        (spread.ln(), log_det)
    };
    hi + (lo - hi).exp().ln_1p()
}

/// The trace of the whole data's scatter matrix: Σ over columns of squared deviations.
fn total_trace(z: &[f64], n: usize, p: usize) -> f64 {
    (0..p)
        .map(|a| {
            let mean = (0..n).map(|i| z[i * p + a]).sum::<f64>() / n as f64;
            (0..n).map(|i| (z[i * p + a] - mean).powi(2)).sum::<f64>()
        })
        .sum()
}
