//! Turning arguments into a data set and fit options, refusing nonsense with clear messages.

use std::io::IsTerminal;

use crate::core::fit::{data_scale, reg_covar_note};
use crate::core::init::Start;
use crate::core::input::memory::{ensure_fits, ensure_points_fit};
use crate::core::input::{ColumnSelector, Loaded, ReadOptions, read_points};
use crate::core::model::diagonal_matrix;
use crate::core::scenario::{self, Scenario};
use crate::core::{CovarianceType, Dataset, EmSettings, FitOptions, InputError, Preference};
use crate::format::plural;

use super::args::{AppArgs, DataArgs, ModelArgs};
use super::progress::LoadProgress;
use crate::app::{App, DataSource};

/// The keys that end typed input on this system's terminals.
const END_OF_INPUT: &str = if cfg!(windows) {
    "Ctrl-Z then Enter"
} else {
    "Ctrl-D"
};

/// The scenario used when no data is named.
pub const DEFAULT_SCENARIO: &str = "seed";

/// Tells the user, on stderr, how the file was read, what of it was left out, and what a fit
/// of it should know.
pub fn announce(data: &Loaded) {
    announce_reading(data);
    for note in &data.fitting_notes {
        eprintln!("gmm-tui: {note}");
    }
    if !data.dropped_rows.is_empty() {
        eprintln!("gmm-tui: dropped {}", dropped_count(data));
    }
}

/// How the file was read and its columns ignored or skipped (one line each), for commands that
/// fit nothing and say themselves what became of dropped rows.
pub fn announce_reading(data: &Loaded) {
    for note in reading_notes(data) {
        eprintln!("gmm-tui: {note}");
    }
}

/// How the file was read, then what became of its columns.
fn reading_notes(data: &Loaded) -> impl Iterator<Item = &String> {
    data.reading_notes.iter().chain(&data.notes)
}

/// `1 invalid row` or `3 invalid rows`.
pub fn dropped_count(data: &Loaded) -> String {
    plural(data.dropped_rows.len(), "invalid row")
}

/// Says on stderr, before a fit (`fit`, `select`), which columns `reg_covar` swamps, and that
/// `--init hc` restarts alike where they would.
pub fn announce_before_fit(data: &Loaded, options: &FitOptions) {
    let dataset = &data.dataset;
    let reg_covar = options.settings.reg_covar;
    if let Some(note) = reg_covar_note(dataset, &data_scale(dataset), reg_covar) {
        eprintln!("gmm-tui: {note}");
    }
    let restarts = options.restarts - usize::from(options.first_start.is_some());
    if options.method.repeats_on(dataset.n()) && restarts > 1 {
        eprintln!(
            "gmm-tui: --init hc agglomerates all {} the same way each time: its {restarts} \
             restarts start alike (above {} each agglomerates its own sample)",
            plural(dataset.n(), "point"),
            plural(crate::core::init::HC_CAP, "point")
        );
    }
}

/// A scenario's points, refused before allocating when they cannot fit in memory.
pub fn scenario_points(
    scenario: &Scenario,
    points: Option<usize>,
    seed: u64,
) -> Result<Dataset, InputError> {
    let points = points.unwrap_or(scenario.default_points);
    if points == 0 {
        return Err(InputError::new("--points must be at least 1"));
    }
    ensure_points_fit("--points", points, scenario.dim() as u128 * 8)?;
    Ok(scenario.generate(points, seed))
}

/// A tab for a file named `.tsv` or `.tab` (as pandas' and R's users name tab-separated files),
/// a comma for any other.
fn default_delimiter(path: Option<&std::path::Path>) -> u8 {
    let extension = path
        .and_then(|p| p.extension())
        .map(|e| e.to_ascii_lowercase());
    match extension.as_ref().and_then(|e| e.to_str()) {
        Some("tsv" | "tab") => b'\t',
        _ => b',',
    }
}

/// Which restart wins, from `--allow-spurious` (in `fit` and `select`).
pub fn preference(allow_spurious: bool) -> Preference {
    if allow_spurious {
        Preference::HighestLikelihood
    } else {
        Preference::NonSpurious
    }
}

/// The reader's options from the arguments.
pub fn read_options(args: &DataArgs) -> Result<ReadOptions, InputError> {
    let delimiter = match &args.delimiter {
        Some(chosen) => chosen.0,
        None => default_delimiter(args.data.as_deref()),
    };
    let comment = args.comment.0;
    if comment == Some(delimiter) {
        return Err(InputError::new(
            "--comment and --delimiter must differ (or give --comment none)",
        ));
    }
    let thousands = args.thousands.map(|mark| mark.0);
    if thousands == Some(delimiter) {
        return Err(InputError::new(if delimiter == b',' {
            "--thousands ',' is the delimiter: in a comma-separated file, commas in quoted \
             numbers are read as thousands separators already"
        } else {
            "--thousands and --delimiter must differ"
        }));
    }
    Ok(ReadOptions {
        delimiter,
        comment,
        header: args.header,
        thousands,
        columns: args
            .columns
            .as_deref()
            .map(ColumnSelector::parse_list)
            .transpose()?,
        drop_invalid: args.drop_invalid,
        columns_origin: None,
    })
}

/// Loads a scenario, or a CSV or `.npy` file (`-`: standard input), with a progress bar on a
/// terminal when it takes more than a second.
pub fn load_data(args: &DataArgs) -> Result<Loaded, InputError> {
    let options = match &args.data {
        Some(_) => read_options(args)?,
        None => ReadOptions::default(),
    };
    load_data_with(args, options)
}

/// [`load_data`] with the file read as `options` say (not as `args`).
pub fn load_data_with(args: &DataArgs, options: ReadOptions) -> Result<Loaded, InputError> {
    let Some(path) = &args.data else {
        let scenario = scenario::find(args.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO))?;
        let dataset = scenario_points(&scenario, args.points, args.seed)?;
        dataset.check_values()?;
        return Ok(Loaded::scenario(dataset, scenario));
    };
    let from_file = path.as_os_str() != "-";
    if !from_file && std::io::stdin().is_terminal() {
        // Otherwise the command seems to hang, waiting for rows no one knows to type.
        eprintln!("reading points from standard input (one row per line; {END_OF_INPUT} ends)…");
    }
    let size = from_file.then(|| {
        let metadata = std::fs::metadata(path).ok()?;
        metadata.is_file().then_some(metadata.len())
    });
    let mut progress = LoadProgress::new(size.flatten());
    read_points(path, &options, &mut |bytes| progress.update(bytes))
}

/// Parses "a,b;c,d" into rows of numbers.
fn parse_matrix(option: &str, text: &str) -> Result<Vec<Vec<f64>>, InputError> {
    text.split(';')
        .map(|row| {
            row.split(',')
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| {
                            InputError::new(format!(
                                "{option}: '{}' is not a finite number",
                                v.trim()
                            ))
                        })
                })
                .collect()
        })
        .collect()
}

/// Builds the fit options from the arguments. Whether they suit the data (K ≤ N, …) is checked
/// by `fit`, or shown in the app's status line.
pub fn fit_options(args: &ModelArgs, data: &Loaded, seed: u64) -> Result<FitOptions, InputError> {
    let dataset = &data.dataset;
    let d = dataset.dim();
    let explicit = args
        .init_means
        .as_deref()
        .map(|text| explicit_start(args, text, d))
        .transpose()?;
    let default_k = match (&explicit, &data.scenario) {
        (Some(Start::Explicit { weights, .. }), _) => weights.len(),
        (_, Some(s)) => s.components.len(),
        _ => 2,
    };
    let k = args.k.unwrap_or(default_k);
    ensure_model_fits(k, d, args.covariance_type, args.em.restarts)?;
    if let Some(Start::Explicit { weights, .. }) = &explicit
        && weights.len() != k
    {
        return Err(InputError::new(format!(
            "--init-means gives {} means but -k is {k}",
            weights.len()
        )));
    }
    let trap = data.scenario.as_ref().and_then(|s| s.trap.clone());
    // The scenario's own trap starts the first restart unless an --init option says otherwise.
    let first_start = match (&explicit, args.em.init) {
        (Some(start), _) => Some(start.clone()),
        (None, None) => trap.clone(),
        (None, Some(_)) => None,
    };
    let options = FitOptions {
        k,
        covariance_type: args.covariance_type,
        settings: EmSettings {
            reg_covar: args.em.reg_covar,
            tol: args.em.tol,
            max_iter: args.em.max_iter,
        },
        restarts: args.em.restarts,
        seed,
        method: args.em.init.unwrap_or_default(),
        first_start,
        collapsed_start: trap,
    };
    Ok(options)
}

fn explicit_start(args: &ModelArgs, text: &str, d: usize) -> Result<Start, InputError> {
    let rows = parse_matrix("--init-means", text)?;
    if let Some(row) = rows.iter().find(|r| r.len() != d) {
        return Err(InputError::new(format!(
            "--init-means: each mean needs {d} coordinates (the data's dimension), one has {}",
            row.len()
        )));
    }
    let k = rows.len();
    let weights = match &args.init_weights {
        None => vec![1.0 / k as f64; k],
        Some(text) => {
            let w = parse_matrix("--init-weights", text)?.concat();
            if w.len() != k {
                return Err(InputError::new(format!(
                    "--init-weights gives {} weights for {k} means",
                    w.len()
                )));
            }
            if w.iter().any(|&v| v <= 0.0 || v.is_nan()) {
                return Err(InputError::new("--init-weights must all be positive"));
            }
            normalised(&w)
        }
    };
    let covariance = match args.init_variance {
        Some(v) if v > 0.0 && v.is_finite() => Some(diagonal_matrix(&vec![v; d])),
        Some(_) => return Err(InputError::new("--init-variance must be a positive number")),
        None => None,
    };
    Ok(Start::Explicit {
        means: rows.concat(),
        covariance,
        weights,
    })
}

/// Weights scaled to sum to 1, by way of the largest so that neither their sum overflows
/// (`1e308,1e308`) nor tiny ones vanish.
fn normalised(weights: &[f64]) -> Vec<f64> {
    let largest = weights.iter().copied().fold(0.0, f64::max);
    let scaled: Vec<f64> = weights.iter().map(|w| w / largest).collect();
    let total: f64 = scaled.iter().sum();
    scaled.iter().map(|w| w / total).collect()
}

/// Refuses a model whose parameters and sums cannot fit in memory (a 100,000-column file):
/// each component has a covariance (D×D, or D variances for diag and spherical), its Cholesky
/// factor and precision, and the E/M pass sums as many second moments in 8 lanes on every
/// thread. Every restart's model is kept besides (the report lists them all), so `--restarts`
/// counts too: a billion restarts are refused here rather than let grow until memory runs out.
fn ensure_model_fits(
    k: usize,
    d: usize,
    covariance_type: CovarianceType,
    restarts: usize,
) -> Result<(), InputError> {
    /// A kept restart's bytes besides its covariances: its weights, means, status, name and
    /// the first of its trace.
    const RESTART_BYTES: u128 = 512;
    let stored = covariance_type.stored_len(d) as u128;
    let matrices = k as u128 * (stored + d as u128) * 8;
    let working = matrices * (8 * rayon::current_num_threads() as u128 + 6);
    let shape = if covariance_type.is_diagonal() {
        format!("{d} variances each")
    } else {
        format!("{d}×{d} matrices")
    };
    ensure_fits(
        &format!("a {k}-component model in {d} dimensions ({shape})"),
        working,
    )?;
    ensure_fits(
        &format!("--restarts {restarts} (every restart's model is kept)"),
        working + restarts as u128 * (matrices + RESTART_BYTES),
    )
}

/// The app on the chosen data. Bad data or options are errors here; what only stops EM (K > N,
/// too few distinct points) shows in the app's status line instead.
pub fn build_app(args: &AppArgs) -> Result<App, InputError> {
    let loaded = load_data(&args.data)?;
    announce(&loaded);
    let options = fit_options(&args.model, &loaded, args.data.seed)?;
    let source = match &loaded.scenario {
        Some(scenario) => DataSource::Scenario {
            scenario: scenario.clone(),
            points: loaded.dataset.n(),
            seed: args.data.seed,
        },
        None => DataSource::File {
            path: loaded.dataset.source.clone(),
        },
    };
    let mut notes: Vec<String> = reading_notes(&loaded)
        .chain(&loaded.fitting_notes)
        .cloned()
        .collect();
    if !loaded.dropped_rows.is_empty() {
        notes.push(format!("dropped {}", dropped_count(&loaded)));
    }
    let mut app = App::new(loaded.dataset, source, options);
    notes.extend(app.reg_covar_note());
    app.tell_loading_notes(&notes);
    Ok(app)
}
