//! What the screen draws of a run ([`Shown`]): a model at one iteration (or half of one), its
//! points' colours and certainty, and its run's curve; and, for a model other than the live
//! run's, those points computed apart by a background pass ([`View`]).

use crate::core::Gmm;
use crate::core::em::{Evaluation, PointState};
use crate::core::kernel::Moments;

/// Which point of an iteration the screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// θ_t with the points coloured by θ_t's responsibilities.
    Whole,
    /// θ_{t+1} (after the M-step) with the points still coloured by θ_t's responsibilities.
    AfterMStep,
}

/// Which model a [`View`] coloured the points for: run `number`'s iteration `t`.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewKey {
    pub number: usize,
    pub t: usize,
}

/// The points under a model: each one's most responsible component, its largest responsibility
/// (0–255), and the pass's sums (N_k and the M-step's moments) of those responsibilities.
#[derive(Clone, Copy)]
pub struct Points<'a> {
    pub labels: &'a [u8],
    pub certainty: &'a [u8],
    pub moments: Option<&'a Moments>,
}

/// No points known yet.
pub const NO_POINTS: Points<'static> = Points {
    labels: &[],
    certainty: &[],
    moments: None,
};

/// The points of a model on screen other than the live run's, from one evaluation pass.
pub struct View {
    key: ViewKey,
    /// The data and model they were computed on (see `App`'s generation).
    generation: u64,
    labels: Vec<u8>,
    certainty: Vec<u8>,
    moments: Moments,
}

impl View {
    pub fn new(key: ViewKey, generation: u64, evaluation: Evaluation) -> View {
        let points = evaluation.points.unwrap_or_else(|| PointState {
            labels: Vec::new(),
            certainty: Vec::new(),
        });
        View {
            key,
            generation,
            labels: points.labels,
            certainty: points.certainty,
            moments: evaluation.moments,
        }
    }

    /// Whether these are the points of `key` on the current data and model.
    pub fn is_for(&self, key: &ViewKey, generation: u64) -> bool {
        self.key == *key && self.generation == generation
    }

    pub fn points(&self) -> Points<'_> {
        Points {
            labels: &self.labels,
            certainty: &self.certainty,
            moments: Some(&self.moments),
        }
    }
}

/// What is on screen: a model, its points' colours and certainty, and its run's curve.
pub struct Shown<'a> {
    pub model: &'a Gmm,
    /// Each point's most responsible component (empty while none are known).
    pub labels: &'a [u8],
    /// Each point's largest responsibility, 0–255.
    pub certainty: &'a [u8],
    /// N_k of the responsibilities the colours show.
    pub sizes: &'a [f64],
    /// The sums of the pass that gave those responsibilities (from θ_t, also after the M-step):
    /// what the M-step starts from. `None` while the pass is being computed.
    pub moments: Option<&'a Moments>,
    /// The whole run's log-likelihoods, the start's first.
    pub trace: &'a [f64],
    /// The iteration shown (the last, unless scrubbed back).
    pub iteration: usize,
    /// Its 1-based run number.
    pub number: usize,
    pub phase: Phase,
    /// The points still show another iteration: their pass is being computed.
    pub points_pending: bool,
    /// Groups of identical components (numbered from 0).
    pub groups: Vec<Vec<usize>>,
    /// The change of log-likelihood of the nudge that set the parameters shown, if one did:
    /// their Δ is the nudge's own, not EM's.
    pub nudge: Option<f64>,
}

impl Shown<'_> {
    /// The log-likelihood of the parameters shown; unknown after an M-half-step until its
    /// E-step evaluates them.
    pub fn log_likelihood(&self) -> Option<f64> {
        match self.phase {
            Phase::Whole => self.trace.get(self.iteration).copied(),
            Phase::AfterMStep => None,
        }
    }

    /// The change of the shown iteration over the one before it — or, where a nudge set its
    /// parameters, the nudge's own change (from the parameters it nudged), not EM's step into
    /// the iteration as well.
    pub fn change(&self) -> Option<f64> {
        let now = self.log_likelihood()?;
        if self.nudge.is_some() {
            return self.nudge;
        }
        let before = self.trace.get(self.iteration.checked_sub(1)?)?;
        Some(now - before)
    }

    /// The identical group holding component `c`, if any.
    pub fn group_of(&self, c: usize) -> Option<&[usize]> {
        self.groups
            .iter()
            .find(|g| g.contains(&c))
            .map(Vec::as_slice)
    }
}
