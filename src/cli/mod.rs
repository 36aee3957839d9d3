//! The command line: parse arguments, run a headless command, print, and map bad input to a
//! one-line error with exit status 2.

pub mod args;
pub mod bench;
pub mod progress;
pub mod report;
pub mod setup;

use std::io::Write;

use crate::core::{InputError, fit};
use args::{FitArgs, GenerateArgs};

/// Exit status for bad input or options (as clap uses for bad arguments).
pub const EXIT_BAD_INPUT: i32 = 2;

/// `gmm-tui fit`: writes the report to `out`.
pub fn run_fit(args: &FitArgs, out: &mut impl Write) -> Result<(), InputError> {
    let data = setup::load_data(&args.data)?;
    data.announce();
    let options = setup::fit_options(&args.model, &data, args.data.seed)?;
    let fitting = progress::Spinner::after_a_second(format!(
        "fitting {} restarts on {} points",
        options.restarts,
        data.dataset.n()
    ));
    let result = fit(&data.dataset, &options);
    drop(fitting);
    let result = result?;
    let report = report::FitReport::new(&data, &options, &result, args.trace);
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        report::table(&report)
    };
    write_out(out, text.as_bytes())
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
fn io_result(result: std::io::Result<()>) -> Result<(), InputError> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(InputError::new(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}
