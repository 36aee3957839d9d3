//! Tests of `src/core/mstep.rs`.

use gmm_tui::core::kernel::Moments;
use gmm_tui::core::model::{CovarianceType, Gmm};
use gmm_tui::core::mstep::*;
use gmm_tui::core::status::RunStatus;

const D: usize = 3;
const K: usize = 2;
const REG: f64 = 0.01;

/// Six points, each component's responsibility for them, and the previous means.
fn points() -> (Vec<[f64; D]>, Vec<[f64; K]>, Vec<f64>) {
    let x = vec![
        [0.0, 1.0, 2.0],
        [1.5, -0.5, 2.5],
        [3.0, 2.0, -1.0],
        [4.0, 4.5, 0.5],
        [-1.0, 0.5, 1.0],
        [2.0, 3.0, 3.5],
    ];
    let r = vec![
        [0.9, 0.1],
        [0.7, 0.3],
        [0.2, 0.8],
        [0.05, 0.95],
        [0.6, 0.4],
        [0.5, 0.5],
    ];
    (x, r, vec![0.5, 0.5, 1.5, 3.0, 3.0, 0.0])
}

/// The sums one pass gathers around the previous means for `covariance_type`: the upper
/// triangle with correlations, the diagonal alone without.
fn moments(covariance_type: CovarianceType) -> Moments {
    let (x, r, previous) = points();
    let correlated = covariance_type.has_correlations();
    let mut m = Moments {
        k: K,
        d: D,
        log_likelihood: 0.0,
        nk: vec![0.0; K],
        first: vec![0.0; K * D],
        second: vec![0.0; K * if correlated { D * D } else { D }],
    };
    for (x, r) in x.iter().zip(&r) {
        for c in 0..K {
            let centred: Vec<f64> = (0..D).map(|a| x[a] - previous[c * D + a]).collect();
            m.nk[c] += r[c];
            for a in 0..D {
                m.first[c * D + a] += r[c] * centred[a];
                for b in a..D {
                    let product = r[c] * centred[a] * centred[b];
                    if correlated {
                        m.second[(c * D + a) * D + b] += product;
                    } else if a == b {
                        m.second[c * D + a] += product;
                    }
                }
            }
        }
    }
    m
}

fn fitted(covariance_type: CovarianceType) -> Gmm {
    let (_, _, means) = points();
    let previous = Gmm {
        covariance_type,
        dim: D,
        weights: vec![0.5; K],
        means,
        covariances: vec![0.0; K * covariance_type.stored_len(D)],
    };
    m_step(&moments(covariance_type), &previous, REG).unwrap()
}

#[test]
fn full_covariances_are_the_weighted_covariances_about_the_new_means() {
    let (x, r, _) = points();
    let full = fitted(CovarianceType::Full);
    for c in 0..K {
        let nk: f64 = r.iter().map(|r| r[c]).sum();
        let mean: Vec<f64> = (0..D)
            .map(|a| x.iter().zip(&r).map(|(x, r)| r[c] * x[a]).sum::<f64>() / nk)
            .collect();
        for a in 0..D {
            assert!((full.mean(c)[a] - mean[a]).abs() < 1e-12);
            for b in 0..D {
                let scatter: f64 = x
                    .iter()
                    .zip(&r)
                    .map(|(x, r)| r[c] * (x[a] - mean[a]) * (x[b] - mean[b]))
                    .sum::<f64>()
                    / nk;
                let expected = scatter + if a == b { REG } else { 0.0 };
                assert!((full.covariance(c)[a * D + b] - expected).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn diag_spherical_and_tied_are_what_they_make_of_full() {
    let full = fitted(CovarianceType::Full);
    let diag = fitted(CovarianceType::Diag);
    let spherical = fitted(CovarianceType::Spherical);
    let tied = fitted(CovarianceType::Tied);
    for model in [&diag, &spherical, &tied] {
        assert_eq!((&model.weights, &model.means), (&full.weights, &full.means));
    }
    for c in 0..K {
        let variances: Vec<f64> = (0..D).map(|a| full.covariance(c)[a * D + a]).collect();
        let mean_variance = variances.iter().sum::<f64>() / D as f64;
        for (a, &variance) in variances.iter().enumerate() {
            for b in 0..D {
                let on_diagonal = |v: f64| if a == b { v } else { 0.0 };
                // Diag: the diagonal of full, to the bit.
                assert_eq!(diag.covariance(c)[a * D + b], on_diagonal(variance));
                // Spherical: the mean of diag's variances.
                let s = spherical.covariance(c)[a * D + b];
                assert!((s - on_diagonal(mean_variance)).abs() < 1e-12);
                // Tied: full's scatters averaged by the weights, then regularised once.
                let averaged: f64 = (0..K)
                    .map(|j| full.weights[j] * (full.covariance(j)[a * D + b] - on_diagonal(REG)))
                    .sum();
                let t = tied.covariance(c)[a * D + b];
                assert!((t - averaged - on_diagonal(REG)).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn an_empty_component_stops_the_step() {
    let mut m = moments(CovarianceType::Full);
    m.nk[1] = EMPTY_COMPONENT_MASS / 2.0;
    let previous = fitted(CovarianceType::Full);
    assert_eq!(
        m_step(&m, &previous, REG),
        Err(RunStatus::EmptyComponent(1))
    );
}
