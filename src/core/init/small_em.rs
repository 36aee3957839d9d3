//! The `small-em` start (Biernacki, Celeux and Govaert 2003, "Choosing starting values for the
//! EM algorithm"): a restart draws several candidate seedings, runs a few EM iterations of each
//! on a small sample of the data, and starts from the candidate whose short run reached the
//! highest log-likelihood without a spurious component. Ten restarts then screen ten times as
//! many seedings, and the screening costs little: the candidates are seeded and iterated on at
//! most [`SCREEN_CAP`] points, whatever N is.
//!
//! Two screens take turns (chosen by `gmm-tui bench --only starts`, see docs/decisions.md):
//! k-means++ seedings, scaled and raw ([`Screen::DEFAULT`]), and on data of at most [`HC_CAP`]
//! points, every fifth restart from the second, mclust's `hc` on bootstrap samples
//! ([`Screen::HC_BOOTSTRAPS`]). Each finds optima the other misses; one screen mixing both kinds
//! left a cell below that separate screens reach, so they are kept apart.

use crate::core::dataset::Dataset;
use crate::core::em::{EmRun, EmSettings};
use crate::core::error::InputError;
use crate::core::fit::{data_scale, restart_seed};
use crate::core::model::{CovarianceType, Gmm};
use crate::core::spurious::spurious_components;

use rayon::prelude::*;

use super::sample::{bootstrap, sample};
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
    /// mclust's `hc` on a [`bootstrap`] sample of the screened points: each sample another
    /// partition, where hc on all of small data has one.
    HcBootstrap,
}

impl CandidateKind {
    /// The candidate's starting model on `points` (the screened ones), seeded by `seed`.
    pub fn model(
        self,
        points: &Dataset,
        seed: u64,
        k: usize,
        covariance_type: CovarianceType,
        reg_covar: f64,
    ) -> Result<Gmm, InputError> {
        let start = match self {
            Self::KMeansPlusPlus => Start::KMeansPlusPlus { seed },
            Self::ScaledKMeansPlusPlus => Start::ScaledKMeansPlusPlus { seed },
            Self::KMeans => Start::KMeans { seed },
            Self::Random => Start::Random { seed },
            Self::HcBootstrap => {
                let drawn = bootstrap(points, seed);
                return Start::Hc { seed: None }.model(&drawn, k, covariance_type, reg_covar);
            }
        };
        start.model(points, k, covariance_type, reg_covar)
    }
}

impl Screen {
    /// The k-means++ screen: 10 seedings, scaled and raw in turn, 50 iterations each.
    pub const DEFAULT: Screen = Screen {
        candidates: 10,
        iterations: 50,
        kinds: &[
            CandidateKind::ScaledKMeansPlusPlus,
            CandidateKind::KMeansPlusPlus,
        ],
    };

    /// The hc screen: 5 agglomerations of bootstrap samples, 50 iterations each. Only on data of
    /// at most [`HC_CAP`] points: at N = 1,000,000 one agglomeration of a 2000-point sample
    /// costs about 30 EM iterations, the start's budget being 3.
    pub const HC_BOOTSTRAPS: Screen = Screen {
        candidates: 5,
        iterations: 50,
        kinds: &[CandidateKind::HcBootstrap],
    };

    /// The screen of `small-em`'s restart `r` (from 0) on `n` points: [`Screen::HC_BOOTSTRAPS`]
    /// for every fifth restart from the second (r = 1, 6, 11, …) up to [`HC_CAP`] points,
    /// [`Screen::DEFAULT`] otherwise.
    pub fn for_restart(r: usize, n: usize) -> Screen {
        match n <= HC_CAP && r % 5 == 1 {
            true => Self::HC_BOOTSTRAPS,
            false => Self::DEFAULT,
        }
    }

    /// Whether the screen agglomerates (for reports: "small-em hc").
    pub fn agglomerates(&self) -> bool {
        self.kinds.contains(&CandidateKind::HcBootstrap)
    }

    /// The starting model of the restart seeded by `seed`: the best candidate's, made on the
    /// sample (on every point up to [`SCREEN_CAP`]). The candidates are screened in parallel,
    /// each from its own seed, and compared in their order: the same start for any thread count.
    /// A candidate that cannot start (a bootstrap sample with fewer than K distinct points) is
    /// passed over; when none can, the hc screen gives way to the k-means++ one, which returns
    /// its first candidate's error if it fails too.
    pub fn model(
        &self,
        data: &Dataset,
        seed: u64,
        k: usize,
        covariance_type: CovarianceType,
        reg_covar: f64,
    ) -> Result<Gmm, InputError> {
        let points = sample(data, SCREEN_CAP, seed);
        let screen = Screening {
            points: &points,
            variances: data_scale(&points).variances,
            k,
            covariance_type,
            settings: EmSettings {
                reg_covar,
                tol: 0.0,
                max_iter: self.iterations,
            },
        };
        let candidates: Vec<Result<Option<(Score, Gmm)>, InputError>> = (0..self.candidates.max(1))
            .into_par_iter()
            .map(|j| screen.candidate(self.kinds[j % self.kinds.len()], restart_seed(seed, j)))
            .collect();
        let mut best: Option<(Score, Gmm)> = None;
        let mut first_error = None;
        for candidate in candidates {
            match candidate {
                Ok(Some((score, model))) if best.as_ref().is_none_or(|(b, _)| score.beats(b)) => {
                    best = Some((score, model));
                }
                Ok(_) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match (best, first_error) {
            (Some((_, model)), _) => Ok(model),
            // Data so small that no bootstrap sample holds K distinct points.
            (None, Some(_)) if self.agglomerates() => {
                Self::DEFAULT.model(data, seed, k, covariance_type, reg_covar)
            }
            (None, Some(e)) => Err(e),
            (None, None) => Err(InputError::new(
                "no candidate start has positive definite covariances",
            )),
        }
    }
}

/// What every candidate of one restart is screened on.
struct Screening<'a> {
    points: &'a Dataset,
    variances: Vec<f64>,
    k: usize,
    covariance_type: CovarianceType,
    settings: EmSettings,
}

impl Screening<'_> {
    /// The candidate's start and how its short run ended (`None`: its covariances cannot start
    /// EM).
    fn candidate(
        &self,
        kind: CandidateKind,
        seed: u64,
    ) -> Result<Option<(Score, Gmm)>, InputError> {
        let reg_covar = self.settings.reg_covar;
        let model = kind.model(self.points, seed, self.k, self.covariance_type, reg_covar)?;
        let Ok(mut run) = EmRun::start(self.points, model.clone(), self.settings, false) else {
            return Ok(None);
        };
        run.run_to_end(self.points);
        let sizes = run.component_sizes();
        let sound = !run.status().is_degenerate()
            && spurious_components(run.model(), sizes, reg_covar, &self.variances).is_empty();
        let score = Score {
            sound,
            log_likelihood: run.log_likelihood(),
        };
        Ok(Some((score, model)))
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
