//! One EM run, advanced one iteration at a time so that a caller (the CLI's restart loop or the
//! app) can read the state between steps.
//!
//! The run always holds the parameters θ_t *and* their evaluation on the data (log-likelihood and
//! M-step sums), so an iteration is: M-step from the held sums → θ_{t+1}, then one pass over the
//! data that evaluates θ_{t+1}. The reported log-likelihood is therefore always that of the
//! parameters shown.

use super::dataset::Dataset;
use super::kernel::{Components, Moments, PointLabels, evaluate};
use super::model::Gmm;
use super::mstep::m_step;
use super::status::RunStatus;

/// What a run needs besides data and a start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmSettings {
    /// Added to every covariance diagonal (scikit-learn's `reg_covar`).
    pub reg_covar: f64,
    /// Stop when the mean log-likelihood per point improves by less than this; 0 never stops.
    pub tol: f64,
    /// Iterations at most; 0 returns the start.
    pub max_iter: usize,
}

impl Default for EmSettings {
    fn default() -> Self {
        EmSettings {
            reg_covar: 1e-6,
            tol: 1e-6,
            max_iter: 1000,
        }
    }
}

/// An EM run on one data set.
///
/// Every iteration's parameters are kept (θ_0 … θ_t, small: K·(D² + D + 1) numbers each), so a
/// viewer can scrub back through the run; the per-point labels are kept for θ_t only, and a past
/// iteration's are recomputed by one [`evaluate_model`] pass of its parameters.
#[derive(Clone, Debug)]
pub struct EmRun {
    settings: EmSettings,
    /// θ_0 … θ_t.
    parameters: Vec<Gmm>,
    /// The evaluation of θ_t: its log-likelihood and the sums the next M-step needs.
    moments: Moments,
    /// Total log-likelihood of each θ in `parameters`; `trace[0]` is the start's.
    trace: Vec<f64>,
    status: RunStatus,
    points: Option<PointState>,
    /// The nudges that set the parameters of an iteration kept (see [`EmRun::nudge`]).
    nudges: Vec<Nudge>,
    /// N, for the convergence test's mean log-likelihood per point.
    n: usize,
}

/// A nudge ([`EmRun::nudge`]): the iteration whose parameters it replaced, and the change of
/// log-likelihood it made there — from the replaced parameters to the nudged ones, the nudge's
/// own change and not EM's (the EM step into that iteration is not part of it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nudge {
    pub at: usize,
    pub change: f64,
}

/// Each point's most responsible component and its responsibility (0–255), for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct PointState {
    pub labels: Vec<u8>,
    pub certainty: Vec<u8>,
}

impl PointState {
    fn as_out(&mut self) -> PointLabels<'_> {
        PointLabels {
            labels: &mut self.labels,
            certainty: &mut self.certainty,
        }
    }
}

/// Parameters evaluated on the data: the log-likelihood and M-step sums, and with tracking each
/// point's label and certainty. The expensive half of an iteration (one pass over the data), made
/// a value so that a caller can compute it on another thread.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Points evaluated (N).
    pub n: usize,
    pub moments: Moments,
    pub points: Option<PointState>,
}

/// One pass of `model` over `data`. `Err(c)` when component `c`'s covariance is not positive
/// definite.
pub fn evaluate_model(
    data: &Dataset,
    model: &Gmm,
    track_points: bool,
) -> Result<Evaluation, usize> {
    let components = Components::new(model, data.n())?;
    let mut points = track_points.then(|| PointState {
        labels: vec![0; data.n()],
        certainty: vec![0; data.n()],
    });
    let moments = evaluate(data, &components, points.as_mut().map(PointState::as_out));
    Ok(Evaluation {
        n: data.n(),
        moments,
        points,
    })
}

impl EmRun {
    /// Evaluates the start. `Err(c)` when component `c`'s starting covariance is not positive
    /// definite. With `track_labels`, each point's most responsible component and certainty are
    /// kept up to date.
    pub fn start(
        data: &Dataset,
        model: Gmm,
        settings: EmSettings,
        track_labels: bool,
    ) -> Result<EmRun, usize> {
        let evaluation = evaluate_model(data, &model, track_labels)?;
        Ok(EmRun::from_evaluation(model, evaluation, settings))
    }

    /// A run at its start, from the start's evaluation (computed wherever the caller likes).
    pub fn from_evaluation(model: Gmm, evaluation: Evaluation, settings: EmSettings) -> EmRun {
        EmRun {
            settings,
            parameters: vec![model],
            trace: vec![evaluation.moments.log_likelihood],
            moments: evaluation.moments,
            status: status_at(0, &settings),
            points: evaluation.points,
            nudges: Vec::new(),
            n: evaluation.n,
        }
    }

    /// One iteration (M-step, then evaluation of the new parameters), unless the run has ended.
    pub fn step(&mut self, data: &Dataset) -> RunStatus {
        if self.status.is_finished() {
            return self.status;
        }
        let next = self.next_parameters().and_then(|model| {
            evaluate_model(data, &model, self.points.is_some())
                .map(|evaluation| (model, evaluation))
                .map_err(RunStatus::SingularCovariance)
        });
        match next {
            Ok((model, evaluation)) => self.advance(model, evaluation),
            Err(degenerate) => self.end(degenerate),
        }
    }

    /// The M-step from the held sums: θ_{t+1}, or the degenerate status that stops the run. The
    /// run itself is unchanged until [`EmRun::advance`] receives θ_{t+1}'s evaluation.
    pub fn next_parameters(&self) -> Result<Gmm, RunStatus> {
        m_step(&self.moments, self.model(), self.settings.reg_covar)
    }

    /// Completes an iteration: θ_{t+1} (from [`EmRun::next_parameters`]) and its evaluation
    /// become the run's state, and the convergence test runs.
    pub fn advance(&mut self, model: Gmm, evaluation: Evaluation) -> RunStatus {
        let previous = self.log_likelihood();
        self.moments = evaluation.moments;
        if evaluation.points.is_some() {
            self.points = evaluation.points;
        }
        self.parameters.push(model);
        self.trace.push(self.moments.log_likelihood);
        let improvement = (self.moments.log_likelihood - previous) / self.n.max(1) as f64;
        self.status = if self.settings.tol > 0.0 && improvement < self.settings.tol {
            RunStatus::Converged
        } else {
            status_at(self.iteration(), &self.settings)
        };
        self.status
    }

    /// Ends the run with a degenerate status (an M-step or evaluation that failed).
    pub fn end(&mut self, status: RunStatus) -> RunStatus {
        self.status = status;
        status
    }

    /// Replaces θ_`at` by `model` (evaluated by `evaluation`), dropping every later iteration,
    /// and lets the run go on from there even if it had ended: a nudge off a fixed point, or a
    /// branch from a past iteration.
    pub fn nudge(&mut self, at: usize, model: Gmm, evaluation: Evaluation) {
        let at = at.min(self.iteration());
        let change = evaluation.moments.log_likelihood - self.trace[at];
        self.parameters.truncate(at);
        self.trace.truncate(at);
        self.nudges.retain(|n| n.at < at);
        self.nudges.push(Nudge { at, change });
        self.parameters.push(model);
        self.trace.push(evaluation.moments.log_likelihood);
        self.moments = evaluation.moments;
        if evaluation.points.is_some() {
            self.points = evaluation.points;
        }
        self.status = status_at(at, &self.settings);
    }

    /// Steps until the run ends.
    pub fn run_to_end(&mut self, data: &Dataset) -> RunStatus {
        while !self.status.is_finished() {
            self.step(data);
        }
        self.status
    }

    pub fn iteration(&self) -> usize {
        self.trace.len() - 1
    }

    /// θ_t, the current parameters.
    pub fn model(&self) -> &Gmm {
        self.parameters.last().expect("a run holds its start")
    }

    /// θ_`t` for t = 0 … [`EmRun::iteration`].
    pub fn parameters_at(&self, t: usize) -> Option<&Gmm> {
        self.parameters.get(t)
    }

    /// The nudges whose parameters the run keeps, earliest first.
    pub fn nudges(&self) -> &[Nudge] {
        &self.nudges
    }

    pub fn settings(&self) -> &EmSettings {
        &self.settings
    }

    pub fn status(&self) -> RunStatus {
        self.status
    }

    /// Total log-likelihood of the current parameters.
    pub fn log_likelihood(&self) -> f64 {
        self.moments.log_likelihood
    }

    /// Total log-likelihood after each iteration, starting with the initialisation's.
    pub fn trace(&self) -> &[f64] {
        &self.trace
    }

    /// The evaluation of the current parameters: the sums the next M-step starts from.
    pub fn moments(&self) -> &Moments {
        &self.moments
    }

    /// The run without its per-point labels (N bytes each): what a finished run keeps to be
    /// looked at again, its parameters and sums, at a size that does not grow with the data.
    pub fn without_points(&self) -> EmRun {
        EmRun {
            points: None,
            parameters: self.parameters.clone(),
            trace: self.trace.clone(),
            moments: self.moments.clone(),
            nudges: self.nudges.clone(),
            ..*self
        }
    }

    /// N_k: how many points each component is responsible for.
    pub fn component_sizes(&self) -> &[f64] {
        &self.moments.nk
    }

    /// Each point's most responsible component, when tracked.
    pub fn labels(&self) -> Option<&[u8]> {
        self.points.as_ref().map(|p| p.labels.as_slice())
    }

    /// Each point's largest responsibility scaled to 0–255 (255: certain; 128 of K = 2: a
    /// coin toss), when tracked.
    pub fn certainty(&self) -> Option<&[u8]> {
        self.points.as_ref().map(|p| p.certainty.as_slice())
    }
}

/// The status of a run that has done `iteration` iterations without converging.
fn status_at(iteration: usize, settings: &EmSettings) -> RunStatus {
    if iteration >= settings.max_iter {
        RunStatus::MaxIterReached
    } else {
        RunStatus::Running
    }
}

/// Groups of components (each listed in increasing order, numbered from 0) whose weights, means
/// and covariances agree to a relative 1e-6 of the data's scale: EM cannot tell them apart, so
/// they will never separate. `scale` is a typical data standard deviation.
pub fn collapsed_groups(model: &Gmm, scale: f64) -> Vec<Vec<usize>> {
    groups_within(model, scale, 1e-6)
}

/// Groups of components that agree to 1% of the data's scale: apart, but so close to EM's
/// collapsed fixed point that they leave it only slowly, and `tol` may stop a run there.
pub fn nearly_identical_groups(model: &Gmm, scale: f64) -> Vec<Vec<usize>> {
    groups_within(model, scale, 1e-2)
}

/// Groups of components whose weights, means and covariances agree to `tolerance` of `scale`.
fn groups_within(model: &Gmm, scale: f64, tolerance: f64) -> Vec<Vec<usize>> {
    let scale = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    let identical = |i: usize, j: usize| {
        let close = |a: &[f64], b: &[f64], unit: f64| {
            a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= tolerance * unit)
        };
        (model.weights[i] - model.weights[j]).abs() <= tolerance
            && close(model.mean(i), model.mean(j), scale)
            && close(
                model.stored_covariance(i),
                model.stored_covariance(j),
                scale * scale,
            )
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut grouped = vec![false; model.k()];
    for i in 0..model.k() {
        if grouped[i] {
            continue;
        }
        let group: Vec<usize> = (i..model.k())
            .filter(|&j| j == i || identical(i, j))
            .collect();
        if group.len() > 1 {
            for &j in &group {
                grouped[j] = true;
            }
            groups.push(group);
        }
    }
    groups
}

/// "components 1 and 2", "components 1, 2 and 3": a group numbered for people.
pub fn describe_group(group: &[usize]) -> String {
    let names: Vec<String> = group.iter().map(|c| (c + 1).to_string()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("components {} and {}", rest.join(", "), last)
        }
        _ => format!("component {}", names.join("")),
    }
}

/// The data's main axis: the unit eigenvector of its covariance with the largest eigenvalue,
/// and the standard deviation along it. EM pulls identical components apart fastest along it.
pub fn principal_axis(data: &Dataset) -> (Vec<f64>, f64) {
    let d = data.dim();
    let eigen =
        nalgebra::SymmetricEigen::new(nalgebra::DMatrix::from_row_slice(d, d, &data.covariance()));
    let top = (0..d)
        .max_by(|&a, &b| eigen.eigenvalues[a].total_cmp(&eigen.eigenvalues[b]))
        .unwrap_or(0);
    let axis: Vec<f64> = eigen.eigenvectors.column(top).iter().copied().collect();
    (axis, eigen.eigenvalues[top].max(0.0).sqrt())
}

/// `model` with each group of identical components spread along `axis`, neighbours `spacing`
/// apart and centred where they were; everything else unchanged.
pub fn spread_apart(model: &Gmm, groups: &[Vec<usize>], axis: &[f64], spacing: f64) -> Gmm {
    let mut spread = model.clone();
    let d = model.dim;
    for group in groups {
        let middle = (group.len() as f64 - 1.0) / 2.0;
        for (j, &c) in group.iter().enumerate() {
            let offset = (j as f64 - middle) * spacing;
            for (mean, direction) in spread.means[c * d..(c + 1) * d].iter_mut().zip(axis) {
                *mean += offset * direction;
            }
        }
    }
    spread
}
