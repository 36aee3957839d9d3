//! The commands that use a saved model: `predict`, `score` and `sample`.

use std::io::Write;

use serde::Serialize;

use crate::core::model_file::ModelFile;
use crate::core::predict::Evaluator;
use crate::core::sample::sample;
use crate::core::{Gmm, InputError};

use super::args::{DataArgs, ModelFileArg, PredictArgs, SampleArgs, ScoreArgs};
use super::setup::{LoadedData, load_data};
use super::{csv_number, io_result};

/// Reads and checks a model file.
pub fn load_model(arg: &ModelFileArg) -> Result<(ModelFile, Gmm), InputError> {
    let path = arg.path.display().to_string();
    let text = std::fs::read_to_string(&arg.path).map_err(|e| {
        InputError::new(format!(
            "{path}: cannot read the model file: {}",
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => e.to_string(),
            }
        ))
    })?;
    ModelFile::parse(&path, &text)
}

/// The points to evaluate, with the model's columns chosen by name unless `--columns` says
/// otherwise, and checked against the model's dimension.
fn load_points(file: &ModelFile, args: &DataArgs) -> Result<LoadedData, InputError> {
    let by_model_names = args.data.is_some() && args.columns.is_none();
    let mut args = args.clone();
    if by_model_names {
        args.columns = Some(file.columns.join(","));
    }
    let data = load_data(&args).map_err(|e| {
        if by_model_names {
            InputError::new(format!(
                "{e}; the model was fitted on {}: choose this file's columns with --columns",
                file.columns.join(", ")
            ))
        } else {
            e
        }
    })?;
    data.announce();
    if data.dataset.dim() != file.dim {
        return Err(InputError::new(format!(
            "the model has {} dimensions ({}), the data {} ({})",
            file.dim,
            file.columns.join(", "),
            data.dataset.dim(),
            data.dataset.columns.join(", ")
        )));
    }
    Ok(data)
}

fn evaluator(model: &Gmm) -> Evaluator {
    Evaluator::new(model).expect("a loaded model has positive definite covariances")
}

/// Writes rows through a buffer; a closed pipe ends quietly.
fn write_rows(
    out: &mut impl Write,
    header: &str,
    rows: impl Iterator<Item = String>,
) -> Result<(), InputError> {
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, out);
    let written = (|| -> std::io::Result<()> {
        writeln!(writer, "{header}")?;
        for row in rows {
            writeln!(writer, "{row}")?;
        }
        writer.flush()
    })();
    io_result(written)
}

/// `gmm-tui predict`: `component` (0-based, scikit-learn's `predict`) per row, and with
/// `--proba` the responsibilities `proba_0 … proba_{K-1}` (`predict_proba`).
pub fn run_predict(args: &PredictArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let data = load_points(&file, &args.data)?;
    let prediction = evaluator(&model).predict(&data.dataset);
    let k = model.k();
    let mut header = "component".to_string();
    if args.proba {
        (0..k).for_each(|c| header += &format!(",proba_{c}"));
    }
    let rows = prediction
        .labels
        .iter()
        .zip(prediction.proba.chunks(k))
        .map(|(label, proba)| {
            let mut row = label.to_string();
            if args.proba {
                proba
                    .iter()
                    .for_each(|p| row += &format!(",{}", csv_number(*p)));
            }
            row
        });
    write_rows(out, &header, rows)
}

#[derive(Serialize)]
struct ScoreReport {
    /// Mean log-density (scikit-learn's `score`).
    score: f64,
    n: usize,
    log_likelihood: f64,
    /// Log-density per point (`score_samples`).
    score_samples: Vec<f64>,
}

/// `gmm-tui score`: each row's log-density as CSV on stdout and the mean on stderr, or both in
/// one JSON document.
pub fn run_score(args: &ScoreArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let data = load_points(&file, &args.data)?;
    let prediction = evaluator(&model).predict(&data.dataset);
    let report = ScoreReport {
        score: prediction.mean_log_density(),
        n: data.dataset.n(),
        log_likelihood: prediction.log_likelihood(),
        score_samples: prediction.log_density,
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report).expect("the report serialises") + "\n";
        return io_result(out.write_all(text.as_bytes()).and_then(|()| out.flush()));
    }
    eprintln!(
        "gmm-tui: score (mean log-density) {} over {} points; log-likelihood {}",
        report.score, report.n, report.log_likelihood
    );
    let rows = report.score_samples.iter().map(|v| csv_number(*v));
    write_rows(out, "log_density", rows)
}

/// `gmm-tui sample`: N points from the model with the model's column names, and the component
/// each came from, grouped by component as scikit-learn's `sample`.
pub fn run_sample(args: &SampleArgs, out: &mut impl Write) -> Result<(), InputError> {
    let (file, model) = load_model(&args.model)?;
    let d = model.dim;
    let bytes_needed = args.n.saturating_mul(d + 1).saturating_mul(8);
    if bytes_needed > 1 << 36 {
        return Err(InputError::new(format!(
            "-n {} would need {} GB of memory",
            args.n,
            bytes_needed >> 30
        )));
    }
    let samples = sample(&model, args.n, args.seed)?;
    let header = format!("{},component", file.columns.join(","));
    let rows = samples
        .points
        .chunks(d.max(1))
        .zip(&samples.labels)
        .map(|(point, label)| {
            let mut row: Vec<String> = point.iter().map(|v| csv_number(*v)).collect();
            row.push(label.to_string());
            row.join(",")
        });
    write_rows(out, &header, rows)
}
