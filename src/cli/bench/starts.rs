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
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use crate::core::fit::{FitOptions, RestartResult, data_scale, restart_seed};
use crate::core::init::small_em::CandidateKind::{
    self, KMeansPlusPlus as Raw, Random as Drawn, ScaledKMeansPlusPlus as Scaled,
};
use crate::core::init::{HC_CAP, Screen};
use crate::core::input::{ColumnSelector, ReadOptions, read_points};
use crate::core::{
    CovarianceType, Dataset, EmRun, EmSettings, Gmm, InitMethod, InputError, Start, fit, scenario,
};

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

/// `small-em` screenings measured beside the methods (the first is [`Screen::DEFAULT`]):
/// candidates × iterations, and how the candidates are seeded in turn.
const SCREENS: [(&str, Screen); 6] = [
    ("small-em 10×30 scaled/raw", Screen::DEFAULT),
    ("small-em 6×10 scaled/raw", screen(6, 10, &[Scaled, Raw])),
    ("small-em 6×30 scaled/raw", screen(6, 30, &[Scaled, Raw])),
    ("small-em 6×50 scaled/raw", screen(6, 50, &[Scaled, Raw])),
    ("small-em 8×20 scaled/raw", screen(8, 20, &[Scaled, Raw])),
    (
        "small-em 6×30 scaled/raw/random",
        screen(6, 30, &[Scaled, Raw, Drawn]),
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
    /// Each method's best sound log-likelihood of its restarts (`null`: none sound).
    pub methods: Vec<(&'static str, Option<f64>)>,
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

/// What a start costs at N = 1,000,000, D = 2, K = 5, beside one EM iteration.
#[derive(Serialize)]
pub struct StartCost {
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub em_iteration_ms: f64,
    /// (start, milliseconds, in EM iterations).
    pub starts: Vec<(String, f64, f64)>,
}

#[derive(Serialize)]
pub struct StartsReport {
    pub sklearn_tool: String,
    pub mclust_tool: String,
    pub cells: Vec<Cell>,
    pub candidates: Vec<Candidate>,
    pub cost: StartCost,
}

/// Runs every cell (`quick`: all but the data sets over 1000 points, digits' fits in 64
/// dimensions being most of the time) and the cost measurement.
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
        if quick && data.n() > 1000 {
            continue;
        }
        for k in spec["k"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
        {
            for covariance_type in CovarianceType::ALL {
                let cell = run_cell(&data, k as usize, covariance_type, &sklearn, &mclust)?;
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
        cost: start_cost()?,
    })
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

/// Every method's restarts and the default's on one cell.
fn run_cell(
    data: &Dataset,
    k: usize,
    covariance_type: CovarianceType,
    sklearn: &Value,
    mclust: &Value,
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
    for method in METHODS {
        // hc agglomerates every point up to HC_CAP: its restarts would all be the same.
        let count = if method == InitMethod::Hc && data.n() <= HC_CAP {
            1
        } else {
            RESTARTS
        };
        restarts.push(outcomes(method, count)?);
    }
    // A screening's restart r, as `small-em` would start it: restart r's seed, one restart.
    for (_, screen) in SCREENS {
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
            .zip(&restarts)
            .map(|(name, r)| (name, best(r.iter().map(|o| o.ended))))
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

/// Which method (an index into [`METHODS`]) a candidate default gives restart r.
type MethodOf = fn(usize) -> usize;

/// The candidate defaults (methods 5… are the [`SCREENS`]).
const CANDIDATES: [(&str, MethodOf); 8] = [
    ("kmeans++", |_| 0),
    ("scaled-kmeans++", |_| 1),
    ("kmeans", |_| 2),
    ("hc, then kmeans++ (the old default)", |r| {
        if r == 0 { 3 } else { 0 }
    }),
    ("hc, then scaled-kmeans++", |r| if r == 0 { 3 } else { 1 }),
    ("hc, then kmeans", |r| if r == 0 { 3 } else { 2 }),
    ("hc, then scaled-kmeans++ and kmeans in turn", |r| match r {
        0 => 3,
        r if r % 2 == 1 => 1,
        _ => 2,
    }),
    (
        "hc, then scaled-kmeans++ and kmeans++ in turn",
        |r| match r {
            0 => 3,
            r if r % 2 == 1 => 1,
            _ => 0,
        },
    ),
];

/// The candidates: [`CANDIDATES`], then each of the [`SCREENS`] alone and after `hc`.
fn candidates(cells: &[Cell]) -> Vec<Candidate> {
    let fixed = CANDIDATES.iter().map(|(name, method_of)| {
        (
            name.to_string(),
            Box::new(*method_of) as Box<dyn Fn(usize) -> usize>,
        )
    });
    let screens = SCREENS.iter().enumerate().flat_map(|(i, (name, _))| {
        let index = METHODS.len() + i;
        let alone: Box<dyn Fn(usize) -> usize> = Box::new(move |_| index);
        let after_hc: Box<dyn Fn(usize) -> usize> =
            Box::new(move |r| if r == 0 { 3 } else { index });
        [
            (name.to_string(), alone),
            (format!("hc, then {name}"), after_hc),
        ]
    });
    fixed
        .chain(screens)
        .map(|(name, method_of)| {
            let mut candidate = Candidate {
                name,
                equal: 0,
                above: 0,
                below: 0,
                below_cells: Vec::new(),
            };
            for cell in cells {
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

/// The fastest of `runs` timings of `f`, in milliseconds.
fn fastest_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let clock = Instant::now();
            f();
            1000.0 * clock.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Each start's time on 1,000,000 points of the `overlap` scenario (D = 2) with K = 5, beside
/// the fastest EM iteration from a k-means++ start, in the same run.
fn start_cost() -> Result<StartCost, InputError> {
    let (n, k) = (1_000_000, 5);
    let data = scenario::find("overlap")?.generate(n, 7);
    let covariance_type = CovarianceType::Full;
    let model = |start: &crate::core::Start| start.model(&data, k, covariance_type, 1e-6);
    let first = model(&crate::core::Start::KMeansPlusPlus { seed: 11 })?;
    let settings = EmSettings {
        tol: 0.0,
        max_iter: 10,
        ..EmSettings::default()
    };
    let mut run = EmRun::start(&data, first, settings, false)
        .map_err(|_| InputError::new("bench start: not positive definite"))?;
    let em_ms = fastest_ms(10, || {
        run.step(&data);
    });
    let mut starts = Vec::new();
    for (label, method, r) in [
        (
            "hc (2000-point sample; mixed's first up to 2000)",
            InitMethod::Hc,
            0,
        ),
        ("kmeans", InitMethod::KMeans, 1),
        ("random", InitMethod::Random, 1),
    ] {
        let start = method.start(&data, r, 1000 + r as u64).expect("seeded");
        let mut failed = None;
        let ms = fastest_ms(3, || failed = model(&start).err());
        if let Some(e) = failed {
            return Err(e);
        }
        starts.push((label.to_string(), ms, ms / em_ms));
    }
    for (label, screen) in SCREENS {
        let start = crate::core::Start::SmallEm { seed: 1001, screen };
        let label = match screen == Screen::DEFAULT {
            true => format!("{label} (mixed's above 2000 points and after hc)"),
            false => label.to_string(),
        };
        let mut failed = None;
        let ms = fastest_ms(3, || failed = model(&start).err());
        if let Some(e) = failed {
            return Err(e);
        }
        starts.push((label, ms, ms / em_ms));
    }
    Ok(StartCost {
        n,
        d: 2,
        k,
        em_iteration_ms: em_ms,
        starts,
    })
}

fn number(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.3}"))
}

fn cell_line(cell: &Cell) -> String {
    let mut line = format!("{:<13} {:>2} {:<9}", cell.data, cell.k, cell.covariance);
    for (_, v) in &cell.methods {
        line += &format!(" {:>13}", number(*v));
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
         reference, within {SAME:e} relative\n",
        report.sklearn_tool, report.mclust_tool
    );
    text += &format!("{:<13} {:>2} {:<9}", "data", "K", "cov");
    // A screening's column: "10×30 s/r" for "small-em 10×30 scaled/raw".
    let screens = SCREENS.map(|(name, _)| {
        name.replace("small-em ", "")
            .replace("scaled/raw", "s/r")
            .replace("/random", "/rnd")
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
    text += "\nCandidate defaults against the better reference (cells with one):\n";
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
    let cost = &report.cost;
    text += &format!(
        "\nStart cost at N = {}, D = {}, K = {} (full): one EM iteration {:.2} ms\n",
        cost.n, cost.d, cost.k, cost.em_iteration_ms
    );
    for (label, ms, iterations) in &cost.starts {
        text += &format!("  {label:<50} {ms:>8.2} ms  = {iterations:>6.2} EM iterations\n");
    }
    text
}
