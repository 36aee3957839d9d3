use clap::Parser;

use gmm_tui::cli::args::{Cli, Command};
use gmm_tui::cli::bench::run_bench;
use gmm_tui::cli::{EXIT_BAD_INPUT, run_fit, run_generate};

fn main() {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Some(Command::Fit(args)) => run_fit(args, &mut stdout),
        Some(Command::Generate(args)) => run_generate(args, &mut stdout),
        Some(Command::Bench(args)) => run_bench(args, &mut stdout),
        None => {
            eprintln!("gmm-tui: not available yet");
            Ok(())
        }
    };
    if let Err(e) = result {
        eprintln!("gmm-tui: error: {e}");
        std::process::exit(EXIT_BAD_INPUT);
    }
}
