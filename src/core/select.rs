//! Choosing K and the covariance type: one fit (with restarts) per cell of a K × type grid, each
//! scored by BIC, AIC and ICL, as mclust's `mclustBIC` tabulates. Signs are scikit-learn's
//! (lower is better); mclust's BIC is the negative.

use rayon::prelude::*;

use super::dataset::Dataset;
use super::error::InputError;
use super::fit::{FitOptions, MAX_COMPONENTS, Preference, fit_with};
use super::model::CovarianceType;
use super::predict::Evaluator;

/// A criterion to rank cells by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    Bic,
    Aic,
    Icl,
}

impl Criterion {
    pub const ALL: [Criterion; 3] = [Self::Bic, Self::Aic, Self::Icl];

    pub fn name(self) -> &'static str {
        match self {
            Self::Bic => "BIC",
            Self::Aic => "AIC",
            Self::Icl => "ICL",
        }
    }
}

/// The best fit of one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct CellFit {
    pub log_likelihood: f64,
    pub n_parameters: usize,
    /// −2 log L + p ln N.
    pub bic: f64,
    /// −2 log L + 2p.
    pub aic: f64,
    /// BIC + 2·(classification entropy): BIC − 2 Σᵢ ln zᵢ,ĉᵢ with ĉ the most responsible component.
    pub icl: f64,
    /// The chosen restart (0-based) and how many restarts there were.
    pub best_restart: usize,
    /// Components of the chosen restart flagged spurious (0-based): non-empty only when every
    /// restart had one, or with `Preference::HighestLikelihood`.
    pub spurious_components: Vec<usize>,
    /// The chosen restart ended degenerate (every restart did).
    pub degenerate: bool,
}

impl CellFit {
    pub fn value(&self, criterion: Criterion) -> f64 {
        match criterion {
            Criterion::Bic => self.bic,
            Criterion::Aic => self.aic,
            Criterion::Icl => self.icl,
        }
    }

    /// A cell whose fit should not be chosen: spurious or degenerate.
    pub fn is_unsound(&self) -> bool {
        self.degenerate || !self.spurious_components.is_empty()
    }
}

/// One K × covariance type cell: its best fit, or why there is none (K larger than the data…).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub k: usize,
    pub covariance_type: CovarianceType,
    pub outcome: Result<CellFit, InputError>,
}

/// Fits every (k, type) of `ks` × `types` with `base`'s other options (the same fit `gmm-tui fit
/// -k K --covariance T` makes), cells in parallel; `after_restart` is called as each restart ends.
pub fn select(
    data: &Dataset,
    base: &FitOptions,
    ks: &[usize],
    types: &[CovarianceType],
    preference: Preference,
    after_restart: &(dyn Fn() + Sync),
) -> Vec<Cell> {
    let grid: Vec<(usize, CovarianceType)> = ks
        .iter()
        .flat_map(|&k| types.iter().map(move |&t| (k, t)))
        .collect();
    grid.into_par_iter()
        .map(|(k, covariance_type)| {
            let options = FitOptions {
                k,
                covariance_type,
                ..base.clone()
            };
            Cell {
                k,
                covariance_type,
                outcome: fit_cell(data, &options, preference, after_restart),
            }
        })
        .collect()
}

fn fit_cell(
    data: &Dataset,
    options: &FitOptions,
    preference: Preference,
    after_restart: &(dyn Fn() + Sync),
) -> Result<CellFit, InputError> {
    let result = fit_with(data, options, preference, after_restart)?;
    let best = result.best();
    let entropy = Evaluator::new(&best.model)
        .map(|e| e.predict(data).classification_entropy())
        .unwrap_or(f64::NAN);
    Ok(CellFit {
        log_likelihood: best.log_likelihood,
        n_parameters: result.n_parameters,
        bic: result.bic,
        aic: result.aic,
        icl: result.bic + 2.0 * entropy,
        best_restart: result.best,
        spurious_components: best.spurious.iter().map(|s| s.component).collect(),
        degenerate: best.status.is_degenerate(),
    })
}

/// Fitted cells ranked by a criterion, lowest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// Indexes into the cells: the sound fits, or every fit when none is sound.
    pub cells: Vec<usize>,
    /// Whether any fit is sound (when none is, the ranking holds the unsound ones).
    pub any_sound: bool,
}

/// The fitted cells ranked by `criterion` among sound fits (among all fits if none is sound);
/// with `Preference::HighestLikelihood` a spurious fit counts as sound, as scikit-learn would
/// have it. Equal values keep the cells' order.
pub fn rank_cells(cells: &[Cell], criterion: Criterion, preference: Preference) -> Ranking {
    let unsound = |f: &CellFit| match preference {
        Preference::NonSpurious => f.is_unsound(),
        Preference::HighestLikelihood => f.degenerate,
    };
    let fits = || {
        cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.outcome.as_ref().ok().map(|f| (i, f)))
    };
    let any_sound = fits().any(|(_, f)| !unsound(f));
    let mut ranked: Vec<(usize, &CellFit)> =
        fits().filter(|(_, f)| !(any_sound && unsound(f))).collect();
    ranked.sort_by(|a, b| a.1.value(criterion).total_cmp(&b.1.value(criterion)));
    Ranking {
        cells: ranked.into_iter().map(|(i, _)| i).collect(),
        any_sound,
    }
}

/// The first of [`rank_cells`]: the cell with the lowest `criterion` among sound fits.
pub fn best_cell(cells: &[Cell], criterion: Criterion, preference: Preference) -> Option<usize> {
    rank_cells(cells, criterion, preference)
        .cells
        .first()
        .copied()
}

/// Parses "1..8" (1 to 8, inclusive, as mclust's 1:9), "3" or "1,2,5" (sorted, each K once:
/// `3,1,3` is 1 and 3, not two fits of K = 3). Every K is checked as it is read, a range's by
/// its two ends, so a range such as `1..3000000000` is refused before any list is built (it
/// would take 24 GB).
pub fn parse_k_list(text: &str) -> Result<Vec<usize>, InputError> {
    if let Some((lo, hi)) = text.split_once("..") {
        let (lo, hi) = (
            k_value(text, lo)?,
            k_value(text, hi.trim_start_matches('='))?,
        );
        if lo > hi {
            return Err(InputError::new(format!(
                "-k {text}: the range runs backwards; did you mean {hi}..{lo}?"
            )));
        }
        return Ok((lo..=hi).collect());
    }
    let mut ks = text
        .split(',')
        .map(|k| k_value(text, k))
        .collect::<Result<Vec<usize>, InputError>>()?;
    ks.sort_unstable();
    ks.dedup();
    Ok(ks)
}

/// One K of `-k`'s `text`, between 1 and [`MAX_COMPONENTS`]. A number too large for any integer
/// type is refused as too many components, not as "not a number".
fn k_value(text: &str, k: &str) -> Result<usize, InputError> {
    let k = k.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if k.strip_prefix('-').is_some_and(digits) {
        return Err(InputError::new(format!(
            "-k {text}: every K must be at least 1"
        )));
    }
    if !digits(k) {
        return Err(InputError::new(format!(
            "-k '{text}': expected a number, a range such as 1..8 (inclusive) or a list such as 1,2,5"
        )));
    }
    match k.parse::<usize>() {
        Ok(0) => Err(InputError::new(format!(
            "-k {text}: every K must be at least 1"
        ))),
        Ok(k) if k <= MAX_COMPONENTS => Ok(k),
        _ => Err(InputError::new(format!(
            "-k: {k} components is more than a fit takes (at most {MAX_COMPONENTS})"
        ))),
    }
}

/// Parses "full,diag" or "all".
pub fn parse_covariance_list(text: &str) -> Result<Vec<CovarianceType>, InputError> {
    if text.trim() == "all" {
        return Ok(CovarianceType::ALL.to_vec());
    }
    text.split(',')
        .map(|t| t.trim().parse().map_err(InputError))
        .collect()
}
