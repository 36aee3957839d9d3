//! The model table (`m`): the best finished run of every (K, covariance type) tried on this
//! data, with BIC and AIC from `core::model` — the formulas `gmm-tui select` uses, so the two
//! agree on the same fits. Rows survive `+`, `-` and `c`; new data (`n`) clears them.

use crate::core::model::{aic, bic, n_parameters};
use crate::core::{CovarianceType, RunStatus};

use super::runs::HistoryEntry;

/// One model's best finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelRow {
    pub k: usize,
    pub covariance_type: CovarianceType,
    /// Finished runs of this model so far.
    pub runs: usize,
    pub log_likelihood: f64,
    pub n_parameters: usize,
    pub bic: f64,
    pub aic: f64,
    /// What is wrong with the best run, if anything: "collapsed", "spurious", "degenerate",
    /// "max iter" (stopped before it converged).
    pub note: &'static str,
}

impl ModelRow {
    /// The row of a model (`k` components of `covariance_type` on `n` points in `dim`
    /// dimensions) whose best of `runs` finished runs is `best`.
    pub fn new(
        (k, covariance_type): (usize, CovarianceType),
        (n, dim): (usize, usize),
        best: &HistoryEntry,
        runs: usize,
    ) -> ModelRow {
        let r = &best.result;
        let p = n_parameters(covariance_type, k, dim);
        let note = if r.status.is_degenerate() {
            "degenerate"
        } else if !r.collapsed.is_empty() {
            "collapsed"
        } else if !r.spurious.is_empty() {
            "spurious"
        } else if r.status == RunStatus::MaxIterReached {
            "max iter"
        } else {
            ""
        };
        ModelRow {
            k,
            covariance_type,
            runs,
            log_likelihood: r.log_likelihood,
            n_parameters: p,
            bic: bic(r.log_likelihood, p, n),
            aic: aic(r.log_likelihood, p),
            note,
        }
    }
}

/// The rows of every model tried on this data but the current one (its row is live).
#[derive(Default)]
pub struct ModelTable {
    rows: Vec<ModelRow>,
}

impl ModelTable {
    /// Every model's row, `live` (the current model's) merged in, lowest BIC first.
    pub fn rows(&self, live: Option<ModelRow>) -> Vec<ModelRow> {
        let mut rows = self.rows.clone();
        if let Some(live) = live {
            merge(&mut rows, live);
        }
        rows.sort_by(|a, b| a.bic.total_cmp(&b.bic));
        rows
    }

    /// Keeps a model's best before `+`, `-` or `c` start over.
    pub fn save(&mut self, row: ModelRow) {
        merge(&mut self.rows, row);
    }

    /// New data: no model has been tried on it.
    pub fn clear(&mut self) {
        self.rows.clear();
    }
}

/// Puts `row` into `rows`: a model already there keeps the higher likelihood and adds the runs.
fn merge(rows: &mut Vec<ModelRow>, row: ModelRow) {
    match rows
        .iter_mut()
        .find(|r| r.k == row.k && r.covariance_type == row.covariance_type)
    {
        Some(existing) => {
            let runs = existing.runs + row.runs;
            if row.log_likelihood > existing.log_likelihood {
                *existing = row;
            }
            existing.runs = runs;
        }
        None => rows.push(row),
    }
}
