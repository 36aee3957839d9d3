use clap::Parser;

use gmm_tui::cli::args::{Cli, Command};
use gmm_tui::cli::bench::run_bench;
use gmm_tui::cli::clap_error::refusal;
use gmm_tui::cli::fit::run_fit;
use gmm_tui::cli::predict::{run_predict, run_sample, run_score};
use gmm_tui::cli::select::run_select;
use gmm_tui::cli::{EXIT_BAD_INPUT, run_completions, run_generate, run_man, setup};
use gmm_tui::core::InputError;
use gmm_tui::core::kernel::KernelPath;

fn main() -> color_eyre::Result<()> {
    // color-eyre's hooks first: the app's terminal hook restores the screen, then calls them.
    color_eyre::install()?;
    let cli = Cli::try_parse().unwrap_or_else(|e| match refusal(&e) {
        Some(message) => exit_bad_input(&message),
        None => e.exit(),
    });
    // A misspelt or unsupported GMM_TUI_KERNEL would otherwise be ignored silently.
    if let Err(message) = KernelPath::from_env() {
        exit_bad_input(&InputError::new(message));
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
            if let Err(e) = cli.app.model.check_values() {
                exit_bad_input(&e);
            }
            if let Some(why) = gmm_tui::terminal::unavailable() {
                exit_bad_input(&InputError::new(format!(
                    "the app needs a terminal ({why}); `gmm-tui fit` takes the same options and \
                     needs none"
                )));
            }
            // Opened before the screen is taken, so that a path that cannot be written is
            // reported where it can be read.
            let recording = cli.app.record.as_ref().map(|path| {
                std::fs::File::create(path).unwrap_or_else(|e| {
                    exit_bad_input(&InputError::new(format!(
                        "cannot write the recording {}: {e}",
                        path.display()
                    )))
                })
            });
            return match setup::build_app(&cli.app) {
                Ok(app) => gmm_tui::terminal::run(app, cli.app.fps, recording),
                Err(e) => exit_bad_input(&e),
            };
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) => exit_bad_input(&e),
    }
}

fn exit_bad_input(e: &InputError) -> ! {
    eprintln!("gmm-tui: error: {e}");
    std::process::exit(EXIT_BAD_INPUT);
}
