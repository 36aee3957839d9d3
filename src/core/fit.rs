//! Restarts: several EM runs from different starts on the same data, the best kept.

use std::time::Instant;

use super::dataset::Dataset;
use super::em::{EmRun, EmSettings, collapsed_groups};
use super::error::InputError;
use super::init::{InitMethod, Start, collapsed_beside};
use super::input::text::excerpt;
use super::model::{CovarianceType, Gmm, aic, bic};
use super::spurious::{SpuriousComponent, spurious_components};
use super::status::RunStatus;
use crate::format::{shortest, two_digits};

/// The most components a fit takes, 255: a point's label is stored in a byte
/// ([`super::em::PointState`]). Every message that states the limit formats this constant.
pub const MAX_COMPONENTS: usize = u8::MAX as usize;

/// Everything that decides a fit besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions {
    pub k: usize,
    pub covariance_type: CovarianceType,
    pub settings: EmSettings,
    pub restarts: usize,
    pub seed: u64,
    /// The method of every restart without an explicit start.
    pub method: InitMethod,
    /// An explicit (or trap) start for the first restart.
    pub first_start: Option<Start>,
    /// The start `method = collapsed` uses (a scenario's trap); `None` puts it beside the data.
    pub collapsed_start: Option<Start>,
}

impl FitOptions {
    /// The start of restart `r` (from 0): the explicit one first if given, then the method's,
    /// with a seed derived from the fit's seed and `r`.
    pub fn start(&self, data: &Dataset, r: usize) -> Start {
        if r == 0
            && let Some(start) = &self.first_start
        {
            return start.clone();
        }
        self.method
            .start(data, self.method_restart(r), restart_seed(self.seed, r))
            .unwrap_or_else(|| {
                self.collapsed_start
                    .clone()
                    .unwrap_or_else(|| collapsed_beside(data))
            })
    }

    /// The start of restart `r` by a method that seeds: the fit's own, or the default when the
    /// fit's method is the trap (for a start that must differ from the trap's).
    pub fn seeded_start(&self, data: &Dataset, r: usize) -> Start {
        let (own, seed) = (self.method_restart(r), restart_seed(self.seed, r));
        self.method
            .start(data, own, seed)
            .or_else(|| InitMethod::default().start(data, own, seed))
            .expect("the default start seeds")
    }

    /// Restart `r`'s number among the restarts the method starts: a mix's first start (`hc`)
    /// goes to the first restart after an explicit one.
    fn method_restart(&self, r: usize) -> usize {
        r.saturating_sub(usize::from(self.first_start.is_some()))
    }

    /// Refuses options that cannot make sense on this data.
    pub fn validate(&self, data: &Dataset) -> Result<(), InputError> {
        let s = &self.settings;
        check_option_values(self.k, s.reg_covar, s.tol, self.restarts)?;
        if self.k > data.n() {
            return Err(InputError::new(format!(
                "{} components need at least {} points, but the data has {}",
                self.k,
                self.k,
                data.n()
            )));
        }
        Ok(())
    }
}

/// Refuses option values that make sense on no data, so that a command can refuse them before
/// reading a large file.
pub fn check_option_values(
    k: usize,
    reg_covar: f64,
    tol: f64,
    restarts: usize,
) -> Result<(), InputError> {
    if k == 0 {
        return Err(InputError::new("-k must be at least 1"));
    }
    if k > MAX_COMPONENTS {
        return Err(InputError::new(format!(
            "-k must be at most {MAX_COMPONENTS}"
        )));
    }
    if !(reg_covar >= 0.0 && reg_covar.is_finite()) {
        return Err(InputError::new("--reg-covar must be a finite number ≥ 0"));
    }
    if !(tol >= 0.0 && tol.is_finite()) {
        return Err(InputError::new("--tol must be a finite number ≥ 0"));
    }
    if restarts == 0 {
        return Err(InputError::new("--restarts must be at least 1"));
    }
    Ok(())
}

/// A restart's seed: SplitMix64 of the fit's seed and the restart number, so restarts are
/// independent yet the same arguments always give the same fit. 32 bits keep it short enough
/// to read in a report.
pub fn restart_seed(seed: u64, r: usize) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(r as u64 + 1));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) >> 32
}

/// How one restart ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RestartResult {
    pub init: String,
    pub iterations: usize,
    pub status: RunStatus,
    /// Groups of identical components (numbered from 0); empty when none.
    pub collapsed: Vec<Vec<usize>>,
    /// Components shrunk onto a point or a line, or resting on too few points.
    pub spurious: Vec<SpuriousComponent>,
    /// Total log-likelihood of the final parameters.
    pub log_likelihood: f64,
    pub model: Gmm,
    /// Total log-likelihood after each iteration, the start's first.
    pub trace: Vec<f64>,
    pub seconds: f64,
}

impl RestartResult {
    /// Summarises a finished run.
    pub fn from_run(init: String, run: &EmRun, scale: &DataScale, seconds: f64) -> Self {
        RestartResult {
            init,
            iterations: run.iteration(),
            status: run.status(),
            collapsed: collapsed_groups(run.model(), scale.typical),
            spurious: spurious_components(
                run.model(),
                run.component_sizes(),
                run.settings().reg_covar,
                &scale.variances,
            ),
            log_likelihood: run.log_likelihood(),
            model: run.model().clone(),
            trace: run.trace().to_vec(),
            seconds,
        }
    }
}

/// All restarts and the winner.
#[derive(Clone, Debug, PartialEq)]
pub struct FitResult {
    pub restarts: Vec<RestartResult>,
    /// Index of the best restart.
    pub best: usize,
    /// Why `best` is not the restart that ends highest, when it is not.
    pub below_highest: Option<BelowHighest>,
    pub n_parameters: usize,
    pub bic: f64,
    pub aic: f64,
}

impl FitResult {
    pub fn best(&self) -> &RestartResult {
        &self.restarts[self.best]
    }

    /// The less sound restart that ends clearly higher than the best but was not chosen, if any.
    pub fn passed_over(&self) -> Option<usize> {
        match self.below_highest {
            Some(BelowHighest::PassedOver { higher }) => Some(higher),
            _ => None,
        }
    }
}

impl RestartResult {
    /// What made a restart less sound than the best, for "… but a spurious component".
    pub fn flaw(&self) -> &'static str {
        if self.status.is_degenerate() {
            "a degenerate end"
        } else if self.spurious.len() > 1 {
            "spurious components"
        } else {
            "a spurious component"
        }
    }
}

/// Why the best restart is not the one that ends highest: what `fit` and the app say beside
/// the star, so the same rule explains both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BelowHighest {
    /// `higher` ends higher than the same optimum allows, but is less sound (spurious or
    /// degenerate): passed over.
    PassedOver { higher: usize },
    /// `higher` ends `above` higher, within the same optimum: the first restart to reach it
    /// is the best.
    SameOptimum { higher: usize, above: f64 },
}

/// How far apart two ends of one optimum may be: `same_optimum`, at least 1e-9 relative.
fn optimum_margin(same_optimum: f64, log_likelihood: f64) -> f64 {
    same_optimum.max(1e-9 * log_likelihood.abs())
}

/// Why `best` is not the highest of `results` (pairs of a caller's index and a restart), if
/// it is not; the index of the highest is the caller's.
pub fn below_highest<'a>(
    results: impl IntoIterator<Item = (usize, &'a RestartResult)>,
    best: &RestartResult,
    same_optimum: f64,
) -> Option<BelowHighest> {
    let (higher, highest) = results
        .into_iter()
        .filter(|(_, r)| r.log_likelihood > best.log_likelihood)
        .max_by(|a, b| a.1.log_likelihood.total_cmp(&b.1.log_likelihood))?;
    let above = highest.log_likelihood - best.log_likelihood;
    Some(
        if above > optimum_margin(same_optimum, best.log_likelihood) {
            BelowHighest::PassedOver { higher }
        } else {
            BelowHighest::SameOptimum { higher, above }
        },
    )
}

/// The data's spread, which "identical" and "flat" are measured against.
#[derive(Clone, Debug, PartialEq)]
pub struct DataScale {
    /// A typical standard deviation: the unit for "numerically identical".
    pub typical: f64,
    /// Each column's variance: the unit for "flat" along that column.
    pub variances: Vec<f64>,
}

/// The data's [`DataScale`].
pub fn data_scale(data: &Dataset) -> DataScale {
    let variances = data.variances();
    DataScale {
        typical: (variances.iter().sum::<f64>() / data.dim() as f64).sqrt(),
        variances,
    }
}

/// How many times `reg_covar` a column's variance must be for a fit to see the column. EM
/// adds `reg_covar` to every component's variance along every column, and the components'
/// own variances there average to less than the column's (the law of total variance). Two
/// groups that a column tells apart, with means 4σ apart, each have a fifth of the column's
/// variance: below 10 × `reg_covar`, that is under 2 × `reg_covar`, so the regulariser widens
/// each group by half or more and blurs the very separation the column carries. Above it the
/// widening falls under 10 %, and at the default 1e-6 a column must vary by less than 1e-5 to
/// be named: an unscaled share or probability, never a standardised column.
pub const SEEN_ABOVE_REG_COVAR: f64 = 10.0;

impl DataScale {
    /// The columns (0-based) whose variance is under [`SEEN_ABOVE_REG_COVAR`] × `reg_covar`:
    /// along them the regulariser, not the data, shapes the components. A constant column
    /// (variance 0, or rounding's crumbs of it) is among them.
    pub fn faint_columns(&self, reg_covar: f64) -> Vec<usize> {
        let seen_above = SEEN_ABOVE_REG_COVAR * reg_covar;
        (0..self.variances.len())
            .filter(|&a| self.variances[a] < seen_above)
            .collect()
    }
}

/// A note naming the columns `reg_covar` swamps ([`DataScale::faint_columns`]), to print before
/// a fit (`fit`, `select`; the app may show it too): the fit barely sees them, silently
/// otherwise. Constant columns are left to their own note (`holds one value`).
pub fn reg_covar_note(data: &Dataset, scale: &DataScale, reg_covar: f64) -> Option<String> {
    const LISTED: usize = 12;
    let bounds = data.bounds();
    let faint: Vec<usize> = scale
        .faint_columns(reg_covar)
        .into_iter()
        .filter(|&a| bounds[a].0 < bounds[a].1)
        .collect();
    let name = |a: usize| excerpt(data.columns[a].as_bytes());
    let variance = |a: usize| two_digits(scale.variances[a]);
    let (columns, them) = match faint.as_slice() {
        [] => return None,
        &[a] => (
            format!("column '{}' varies by {} (variance),", name(a), variance(a)),
            "it",
        ),
        many => {
            let listed = &many[..many.len().min(LISTED)];
            let more = match many.len() - listed.len() {
                0 => String::new(),
                _ => format!(", … {} in all", many.len()),
            };
            let list = |item: &dyn Fn(usize) -> String| {
                listed
                    .iter()
                    .map(|&a| item(a))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + &more
            };
            (
                format!(
                    "columns {} vary by {} (variances),",
                    list(&|a| format!("'{}'", name(a))),
                    list(&variance)
                ),
                "them",
            )
        }
    };
    Some(format!(
        "{columns} under {SEEN_ABOVE_REG_COVAR} × --reg-covar ({}): the fit barely sees {them}; \
         rescale {them} or lower --reg-covar",
        shortest(reg_covar)
    ))
}

/// Which restart wins when the highest likelihood belongs to a spurious one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Preference {
    /// The best restart without spurious components, if any restart has none: a component on a
    /// point or a line "wins" by a likelihood that only `reg_covar` bounds.
    #[default]
    NonSpurious,
    /// The raw maximum, as scikit-learn chooses (`--allow-spurious`).
    HighestLikelihood,
}

/// The best restart, preferring non-spurious ones: see [`best_restart_by`].
pub fn best_restart<'a>(
    results: impl IntoIterator<Item = &'a RestartResult>,
    same_optimum: f64,
) -> Option<usize> {
    best_restart_by(results, same_optimum, Preference::NonSpurious)
}

/// The best restart: among the soundest runs there are (non-degenerate first, then — unless
/// `preference` says otherwise — with the fewest spurious components, none when a run has
/// none), the first whose total log-likelihood is within
/// `same_optimum` of the highest. Runs that converge to one optimum stop up to about N·tol
/// apart, so that is what callers pass; equal optima then do not make the winner depend on where
/// each run happened to stop. (At least 1e-9 relative, for tol = 0.)
pub fn best_restart_by<'a>(
    results: impl IntoIterator<Item = &'a RestartResult>,
    same_optimum: f64,
    preference: Preference,
) -> Option<usize> {
    let results: Vec<&RestartResult> = results.into_iter().collect();
    let flaws = |r: &RestartResult| {
        let spurious = match preference {
            Preference::NonSpurious => r.spurious.len(),
            Preference::HighestLikelihood => 0,
        };
        (r.status.is_degenerate(), spurious)
    };
    let fewest_flaws = results.iter().map(|r| flaws(r)).min()?;
    let eligible = |r: &RestartResult| flaws(r) == fewest_flaws;
    let highest = results
        .iter()
        .filter(|r| eligible(r))
        .map(|r| r.log_likelihood)
        .max_by(f64::total_cmp)?;
    let threshold = highest - optimum_margin(same_optimum, highest);
    results
        .iter()
        .position(|r| eligible(r) && r.log_likelihood >= threshold)
}

/// The `same_optimum` of [`best_restart`] for these options on `n` points.
pub fn same_optimum(settings: &EmSettings, n: usize) -> f64 {
    settings.tol * n as f64
}

/// Runs every restart to the end and keeps the best, preferring non-spurious restarts.
pub fn fit(data: &Dataset, options: &FitOptions) -> Result<FitResult, InputError> {
    fit_with(data, options, Preference::NonSpurious, &|| {})
}

/// [`fit`] with a choice of preference, calling `after_restart` as each restart ends (for a
/// progress bar).
pub fn fit_with(
    data: &Dataset,
    options: &FitOptions,
    preference: Preference,
    after_restart: &(dyn Fn() + Sync),
) -> Result<FitResult, InputError> {
    options.validate(data)?;
    let scale = data_scale(data);
    // Not sized by `options.restarts` up front: a huge count then runs (and can be stopped)
    // instead of failing to allocate.
    let mut restarts = Vec::new();
    for r in 0..options.restarts {
        let clock = Instant::now();
        let start = options.start(data, r);
        let model = start.model(
            data,
            options.k,
            options.covariance_type,
            options.settings.reg_covar,
        )?;
        let mut run = EmRun::start(data, model, options.settings, false).map_err(|c| {
            InputError::new(format!(
                "restart {}: the starting covariance of component {} is not positive definite",
                r + 1,
                c + 1
            ))
        })?;
        run.run_to_end(data);
        restarts.push(RestartResult::from_run(
            start.describe(),
            &run,
            &scale,
            clock.elapsed().as_secs_f64(),
        ));
        after_restart();
    }
    Ok(FitResult::choose(
        restarts,
        &options.settings,
        data.n(),
        preference,
    ))
}

impl FitResult {
    /// The best of `restarts` (at least one) on `n` points, and its criteria.
    pub fn choose(
        restarts: Vec<RestartResult>,
        settings: &EmSettings,
        n: usize,
        preference: Preference,
    ) -> FitResult {
        let same = same_optimum(settings, n);
        let best = best_restart_by(&restarts, same, preference).expect("at least one restart");
        let winner = &restarts[best];
        let below_highest = below_highest(restarts.iter().enumerate(), winner, same);
        let n_parameters = winner.model.n_parameters();
        FitResult {
            bic: bic(winner.log_likelihood, n_parameters, n),
            aic: aic(winner.log_likelihood, n_parameters),
            best,
            below_highest,
            n_parameters,
            restarts,
        }
    }
}
