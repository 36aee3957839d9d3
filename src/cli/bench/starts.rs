//! `gmm-tui bench --only starts`: how high each start method gets on real data nobody here
//! wrote, beside scikit-learn's and mclust's numbers, and what a start costs on large data.
//!
//! The cells (data set, K, covariance type) are `bench/starts/cells.json`; the references are
//! `bench/starts/sklearn.json` and `mclust.json`, made by the scripts beside them (never run
//! here). Each cell runs 10 restarts of every start method at the fit's defaults (seed 1, tol
//! 1e-6, reg_covar 1e-6) and keeps each method's best *sound* log-likelihood (no spurious
//! component, no degenerate end), as `fit` chooses. A reference counts where its own answer is
//! sound by the same rule (the scripts apply it): scikit-learn's best sound init of its ten, and
//! mclust's fit. scikit-learn ran at our tolerance and is compared with our fits as they end;
//! mclust ran to a relative 1e-9 with no `reg_covar`, so where it has a sound answer each of our
//! sound restarts is also continued to convergence in mclust's model (reg_covar 0, tol 1e-10,
//! at most 5000 more iterations) and that is compared: optimum against optimum of the same
//! likelihood, not against where EM stopped or what `reg_covar` adds (on breast_cancer, whose
//! smallest columns vary by about 1e-5, `reg_covar` 1e-6 alone costs K = 1 126 of log L). The verdict compares the default with
//! the references, within 1e-6 relative: below either is below; above is above every one there
//! is. Candidate defaults (mixes of methods across restarts) are scored from the methods'
//! restarts: restart r of every method has the same seed, so a mix's restart r is the method's.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::core::fit::{FitOptions, RestartResult, data_scale, restart_seed};
use crate::core::init::small_em::CandidateKind::{
    self, HcBootstrap as Hc, KMeansPlusPlus as Raw, ScaledKMeansPlusPlus as Scaled,
};
use crate::core::init::{HC_CAP, Screen};
use crate::core::input::{ColumnSelector, ReadOptions, read_points};
use crate::core::{
    CovarianceType, Dataset, EmRun, EmSettings, Gmm, InitMethod, InputError, Start, fit,
};

use super::start_cost::{StartCost, start_cost, start_cost_text};

const RESTARTS: usize = 10;
const SEED: u64 = 1;
/// Two log-likelihoods within this relative distance are the same optimum.
const SAME: f64 = 1e-6;
/// The methods measured one by one (`mixed` is the default, measured as a whole).
const METHODS: [InitMethod; 5] = [
    InitMethod::KMeansPlusPlus,
    InitMethod::ScaledKMeansPlusPlus,
    InitMethod::KMeans,
    InitMethod::Hc,
    InitMethod::Random,
];

/// `small-em` screenings measured beside the methods (the first two are the default's):
/// candidates × iterations, and how the candidates are seeded in turn ("hc": hc on a bootstrap
/// sample).
const SCREENS: [(&str, Screen); 6] = [
    ("small-em 10×50 scaled/raw", Screen::DEFAULT),
    ("small-em 5×50 hc", Screen::HC_BOOTSTRAPS),
    ("small-em 10×30 scaled/raw", screen(10, 30, &[Scaled, Raw])),
    ("small-em 10×50 hc", screen(10, 50, &[Hc])),
    (
        "small-em 10×50 hc/scaled/raw/scaled/raw",
        screen(10, 50, &[Hc, Scaled, Raw, Scaled, Raw]),
    ),
    (
        "small-em 10×100 scaled/raw",
        screen(10, 100, &[Scaled, Raw]),
    ),
];

const fn screen(candidates: usize, iterations: usize, kinds: &'static [CandidateKind]) -> Screen {
    Screen {
        candidates,
        iterations,
        kinds,
    }
}

/// Where the reference files live: the repository this binary was built from.
fn starts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/starts")
}

/// One cell's results.
#[derive(Serialize)]
pub struct Cell {
    pub data: String,
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub covariance: &'static str,
    /// Each method's best sound log-likelihood of its restarts (inner `null`: none sound; outer:
    /// not run, `--quick` running the large data sets with the default alone).
    pub methods: Vec<(&'static str, Option<Option<f64>>)>,
    /// The default's (`mixed`), 10 restarts, as they end and continued to convergence (where
    /// mclust has an answer to compare with).
    pub default: Option<f64>,
    pub default_converged: Option<f64>,
    /// scikit-learn's best sound init of ten, and the one it picks (by lower bound).
    pub sklearn: Option<f64>,
    pub sklearn_pick: Option<f64>,
    /// mclust's fit, when sound (`null`: NA or spurious).
    pub mclust: Option<f64>,
    pub verdict: Verdict,
    #[serde(skip)]
    restarts: Vec<Vec<Outcome>>,
}

/// A restart's log-likelihood where it ended and continued to convergence, each only if sound.
#[derive(Clone, Copy)]
struct Outcome {
    ended: Option<f64>,
    converged: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Equal,
    Above,
    Below,
    /// Neither reference has a sound answer.
    NoReference,
}

impl Verdict {
    fn of(ours: Option<f64>, reference: Option<f64>) -> Self {
        match (ours, reference) {
            (_, None) => Verdict::NoReference,
            (None, Some(_)) => Verdict::Below,
            (Some(o), Some(r)) if o < r - SAME * r.abs() => Verdict::Below,
            (Some(o), Some(r)) if o > r + SAME * r.abs() => Verdict::Above,
            _ => Verdict::Equal,
        }
    }

    /// Restarts against scikit-learn (as they ended) and mclust (converged).
    fn of_restarts(outcomes: &[Outcome], sklearn: Option<f64>, mclust: Option<f64>) -> Self {
        let ended = best(outcomes.iter().map(|o| o.ended));
        let converged = best(outcomes.iter().map(|o| o.converged));
        let each = [Verdict::of(ended, sklearn), Verdict::of(converged, mclust)];
        let compared: Vec<Verdict> = each
            .into_iter()
            .filter(|v| *v != Verdict::NoReference)
            .collect();
        if compared.is_empty() {
            Verdict::NoReference
        } else if compared.contains(&Verdict::Below) {
            Verdict::Below
        } else if compared.iter().all(|v| *v == Verdict::Above) {
            Verdict::Above
        } else {
            Verdict::Equal
        }
    }
}

/// A candidate default scored over every cell.
#[derive(Serialize)]
pub struct Candidate {
    pub name: String,
    pub equal: usize,
    pub above: usize,
    pub below: usize,
    /// The cells below, "data K type".
    pub below_cells: Vec<String>,
}

#[derive(Serialize)]
pub struct StartsReport {
    pub sklearn_tool: String,
    pub mclust_tool: String,
    pub cells: Vec<Cell>,
    pub candidates: Vec<Candidate>,
    pub cost: StartCost,
}

/// Runs every cell and the cost measurement; `quick` runs the data sets over 1000 points (digits,
/// whose fits in 64 dimensions are most of the time) with the default alone.
pub fn starts_report(quick: bool) -> Result<StartsReport, InputError> {
    let read = |name: &str| -> Result<Value, InputError> {
        let path = starts_dir().join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            InputError::new(format!(
                "{}: {e} (bench starts runs from a source checkout)",
                path.display()
            ))
        })?;
        serde_json::from_str(&text).map_err(|e| InputError::new(format!("{name}: {e}")))
    };
    let (specs, sklearn, mclust) = (
        read("cells.json")?,
        read("sklearn.json")?,
        read("mclust.json")?,
    );
    let mut cells = Vec::new();
    for spec in specs["datasets"].as_array().into_iter().flatten() {
        let data = load(spec)?;
        let default_only = quick && data.n() > 1000;
        for k in spec["k"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
        {
            for covariance_type in CovarianceType::ALL {
                let cell = run_cell(
                    &data,
                    k as usize,
                    covariance_type,
                    (&sklearn, &mclust),
                    default_only,
                )?;
                eprintln!("{}", cell_line(&cell));
                cells.push(cell);
            }
        }
    }
    Ok(StartsReport {
        sklearn_tool: sklearn["tool"].as_str().unwrap_or("?").into(),
        mclust_tool: mclust["tool"].as_str().unwrap_or("?").into(),
        candidates: candidates(&cells),
        cells,
        cost: start_cost(&cost_screens())?,
    })
}

/// The screenings whose cost at a million points matters: those without agglomerations, which
/// no default runs above 2000 points.
fn cost_screens() -> Vec<(String, Screen)> {
    SCREENS
        .iter()
        .filter(|(_, screen)| !screen.agglomerates())
        .map(|(name, screen)| {
            let name = match *screen == Screen::DEFAULT {
                true => format!("{name} (the default above 2000 points)"),
                false => name.to_string(),
            };
            (name, *screen)
        })
        .collect()
}

/// A data set of cells.json, read as `fit --data FILE --columns … --drop-invalid` reads it.
fn load(spec: &Value) -> Result<Dataset, InputError> {
    let file = spec["file"].as_str().unwrap_or_default();
    let columns = spec["columns"].as_array().map(|names| {
        names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| ColumnSelector::Name(n.into()))
            .collect()
    });
    let options = ReadOptions {
        columns,
        drop_invalid: true,
        ..ReadOptions::default()
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let mut dataset = read_points(&path, &options, &mut |_| {})?.dataset;
    dataset.source = spec["name"].as_str().unwrap_or(file).into();
    Ok(dataset)
}

/// A reference's `field` for the cell (data `name`, `k`, `covariance_type`), and whether the
/// reference's fit there has a spurious component.
fn reference(
    doc: &Value,
    field: &str,
    name: &str,
    k: usize,
    covariance_type: CovarianceType,
) -> Option<(f64, bool)> {
    let cell =
        doc["cells"].as_array().into_iter().flatten().find(|c| {
            c["data"] == name && c["k"] == k && c["covariance"] == covariance_type.name()
        })?;
    let spurious = cell["spurious"].as_array().is_some_and(|s| !s.is_empty());
    cell[field].as_f64().map(|v| (v, spurious))
}

/// Each restart's sound log-likelihood where it ended and, where mclust has a sound optimum to
/// compare with (`against_mclust`), run on to convergence without `reg_covar` (its model).
fn judge(data: &Dataset, results: &[RestartResult], against_mclust: bool) -> Vec<Outcome> {
    results
        .iter()
        .map(|r| {
            let ended = sound(r).then_some(r.log_likelihood);
            Outcome {
                ended,
                converged: if against_mclust {
                    ended.and_then(|_| converge(data, &r.model))
                } else {
                    ended
                },
            }
        })
        .collect()
}

/// Every method's restarts and the default's on one cell (the default's alone: `default_only`).
fn run_cell(
    data: &Dataset,
    k: usize,
    covariance_type: CovarianceType,
    (sklearn, mclust): (&Value, &Value),
    default_only: bool,
) -> Result<Cell, InputError> {
    let name = data.source.as_str();
    let find = |doc: &Value, field: &str| reference(doc, field, name, k, covariance_type);
    let sklearn_sound = find(sklearn, "sound_log_likelihood").map(|(v, _)| v);
    let sklearn_pick = find(sklearn, "log_likelihood").map(|(v, _)| v);
    let mclust_sound =
        find(mclust, "log_likelihood").and_then(|(v, spurious)| (!spurious).then_some(v));
    let fitted = |method: InitMethod, restarts: usize, first_start: Option<Start>| {
        let options = FitOptions {
            k,
            covariance_type,
            settings: EmSettings::default(),
            restarts,
            seed: SEED,
            method,
            first_start,
            collapsed_start: None,
        };
        fit(data, &options).map(|result| result.restarts)
    };
    let judged = |results: &[RestartResult]| judge(data, results, mclust_sound.is_some());
    let outcomes = |method: InitMethod, restarts: usize| -> Result<Vec<Outcome>, InputError> {
        Ok(judged(&fitted(method, restarts, None)?))
    };
    let mut restarts = Vec::new();
    for method in METHODS.into_iter().filter(|_| !default_only) {
        // hc agglomerates every point up to HC_CAP: its restarts would all be the same.
        let count = if method == InitMethod::Hc && data.n() <= HC_CAP {
            1
        } else {
            RESTARTS
        };
        restarts.push(outcomes(method, count)?);
    }
    // A screening's restart r, as `small-em` would start it: restart r's seed, one restart.
    for (_, screen) in SCREENS.into_iter().filter(|_| !default_only) {
        let starts = (0..RESTARTS).map(|r| Start::SmallEm {
            seed: restart_seed(SEED, r),
            screen,
        });
        let results = starts
            .map(|start| fitted(InitMethod::SmallEm, 1, Some(start)))
            .collect::<Result<Vec<_>, _>>()?;
        restarts.push(judged(&results.concat()));
    }
    let default = outcomes(InitMethod::default(), RESTARTS)?;
    Ok(Cell {
        data: name.into(),
        n: data.n(),
        d: data.dim(),
        k,
        covariance: covariance_type.name(),
        methods: METHODS
            .iter()
            .map(|m| m.name())
            .chain(SCREENS.iter().map(|(name, _)| *name))
            .zip(restarts.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|(name, r)| (name, r.map(|r| best(r.iter().map(|o| o.ended)))))
            .collect(),
        verdict: Verdict::of_restarts(&default, sklearn_sound, mclust_sound),
        default: best(default.iter().map(|o| o.ended)),
        default_converged: best(default.iter().map(|o| o.converged)),
        sklearn: sklearn_sound,
        sklearn_pick,
        mclust: mclust_sound,
        restarts,
    })
}

/// Whether a restart ended sound: no spurious component, no degenerate end (as `fit` prefers).
fn sound(r: &RestartResult) -> bool {
    r.spurious.is_empty() && !r.status.is_degenerate()
}

/// The log-likelihood EM reaches from `model` when run on to convergence without `reg_covar`
/// (mclust's model has none), if sound there.
fn converge(data: &Dataset, model: &Gmm) -> Option<f64> {
    let settings = EmSettings {
        reg_covar: 0.0,
        tol: 1e-10,
        max_iter: 5000,
    };
    let mut run = EmRun::start(data, model.clone(), settings, false).ok()?;
    run.run_to_end(data);
    let result = RestartResult::from_run(String::new(), &run, &data_scale(data), 0.0);
    sound(&result).then_some(result.log_likelihood)
}

fn best(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    values.into_iter().flatten().max_by(f64::total_cmp)
}

/// Which method a candidate default gives restart r: an index into [`METHODS`], then
/// [`SCREENS`] (from `METHODS.len()`).
type MethodOf = fn(usize) -> usize;

/// Indices of [`METHODS`] and [`SCREENS`] for [`CANDIDATES`].
const KMEANS_PLUS_PLUS: usize = 0;
const HC: usize = 3;
const SCREEN: usize = METHODS.len();
const SR_50: usize = SCREEN;
const HC_5: usize = SCREEN + 1;
const SR_30: usize = SCREEN + 2;
const HC_10: usize = SCREEN + 3;
const HSRSR_50: usize = SCREEN + 4;
const SR_100: usize = SCREEN + 5;

/// `hc` first, then `screen`, with `every` restart from the second (r = 1, 1 + every, …) taking
/// `other` instead (`every` 0: never).
const fn after_hc(r: usize, screen: usize, other: usize, every: usize) -> usize {
    match r {
        0 => HC,
        r if every > 0 && r % every == 1 => other,
        _ => screen,
    }
}

/// The candidate defaults.
const CANDIDATES: [(&str, MethodOf); 13] = [
    ("kmeans++ (the default before issue 16)", |_| {
        KMEANS_PLUS_PLUS
    }),
    ("scaled-kmeans++", |_| 1),
    ("kmeans (scikit-learn's default)", |_| 2),
    ("hc, then kmeans++", |r| after_hc(r, KMEANS_PLUS_PLUS, 0, 0)),
    ("hc, then small-em 10×30 s/r (the previous default)", |r| {
        after_hc(r, SR_30, 0, 0)
    }),
    ("hc, then small-em 10×50 s/r", |r| after_hc(r, SR_50, 0, 0)),
    ("hc, then small-em 10×100 s/r", |r| {
        after_hc(r, SR_100, 0, 0)
    }),
    ("hc, then small-em 10×50 hc/s/r/s/r", |r| {
        after_hc(r, HSRSR_50, 0, 0)
    }),
    (
        "hc, then small-em 10×50 s/r, 5×50 hc every 5th (mixed)",
        |r| after_hc(r, SR_50, HC_5, 5),
    ),
    ("hc, then small-em 10×50 s/r, 5×50 hc every 4th", |r| {
        after_hc(r, SR_50, HC_5, 4)
    }),
    ("hc, then small-em 10×50 s/r, 10×50 hc every 5th", |r| {
        after_hc(r, SR_50, HC_10, 5)
    }),
    ("small-em 10×50 s/r alone", |_| SR_50),
    ("small-em 10×50 s/r, 5×50 hc every 5th (small-em)", |r| {
        if r % 5 == 1 { HC_5 } else { SR_50 }
    }),
];

/// Each candidate default's verdicts over the cells where every method ran.
fn candidates(cells: &[Cell]) -> Vec<Candidate> {
    CANDIDATES
        .iter()
        .map(|&(name, method_of)| (name.to_string(), method_of))
        .map(|(name, method_of)| {
            let mut candidate = Candidate {
                name,
                equal: 0,
                above: 0,
                below: 0,
                below_cells: Vec::new(),
            };
            for cell in cells.iter().filter(|c| !c.restarts.is_empty()) {
                let outcomes: Vec<Outcome> = (0..RESTARTS)
                    .filter_map(|r| cell.restarts[method_of(r)].get(r).copied())
                    .collect();
                match Verdict::of_restarts(&outcomes, cell.sklearn, cell.mclust) {
                    Verdict::Equal => candidate.equal += 1,
                    Verdict::Above => candidate.above += 1,
                    Verdict::Below => {
                        candidate.below += 1;
                        candidate
                            .below_cells
                            .push(format!("{} K={} {}", cell.data, cell.k, cell.covariance));
                    }
                    Verdict::NoReference => {}
                }
            }
            candidate
        })
        .collect()
}

fn number(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.3}"))
}

fn cell_line(cell: &Cell) -> String {
    let mut line = format!("{:<13} {:>2} {:<9}", cell.data, cell.k, cell.covariance);
    for (_, v) in &cell.methods {
        let shown = v.map_or("·".into(), number);
        line += &format!(" {shown:>13}");
    }
    line += &format!(
        " {:>13} {:>13} {:>13} {:>13} {:>13}  {}",
        number(cell.default),
        number(cell.default_converged),
        number(cell.sklearn),
        number(cell.sklearn_pick),
        number(cell.mclust),
        match cell.verdict {
            Verdict::Equal => "=",
            Verdict::Above => "above",
            Verdict::Below => "BELOW",
            Verdict::NoReference => "no ref",
        }
    );
    line
}

/// The report as tables.
pub fn starts_text(report: &StartsReport) -> String {
    let mut text = format!(
        "Starts: best sound log-likelihood of {RESTARTS} restarts (seed {SEED}, tol 1e-6, \
         reg_covar 1e-6; hc once, its restarts being identical up to {HC_CAP} points), beside \
         {} (n_init=10, tol 1e-6: its best sound init, and its pick) and {} (its own hc start; \
         — where NA or spurious); the verdict compares the default (mixed) with the better \
         reference, within {SAME:e} relative. small-em C×T: C candidates, T EM iterations, \
         seeded in turn by h (hc on a bootstrap sample), s (scaled k-means++), r (k-means++); \
         · not run (--quick fits the data sets over 1000 points with the default alone)\n",
        report.sklearn_tool, report.mclust_tool
    );
    text += &format!("{:<13} {:>2} {:<9}", "data", "K", "cov");
    // A screening's column: "10×50 hsrsr" for "small-em 10×50 hc/scaled/raw/scaled/raw".
    let screens = SCREENS.map(|(name, _)| {
        name.replace("small-em ", "")
            .replace("scaled/raw", "sr")
            .replace("hc", "h")
            .replace('/', "")
    });
    for name in METHODS
        .iter()
        .map(|m| m.name())
        .chain(screens.iter().map(String::as_str))
        .chain(["mixed", "mixed conv.", "sklearn", "sk. pick", "mclust"])
    {
        text += &format!(" {name:>13}");
    }
    text += "  verdict\n";
    for cell in &report.cells {
        text += &cell_line(cell);
        text += "\n";
    }
    text +=
        "\nCandidate defaults against the better reference (cells with one, every method run):\n";
    for c in &report.candidates {
        text += &format!(
            "  {:<54} {:>3} equal {:>3} above {:>3} below{}\n",
            c.name,
            c.equal,
            c.above,
            c.below,
            match c.below_cells.is_empty() {
                true => String::new(),
                false => format!(": {}", c.below_cells.join(", ")),
            }
        );
    }
    text += &start_cost_text(&report.cost);
    text
}
