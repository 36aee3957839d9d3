//! The commands that use a saved model: `predict`, `score` and `sample`.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::core::input::memory::ensure_points_fit;
use crate::core::input::text::excerpt;
use crate::core::input::{ColumnSelector, Loaded, ReadOptions};
use crate::core::model_file::ModelFile;
use crate::core::predict::{Evaluator, Prediction};
use crate::core::sample::sample;
use crate::core::{Dataset, Gmm, InputError};
use crate::format::{plural, shortest};

use super::args::{DataArgs, FeedArgs, ModelFileArg, PredictArgs, SampleArgs, ScoreArgs};
use super::io_result;
use super::setup::{announce_reading, dropped_count, load_data_with, read_options};

/// Reads and checks a model file.
pub fn load_model(arg: &ModelFileArg) -> Result<(ModelFile, Gmm), InputError> {
    let path = arg.path.display().to_string();
    if path == "-" && !arg.path.exists() {
        return Err(InputError::new(
            "--model -: a model is read from a file, not standard input (give its path; `--data \
             -` reads points from standard input)",
        ));
    }
    let bytes = std::fs::read(&arg.path).map_err(|e| {
        InputError::new(format!(
            "{path}: cannot read the model file: {}",
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => e.to_string(),
            }
        ))
    })?;
    if bytes.starts_with(crate::core::input::npy::header::MAGIC) {
        return Err(InputError::new(format!(
            "{path}: a NumPy .npy array, not a model file (`fit --save` writes one); points go \
             in --data"
        )));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(format!(
            "{path}: the model file is UTF-16 text; save it as UTF-8"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        InputError::new(format!(
            "{path}: the model file is not UTF-8 text; save it as UTF-8"
        ))
    })?;
    ModelFile::parse(&path, &text)
}

/// The points to evaluate, with the model's columns chosen by name unless `--columns` says
/// otherwise, and checked against the model's dimension and names (see [`feed`]). `command`
/// names the caller in the message asking for points: there is no default data to label;
/// `missing` is what the output holds in a dropped row's place (`NA` in CSV, `null` in JSON).
fn load_points(
    file: &ModelFile,
    args: &DataArgs,
    feed: &FeedArgs,
    command: &str,
    missing: &str,
) -> Result<Loaded, InputError> {
    if args.data.is_none() && args.scenario.is_none() {
        return Err(InputError::new(format!(
            "{command} needs points: --data FILE (--data - reads standard input), or --scenario \
             NAME for built-in ones"
        )));
    }
    let mut options = match &args.data {
        Some(_) => read_options(args)?,
        None => ReadOptions::default(),
    };
    // A model fitted on a .npy array or a header-less file has only positions for names
    // (x1…xD): every column is read, so that a wider array is refused rather than cut to its
    // first D columns.
    let positional = file.columns == crate::core::dataset::positional_names(file.dim);
    if options.columns.is_none() && !feed.by_position && !positional {
        options.columns = Some(
            file.columns
                .iter()
                .map(|name| ColumnSelector::Name(name.clone()))
                .collect(),
        );
        options.columns_origin = Some(format!(
            "the model was fitted on {}: name this file's columns for them with --columns, or \
             feed them in order with --by-position",
            file.columns.join(", ")
        ));
    }
    let data = load_data_with(args, options)?;
    announce_reading(&data);
    if !data.dropped_rows.is_empty() {
        let place = if data.dropped_rows.len() == 1 {
            "its place"
        } else {
            "their places"
        };
        eprintln!(
            "gmm-tui: dropped {} ({missing} in {place} in the output, so output rows stay aligned \
             with input rows)",
            dropped_count(&data)
        );
    }
    if data.dataset.dim() != file.dim {
        let choose = match data.dataset.dim() > file.dim && args.columns.is_none() {
            true => format!("; choose the model's {} with --columns", file.dim),
            false => String::new(),
        };
        return Err(InputError::new(format!(
            "the model has {} ({}), the data {} ({}){choose}",
            plural(file.dim, "dimension"),
            file.columns.join(", "),
            data.dataset.dim(),
            super::column_list(&data.dataset.columns)
        )));
    }
    self::feed(data, file, args.columns.as_deref(), feed.by_position)
}

/// The points with their columns as the model's: by the model's names, so that `--columns
/// b,a` feeds the file's `b` as the model's `b` (in the model's order), or in order with
/// `--by-position`, said on stderr; columns named otherwise without it are refused. A model is
/// a function of named coordinates: feeding one column as another gives a wrong number with
/// nothing to show for it.
fn feed(
    data: Loaded,
    file: &ModelFile,
    chosen: Option<&str>,
    by_position: bool,
) -> Result<Loaded, InputError> {
    let names = &data.dataset.columns;
    if *names == file.columns {
        return Ok(data);
    }
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("'{}'", excerpt(n.as_bytes())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if by_position {
        eprintln!(
            "gmm-tui: feeding this file's columns {} as the model's {} (--by-position)",
            quoted(names),
            quoted(&file.columns)
        );
        return Ok(data);
    }
    let list = chosen.unwrap_or_default();
    let order: Option<Vec<usize>> = file
        .columns
        .iter()
        .map(|name| names.iter().position(|n| n == name))
        .collect();
    let Some(order) = order else {
        let (model, these) = (quoted(&file.columns), quoted(names));
        return Err(InputError::new(match chosen {
            Some(list) => format!(
                "--columns {list}: the model was fitted on columns {model}, and {these} are not \
                 those (--by-position feeds them in order as {model})"
            ),
            None => format!(
                "the model was fitted on columns {model}, and this file's are {these} \
                 (--by-position feeds them in order as {model})"
            ),
        }));
    };
    eprintln!(
        "gmm-tui: --columns {list} names the model's columns in another order: each is fed as \
         the model's column of its name ({})",
        file.columns.join(", ")
    );
    let dataset = data.dataset.reordered(&order);
    Ok(Loaded { dataset, ..data })
}

fn evaluator(model: &Gmm) -> Evaluator {
    Evaluator::new(model).expect("a loaded model has positive definite covariances")
}

/// Rows evaluated, formatted (in parallel) and written at a time, so that memory stays that of
/// the points rather than growing by N×(K + 2) numbers.
const ROWS_AT_A_TIME: usize = 1 << 16;

/// The model's results on `data`, a slice of rows at a time, in order.
fn predictions<'a>(
    evaluator: &'a Evaluator,
    data: &'a Dataset,
) -> impl Iterator<Item = Prediction> + 'a {
    let n = data.n();
    (0..n)
        .step_by(ROWS_AT_A_TIME)
        .map(move |start| evaluator.predict_rows(data, start..(start + ROWS_AT_A_TIME).min(n)))
}

/// An output value for a row that was dropped: read as missing by pandas and R.
const MISSING: &str = "NA";

/// Writes rows through a buffer, with `missing` in the place of each dropped row (`dropped`:
/// sorted indexes among all input rows), so that output row i is input row i; a closed pipe
/// ends quietly.
fn write_rows(
    out: &mut impl Write,
    header: &str,
    rows: impl Iterator<Item = String>,
    dropped: &[usize],
    missing: &str,
) -> Result<(), InputError> {
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, out);
    let written = (|| -> std::io::Result<()> {
        writeln!(writer, "{header}")?;
        let mut dropped = dropped.iter().peekable();
        let mut position = 0;
        for row in rows {
            while dropped.next_if_eq(&&position).is_some() {
                writeln!(writer, "{missing}")?;
                position += 1;
            }
            writeln!(writer, "{row}")?;
            position += 1;
        }
        for _ in dropped {
            writeln!(writer, "{missing}")?;
        }
        writer.flush()
    })();
    io_result(written)
}

/// `gmm-tui predict`: `component` (0-based, scikit-learn's `predict`) per row, and with
/// `--proba` the responsibilities `proba_0 … proba_{K-1}` (`predict_proba`).
pub fn run_predict(args: &PredictArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let data = load_points(&file, &args.data, &args.feed, "predict", MISSING)?;
    let evaluator = evaluator(&model);
    let k = model.k();
    let mut header = "component".to_string();
    if args.proba {
        (0..k).for_each(|c| header += &format!(",proba_{c}"));
    }
    let rows = predictions(&evaluator, &data.dataset).flat_map(|prediction| {
        let rows: Vec<String> = prediction
            .labels
            .par_iter()
            .zip(prediction.proba.par_chunks(k))
            .map(|(label, proba)| {
                let mut row = label.to_string();
                if args.proba {
                    proba
                        .iter()
                        .for_each(|p| row += &format!(",{}", shortest(*p)));
                }
                row
            })
            .collect();
        rows
    });
    let missing = vec![MISSING; if args.proba { k + 1 } else { 1 }].join(",");
    write_rows(out, &header, rows, &data.dropped_rows, &missing)
}

#[derive(Serialize)]
struct ScoreReport {
    /// Mean log-density (scikit-learn's `score`) over the points scored.
    score: f64,
    /// Points scored.
    n: usize,
    log_likelihood: f64,
    /// Rows of the input: `n` and those dropped by --drop-invalid.
    rows: usize,
    /// The input's data rows (0-based) dropped by --drop-invalid.
    dropped_rows: Vec<usize>,
    /// Log-density per input row (`score_samples`); null for a dropped row.
    score_samples: Vec<Option<f64>>,
}

/// `gmm-tui score`: each row's log-density as CSV on stdout and the mean on stderr, or both in
/// one JSON document.
pub fn run_score(args: &ScoreArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let missing = if args.json { "null" } else { MISSING };
    let data = load_points(&file, &args.data, &args.feed, "score", missing)?;
    let evaluator = evaluator(&model);
    let n = data.dataset.n();
    let dropped = &data.dropped_rows;
    // Summed in row order, as scikit-learn's mean is.
    let mut log_likelihood = 0.0;
    if args.json {
        let rows = n + dropped.len();
        let mut score_samples: Vec<Option<f64>> = vec![None; rows];
        let mut kept = (0..rows).filter(|i| dropped.binary_search(i).is_err());
        for prediction in predictions(&evaluator, &data.dataset) {
            for (&v, i) in prediction.log_density.iter().zip(&mut kept) {
                log_likelihood += v;
                score_samples[i] = Some(v);
            }
        }
        let report = ScoreReport {
            score: log_likelihood / n as f64,
            n,
            log_likelihood,
            rows,
            dropped_rows: dropped.clone(),
            score_samples,
        };
        let text = serde_json::to_string_pretty(&report).expect("the report serialises") + "\n";
        return io_result(out.write_all(text.as_bytes()).and_then(|()| out.flush()));
    }
    let rows = predictions(&evaluator, &data.dataset).flat_map(|prediction| {
        prediction
            .log_density
            .iter()
            .for_each(|v| log_likelihood += v);
        let rows: Vec<String> = prediction
            .log_density
            .par_iter()
            .map(|v| shortest(*v))
            .collect();
        rows
    });
    write_rows(out, "log_density", rows, dropped, MISSING)?;
    eprintln!(
        "gmm-tui: score (mean log-density) {} over {}; log-likelihood {}",
        shortest(log_likelihood / n as f64),
        plural(n, "point"),
        shortest(log_likelihood)
    );
    Ok(())
}

/// `gmm-tui sample`: N points from the model with the model's column names, and the component
/// each came from, grouped by component as scikit-learn's `sample`.
pub fn run_sample(args: &SampleArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let d = model.dim;
    if args.n == 0 {
        return Err(InputError::new(
            "-n must be at least 1 (scikit-learn's sample refuses 0 too)",
        ));
    }
    // Each point's coordinates and its component's label.
    ensure_points_fit("-n", args.n, (d as u128 + 1) * 8)?;
    let samples = sample(&model, args.n, args.seed)?;
    let header = format!("{},component", file.columns.join(","));
    let rows = samples
        .points
        .chunks(d.max(1))
        .zip(&samples.labels)
        .map(|(point, label)| {
            let mut row: Vec<String> = point.iter().map(|v| shortest(*v)).collect();
            row.push(label.to_string());
            row.join(",")
        });
    write_rows(out, &header, rows, &[], MISSING)
}
