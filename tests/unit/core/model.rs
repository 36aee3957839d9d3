//! Tests of `src/core/model.rs`.

use gmm_tui::core::model::*;

#[test]
fn parameter_counts_match_scikit_learn_for_k2_d5() {
    let counts: Vec<usize> = [
        CovarianceType::Spherical,
        CovarianceType::Diag,
        CovarianceType::Tied,
        CovarianceType::Full,
    ]
    .iter()
    .map(|&t| n_parameters(t, 2, 5))
    .collect();
    assert_eq!(counts, vec![13, 21, 26, 41]);
}

#[test]
fn a_reordered_mixture_moves_each_component_whole_in_every_stored_form() {
    let full = [1.0, 0.5, 0.5, 2.0, 3.0, 0.0, 0.0, 4.0, 5.0, 0.1, 0.1, 6.0];
    for covariance_type in CovarianceType::ALL {
        let model = Gmm::from_full(
            covariance_type,
            2,
            vec![0.2, 0.3, 0.5],
            vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0],
            &full,
        );
        let moved = model.reordered(&[2, 0, 1]);
        for (c, to) in [(0, 2), (1, 0), (2, 1)] {
            assert_eq!(moved.weights[to], model.weights[c]);
            assert_eq!(moved.mean(to), model.mean(c));
            assert_eq!(
                moved.covariance(to),
                model.covariance(c),
                "{covariance_type}"
            );
        }
    }
}
