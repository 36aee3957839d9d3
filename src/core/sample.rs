//! Drawing points from a mixture, as scikit-learn's `sample`: component counts from a
//! multinomial over the weights, then each component's points as μ + L·z (Σ = L·Lᵀ, z standard
//! normal), returned grouped by component with their labels.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Binomial, Distribution, StandardNormal};

use super::error::InputError;
use super::model::Gmm;

/// Points drawn from a mixture.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    /// N×D, row-major, grouped by component.
    pub points: Vec<f64>,
    /// The component each point was drawn from (0-based).
    pub labels: Vec<usize>,
}

/// Component counts for `n` draws: a multinomial drawn as successive binomials, each on what
/// the earlier components left.
fn component_counts(weights: &[f64], n: usize, rng: &mut StdRng) -> Vec<usize> {
    let mut left = n as u64;
    let mut mass_left = 1.0;
    weights
        .iter()
        .enumerate()
        .map(|(c, &w)| {
            let count = if c + 1 == weights.len() || mass_left <= w {
                left
            } else {
                let p = (w / mass_left).clamp(0.0, 1.0);
                Binomial::new(left, p).expect("p in [0, 1]").sample(rng)
            };
            left -= count;
            mass_left -= w;
            count as usize
        })
        .collect()
}

/// `n` points from `model`, reproducible from `seed`.
pub fn sample(model: &Gmm, n: usize, seed: u64) -> Result<Samples, InputError> {
    let d = model.dim;
    let mut rng = StdRng::seed_from_u64(seed);
    let counts = component_counts(&model.weights, n, &mut rng);
    let mut points = Vec::with_capacity(n * d);
    let mut labels = Vec::with_capacity(n);
    let mut z = vec![0.0; d];
    for (c, &count) in counts.iter().enumerate() {
        let lower = DMatrix::from_row_slice(d, d, &model.covariance(c))
            .cholesky()
            .ok_or_else(|| {
                InputError::new(format!(
                    "the covariance of component {c} is not positive definite"
                ))
            })?
            .unpack();
        let mean = model.mean(c);
        for _ in 0..count {
            z.iter_mut()
                .for_each(|v| *v = StandardNormal.sample(&mut rng));
            points.extend(
                (0..d).map(|a| mean[a] + (0..=a).map(|b| lower[(a, b)] * z[b]).sum::<f64>()),
            );
            labels.push(c);
        }
    }
    Ok(Samples { points, labels })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_follow_the_weights() {
        let mut rng = StdRng::seed_from_u64(3);
        let counts = component_counts(&[0.2, 0.5, 0.3], 100_000, &mut rng);
        assert_eq!(counts.iter().sum::<usize>(), 100_000);
        // Binomial standard error at n = 1e5 is at most 158; 5 s.e. of slack.
        for (count, w) in counts.iter().zip([0.2, 0.5, 0.3]) {
            assert!((*count as f64 - w * 1e5).abs() < 800.0, "{counts:?}");
        }
        assert_eq!(component_counts(&[1.0], 7, &mut rng), vec![7]);
    }
}
