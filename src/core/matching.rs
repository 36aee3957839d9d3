//! Pairing components across models by their means: to keep colours across restarts, and to put
//! the truth a scenario was drawn from beside the component that stands for it.

/// For each mean of `from`, the index of its partner in `to`: closest pairs first, each partner
/// used once (None when `to` has fewer).
pub fn match_nearest(from: &[&[f64]], to: &[&[f64]]) -> Vec<Option<usize>> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, a) in from.iter().enumerate() {
        for (j, b) in to.iter().enumerate() {
            pairs.push((squared_distance(a, b), i, j));
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matched: Vec<Option<usize>> = vec![None; from.len()];
    let mut taken = vec![false; to.len()];
    for (_, i, j) in pairs {
        if matched[i].is_none() && !taken[j] {
            matched[i] = Some(j);
            taken[j] = true;
        }
    }
    matched
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
        // Nearest-mean pairing alone would have assigned them arbitrarily.
        assert_eq!(match_nearest(&collapsed, &truth), vec![Some(1), Some(0)]);
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
