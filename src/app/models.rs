//! The model table (`m`): the best finished run of every (K, covariance type) tried on this
//! data, with BIC and AIC from `core::model` — the formulas `gmm-tui select` uses, so the two
//! agree on the same fits. Rows survive `+`, `-` and `c`; new data (`n`) clears them.

use crate::core::model::{aic, bic, n_parameters};
use crate::core::{CovarianceType, RunStatus};

use super::App;

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

impl App {
    /// Every model tried on this data, lowest BIC first; the current model's row is live.
    pub fn model_rows(&self) -> Vec<ModelRow> {
        let mut rows = self.models.clone();
        if let Some(live) = self.current_model_row() {
            merge(&mut rows, live);
        }
        rows.sort_by(|a, b| a.bic.total_cmp(&b.bic));
        rows
    }

    /// Keeps the current model's best before `+`, `-` or `c` start over.
    pub(super) fn save_model_row(&mut self) {
        if let Some(row) = self.current_model_row() {
            merge(&mut self.models, row);
        }
    }

    fn current_model_row(&self) -> Option<ModelRow> {
        let best = self.best_entry()?;
        let r = &best.result;
        let (k, covariance_type, n) = (self.options.k, self.options.covariance_type, self.data.n());
        let p = n_parameters(covariance_type, k, self.data.dim());
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
        Some(ModelRow {
            k,
            covariance_type,
            runs: self.history.iter().filter(|h| !h.abandoned).count(),
            log_likelihood: r.log_likelihood,
            n_parameters: p,
            bic: bic(r.log_likelihood, p, n),
            aic: aic(r.log_likelihood, p),
            note,
        })
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
