//! The `small-em` start (Biernacki, Celeux and Govaert 2003, "Choosing starting values for the
//! EM algorithm"): a restart draws several candidate seedings, runs a few EM iterations of each
//! on a small sample of the data, and starts from the candidate whose short run reached the
//! highest log-likelihood without a spurious component. Ten restarts then screen ten times as
//! many seedings, and the screening costs little: the candidates are seeded and iterated on at
//! most [`SCREEN_CAP`] points, whatever N is.

use crate::core::dataset::Dataset;
use crate::core::em::{EmRun, EmSettings};
use crate::core::error::InputError;
use crate::core::fit::{data_scale, restart_seed};
use crate::core::model::{CovarianceType, Gmm};
use crate::core::spurious::spurious_components;

use super::sample::sample;
use super::{HC_CAP, Start};

/// The most points the candidates are seeded and screened on (mclust's `subset`, as `hc`'s).
pub const SCREEN_CAP: usize = HC_CAP;

/// How a `small-em` restart screens: how many candidates, seeded how, iterated how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    /// Candidate seedings per restart.
    pub candidates: usize,
    /// EM iterations each candidate runs on the sample.
    pub iterations: usize,
    /// Candidate j is seeded by `kinds[j % kinds.len()]`.
    pub kinds: &'static [CandidateKind],
}

/// How a candidate is seeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CandidateKind {
    KMeansPlusPlus,
    ScaledKMeansPlusPlus,
    KMeans,
    Random,
}

impl Screen {
    /// The default's screening (chosen by `gmm-tui bench --only starts`).
    pub const DEFAULT: Screen = Screen {
        candidates: 10,
        iterations: 30,
        kinds: &[
            CandidateKind::ScaledKMeansPlusPlus,
            CandidateKind::KMeansPlusPlus,
        ],
    };

    /// The starting model of the restart seeded by `seed`: the best candidate's, made on the
    /// sample (on every point up to [`SCREEN_CAP`]).
    pub fn model(
        &self,
        data: &Dataset,
        seed: u64,
        k: usize,
        covariance_type: CovarianceType,
        reg_covar: f64,
    ) -> Result<Gmm, InputError> {
        let points = sample(data, SCREEN_CAP, seed);
        let variances = data_scale(&points).variances;
        let settings = EmSettings {
            reg_covar,
            tol: 0.0,
            max_iter: self.iterations,
        };
        let mut best: Option<(Score, Gmm)> = None;
        for j in 0..self.candidates.max(1) {
            let candidate_seed = restart_seed(seed, j);
            let start = match self.kinds[j % self.kinds.len()] {
                CandidateKind::KMeansPlusPlus => Start::KMeansPlusPlus {
                    seed: candidate_seed,
                },
                CandidateKind::ScaledKMeansPlusPlus => Start::ScaledKMeansPlusPlus {
                    seed: candidate_seed,
                },
                CandidateKind::KMeans => Start::KMeans {
                    seed: candidate_seed,
                },
                CandidateKind::Random => Start::Random {
                    seed: candidate_seed,
                },
            };
            let model = start.model(&points, k, covariance_type, reg_covar)?;
            let Ok(mut run) = EmRun::start(&points, model.clone(), settings, false) else {
                continue;
            };
            run.run_to_end(&points);
            let sound = !run.status().is_degenerate()
                && spurious_components(run.model(), run.component_sizes(), reg_covar, &variances)
                    .is_empty();
            let score = Score {
                sound,
                log_likelihood: run.log_likelihood(),
            };
            if best.as_ref().is_none_or(|(b, _)| score.beats(b)) {
                best = Some((score, model));
            }
        }
        best.map(|(_, model)| model)
            .ok_or_else(|| InputError::new("no candidate start has positive definite covariances"))
    }
}

/// How a candidate's short run ended: sound ones first, then the higher log-likelihood (the
/// first candidate wins a tie, so the choice does not depend on rounding order elsewhere).
struct Score {
    sound: bool,
    log_likelihood: f64,
}

impl Score {
    fn beats(&self, other: &Score) -> bool {
        (self.sound, self.log_likelihood) > (other.sound, other.log_likelihood)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three groups on a line, one of them far narrower than the others.
    fn groups() -> Dataset {
        let rows: Vec<Vec<f64>> = (0..90)
            .map(|i| {
                let (centre, spread) = [(0.0, 1.0), (6.0, 1.0), (9.0, 0.1)][i % 3];
                let wobble = ((i * 37) % 11) as f64 / 10.0 - 0.5;
                vec![centre + spread * wobble, ((i * 13) % 7) as f64 / 7.0]
            })
            .collect();
        Dataset::from_rows("groups".into(), vec!["x".into(), "y".into()], &rows)
    }

    /// Where `model`'s short run (as the screen runs it) ends.
    fn short_run(data: &Dataset, model: Gmm, iterations: usize) -> f64 {
        let settings = EmSettings {
            reg_covar: 1e-6,
            tol: 0.0,
            max_iter: iterations,
        };
        let mut run = EmRun::start(data, model, settings, false).unwrap();
        run.run_to_end(data);
        run.log_likelihood()
    }

    #[test]
    fn the_start_is_the_candidate_whose_short_run_ends_highest() {
        let data = groups();
        let screen = Screen::DEFAULT;
        for seed in 0..8 {
            let chosen = screen
                .model(&data, seed, 3, CovarianceType::Full, 1e-6)
                .unwrap();
            let candidates: Vec<Gmm> = (0..screen.candidates)
                .map(|j| {
                    let seed = restart_seed(seed, j);
                    let start = match j % 2 {
                        0 => Start::ScaledKMeansPlusPlus { seed },
                        _ => Start::KMeansPlusPlus { seed },
                    };
                    start.model(&data, 3, CovarianceType::Full, 1e-6).unwrap()
                })
                .collect();
            assert!(candidates.contains(&chosen), "seed {seed}: a candidate");
            let reached = short_run(&data, chosen.clone(), screen.iterations);
            for other in candidates {
                assert!(reached >= short_run(&data, other, screen.iterations));
            }
            let again = screen.model(&data, seed, 3, CovarianceType::Full, 1e-6);
            assert_eq!(again.unwrap(), chosen, "seed {seed}: the seed decides");
        }
    }
}
