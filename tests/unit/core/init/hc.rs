//! Tests of `src/core/init/hc.rs`.

use gmm_tui::core::init::hc::*;
use std::sync::Arc;

#[test]
fn two_tight_groups_merge_within_before_across() {
    // Points 0, 2, 4 near the origin; 1, 3, 5 near (10, 10).
    let z = [
        0.0, 0.0, 10.0, 10.0, 0.1, 0.3, 10.2, 9.9, -0.2, 0.1, 9.7, 10.1,
    ];
    for criterion in [Criterion::Vvv, Criterion::Eii] {
        let merges = agglomerate(&z, 2, 1, criterion);
        assert_eq!(merges.len(), 5);
        assert_eq!(merges[4], (0, 1), "{criterion:?}: {merges:?}");
        assert_eq!(cut(&merges[..4], 6), [0, 1, 0, 1, 0, 1]);
    }
}

#[test]
fn a_cut_of_the_remembered_tree_is_the_agglomeration_to_k() {
    // 40 points in 3-D from a fixed sequence, irregular enough that no two costs tie.
    let z: Vec<f64> = (0..120u64)
        .map(|i| ((i * 7919 + 13) % 101) as f64 / 7.0 + (i % 3) as f64 * (i / 60) as f64)
        .collect();
    for criterion in [Criterion::Vvv, Criterion::Eii] {
        let tree = tree(&z, 3, criterion);
        for k in 1..=8 {
            let direct = agglomerate(&z, 3, k, criterion);
            assert_eq!(
                cut_at(&tree, 40, k),
                cut(&direct, 40),
                "{criterion:?} K={k}"
            );
        }
        assert!(
            Arc::ptr_eq(&tree, &gmm_tui::core::init::hc::tree(&z, 3, criterion)),
            "the second call agglomerates again"
        );
    }
}

#[test]
fn a_cut_numbers_clusters_by_their_first_points() {
    let merges = [(3, 4), (1, 3), (0, 2)];
    assert_eq!(cut(&merges, 5), [0, 1, 0, 1, 1]);
    assert_eq!(cut(&merges[..1], 5), [0, 1, 2, 3, 3]);
}

#[test]
fn the_vvv_term_of_a_cluster_is_mclusts_formula() {
    // Three points in 1-D (n > p): W = 2, so the term is 3·ln(2/3 + (2 + α)/3).
    let z = [0.0, 1.0, 2.0];
    let mut state = State::new(&z, 3, 1, Criterion::Vvv);
    let alpha = 2.0 / 3.0;
    assert!((state.alpha - alpha).abs() < 1e-15);
    state.merge(0, 1);
    let (_, trace, term) = state.merged(0, 2);
    assert!((trace - 2.0).abs() < 1e-12);
    let expected = 3.0 * (2.0 / 3.0 + (2.0 + alpha) / 3.0_f64).ln();
    assert!((term - expected).abs() < 1e-12, "{term} vs {expected}");
}
