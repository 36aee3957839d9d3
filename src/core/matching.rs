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

/// For each fitted mean, the true component it unambiguously stands for: the two must be each
/// other's nearest, strictly (by a relative 1e-6 over the runner-up). Identical components tie
/// for every truth, so none of them is matched and a report shows the truth apart instead of
/// beside whichever component rounding favoured in this iteration.
pub fn match_truth(fitted: &[&[f64]], truth: &[&[f64]]) -> Vec<Option<usize>> {
    /// Index of the strictly nearest of `candidates` to `point`, if one is.
    fn strictly_nearest(point: &[f64], candidates: &[&[f64]]) -> Option<usize> {
        let mut order: Vec<(f64, usize)> = candidates
            .iter()
            .enumerate()
            .map(|(j, c)| (squared_distance(point, c), j))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        match order.as_slice() {
            [] => None,
            [only] => Some(only.1),
            [first, second, ..] => {
                let margin = 1e-6 * second.0.max(f64::MIN_POSITIVE);
                (second.0 - first.0 > margin).then_some(first.1)
            }
        }
    }
    fitted
        .iter()
        .enumerate()
        .map(|(i, mean)| {
            let t = strictly_nearest(mean, truth)?;
            (strictly_nearest(truth[t], fitted) == Some(i)).then_some(t)
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
}
