//! Pairing components across models by their means: to number a new run's components as the
//! reference numbers the same clusters (so numbers and colours stay on a cluster across
//! restarts), and to put the truth a scenario was drawn from beside the component that stands
//! for it.

/// The order that numbers `from`'s components after `reference`'s: for each component of
/// `from`, its new index. Components are paired by a minimum-cost matching on squared
/// distances between means, each dimension divided by `scale` (the data's variances, so no
/// unit dominates); a matched component takes its partner's rank among the matched partners,
/// and components left over (when `reference` has fewer) follow in their own order. With no
/// reference the order is kept.
pub fn number_like(from: &[&[f64]], reference: &[&[f64]], scale: &[f64]) -> Vec<usize> {
    let (k, r) = (from.len(), reference.len());
    if r == 0 {
        return (0..k).collect();
    }
    let cost = |a: &[f64], b: &[f64]| -> f64 {
        let d: f64 = a
            .iter()
            .zip(b)
            .zip(scale.iter().chain(std::iter::repeat(&1.0)))
            .map(|((x, y), s)| (x - y).powi(2) / s.max(f64::MIN_POSITIVE))
            .sum();
        if d.is_finite() { d } else { f64::MAX / 4.0 }
    };
    // Each component's key: its partner in the reference, or r + its place among the others.
    let mut keys: Vec<usize> = (0..k).map(|i| r + i).collect();
    if k <= r {
        let matrix: Vec<Vec<f64>> = from
            .iter()
            .map(|a| reference.iter().map(|b| cost(a, b)).collect())
            .collect();
        keys = min_cost_assignment(&matrix);
    } else {
        let matrix: Vec<Vec<f64>> = reference
            .iter()
            .map(|b| from.iter().map(|a| cost(a, b)).collect())
            .collect();
        for (j, i) in min_cost_assignment(&matrix).into_iter().enumerate() {
            keys[i] = j;
        }
    }
    let mut by_key: Vec<usize> = (0..k).collect();
    by_key.sort_by_key(|&i| keys[i]);
    let mut order = vec![0; k];
    for (position, i) in by_key.into_iter().enumerate() {
        order[i] = position;
    }
    order
}

/// The assignment of every row of `cost` to a distinct column (rows ≤ columns) with the least
/// total cost: the Hungarian algorithm with potentials, O(rows²·columns) — nothing at K ≤ 20.
pub fn min_cost_assignment(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let m = cost.first().map_or(0, Vec::len);
    assert!(n <= m, "more rows than columns");
    // 1-based as in the textbook form: row and column 0 are the free start of each path.
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; m + 1]);
    let mut owner = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for row in 1..=n {
        owner[0] = row;
        let mut j0 = 0;
        let mut least = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        while owner[j0] != 0 {
            used[j0] = true;
            let i0 = owner[j0];
            let (mut delta, mut j1) = (f64::INFINITY, 0);
            for j in 1..=m {
                if used[j] {
                    continue;
                }
                let reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                if reduced < least[j] {
                    least[j] = reduced;
                    way[j] = j0;
                }
                if least[j] < delta {
                    delta = least[j];
                    j1 = j;
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    least[j] -= delta;
                }
            }
            j0 = j1;
        }
        while j0 != 0 {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
        }
    }
    let mut assignment = vec![0; n];
    for (j, &row) in owner.iter().enumerate().skip(1) {
        if row != 0 {
            assignment[row - 1] = j - 1;
        }
    }
    assignment
}

/// For each fitted mean, the true component it unambiguously stands for: the two are each
/// other's nearest, and the fitted mean is less than half as far from its truth as from any
/// other truth (strictly: a mean exactly on the boundary, such as K = 1's trap start at (10, 10)
/// beside truths at (5, 5) and (0, 0), stands for neither). The ratio makes the rule independent of the data's units and of sampling noise: one
/// component on the data's mean lies halfway between two clusters, and which of them is a hair
/// nearer decides nothing. Identical components tie for every truth (strictly nearest, by a
/// relative 1e-6), so none of them is matched and a report shows the truth apart instead of beside
/// whichever component rounding favoured in this iteration.
pub fn match_truth(fitted: &[&[f64]], truth: &[&[f64]]) -> Vec<Option<usize>> {
    /// The two nearest of `candidates` to `point`: (squared distance, index), nearest first.
    fn two_nearest(point: &[f64], candidates: &[&[f64]]) -> Vec<(f64, usize)> {
        let mut order: Vec<(f64, usize)> = candidates
            .iter()
            .enumerate()
            .map(|(j, c)| (squared_distance(point, c), j))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        order.truncate(2);
        order
    }
    /// Half as far in distance is a quarter in squared distance.
    const CLEARLY_NEARER: f64 = 0.25;
    const TIE: f64 = 1e-6;
    fitted
        .iter()
        .enumerate()
        .map(|(i, mean)| {
            let t = match two_nearest(mean, truth).as_slice() {
                [] => return None,
                [only] => only.1,
                [first, second] => (first.0 < CLEARLY_NEARER * second.0).then_some(first.1)?,
                _ => unreachable!("two at most"),
            };
            let partner = match two_nearest(truth[t], fitted).as_slice() {
                [first, second] => {
                    let margin = TIE * second.0.max(f64::MIN_POSITIVE);
                    (second.0 - first.0 > margin).then_some(first.1)
                }
                [only] => Some(only.1),
                _ => None,
            };
            (partner == Some(i)).then_some(t)
        })
        .collect()
}

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum()
}
