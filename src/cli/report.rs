//! What `gmm-tui fit` prints: a JSON document (schema in the README) or a readable table.

use serde::Serialize;

use crate::core::fit::BelowHighest;
use crate::core::matching::match_truth;
use crate::core::scenario::Scenario;
use crate::core::{CovarianceType, FitOptions, FitResult, Gmm, RestartResult, RunStatus};
use crate::format::{fixed, significant};

use super::{data_line, source_name};
use crate::core::input::Loaded;
use crate::format::{shortest, two_digits};

#[derive(Serialize)]
pub struct FitReport {
    pub data: DataReport,
    pub model: ModelReport,
    pub restarts: Vec<RestartReport>,
    /// Index into `restarts`.
    pub best_restart: usize,
    /// The restart with a higher log-likelihood than the best but a spurious component (or a
    /// degenerate end), passed over (null when there is none, or with --allow-spurious).
    pub spurious_restart_passed_over: Option<usize>,
    /// Why the best is not the restart that ends highest, for the text report.
    #[serde(skip)]
    pub below_highest: Option<BelowHighest>,
    pub n_parameters: usize,
    pub bic: f64,
    pub aic: f64,
    /// The parameters a scenario was drawn from; absent for CSV data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truth: Option<Truth>,
}

/// A scenario's true parameters, and which fitted component stands for each.
#[derive(Serialize)]
pub struct Truth {
    #[serde(flatten)]
    pub parameters: Parameters,
    /// Per true component, the best restart's component nearest to it (each other's nearest
    /// means; null when ambiguous, e.g. collapsed components).
    pub fitted_component: Vec<Option<usize>>,
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

/// A mixture's parameters, written in JSON as `weights` (K), `means` (K×D) and `covariances`
/// (K×D×D, full matrices whatever the covariance type), each matrix streamed from the model
/// rather than built as nested vectors first.
pub struct Parameters {
    pub model: Gmm,
}

impl Serialize for Parameters {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let model = &self.model;
        let means: Vec<&[f64]> = (0..model.k()).map(|c| model.mean(c)).collect();
        let mut fields = serializer.serialize_struct("Parameters", 3)?;
        fields.serialize_field("weights", &model.weights)?;
        fields.serialize_field("means", &means)?;
        fields.serialize_field("covariances", &Matrices(model))?;
        fields.end()
    }
}

/// Every component's covariance as a D×D matrix of rows.
struct Matrices<'a>(&'a Gmm);

impl Serialize for Matrices<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.0;
        let d = model.dim;
        serializer.collect_seq((0..model.k()).map(|c| Rows(model.covariance(c), d)))
    }
}

/// A row-major D×D matrix as D rows.
struct Rows<'a>(std::borrow::Cow<'a, [f64]>, usize);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.chunks(self.1))
    }
}

impl Parameters {
    fn of(model: &Gmm) -> Self {
        Parameters {
            model: model.clone(),
        }
    }

    /// A scenario's true mixture, as full covariances.
    fn of_scenario(s: &Scenario) -> Self {
        Parameters {
            model: Gmm {
                covariance_type: CovarianceType::Full,
                dim: s.dim(),
                weights: s.components.iter().map(|c| c.weight).collect(),
                means: s.components.iter().flat_map(|c| c.mean.clone()).collect(),
                covariances: s
                    .components
                    .iter()
                    .flat_map(|c| c.covariance.clone())
                    .collect(),
            },
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
    /// Components shrunk onto a point or a line, or resting on too few points (0-based).
    pub spurious_components: Vec<usize>,
    /// The verdict in words, components numbered from 0 like the arrays.
    pub message: String,
    /// The same, numbered from 1, for the text report.
    #[serde(skip)]
    pub text_message: String,
    /// What makes it less sound than a best it ends above, for the text report.
    #[serde(skip)]
    pub flaw: &'static str,
    pub log_likelihood: f64,
    #[serde(flatten)]
    pub parameters: Parameters,
    pub seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<f64>>,
}

impl FitReport {
    pub fn new(data: &Loaded, options: &FitOptions, result: &FitResult, trace: bool) -> Self {
        let dataset = &data.dataset;
        let best = result.best();
        FitReport {
            data: DataReport {
                source: source_name(data),
                n: dataset.n(),
                dim: dataset.dim(),
                columns: dataset.columns.clone(),
                dropped_rows: data.dropped_rows.len(),
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
            spurious_restart_passed_over: result.passed_over(),
            below_highest: result.below_highest,
            n_parameters: result.n_parameters,
            bic: result.bic,
            aic: result.aic,
            truth: data.scenario.as_ref().map(|s| Truth::of(s, &best.model)),
        }
    }
}

impl Truth {
    fn of(scenario: &Scenario, fitted: &Gmm) -> Self {
        let parameters = Parameters::of_scenario(scenario);
        let fitted_means: Vec<&[f64]> = (0..fitted.k()).map(|c| fitted.mean(c)).collect();
        let truth = &parameters.model;
        let true_means: Vec<&[f64]> = (0..truth.k()).map(|c| truth.mean(c)).collect();
        let mut fitted_component = vec![None; true_means.len()];
        for (c, t) in match_truth(&fitted_means, &true_means)
            .into_iter()
            .enumerate()
        {
            if let Some(t) = t {
                fitted_component[t] = Some(c);
            }
        }
        Truth {
            parameters,
            fitted_component,
        }
    }
}

fn restart_report(r: &RestartResult, trace: bool) -> RestartReport {
    RestartReport {
        init: r.init.clone(),
        iterations: r.iterations,
        converged: r.status == RunStatus::Converged,
        collapsed: !r.collapsed.is_empty(),
        collapsed_components: r.collapsed.clone(),
        status: r.status.name().into(),
        spurious_components: r.spurious.iter().map(|s| s.component).collect(),
        message: restart_note(r, 0),
        text_message: restart_note(r, 1),
        flaw: r.flaw(),
        log_likelihood: r.log_likelihood,
        parameters: Parameters::of(&r.model),
        seconds: r.seconds,
        trace: trace.then(|| r.trace.clone()),
    }
}

/// The plain-words verdict on a restart: its status, any collapse and any spurious component,
/// with components numbered from `first` (0 in JSON, like its index arrays; 1 for people).
fn restart_note(r: &RestartResult, first: usize) -> String {
    let mut note = match r.status {
        RunStatus::EmptyComponent(c) => format!(
            "component {} lost all its points (degenerate); try fewer components",
            c + first
        ),
        RunStatus::SingularCovariance(c) => format!(
            "component {} has a singular covariance (degenerate); raise --reg-covar or scale the data",
            c + first
        ),
        status => status.describe(),
    };
    for group in &r.collapsed {
        let names: Vec<String> = group.iter().map(|c| (c + first).to_string()).collect();
        let (last, rest) = names.split_last().expect("a group has members");
        note.push_str(&format!(
            "; collapsed: components {} and {last} are identical — EM cannot separate them",
            rest.join(", ")
        ));
    }
    for s in &r.spurious {
        note.push_str("; ");
        note.push_str(&s.describe_numbered(first));
    }
    note
}

/// The human-readable report: the data and options, a row per restart, why the best is the
/// best, its parameters (and a scenario's truth), and with `--trace` each restart's
/// log-likelihood iteration by iteration.
pub fn table(report: &FitReport) -> String {
    let d = &report.data;
    let m = &report.model;
    let mut out = data_line(&d.source, d.n, d.dim, &d.columns);
    out += &format!(
        "model: k={} {} covariance, reg_covar {}, tol {}, max_iter {}, seed {}, {} restart{}\n\n",
        m.k,
        m.covariance_type,
        shortest(m.reg_covar),
        shortest(m.tol),
        m.max_iter,
        m.seed,
        m.n_restarts,
        if m.n_restarts == 1 { "" } else { "s" }
    );
    out += &restart_rows(report);
    out += &below_highest_note(report);
    let best = &report.restarts[report.best_restart];
    if report
        .restarts
        .iter()
        .all(|r| !r.spurious_components.is_empty())
    {
        out += "\nevery restart has a spurious component, so this fit is no sound maximum of the \
                likelihood: fewer components (`gmm-tui select` compares K) or more distinct data \
                would do better\n";
    }
    out += &format!(
        "\nbest: restart {} (*), log-likelihood {:.3}, BIC {:.3}, AIC {:.3}, {} parameters\n",
        report.best_restart + 1,
        best.log_likelihood,
        report.bic,
        report.aic,
        report.n_parameters
    );
    let fitted: Vec<(String, usize)> = (0..best.parameters.model.k())
        .map(|c| ((c + 1).to_string(), c))
        .collect();
    out += &parameter_rows("fit", &best.parameters.model, &fitted);
    if let Some(truth) = &report.truth {
        // Each true component beside the number of the fitted one it stands for; ambiguous
        // ones (collapsed fits) last, marked "-".
        let mut rows: Vec<(String, usize)> = truth
            .fitted_component
            .iter()
            .enumerate()
            .map(|(t, c)| (c.map_or("-".into(), |c| (c + 1).to_string()), t))
            .collect();
        rows.sort_by_key(|(_, t)| truth.fitted_component[*t].unwrap_or(usize::MAX));
        out += &parameter_rows("truth", &truth.parameters.model, &rows);
    }
    out += &traces(report);
    out
}

/// One row per restart, the best starred.
fn restart_rows(report: &FitReport) -> String {
    // As wide as the longest start: "scaled kmeans++ (seed 4294967295)".
    let mut out = String::from(
        "  restart  init                               iters  log-likelihood  status\n",
    );
    for (i, r) in report.restarts.iter().enumerate() {
        let marker = if i == report.best_restart { '*' } else { ' ' };
        out += &format!(
            "{marker} {:>7}  {:<33} {:>6}  {}  {}\n",
            i + 1,
            truncate(&r.init, 33),
            r.iterations,
            fixed(r.log_likelihood, 14, 3),
            r.text_message
        );
    }
    out
}

/// Why the best is not the restart that ends highest, where the table shows one higher.
fn below_highest_note(report: &FitReport) -> String {
    let best = &report.restarts[report.best_restart];
    let best_spurious = best.spurious_components.len();
    match report.below_highest {
        Some(BelowHighest::PassedOver { higher }) => {
            let chosen = match best_spurious {
                0 => "the best restart without one is chosen".to_string(),
                n => format!("the best restart with the fewest ({n}) is chosen"),
            };
            let passed = &report.restarts[higher];
            let flaw = if best_spurious > 0 {
                "more spurious components"
            } else {
                passed.flaw
            };
            format!(
                "\nrestart {} has a higher log-likelihood ({:.3}) but {flaw}: {chosen} \
                 (--allow-spurious keeps the highest)\n",
                higher + 1,
                passed.log_likelihood,
            )
        }
        // Runs stop up to N·tol apart at one optimum, and the first to reach it is reported:
        // said only where the table shows a higher number than the starred one.
        Some(BelowHighest::SameOptimum { higher, above })
            if (report.restarts[higher].log_likelihood * 1e3).round()
                > (best.log_likelihood * 1e3).round() =>
        {
            format!(
                "\nrestart {} ends {} higher: the same optimum within N·tol ({}), so the first \
                 restart to reach it is the best\n",
                higher + 1,
                two_digits(above),
                shortest(report.model.tol * report.data.n as f64)
            )
        }
        _ => String::new(),
    }
}

/// With `--trace`, each restart's log-likelihood after each iteration (0: the start) and its
/// change from the one before.
fn traces(report: &FitReport) -> String {
    let mut out = String::new();
    for (i, r) in report.restarts.iter().enumerate() {
        let Some(trace) = &r.trace else {
            continue;
        };
        out += &format!(
            "\ntrace of restart {}:\n  iteration    log-likelihood        change\n",
            i + 1
        );
        for (t, value) in trace.iter().enumerate() {
            out += &format!("  {t:>9}  {}", fixed(*value, 16, 3));
            if t > 0 {
                out += &format!("  {}", fixed(value - trace[t - 1], 12, 3));
            }
            out += "\n";
        }
    }
    out
}

/// Dimensions up to which the report prints each component's means and covariances; above,
/// a summary line each, the full parameters being in `--json` and `--save`.
const PRINTED_DIMENSIONS: usize = 12;

/// One row per `(label, component)` of `rows`: weight, mean and covariance on one line up to
/// two dimensions (a diagonal type's variances up to [`PRINTED_DIMENSIONS`]); above, the
/// covariance matrix follows its row, one matrix row per line, so that no line runs past the
/// mean's width; beyond [`PRINTED_DIMENSIONS`], a summary. Each number keeps three significant
/// digits at its own scale, so a column of shares beside one of incomes does not read as zeros.
fn parameter_rows(title: &str, model: &Gmm, rows: &[(String, usize)]) -> String {
    let d = model.dim;
    if d > PRINTED_DIMENSIONS {
        return summary_rows(title, model, rows);
    }
    let diagonal = !model.covariance_type.has_correlations() || d == 1;
    let one_variance = d == 1 || model.covariance_type == CovarianceType::Spherical;
    let stacked = d > 2 && !diagonal;
    let mut out = if stacked {
        format!("\n  {title:<6} weight    mean, then covariance\n")
    } else {
        // The spread's name over its first value's digits, whatever D.
        let mean_width = 9 * d + 2;
        let spread = match (one_variance, diagonal) {
            (true, _) => "variance",
            (false, true) => "variances",
            (false, false) => "covariance (row by row)",
        };
        format!("\n  {title:<6} weight    {:<mean_width$}{spread}\n", "mean")
    };
    for (label, c) in rows {
        let weight = significant(model.weights[*c], 6, 3);
        let mean = vector(model.mean(*c));
        let cov: Vec<Vec<f64>> = model
            .covariance(*c)
            .chunks(d)
            .map(<[f64]>::to_vec)
            .collect();
        if diagonal {
            let variances: Vec<f64> = (0..d).map(|a| cov[a][a]).collect();
            let shown = if one_variance {
                &variances[..1]
            } else {
                &variances[..]
            };
            out += &format!("  {label:<6} {weight}  {mean}  {}\n", vector(shown));
            continue;
        }
        let cov: Vec<String> = negligible_as_zero(&cov)
            .iter()
            .map(|row| vector(row))
            .collect();
        if stacked {
            out += &format!("  {label:<6} {weight}  {mean}\n");
            for row in cov {
                out += &format!("  {:<6} {:>6}  {row}\n", "", "");
            }
        } else {
            out += &format!("  {label:<6} {weight}  {mean}  {}\n", cov.join(" | "));
        }
    }
    out
}

/// Values at three significant digits, each in eight characters.
fn vector(v: &[f64]) -> String {
    v.iter()
        .map(|x| significant(*x, 8, 3))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Above [`PRINTED_DIMENSIONS`]: each component's weight and the range of its means and of its
/// variances, on one line, and where the full parameters are.
fn summary_rows(title: &str, model: &Gmm, rows: &[(String, usize)]) -> String {
    let d = model.dim;
    let spread = if model.covariance_type.has_correlations() {
        "covariances"
    } else {
        "variances"
    };
    let mut out = format!(
        "\n  {title:<6} weight    {d} dimensions: the means and {spread} are in --json and --save\n"
    );
    let range = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        format!(
            "{}…{}",
            significant(lo, 10, 3).trim_start(),
            significant(hi, 10, 3).trim_start()
        )
    };
    for (label, c) in rows {
        let cov = model.covariance(*c);
        out += &format!(
            "  {label:<6} {}  means {}, variances {}\n",
            significant(model.weights[*c], 6, 3),
            range(&mut model.mean(*c).iter().copied()),
            range(&mut (0..d).map(|a| cov[a * d + a]))
        );
    }
    out
}

/// A covariance with each off-diagonal entry negligible beside its diagonal (|c_ab| under
/// 1e-12·√(c_aa·c_bb), rounding residue such as 1.3e-307 beside 1e-6) set to 0, so it reads
/// 0.000 rather than as a number; a diagonal keeps its own scale, however small.
fn negligible_as_zero(cov: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..cov.len())
        .map(|a| {
            (0..cov[a].len())
                .map(|b| {
                    let scale = (cov[a][a] * cov[b][b]).abs().sqrt();
                    if a != b && cov[a][b].abs() < 1e-12 * scale {
                        0.0
                    } else {
                        cov[a][b]
                    }
                })
                .collect()
        })
        .collect()
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
