//! What `gmm-tui fit` prints: a JSON document (schema in the README) or a readable table.

use serde::Serialize;

use crate::core::em::describe_group;
use crate::core::scenario::Scenario;
use crate::core::{FitOptions, FitResult, Gmm, RestartResult};
use crate::format::fixed;

use super::setup::LoadedData;

#[derive(Serialize)]
pub struct FitReport {
    pub data: DataReport,
    pub model: ModelReport,
    pub restarts: Vec<RestartReport>,
    /// Index into `restarts`.
    pub best_restart: usize,
    pub n_parameters: usize,
    pub bic: f64,
    pub aic: f64,
    /// The parameters a scenario was drawn from; absent for CSV data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truth: Option<Parameters>,
}

#[derive(Serialize)]
pub struct DataReport {
    pub source: String,
    pub n: usize,
    pub dim: usize,
    pub columns: Vec<String>,
    pub dropped_rows: usize,
}

#[derive(Serialize)]
pub struct ModelReport {
    pub k: usize,
    pub covariance_type: String,
    pub reg_covar: f64,
    pub tol: f64,
    pub max_iter: usize,
    pub seed: u64,
    pub init: String,
    pub n_restarts: usize,
}

#[derive(Serialize)]
pub struct Parameters {
    pub weights: Vec<f64>,
    /// K×D.
    pub means: Vec<Vec<f64>>,
    /// K×D×D, full matrices whatever the covariance type.
    pub covariances: Vec<Vec<Vec<f64>>>,
}

impl Parameters {
    fn of(model: &Gmm) -> Self {
        let d = model.dim;
        Parameters {
            weights: model.weights.clone(),
            means: (0..model.k()).map(|c| model.mean(c).to_vec()).collect(),
            covariances: (0..model.k())
                .map(|c| model.covariance(c).chunks(d).map(<[f64]>::to_vec).collect())
                .collect(),
        }
    }

    fn of_scenario(s: &Scenario) -> Self {
        let d = s.dim();
        Parameters {
            weights: s.components.iter().map(|c| c.weight).collect(),
            means: s.components.iter().map(|c| c.mean.clone()).collect(),
            covariances: s
                .components
                .iter()
                .map(|c| c.covariance.chunks(d).map(<[f64]>::to_vec).collect())
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct RestartReport {
    pub init: String,
    pub iterations: usize,
    pub converged: bool,
    pub collapsed: bool,
    /// Groups of identical components, numbered from 0.
    pub collapsed_components: Vec<Vec<usize>>,
    pub status: String,
    pub message: String,
    pub log_likelihood: f64,
    #[serde(flatten)]
    pub parameters: Parameters,
    pub seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<f64>>,
}

impl FitReport {
    pub fn new(data: &LoadedData, options: &FitOptions, result: &FitResult, trace: bool) -> Self {
        let dataset = &data.dataset;
        let source = match &data.scenario {
            Some(s) => format!("scenario:{}", s.name),
            None => dataset.source.clone(),
        };
        FitReport {
            data: DataReport {
                source,
                n: dataset.n(),
                dim: dataset.dim(),
                columns: dataset.columns.clone(),
                dropped_rows: data.dropped,
            },
            model: ModelReport {
                k: options.k,
                covariance_type: options.covariance_type.to_string(),
                reg_covar: options.settings.reg_covar,
                tol: options.settings.tol,
                max_iter: options.settings.max_iter,
                seed: options.seed,
                init: options.method.to_string(),
                n_restarts: options.restarts,
            },
            restarts: result
                .restarts
                .iter()
                .map(|r| restart_report(r, trace))
                .collect(),
            best_restart: result.best,
            n_parameters: result.n_parameters,
            bic: result.bic,
            aic: result.aic,
            truth: data.scenario.as_ref().map(Parameters::of_scenario),
        }
    }
}

fn restart_report(r: &RestartResult, trace: bool) -> RestartReport {
    RestartReport {
        init: r.init.clone(),
        iterations: r.iterations,
        converged: r.status == crate::core::RunStatus::Converged,
        collapsed: !r.collapsed.is_empty(),
        collapsed_components: r.collapsed.clone(),
        status: r.status.name().into(),
        message: restart_note(r),
        log_likelihood: r.log_likelihood,
        parameters: Parameters::of(&r.model),
        seconds: r.seconds,
        trace: trace.then(|| r.trace.clone()),
    }
}

/// The plain-words verdict on a restart: its status, and any collapse.
fn restart_note(r: &RestartResult) -> String {
    let mut note = r.status.describe();
    for group in &r.collapsed {
        note.push_str(&format!(
            "; collapsed: {} are identical — EM cannot separate them",
            describe_group(group)
        ));
    }
    note
}

/// The human-readable report.
pub fn table(report: &FitReport) -> String {
    let mut out = String::new();
    let d = &report.data;
    let m = &report.model;
    out += &format!(
        "data:  {} — {} points in {} dimensions ({})\n",
        d.source,
        d.n,
        d.dim,
        d.columns.join(", ")
    );
    out += &format!(
        "model: k={} {} covariance, reg_covar {:e}, tol {:e}, max_iter {}, seed {}, {} restarts\n\n",
        m.k, m.covariance_type, m.reg_covar, m.tol, m.max_iter, m.seed, m.n_restarts
    );
    out += "  restart  init                          iters  log-likelihood  status\n";
    for (i, r) in report.restarts.iter().enumerate() {
        let marker = if i == report.best_restart { '*' } else { ' ' };
        out += &format!(
            "{marker} {:>7}  {:<28} {:>6}  {}  {}\n",
            i + 1,
            truncate(&r.init, 28),
            r.iterations,
            fixed(r.log_likelihood, 14, 3),
            r.message
        );
    }
    let best = &report.restarts[report.best_restart];
    out += &format!(
        "\nbest: restart {} (*), log-likelihood {:.3}, BIC {:.3}, AIC {:.3}, {} parameters\n",
        report.best_restart + 1,
        best.log_likelihood,
        report.bic,
        report.aic,
        report.n_parameters
    );
    out += &parameter_rows("fit", &best.parameters);
    if let Some(truth) = &report.truth {
        out += &parameter_rows("truth", truth);
    }
    out
}

fn parameter_rows(title: &str, p: &Parameters) -> String {
    let vector = |v: &[f64]| {
        v.iter()
            .map(|x| fixed(*x, 8, 3))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = format!("\n  {title:<6} weight    mean                covariance (row by row)\n");
    for (c, w) in p.weights.iter().enumerate() {
        let cov: Vec<String> = p.covariances[c].iter().map(|row| vector(row)).collect();
        out += &format!(
            "  {:<6} {}  {}  {}\n",
            c + 1,
            fixed(*w, 6, 3),
            vector(&p.means[c]),
            cov.join(" | ")
        );
    }
    out
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
