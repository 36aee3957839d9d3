//! Tests of `src/core/matching.rs`.

use gmm_tui::core::matching::*;

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
            let cost: Vec<Vec<f64>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
            let total = |p: &[usize]| p.iter().enumerate().map(|(i, &j)| cost[i][j]).sum::<f64>();
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
