//! The command line as a function: arguments in, exit status out. The binary's `main` and the
//! Python package's `gmm-tui` command both run it, so they are the same program.

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use super::EXIT_BAD_INPUT;
use super::args::{Cli, Command};
use super::bench::run_bench;
use super::clap_error::refusal;
use super::fit::run_fit;
use super::predict::{run_predict, run_sample, run_score};
use super::select::run_select;
use super::{run_completions, run_generate, run_man, setup};
use crate::core::InputError;
use crate::core::kernel::KernelPath;

/// Exit status of a failure that is not bad input (the terminal failed under the app), as a
/// Rust `main` returning an error has.
const EXIT_FAILURE: u8 = 1;

/// Runs `gmm-tui` on `args` (the program's name first) and gives its exit status: 0, or
/// [`EXIT_BAD_INPUT`] after a one-line message on stderr for bad input or options.
pub fn main(args: impl IntoIterator<Item = OsString>) -> u8 {
    let status = run(args);
    // Inside another program (Python) nothing flushes Rust's stdout at exit.
    let _ = std::io::stdout().flush();
    status
}

fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            return match refusal(&e) {
                Some(message) => bad_input(&message),
                None => {
                    // Help or the version, on stdout.
                    let _ = e.print();
                    e.exit_code() as u8
                }
            };
        }
    };
    // A misspelt or unsupported GMM_TUI_KERNEL would otherwise be ignored silently.
    if let Err(message) = KernelPath::from_env() {
        return bad_input(&InputError::new(message));
    }
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Some(Command::Fit(args)) => run_fit(args, &mut stdout),
        Some(Command::Generate(args)) => run_generate(args, &mut stdout),
        Some(Command::Bench(args)) => run_bench(args, &mut stdout),
        Some(Command::Predict(args)) => run_predict(args, &mut stdout),
        Some(Command::Score(args)) => run_score(args, &mut stdout),
        Some(Command::Sample(args)) => run_sample(args, &mut stdout),
        Some(Command::Select(args)) => run_select(args, &mut stdout),
        Some(Command::Completions(args)) => run_completions(args, &mut stdout),
        Some(Command::Man) => run_man(&mut stdout),
        None => {
            drop(stdout);
            return run_app(&cli.app);
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => bad_input(&e),
    }
}

/// The terminal app, until the user quits.
fn run_app(args: &super::args::AppArgs) -> u8 {
    if let Err(e) = args.model.check_values() {
        return bad_input(&e);
    }
    if let Some(why) = crate::terminal::unavailable() {
        return bad_input(&InputError::new(format!(
            "the app needs a terminal ({why}); `gmm-tui fit` takes the same options and needs none"
        )));
    }
    // Opened before the screen is taken, so that a path that cannot be written is reported
    // where it can be read.
    let recording = match args.record.as_ref().map(std::fs::File::create).transpose() {
        Ok(recording) => recording,
        Err(e) => {
            let path = args.record.as_ref().map(|p| p.display().to_string());
            return bad_input(&InputError::new(format!(
                "cannot write the recording {}: {e}",
                path.unwrap_or_default()
            )));
        }
    };
    match setup::build_app(args) {
        Ok(app) => match crate::terminal::run(app, args.fps, recording) {
            Ok(()) => {
                // Said once the screen is given back: nothing on screen showed the recording.
                if let Some(path) = &args.record {
                    eprintln!(
                        "gmm-tui: the session is recorded in {} (an asciicast: `asciinema play` \
                         replays it)",
                        path.display()
                    );
                }
                0
            }
            Err(e) => {
                eprintln!("Error: {e:?}");
                EXIT_FAILURE
            }
        },
        Err(e) => bad_input(&e),
    }
}

fn bad_input(e: &InputError) -> u8 {
    eprintln!("gmm-tui: error: {e}");
    EXIT_BAD_INPUT as u8
}
