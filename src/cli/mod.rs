//! The command line: parse arguments, run a headless command, print, and map bad input to a
//! one-line error with exit status 2.

pub mod args;
pub mod bench;
pub mod predict;
pub mod progress;
pub mod report;
pub mod select;
pub mod setup;

use std::io::Write;

use clap::CommandFactory;

use crate::core::fit::fit_with;
use crate::core::model_file::{FitSummary, ModelFile};
use crate::core::{FitResult, InputError, Preference};
use args::{Cli, CompletionsArgs, FitArgs, GenerateArgs};
use setup::LoadedData;

/// Exit status for bad input or options (as clap uses for bad arguments).
pub const EXIT_BAD_INPUT: i32 = 2;

/// `gmm-tui fit`: writes the report to `out`, and with `--save` the best restart as a model file.
pub fn run_fit(args: &FitArgs, out: &mut impl Write) -> Result<(), InputError> {
    let data = setup::load_data(&args.data)?;
    data.announce();
    let options = setup::fit_options(&args.model, &data, args.data.seed)?;
    let preference = if args.allow_spurious {
        Preference::HighestLikelihood
    } else {
        Preference::NonSpurious
    };
    let fitting = progress::Spinner::after_a_second(format!(
        "fitting {} restarts on {} points",
        options.restarts,
        data.dataset.n()
    ));
    let result = fit_with(&data.dataset, &options, preference, &|| {});
    drop(fitting);
    let result = result?;
    if let Some(path) = &args.save {
        save_model(path, &data, &options, &result)?;
    }
    let report = report::FitReport::new(&data, &options, &result, args.trace);
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        report::table(&report)
    };
    write_out(out, text.as_bytes())
}

/// Writes the best restart of `result` to `path`.
fn save_model(
    path: &std::path::Path,
    data: &LoadedData,
    options: &crate::core::FitOptions,
    result: &FitResult,
) -> Result<(), InputError> {
    let best = result.best();
    let file = ModelFile::new(
        &best.model,
        FitSummary {
            columns: &data.dataset.columns,
            reg_covar: options.settings.reg_covar,
            source: &source_name(data),
            n: data.dataset.n(),
            log_likelihood: best.log_likelihood,
            bic: result.bic,
            aic: result.aic,
            spurious_components: best.spurious.iter().map(|s| s.component).collect(),
        },
    );
    std::fs::write(path, file.to_json())
        .map_err(|e| InputError::new(format!("{}: cannot write the model: {e}", path.display())))
}

/// `scenario:NAME` or the CSV path: how reports and model files name the data.
pub fn source_name(data: &LoadedData) -> String {
    match &data.scenario {
        Some(s) => format!("scenario:{}", s.name),
        None => data.dataset.source.clone(),
    }
}

/// The first line of the `fit` and `select` reports.
pub fn data_line(source: &str, n: usize, dim: usize, columns: &[String]) -> String {
    format!(
        "data:  {source} — {n} points in {dim} dimensions ({})\n",
        columns.join(", ")
    )
}

/// An option's value for people: `0`, `1e-6`, `0.5`.
pub fn short_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if (1e-3..1e6).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// A number in CSV output: the shortest text that reads back to the same f64, in plain
/// notation where that is short and in exponent notation for tiny or huge values.
pub fn csv_number(v: f64) -> String {
    if v == 0.0 || (1e-4..1e16).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `gmm-tui completions SHELL`.
pub fn run_completions(args: &CompletionsArgs, out: &mut impl Write) -> Result<(), InputError> {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "gmm-tui", &mut buffer);
    write_out(out, &buffer)
}

/// `gmm-tui man`: the manual page in roff.
pub fn run_man(out: &mut impl Write) -> Result<(), InputError> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buffer)
        .expect("writing to memory cannot fail");
    write_out(out, &buffer)
}

/// `gmm-tui generate`: the scenario as CSV with a header row.
pub fn run_generate(args: &GenerateArgs, out: &mut impl Write) -> Result<(), InputError> {
    let scenario = crate::core::scenario::find(&args.scenario)?;
    let data = setup::scenario_points(&scenario, args.points, args.seed)?;
    // Streamed through a buffer: ten million rows need no 400 MB string.
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, out);
    let written = (|| -> std::io::Result<()> {
        writeln!(writer, "{}", data.columns.join(","))?;
        for i in 0..data.n() {
            for a in 0..data.dim() {
                let separator = if a == 0 { "" } else { "," };
                write!(writer, "{separator}{}", data.column(a)[i])?;
            }
            writeln!(writer)?;
        }
        writer.flush()
    })();
    io_result(written)
}

fn write_out(out: &mut impl Write, bytes: &[u8]) -> Result<(), InputError> {
    io_result(out.write_all(bytes).and_then(|()| out.flush()))
}

/// An output error as a message; a closed pipe (`| head`) is the reader's choice, not an error.
pub(crate) fn io_result(result: std::io::Result<()>) -> Result<(), InputError> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(InputError::new(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_short_and_csv_numbers_read_back_exactly() {
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(1e-6), "1e-6");
        assert_eq!(short_number(0.5), "0.5");
        for v in [
            0.0,
            1.0 / 3.0,
            -2.5e-300,
            6.02e23,
            1e-4,
            9.99e-5,
            123456.789,
            f64::MAX,
        ] {
            let text = csv_number(v);
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
            assert!(text.len() <= 24, "{text} is short");
        }
    }
}
