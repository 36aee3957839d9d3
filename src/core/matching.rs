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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_goes_beside_the_component_that_stands_for_it() {
        let truth: [&[f64]; 2] = [&[0.0, 0.0], &[5.0, 5.0]];
        let fitted: [&[f64]; 2] = [&[5.1, 4.9], &[0.1, -0.1]];
        assert_eq!(match_truth(&fitted, &truth), vec![Some(1), Some(0)]);
    }

    #[test]
    fn identical_components_are_matched_to_no_truth() {
        let truth: [&[f64]; 2] = [&[0.0, 0.0], &[5.0, 5.0]];
        let collapsed: [&[f64]; 2] = [&[2.5, 2.51], &[2.5, 2.51]];
        assert_eq!(match_truth(&collapsed, &truth), vec![None, None]);
    }

    /// Every permutation of `0..n`, for checking assignments by brute force.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for rest in permutations(n - 1) {
            for at in 0..n {
                let mut p = rest.clone();
                p.insert(at, n - 1);
                all.push(p);
            }
        }
        all
    }

    #[test]
    fn the_assignment_costs_the_least_of_all_permutations() {
        // A small linear congruential generator: costs that are arbitrary but repeatable.
        let mut state = 12345u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / f64::from(1u32 << 31) * 10.0
        };
        for n in 1..=6 {
            for _ in 0..20 {
                let cost: Vec<Vec<f64>> =
                    (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
                let total =
                    |p: &[usize]| p.iter().enumerate().map(|(i, &j)| cost[i][j]).sum::<f64>();
                let found = min_cost_assignment(&cost);
                let mut columns = found.clone();
                columns.sort_unstable();
                assert_eq!(columns, (0..n).collect::<Vec<_>>(), "a permutation");
                let least = permutations(n)
                    .iter()
                    .map(|p| total(p))
                    .fold(f64::INFINITY, f64::min);
                assert!((total(&found) - least).abs() < 1e-9, "{cost:?}: {found:?}");
            }
        }
        // Rows fewer than columns: 3 + 1.5 beats each row's cheapest first (1 + 4).
        let wide = vec![vec![5.0, 1.0, 3.0], vec![4.0, 1.5, 9.0]];
        assert_eq!(min_cost_assignment(&wide), vec![2, 1]);
    }

    #[test]
    fn a_new_run_is_numbered_as_the_reference_numbers_its_clusters() {
        let truth: [&[f64]; 3] = [&[0.0, 0.0], &[5.0, 5.0], &[0.0, 9.0]];
        // The run found the clusters in another order: (5,5), (0,9), (0,0).
        let fitted: [&[f64]; 3] = [&[5.2, 4.8], &[0.3, 8.7], &[-0.1, 0.2]];
        assert_eq!(number_like(&fitted, &truth, &[1.0, 1.0]), vec![1, 2, 0]);
        // Between two clusters: the pairing with the least total distance.
        let reference: [&[f64]; 2] = [&[0.0, 0.0], &[5.0, 5.0]];
        let crossing: [&[f64]; 2] = [&[2.4, 2.4], &[-2.0, -2.0]];
        assert_eq!(number_like(&crossing, &reference, &[1.0, 1.0]), vec![1, 0]);
        // More components than the reference: the matched ones first, the rest in order.
        let four: [&[f64]; 4] = [&[9.0, 9.0], &[5.0, 5.1], &[8.0, 0.0], &[0.1, 0.0]];
        assert_eq!(
            number_like(&four, &reference, &[1.0, 1.0]),
            vec![2, 1, 3, 0]
        );
        // Fewer: ranked by their partners.
        assert_eq!(number_like(&fitted[..2], &truth, &[1.0, 1.0]), vec![0, 1]);
        assert_eq!(number_like(&fitted, &[], &[1.0, 1.0]), vec![0, 1, 2]);
    }

    #[test]
    fn each_dimension_counts_in_the_data_s_own_units() {
        // y varies a thousand times as much as x: a gap of 1 in x outweighs 20 in y.
        let reference: [&[f64]; 2] = [&[0.0, 0.0], &[1.0, 20.0]];
        let fitted: [&[f64]; 2] = [&[1.0, 0.0], &[0.0, 20.0]];
        assert_eq!(
            number_like(&fitted, &reference, &[0.01, 1000.0]),
            vec![1, 0]
        );
        assert_eq!(number_like(&fitted, &reference, &[1.0, 1.0]), vec![0, 1]);
    }

    #[test]
    fn a_mean_between_two_truths_stands_for_neither_whatever_the_units() {
        // One component near the data's mean: a hair nearer (5,5), by sampling noise.
        for unit in [1e-3, 1.0, 1e6] {
            let scaled = |v: &[f64]| v.iter().map(|x| x * unit).collect::<Vec<f64>>();
            let (a, b) = (scaled(&[0.0, 0.0]), scaled(&[5.0, 5.0]));
            let truth: [&[f64]; 2] = [&a, &b];
            let middle = scaled(&[2.51, 2.5]);
            assert_eq!(match_truth(&[middle.as_slice()], &truth), vec![None]);
            // Nearer one truth, but not twice as near as to the other: still neither.
            let nearer = scaled(&[3.2, 3.2]);
            assert_eq!(match_truth(&[nearer.as_slice()], &truth), vec![None]);
            let near = scaled(&[4.0, 4.0]);
            assert_eq!(match_truth(&[near.as_slice()], &truth), vec![Some(1)]);
        }
    }

    #[test]
    fn a_mean_exactly_half_as_far_stands_for_neither() {
        // K = 1 at the seed trap: 7.07 from (5,5), 14.14 from (0,0), the boundary exactly.
        let truth: [&[f64]; 2] = [&[0.0, 0.0], &[5.0, 5.0]];
        assert_eq!(match_truth(&[&[10.0, 10.0]], &truth), vec![None]);
        assert_eq!(match_truth(&[&[9.9, 9.9]], &truth), vec![Some(1)]);
    }
}
