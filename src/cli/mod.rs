//! The command line: parse arguments, run a headless command, print, and map bad input to a
//! one-line error with exit status 2.

pub mod args;
pub mod bench;
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
    if data.dropped > 0 {
        eprintln!("gmm-tui: dropped {} invalid rows", data.dropped);
    }
    let options = setup::fit_options(&args.model, &data, args.data.seed)?;
    let result = fit(&data.dataset, &options)?;
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
    let points = args.points.unwrap_or(scenario.default_points);
    if points == 0 {
        return Err(InputError::new("--points must be at least 1"));
    }
    let data = scenario.generate(points, args.seed);
    let mut text = String::with_capacity(points * 40);
    text += &data.columns.join(",");
    text.push('\n');
    for i in 0..data.n() {
        let row: Vec<String> = (0..data.dim())
            .map(|a| data.column(a)[i].to_string())
            .collect();
        text += &row.join(",");
        text.push('\n');
    }
    write_out(out, text.as_bytes())
}

fn write_out(out: &mut impl Write, bytes: &[u8]) -> Result<(), InputError> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(InputError::new(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}
