//! Tests of `src/core/kernel/mod.rs`.

mod fastmath;
mod path;
mod roofline;
mod tile;

// Every path against a scalar reference computed from the model alone (nalgebra's Cholesky,
// libm's exp and ln, one point at a time), and the same results whatever the thread count.

use nalgebra::DMatrix;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::kernel::*;
use gmm_tui::core::model::CovarianceType;
use gmm_tui::core::model::Gmm;

/// ln πₖN(x) for every component, from the model's covariances: (Σ⁻¹, ln det Σ) per component.
struct Reference {
    model: Gmm,
    inverses: Vec<DMatrix<f64>>,
    log_dets: Vec<f64>,
}

impl Reference {
    fn new(model: &Gmm) -> Self {
        let d = model.dim;
        let (inverses, log_dets) = (0..model.k())
            .map(|c| {
                let cholesky = DMatrix::from_row_slice(d, d, &model.covariance(c))
                    .cholesky()
                    .expect("positive definite");
                let log_det = 2.0 * cholesky.l().diagonal().iter().map(|v| v.ln()).sum::<f64>();
                (cholesky.inverse(), log_det)
            })
            .unzip();
        Reference {
            model: model.clone(),
            inverses,
            log_dets,
        }
    }

    fn log_weighted_density(&self, c: usize, x: &[f64]) -> f64 {
        let d = self.model.dim;
        let dx: Vec<f64> = x
            .iter()
            .zip(self.model.mean(c))
            .map(|(x, m)| x - m)
            .collect();
        let inverse = &self.inverses[c];
        let mut maha = 0.0;
        for a in 0..d {
            for b in 0..d {
                maha += dx[a] * inverse[(a, b)] * dx[b];
            }
        }
        let log_2pi = (2.0 * std::f64::consts::PI).ln();
        self.model.weights[c].ln() - 0.5 * (d as f64 * log_2pi + self.log_dets[c] + maha)
    }

    /// The E-step and sums the slow, obvious way, with each point's label and certainty.
    fn evaluate(&self, data: &Dataset) -> (Moments, Vec<u8>, Vec<u8>) {
        let (k, d) = (self.model.k(), self.model.dim);
        let correlated = self.model.covariance_type.has_correlations();
        let mut m = Moments::zero(k, d, correlated);
        let (mut labels, mut certainty) = (Vec::new(), Vec::new());
        for i in 0..data.n() {
            let x = data.point(i);
            let lp: Vec<f64> = (0..k).map(|c| self.log_weighted_density(c, &x)).collect();
            let max = lp.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = lp.iter().map(|v| (v - max).exp()).sum();
            m.log_likelihood += max + total.ln();
            labels.push(lp.iter().position(|&v| v == max).unwrap() as u8);
            certainty.push((255.0 / total + 0.5) as u8);
            for (c, lp_c) in lp.iter().enumerate() {
                let r = (lp_c - max).exp() / total;
                m.nk[c] += r;
                let mean = self.model.mean(c);
                for a in 0..d {
                    m.first[c * d + a] += r * (x[a] - mean[a]);
                    for b in a..d {
                        let product = r * (x[a] - mean[a]) * (x[b] - mean[b]);
                        if correlated {
                            m.second[(c * d + a) * d + b] += product;
                        } else if a == b {
                            m.second[c * d + a] += product;
                        }
                    }
                }
            }
        }
        (m, labels, certainty)
    }
}

/// `n` points around `k` random components in `d` dimensions, and the model they came from.
/// Means are close enough (spread ∝ 1/√d) that responsibilities are not all 0 or 1.
pub(crate) fn random_problem(
    seed: u64,
    n: usize,
    d: usize,
    k: usize,
    covariance_type: CovarianceType,
) -> (Dataset, Gmm) {
    let mut rng = StdRng::seed_from_u64(seed);
    let spread = 4.0 / (d as f64).sqrt();
    let means: Vec<f64> = (0..k * d)
        .map(|_| rng.random_range(-spread..spread))
        .collect();
    let variances: Vec<f64> = (0..k * d).map(|_| rng.random_range(0.3..2.0)).collect();
    let rho: Vec<f64> = (0..k).map(|_| rng.random_range(-0.4..0.4)).collect();
    let weights: Vec<f64> = (0..k).map(|_| rng.random_range(0.1..1.0)).collect();
    let total: f64 = weights.iter().sum();
    let mut covariances: Vec<f64> = (0..k)
        .flat_map(|c| {
            let v = &variances[c * d..(c + 1) * d];
            let cov: Vec<f64> = (0..d * d)
                .map(|ab| {
                    let (a, b) = (ab / d, ab % d);
                    if a == b {
                        v[a]
                    } else {
                        rho[c] * (v[a] * v[b]).sqrt() / d as f64
                    }
                })
                .collect();
            covariance_type.project(&cov, d)
        })
        .collect();
    if covariance_type == CovarianceType::Tied {
        let first = covariances[..d * d].to_vec();
        covariances = first.repeat(k);
    }
    let mut values = vec![0.0; n * d];
    for i in 0..n {
        let c = i % k;
        for a in 0..d {
            let z: f64 = StandardNormal.sample(&mut rng);
            values[a * n + i] = means[c * d + a] + 1.5 * variances[c * d + a].sqrt() * z;
        }
    }
    let columns = (0..d).map(|a| format!("x{a}")).collect();
    let model = Gmm {
        covariance_type,
        dim: d,
        weights: weights.iter().map(|w| w / total).collect(),
        means,
        covariances,
    };
    (Dataset::from_columns("p".into(), columns, values), model)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-11 * b.abs().max(1.0)
}

/// Every available path against the reference: sums to 1e-11 relative, labels exactly,
/// certainty to the nearest step.
fn check_every_path(data: &Dataset, model: &Gmm) -> Result<(), TestCaseError> {
    let components = Components::new(model, data.n()).unwrap();
    let (slow, slow_labels, slow_certainty) = Reference::new(model).evaluate(data);
    for path in KernelPath::available() {
        let (mut labels, mut certainty) = (vec![0; data.n()], vec![0; data.n()]);
        let fast = path.scope(|| {
            let points = PointLabels {
                labels: &mut labels,
                certainty: &mut certainty,
            };
            evaluate(data, &components, Some(points))
        });
        let what = format!("{path}, D={}, K={}", model.dim, model.k());
        prop_assert!(
            close(fast.log_likelihood, slow.log_likelihood),
            "{what}: log-likelihood {} vs {}",
            fast.log_likelihood,
            slow.log_likelihood
        );
        let sums = |m: &Moments| -> Vec<f64> {
            m.nk.iter()
                .chain(&m.first)
                .chain(&m.second)
                .copied()
                .collect()
        };
        for (f, s) in sums(&fast).iter().zip(sums(&slow)) {
            prop_assert!(close(*f, s), "{what}: {f} vs {s}");
        }
        prop_assert_eq!(&labels, &slow_labels, "{}: labels", what);
        for (f, s) in certainty.iter().zip(&slow_certainty) {
            prop_assert!(f.abs_diff(*s) <= 1, "{what}: certainty {f} vs {s}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// Both kernels (D ≤ 8 unrolled, D > 8 tiled), partial tiles and register blocks, every path.
    #[test]
    fn every_path_equals_the_scalar_reference(
        seed in any::<u64>(),
        d in 1usize..=12,
        k in 1usize..=5,
        n in 1usize..300,
        t in 0usize..4,
    ) {
        let (data, model) = random_problem(seed, n, d, k, CovarianceType::ALL[t]);
        check_every_path(&data, &model)?;
    }
}

/// Including no more points than dimensions, where the tiled kernel solves with L.
#[test]
fn sixty_four_and_two_hundred_fifty_six_dimensions_equal_the_scalar_reference() {
    for (d, n, k, covariance_type) in [
        (64, 50, 3, CovarianceType::Full),
        (256, 200, 3, CovarianceType::Full),
        (64, 700, 3, CovarianceType::Full),
        (64, 300, 2, CovarianceType::Diag),
        (256, 300, 2, CovarianceType::Full),
        (256, 130, 3, CovarianceType::Spherical),
    ] {
        let (data, model) = random_problem(d as u64, n, d, k, covariance_type);
        check_every_path(&data, &model).unwrap();
    }
}

#[test]
fn many_chunks_equal_the_scalar_reference() {
    let (data, model) = random_problem(5, 3 * LANE_CHUNK + 77, 2, 4, CovarianceType::Full);
    check_every_path(&data, &model).unwrap();
    // Twenty chunks of two tiles; the last chunk holds 13 points, a partial register block.
    let n = 19 * 2 * gmm_tui::core::kernel::tile::TILE + 13;
    assert_eq!(
        gmm_tui::core::kernel::tiled::chunk_len(n, 10, 3),
        2 * gmm_tui::core::kernel::tile::TILE
    );
    let (data, model) = random_problem(6, n, 10, 3, CovarianceType::Tied);
    check_every_path(&data, &model).unwrap();
}

#[test]
fn results_are_identical_whatever_the_thread_count() {
    for (d, n) in [(2, 5 * LANE_CHUNK + 3), (3, 40_000), (16, 4_000), (96, 90)] {
        let (data, model) = random_problem(d as u64, n, d, 4, CovarianceType::Full);
        let components = Components::new(&model, n).unwrap();
        for path in KernelPath::available() {
            let run = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let (mut labels, mut certainty) = (vec![0; n], vec![0; n]);
                let moments = pool.install(|| {
                    path.scope(|| {
                        let points = PointLabels {
                            labels: &mut labels,
                            certainty: &mut certainty,
                        };
                        evaluate(&data, &components, Some(points))
                    })
                });
                (moments, labels, certainty)
            };
            let one = run(1);
            for threads in [2, 3] {
                assert!(
                    run(threads) == one,
                    "{path}, D={d}: {threads} threads differ"
                );
            }
        }
    }
}

mod row_major_tests {
    use std::sync::Arc;

    use super::*;
    use gmm_tui::core::CovarianceType;
    use gmm_tui::core::dataset::Order;

    #[test]
    fn a_chunk_transposed_in_parts_is_the_chunk_read_whole() {
        let (n, d, k) = (1000, 10, 3);
        let values: Vec<f64> = (0..n * d)
            .map(|i| ((i * 7919) % 1013) as f64 / 97.0)
            .collect();
        let names: Vec<String> = (0..d).map(|a| a.to_string()).collect();
        let rows = Dataset::from_shared("t".into(), names, Arc::new(values), Order::RowMajor);
        let model = Gmm {
            covariance_type: CovarianceType::Full,
            dim: d,
            weights: vec![0.2, 0.3, 0.5],
            means: (0..k * d).map(|i| (i % 11) as f64).collect(),
            covariances: gmm_tui::core::model::diagonal_matrix(&vec![4.0; d]).repeat(k),
        };
        let components = Components::new(&model, n).unwrap();
        let path = KernelPath::current();
        let (mut labels, mut certainty) = (vec![0; n], vec![0; n]);
        let whole = rows.with_columns(0..n, |columns| {
            let points = PointLabels {
                labels: &mut labels,
                certainty: &mut certainty,
            };
            gmm_tui::core::kernel::tiled::chunk(path, &components, columns, 0..n, Some(points))
        });
        let (mut part_labels, mut part_certainty) = (vec![0; n], vec![0; n]);
        let points = PointLabels {
            labels: &mut part_labels,
            certainty: &mut part_certainty,
        };
        // Parts of one tile: 1000 points in eight parts, the last one short.
        let parts = tiled_in_parts(path, &rows, &components, 0..n, Some(points), 1);
        assert_eq!((part_labels, part_certainty), (labels, certainty));
        let relative = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        assert!(relative(parts.log_likelihood, whole.log_likelihood));
        for (p, w) in parts
            .nk
            .iter()
            .chain(&parts.first)
            .chain(&parts.second)
            .zip(whole.nk.iter().chain(&whole.first).chain(&whole.second))
        {
            assert!(relative(*p, *w), "{p} vs {w}");
        }
    }
}
