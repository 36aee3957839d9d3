//! Turning arguments into a data set and fit options, refusing nonsense with clear messages.

use crate::core::csv_input::{ColumnSelector, CsvOptions, read_csv};
use crate::core::init::Start;
use crate::core::model::diagonal_matrix;
use crate::core::scenario::{self, Scenario};
use crate::core::{Dataset, EmSettings, FitOptions, InitMethod, InputError};

use super::args::{AppArgs, DataArgs, ModelArgs};
use crate::app::{App, DataSource};

/// The data and, for a scenario, the scenario it came from.
pub struct LoadedData {
    pub dataset: Dataset,
    pub scenario: Option<Scenario>,
    /// CSV rows skipped by --drop-invalid.
    pub dropped: usize,
}

/// Loads a scenario or a CSV file.
pub fn load_data(args: &DataArgs) -> Result<LoadedData, InputError> {
    let Some(path) = &args.data else {
        let scenario = scenario::find(&args.scenario)?;
        let points = args.points.unwrap_or(scenario.default_points);
        if points == 0 {
            return Err(InputError::new("--points must be at least 1"));
        }
        let dataset = scenario.generate(points, args.seed);
        return Ok(LoadedData {
            dataset,
            scenario: Some(scenario),
            dropped: 0,
        });
    };
    let delimiter = u8::try_from(args.delimiter)
        .map_err(|_| InputError::new("--delimiter must be a single ASCII character"))?;
    let options = CsvOptions {
        delimiter,
        columns: args
            .columns
            .as_deref()
            .map(ColumnSelector::parse_list)
            .transpose()?,
        drop_invalid: args.drop_invalid,
    };
    let csv = read_csv(path, &options)?;
    Ok(LoadedData {
        dataset: csv.dataset,
        scenario: None,
        dropped: csv.dropped,
    })
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
pub fn fit_options(
    args: &ModelArgs,
    data: &LoadedData,
    seed: u64,
) -> Result<FitOptions, InputError> {
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
    let first_start = match (&explicit, args.init) {
        (Some(start), _) => Some(start.clone()),
        (None, None) => trap.clone(),
        (None, Some(_)) => None,
    };
    let options = FitOptions {
        k,
        covariance_type: args.covariance_type,
        settings: EmSettings {
            reg_covar: args.reg_covar,
            tol: args.tol,
            max_iter: args.max_iter,
        },
        restarts: args.restarts,
        seed,
        method: args.init.unwrap_or(InitMethod::KMeansPlusPlus),
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
            let total: f64 = w.iter().sum();
            w.iter().map(|v| v / total).collect()
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

/// The app on the chosen data. Bad data or options are errors here; what only stops EM (K > N,
/// too few distinct points) shows in the app's status line instead.
pub fn build_app(args: &AppArgs) -> Result<App, InputError> {
    let loaded = load_data(&args.data)?;
    let options = fit_options(&args.model, &loaded, args.data.seed)?;
    let source = match (&loaded.scenario, &args.data.data) {
        (Some(scenario), _) => DataSource::Scenario {
            scenario: scenario.clone(),
            points: loaded.dataset.n(),
            seed: args.data.seed,
        },
        (None, path) => DataSource::File {
            path: path
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string()),
        },
    };
    Ok(App::new(loaded.dataset, source, options))
}
