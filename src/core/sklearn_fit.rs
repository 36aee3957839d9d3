//! scikit-learn's `GaussianMixture.fit`, step for step, for the Python package: the same EM
//! (the kernel of [`EmRun`]) with scikit-learn's bookkeeping around it, so that the same start
//! and `tol` give the same parameters, `n_iter_` and `lower_bound_`.
//!
//! scikit-learn's iteration t is an E-step on θ_{t−1} then an M-step to θ_t, and it stops when
//! the E-step's mean log-likelihood changed by less than `tol`: it returns the parameters one
//! M-step past the last ones it evaluated, and that evaluation as `lower_bound_`. An [`EmRun`]
//! stops on the parameters it evaluated last, so a fit here runs to `max_iter − 1` iterations
//! and then takes one more M-step.
//!
//! Parts of a start given by the caller (`weights_init`, `means_init`, `precisions_init`)
//! replace those of the start method's model in every restart, as scikit-learn's do; with all
//! three the method is not run.

use std::time::Instant;

use super::dataset::Dataset;
use super::em::{EmRun, EmSettings, evaluate_model};
use super::error::InputError;
use super::fit::{DataScale, FitOptions, FitResult, Preference, RestartResult, data_scale};
use super::model::{CovarianceType, Gmm};
use super::status::RunStatus;

/// Parts of the start fixed by the caller, each replacing the start method's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GivenStart {
    /// K weights, positive, summing to 1.
    pub weights: Option<Vec<f64>>,
    /// K×D means.
    pub means: Option<Vec<f64>>,
    /// Covariances as the covariance type stores them ([`Gmm::covariances`]: K×D×D, or K×D
    /// variances): scikit-learn's `precisions_init`, inverted.
    pub covariances: Option<Vec<f64>>,
}

impl GivenStart {
    fn is_complete(&self) -> bool {
        self.weights.is_some() && self.means.is_some() && self.covariances.is_some()
    }

    /// Refuses parts that do not fit `k` components of `covariance_type` in `d` dimensions, or
    /// weights that are not a distribution.
    pub fn check(
        &self,
        k: usize,
        d: usize,
        covariance_type: CovarianceType,
    ) -> Result<(), InputError> {
        let stored = if covariance_type.is_diagonal() {
            format!("{k}×{d}")
        } else {
            format!("{k}×{d}×{d}")
        };
        let sizes = [
            (&self.weights, k, "weights_init", format!("{k} numbers")),
            (&self.means, k * d, "means_init", format!("{k}×{d}")),
            (
                &self.covariances,
                k * covariance_type.stored_len(d),
                "precisions_init",
                stored,
            ),
        ];
        for (part, len, name, shape) in sizes {
            if let Some(values) = part {
                if values.len() != len {
                    return Err(InputError::new(format!(
                        "{name} must be {shape} for {k} components in {d} dimensions"
                    )));
                }
                if values.iter().any(|v| !v.is_finite()) {
                    return Err(InputError::new(format!("{name} must be finite numbers")));
                }
            }
        }
        if let Some(weights) = &self.weights {
            let total: f64 = weights.iter().sum();
            if weights.iter().any(|&w| w < 0.0) || (total - 1.0).abs() > 1e-6 {
                return Err(InputError::new(format!(
                    "weights_init must be non-negative and sum to 1 (they sum to {total})"
                )));
            }
        }
        Ok(())
    }

    /// `model` with the given parts put in.
    fn apply(&self, mut model: Gmm) -> Gmm {
        if let Some(weights) = &self.weights {
            model.weights.clone_from(weights);
        }
        if let Some(means) = &self.means {
            model.means.clone_from(means);
        }
        if let Some(covariances) = &self.covariances {
            model.covariances.clone_from(covariances);
        }
        model
    }
}

/// Why a fit stopped short.
#[derive(Clone, Debug, PartialEq)]
pub enum FitStop {
    Bad(InputError),
    /// The caller's `interrupted` said so (Ctrl-C in Python).
    Interrupted,
}

impl From<InputError> for FitStop {
    fn from(e: InputError) -> Self {
        FitStop::Bad(e)
    }
}

/// A fit as scikit-learn reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct SklearnFit {
    /// Every restart as [`fit`](super::fit::fit) reports them, each ending on the parameters
    /// it evaluated last, and the best of them by the usual rule.
    pub restarts: FitResult,
    /// The best restart's parameters one M-step on (scikit-learn's fitted parameters), with
    /// their total log-likelihood on the data; `None` when the restart or that step ended
    /// degenerate.
    pub model: Option<(Gmm, f64)>,
    /// Iterations as scikit-learn counts them: E-steps, each followed by an M-step.
    pub n_iter: usize,
    pub converged: bool,
    /// The last E-step's mean log-likelihood per point (−∞ for `max_iter` = 0).
    pub lower_bound: f64,
    /// Every E-step's mean log-likelihood per point.
    pub lower_bounds: Vec<f64>,
}

/// How long `interrupted` may go unasked: a Ctrl-C is felt within this, and asking (Python
/// takes its lock for it) costs nothing beside an iteration on much data.
const ASK_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// Fits as scikit-learn's `GaussianMixture.fit` does with `options.settings.max_iter` as its
/// `max_iter`, preferring non-spurious restarts unless `preference` says otherwise. Asks
/// `interrupted` now and then, and stops when it says so.
pub fn fit_as_sklearn(
    data: &Dataset,
    options: &FitOptions,
    given: &GivenStart,
    preference: Preference,
    interrupted: &mut dyn FnMut() -> bool,
) -> Result<SklearnFit, FitStop> {
    options.validate(data)?;
    given.check(options.k, data.dim(), options.covariance_type)?;
    let scale = data_scale(data);
    let max_iter = options.settings.max_iter;
    let mut asked = Instant::now();
    let mut ask = || {
        let due = asked.elapsed() >= ASK_EVERY;
        if due {
            asked = Instant::now();
        }
        due && interrupted()
    };
    let mut restarts = Vec::new();
    let mut finals = Vec::new();
    for r in 0..options.restarts {
        if ask() {
            return Err(FitStop::Interrupted);
        }
        let (result, last) = run_restart(data, options, given, r, &scale, &mut ask)?;
        restarts.push(result);
        finals.push(last);
    }
    let n = data.n() as f64;
    let mut chosen = FitResult::choose(restarts, &options.settings, data.n(), preference);
    if max_iter == 0 {
        // scikit-learn keeps the last start: none has a lower bound to be chosen by.
        chosen.best = chosen.restarts.len() - 1;
    }
    let best = chosen.best();
    let model = match finals.swap_remove(chosen.best) {
        Some(model) => evaluate_model(data, &model, false)
            .ok()
            .map(|evaluation| (model, evaluation.moments.log_likelihood)),
        None => None,
    };
    if model.is_none() && !best.status.is_degenerate() {
        // The last M-step's covariance is not positive definite, though its diagonal is.
        chosen.restarts[chosen.best].status = RunStatus::SingularCovariance(0);
    }
    let best = chosen.best();
    Ok(SklearnFit {
        n_iter: if max_iter == 0 {
            0
        } else {
            best.iterations + 1
        },
        converged: best.status == RunStatus::Converged,
        lower_bound: if max_iter == 0 {
            f64::NEG_INFINITY
        } else {
            best.log_likelihood / n
        },
        lower_bounds: match max_iter {
            0 => Vec::new(),
            _ => best.trace.iter().map(|l| l / n).collect(),
        },
        model,
        restarts: chosen,
    })
}

/// Restart `r` run as scikit-learn runs one: EM to `max_iter − 1` iterations, then one more
/// M-step (its parameters are the fit's, where they are sound). `ask` is asked between
/// iterations whether to stop.
fn run_restart(
    data: &Dataset,
    options: &FitOptions,
    given: &GivenStart,
    r: usize,
    scale: &DataScale,
    ask: &mut dyn FnMut() -> bool,
) -> Result<(RestartResult, Option<Gmm>), FitStop> {
    let max_iter = options.settings.max_iter;
    let settings = EmSettings {
        max_iter: max_iter.saturating_sub(1),
        ..options.settings
    };
    let clock = Instant::now();
    let (model, init) = start(data, options, given, r)?;
    let mut run = EmRun::start(data, model, settings, false).map_err(|c| {
        InputError::new(format!(
            "restart {}: the starting covariance of component {} is not positive definite",
            r + 1,
            c + 1
        ))
    })?;
    while !run.status().is_finished() {
        if ask() {
            return Err(FitStop::Interrupted);
        }
        run.step(data);
    }
    let mut result = RestartResult::from_run(init, &run, scale, clock.elapsed().as_secs_f64());
    let last = match (max_iter, run.status()) {
        (0, _) => Ok(run.model().clone()),
        (_, status) if status.is_degenerate() => Err(status),
        _ => run.next_parameters(),
    };
    if let Err(status) = last {
        result.status = status;
    }
    Ok((result, last.ok()))
}

/// Restart `r`'s starting model and its description.
fn start(
    data: &Dataset,
    options: &FitOptions,
    given: &GivenStart,
    r: usize,
) -> Result<(Gmm, String), InputError> {
    let (k, d) = (options.k, data.dim());
    if given.is_complete() {
        let model = Gmm {
            covariance_type: options.covariance_type,
            dim: d,
            weights: Vec::new(),
            means: Vec::new(),
            covariances: Vec::new(),
        };
        return Ok((given.apply(model), "given".into()));
    }
    let start = options.start(data, r);
    let model = start.model(data, k, options.covariance_type, options.settings.reg_covar)?;
    let parts = [
        (given.weights.is_some(), "weights"),
        (given.means.is_some(), "means"),
        (given.covariances.is_some(), "precisions"),
    ];
    let named: Vec<&str> = parts.iter().filter(|p| p.0).map(|p| p.1).collect();
    let init = match named.as_slice() {
        [] => start.describe(),
        _ => format!("{} with given {}", start.describe(), named.join(", ")),
    };
    Ok((given.apply(model), init))
}
