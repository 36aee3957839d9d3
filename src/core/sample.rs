//! Drawing points from a mixture, as scikit-learn's `sample`: component counts from a
//! multinomial over the weights, then each component's points as μ + L·z (Σ = L·Lᵀ, z standard
//! normal), returned grouped by component with their labels.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Binomial, Distribution, StandardNormal};

use super::error::InputError;
use super::linalg::cholesky_lower;
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
pub fn component_counts(weights: &[f64], n: usize, rng: &mut StdRng) -> Vec<usize> {
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
    for (c, &count) in counts.iter().enumerate() {
        let mut gaussian = Gaussian::new(model.mean(c), &model.covariance(c)).ok_or_else(|| {
            InputError::new(format!(
                "the covariance of component {c} is not positive definite"
            ))
        })?;
        for _ in 0..count {
            points.extend_from_slice(gaussian.draw(&mut rng));
            labels.push(c);
        }
    }
    Ok(Samples { points, labels })
}

/// One Gaussian N(μ, Σ) to draw points from, as μ + L·z (Σ = L·Lᵀ, z standard normal): the
/// mixture's components here, and a scenario's true clusters.
pub struct Gaussian<'a> {
    mean: &'a [f64],
    /// L, D×D row-major.
    lower: Vec<f64>,
    /// z, then the point: reused from draw to draw.
    z: Vec<f64>,
    point: Vec<f64>,
}

impl<'a> Gaussian<'a> {
    /// `None` when `covariance` (D×D row-major, D the length of `mean`) is not positive definite.
    pub fn new(mean: &'a [f64], covariance: &[f64]) -> Option<Self> {
        let d = mean.len();
        let l = cholesky_lower(covariance, d)?;
        Some(Gaussian {
            mean,
            lower: (0..d * d).map(|i| l[(i / d, i % d)]).collect(),
            z: vec![0.0; d],
            point: vec![0.0; d],
        })
    }

    /// The next point, drawing D standard normals from `rng`.
    pub fn draw(&mut self, rng: &mut impl Rng) -> &[f64] {
        let d = self.mean.len();
        self.z
            .iter_mut()
            .for_each(|v| *v = StandardNormal.sample(rng));
        for (a, x) in self.point.iter_mut().enumerate() {
            let row = &self.lower[a * d..=a * d + a];
            *x = self.mean[a] + row.iter().zip(&self.z).map(|(l, z)| l * z).sum::<f64>();
        }
        &self.point
    }
}
