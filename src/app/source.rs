//! Where the points come from, and the fixed plot range drawn from them.

use crate::core::scenario::Scenario;
use crate::core::{Dataset, FitOptions, Start};

/// Where the points come from, kept so that `n` can draw new ones.
#[derive(Clone, Debug)]
pub enum DataSource {
    Scenario {
        scenario: Scenario,
        points: usize,
        seed: u64,
    },
    File {
        path: String,
    },
}

impl DataSource {
    /// "scenario seed (seed 1)" or the file path.
    pub fn describe(&self) -> String {
        match self {
            DataSource::Scenario { scenario, seed, .. } => {
                format!("scenario {} (seed {seed})", scenario.name)
            }
            DataSource::File { path } => path.clone(),
        }
    }

    pub fn scenario(&self) -> Option<&Scenario> {
        match self {
            DataSource::Scenario { scenario, .. } => Some(scenario),
            DataSource::File { .. } => None,
        }
    }
}

/// Axis range of every dimension, fixed per data set so that frames do not rescale.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds(pub Vec<(f64, f64)>);

/// The data's range in every dimension, widened to show the starts that may lie outside it (a
/// trap, explicit means) with their 1σ rings whole — the opening screen's story is that ring;
/// 2σ would leave the fitted clusters a corner of the plot for the rest of the session — and
/// 5% margins. Seeded starts lie inside the data already, so nothing is computed for them.
pub fn plot_bounds(data: &Dataset, options: &FitOptions) -> Bounds {
    let mut bounds = data.bounds();
    let d = data.dim();
    for r in 0..2 {
        let (means, covariance) = match options.start(data, r) {
            Start::Collapsed { point, covariance } => (point, Some(covariance)),
            Start::Explicit {
                means, covariance, ..
            } => (means, covariance),
            // Seeded starts' means are data points or means of parts, placed ones were put on
            // the plot by hand: all inside it.
            Start::KMeansPlusPlus { .. }
            | Start::ScaledKMeansPlusPlus { .. }
            | Start::KMeans { .. }
            | Start::Hc { .. }
            | Start::SmallEm { .. }
            | Start::Random { .. }
            | Start::Placed { .. } => continue,
        };
        // One standard deviation along each axis; none where the start takes the data's own.
        let reach = |a: usize| {
            covariance
                .as_ref()
                .map_or(0.0, |c| c[a * d + a].max(0.0).sqrt())
        };
        for mean in means.chunks(d.max(1)) {
            for (a, ((lo, hi), &m)) in bounds.iter_mut().zip(mean).enumerate() {
                *lo = lo.min(m - reach(a));
                *hi = hi.max(m + reach(a));
            }
        }
    }
    Bounds(
        bounds
            .into_iter()
            .map(|(lo, hi)| {
                let pad = ((hi - lo) * 0.05).max(1e-9 * hi.abs().max(1.0));
                (lo - pad, hi + pad)
            })
            .collect(),
    )
}
