//! Command-line arguments (clap derive): the data and model options shared by the app and `fit`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::core::{CovarianceType, InitMethod};

#[derive(Debug, Parser)]
#[command(
    name = "gmm-tui",
    version,
    about = "Watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.",
    long_about = "Watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.\n\n\
        Without a command, opens the terminal app on the chosen data (by default the `seed` \
        scenario, started in the collapsed-means trap). `fit`, `generate` and `bench` run headless.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fit a mixture with restarts and print the result (a table, or JSON with --json).
    Fit(FitArgs),
    /// Write a built-in scenario's points as CSV (with a header row) to stdout.
    Generate(GenerateArgs),
    /// Time EM iterations (and drawing) against scikit-learn and a same-run baseline.
    Bench(BenchArgs),
}

/// Options of the terminal app.
#[derive(Debug, Args)]
pub struct AppArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Frames per second at most (lower it over slow links).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub fps: u32,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Include each restart's per-iteration log-likelihoods.
    #[arg(long)]
    pub trace: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Built-in scenario: seed, overlap, cigars, unequal, tiny, outliers.
    #[arg(long, default_value = "seed")]
    pub scenario: String,
    /// Number of points [default: the scenario's own, 2000 for seed].
    #[arg(long)]
    pub points: Option<usize>,
    /// Random seed of the data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Fewer points and iterations: a quick look rather than a measurement.
    #[arg(long)]
    pub quick: bool,
    /// Skip the scikit-learn comparison even when Python has it.
    #[arg(long)]
    pub no_python: bool,
    /// Print one JSON document instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Where the points come from.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// Built-in scenario: seed, overlap, cigars, unequal, tiny, outliers.
    #[arg(long, default_value = "seed", conflicts_with = "data")]
    pub scenario: String,
    /// Read points from a CSV file instead of a scenario.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// CSV columns to use, by name or 1-based index, e.g. "x,y" or "2,3" [default: every numeric column].
    #[arg(long, requires = "data")]
    pub columns: Option<String>,
    /// CSV field delimiter (one character).
    #[arg(long, default_value_t = ',', requires = "data")]
    pub delimiter: char,
    /// Skip CSV rows with bad values instead of stopping (the count goes to stderr).
    #[arg(long, requires = "data")]
    pub drop_invalid: bool,
    /// Number of scenario points [default: the scenario's own, 2000 for seed].
    #[arg(long, conflicts_with = "data")]
    pub points: Option<usize>,
    /// Random seed for the scenario's points and for the restarts' starts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The mixture and how EM runs.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Number of components [default: the scenario's clusters, 2 for CSV, or the number of --init-means].
    #[arg(short = 'k', long = "components")]
    pub k: Option<usize>,
    /// Covariance type: full, diag, spherical or tied.
    #[arg(long = "covariance", default_value = "full", value_parser = parse_covariance)]
    pub covariance_type: CovarianceType,
    /// How restarts start: kmeans++, random or collapsed [default: kmeans++, and a scenario's own trap first].
    #[arg(long, value_parser = parse_init)]
    pub init: Option<InitMethod>,
    /// Explicit starting means for the first restart: "x,y;x,y" (one group per component).
    #[arg(long, value_name = "MEANS")]
    pub init_means: Option<String>,
    /// Starting covariance V·I for --init-means [default: the data's covariance].
    #[arg(long, value_name = "V", requires = "init_means")]
    pub init_variance: Option<f64>,
    /// Starting weights for --init-means, e.g. "1,3" (positive; scaled to sum to 1) [default: equal].
    #[arg(long, value_name = "WEIGHTS", requires = "init_means")]
    pub init_weights: Option<String>,
    /// Added to every covariance diagonal, keeping covariances positive definite.
    #[arg(long, default_value = "1e-6", allow_negative_numbers = true)]
    pub reg_covar: f64,
    /// Stop when the mean log-likelihood per point improves by less than this (0: never).
    #[arg(long, default_value = "1e-6", allow_negative_numbers = true)]
    pub tol: f64,
    /// Iterations per restart at most (0 returns the start).
    #[arg(long, default_value_t = 1000)]
    pub max_iter: usize,
    /// Number of restarts; the best log-likelihood wins.
    #[arg(long, default_value_t = 10)]
    pub restarts: usize,
}

fn parse_covariance(s: &str) -> Result<CovarianceType, String> {
    s.parse()
}

fn parse_init(s: &str) -> Result<InitMethod, String> {
    s.parse()
}
