//! Command-line arguments (clap derive): the data and model options shared by the app and `fit`.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::core::input::{CommentMarker, Delimiter, HeaderMode, ThousandsMark};
use crate::core::{CovarianceType, InitMethod, InputError};

#[derive(Debug, Parser)]
#[command(
    name = "gmm-tui",
    version,
    about = "Watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.",
    long_about = "Watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.\n\n\
        Without a command, opens the terminal app on the chosen data (by default the `seed` \
        scenario, started in the collapsed-means trap). The commands run headless: `fit` (and \
        `--save` a model), `predict`, `score` and `sample` with a saved model, `select` to choose \
        K and the covariance type, `generate`, `bench`, `completions` and `man`.",
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
    /// Label points with a saved model (scikit-learn's predict, predict_proba).
    ///
    /// CSV on stdout: the most responsible component of each row (0-based) and, with --proba,
    /// every component's probability.
    Predict(PredictArgs),
    /// Log-density of each point under a saved model (score_samples, score).
    ///
    /// CSV of ln p(x) per row on stdout, the mean and the total on stderr; --json for both.
    Score(ScoreArgs),
    /// Draw points from a saved model (scikit-learn's sample).
    ///
    /// CSV on stdout: the model's columns and the component each point was drawn from.
    Sample(SampleArgs),
    /// Choose K and the covariance type: BIC, AIC and ICL of every cell, the best marked.
    ///
    /// Like R mclust's mclustBIC, with scikit-learn's sign (lower is better; mclust's BIC is the
    /// negative). Each cell is the fit `gmm-tui fit -k K --covariance T` makes.
    Select(SelectArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// e.g. `gmm-tui completions bash > ~/.local/share/bash-completion/completions/gmm-tui`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    ///
    /// e.g. `gmm-tui man | man -l -`, or save it as `~/.local/share/man/man1/gmm-tui.1`.
    Man,
}

/// Options of the terminal app.
#[derive(Debug, Args)]
pub struct AppArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Frames per second at most, 1 to 120 (lower it over slow links).
    #[arg(long, default_value_t = 30, allow_negative_numbers = true, value_parser = FPS)]
    pub fps: u32,
    /// Record the session into FILE as an asciicast v2 (asciinema's format: what the app draws,
    /// with times), for `asciinema play`, agg or svg-term.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
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
    /// Write the best restart as a model file, for predict, score and sample.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Let a restart with a spurious component (one on a point or a line) win if its likelihood
    /// is highest, as scikit-learn does [default: the best restart without one].
    #[arg(long)]
    pub allow_spurious: bool,
}

/// A model file written by `fit --save`.
#[derive(Debug, Args)]
pub struct ModelFileArg {
    /// The model file (written by `gmm-tui fit --save FILE`).
    #[arg(long = "model", value_name = "FILE")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
#[command(mut_arg("seed", |seed| seed.help(POINTS_SEED_HELP)))]
pub struct PredictArgs {
    #[command(flatten)]
    pub model: ModelFileArg,
    /// The points (columns found by the model's names; --columns names them in the file).
    #[command(flatten)]
    pub data: DataArgs,
    /// Add each component's probability (columns proba_0 … proba_K-1).
    #[arg(long)]
    pub proba: bool,
    #[command(flatten)]
    pub feed: FeedArgs,
}

/// How a file's columns are fed to a saved model.
#[derive(Debug, Args)]
pub struct FeedArgs {
    /// Feed the chosen columns (--columns, or every numeric one) to the model in order, whatever
    /// their names [default: by the model's column names].
    #[arg(long)]
    pub by_position: bool,
}

#[derive(Debug, Args)]
#[command(mut_arg("seed", |seed| seed.help(POINTS_SEED_HELP)))]
pub struct ScoreArgs {
    #[command(flatten)]
    pub model: ModelFileArg,
    /// The points (columns found by the model's names; --columns names them in the file).
    #[command(flatten)]
    pub data: DataArgs,
    /// Print one JSON document (score, n, score_samples) instead of CSV.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub feed: FeedArgs,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    #[command(flatten)]
    pub model: ModelFileArg,
    /// Number of points to draw (at least 1).
    #[arg(
        short = 'n',
        long = "samples",
        default_value_t = 1000,
        allow_negative_numbers = true,
        value_parser = COUNT
    )]
    pub n: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = SEED)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct SelectArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Numbers of components: a range (1..8 is 1 to 8, inclusive), a number, or a list (1,2,5).
    #[arg(
        short = 'k',
        long = "components",
        default_value = "1..8",
        allow_negative_numbers = true
    )]
    pub k: String,
    /// Covariance types: a list such as full,diag, or all.
    #[arg(long = "covariance", default_value = "all")]
    pub covariance_types: String,
    #[command(flatten)]
    pub em: EmArgs,
    /// Let spurious restarts win their cell and the table (as scikit-learn would).
    #[arg(long)]
    pub allow_spurious: bool,
    /// Print one JSON document instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Built-in scenario.
    #[arg(long, default_value = "seed", value_parser = scenario_names())]
    pub scenario: String,
    /// Number of points [default: the scenario's own, 2000 for seed].
    #[arg(long, allow_negative_numbers = true, value_parser = COUNT)]
    pub points: Option<usize>,
    /// Random seed of the data.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = SEED)]
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
    /// Run one part only: em, drawing, load, roofline, or starts (start methods on real data
    /// beside scikit-learn and mclust; from a source checkout) [default: em, drawing, load and
    /// roofline].
    #[arg(long, value_parser = ["em", "drawing", "load", "roofline", "starts"])]
    pub only: Option<String>,
    /// Print one JSON document instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Where the points come from.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// Built-in scenario [default: seed].
    #[arg(long, conflicts_with = "data", value_parser = scenario_names())]
    pub scenario: Option<String>,
    /// Read points from a CSV or NumPy .npy file instead of a scenario ("-": standard input).
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    pub data: Option<PathBuf>,
    /// Columns to use, by name or 1-based index, e.g. "x,y" or "2,3"; quote a name holding a comma
    /// ('"a,b",c') [default: every numeric column but a row index].
    #[arg(long, requires = "data")]
    pub columns: Option<String>,
    /// CSV field delimiter: one character, or "tab" [default: tab for a .tsv or .tab file, else ","].
    #[arg(long, requires = "data")]
    pub delimiter: Option<Delimiter>,
    /// CSV thousands separator, dropped between digit groups: "." reads 1.234,5 (a comma then
    /// marks decimals), or "," "'" " " [default: "," inside quotes of a comma-separated file].
    #[arg(long, value_name = "CHAR", requires = "data")]
    pub thousands: Option<ThousandsMark>,
    /// CSV lines starting with this character are comments ("none": no comments).
    #[arg(long, default_value = "#", requires = "data")]
    pub comment: CommentMarker,
    /// Whether the CSV's first row names the columns (auto: decided from the whole file).
    #[arg(
        long,
        default_value = "auto",
        requires = "data",
        value_parser = from_names::<HeaderMode>(&["auto", "yes", "no"])
    )]
    pub header: HeaderMode,
    /// Skip rows with missing or bad values instead of stopping (the count goes to stderr).
    #[arg(long, requires = "data")]
    pub drop_invalid: bool,
    /// Number of scenario points [default: the scenario's own, 2000 for seed].
    #[arg(long, conflicts_with = "data", allow_negative_numbers = true, value_parser = COUNT)]
    pub points: Option<usize>,
    /// Random seed of the scenario's points and of the restarts' starts.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = SEED)]
    pub seed: u64,
}

/// `--seed`'s help where nothing restarts.
const POINTS_SEED_HELP: &str = "Random seed of the --scenario points";

/// The mixture and how EM runs.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Number of components [default: the scenario's clusters, 2 for a file, or the number of --init-means].
    #[arg(short = 'k', long = "components", allow_negative_numbers = true, value_parser = COUNT)]
    pub k: Option<usize>,
    /// Covariance type.
    #[arg(
        long = "covariance",
        default_value = "full",
        value_parser = from_names::<CovarianceType>(&CovarianceType::ALL.map(CovarianceType::name))
    )]
    pub covariance_type: CovarianceType,
    /// Explicit starting means for the first restart: "x,y;x,y" (one group per component).
    #[arg(long, value_name = "MEANS", allow_hyphen_values = true)]
    pub init_means: Option<String>,
    /// Starting covariance V·I for --init-means [default: the data's covariance].
    #[arg(
        long,
        value_name = "V",
        requires = "init_means",
        allow_negative_numbers = true,
        value_parser = RealNumber
    )]
    pub init_variance: Option<f64>,
    /// Starting weights for --init-means, e.g. "1,3" (positive; scaled to sum to 1) [default: equal].
    #[arg(
        long,
        value_name = "WEIGHTS",
        requires = "init_means",
        allow_hyphen_values = true
    )]
    pub init_weights: Option<String>,
    #[command(flatten)]
    pub em: EmArgs,
}

/// How EM runs and restarts: shared by every command that fits (`fit`, `select`, the app).
#[derive(Debug, Args, Clone)]
pub struct EmArgs {
    /// How restarts start [default: mixed: hc, then small-em, whose 2nd, 7th, 12th… restarts
    /// screen hc on bootstrap samples ("small-em hc"); a scenario's own trap first].
    #[arg(long, value_parser = from_names::<InitMethod>(&InitMethod::ALL.map(InitMethod::name)))]
    pub init: Option<InitMethod>,
    /// Added to every covariance diagonal, keeping covariances positive definite.
    #[arg(long, default_value = "1e-6", allow_negative_numbers = true, value_parser = RealNumber)]
    pub reg_covar: f64,
    /// Stop when the mean log-likelihood per point improves by less than this (0: never).
    #[arg(long, default_value = "1e-6", allow_negative_numbers = true, value_parser = RealNumber)]
    pub tol: f64,
    /// Iterations per restart at most (0 returns the start).
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true, value_parser = ITERATIONS)]
    pub max_iter: usize,
    /// Restarts per fit (per cell for `select`); the best log-likelihood wins.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = COUNT)]
    pub restarts: usize,
}

impl ModelArgs {
    /// Refuses values that fit no data (`-k 0`), before a large file is read for nothing.
    pub fn check_values(&self) -> Result<(), InputError> {
        let em = &self.em;
        crate::core::fit::check_option_values(
            self.k.unwrap_or(1),
            em.reg_covar,
            em.tol,
            em.restarts,
        )
    }
}

// Numeric options take `allow_negative_numbers`: clap then hands `-1` to their parser, which
// refuses it in our words (`-k must be at least 1`), where clap would take `-1` for an unknown
// flag and say only "unexpected argument". A zero is refused later, with the other option
// values (`check_option_values`), in the same words.

/// Counts (`-k`, `-n`, `--points`, `--restarts`): a zero is refused after parsing.
const COUNT: WholeNumber<usize> = WholeNumber::refusing("must be at least 1");
/// `--seed`.
const SEED: WholeNumber<u64> = WholeNumber::refusing("must be a non-negative integer");
/// `--max-iter` (0 returns the start).
const ITERATIONS: WholeNumber<usize> = WholeNumber::refusing("must be a non-negative integer");
/// `--fps`: negative, zero and too high are refused in one sentence.
const FPS: WholeNumber<u32> = WholeNumber {
    refusal: "must be between 1 and 120",
    range: Some((1, 120)),
};

/// A whole-number option's parser, which refuses in our words: `{option} {refusal}` for a
/// negative number (or one outside `range`), "expected a whole number" for anything else that
/// is not one. Its errors are [`InputError`]s, which `main` prints as it prints every other bad
/// input: one line, exit status 2.
#[derive(Clone, Copy)]
struct WholeNumber<T: 'static> {
    refusal: &'static str,
    range: Option<(T, T)>,
}

impl<T> WholeNumber<T> {
    const fn refusing(refusal: &'static str) -> Self {
        WholeNumber {
            refusal,
            range: None,
        }
    }
}

impl<T> WholeNumber<T>
where
    T: std::str::FromStr<Err = std::num::ParseIntError> + PartialOrd + Copy,
{
    fn parse(&self, option: &str, text: &str) -> Result<T, InputError> {
        let refused = || InputError::new(format!("{option} {}", self.refusal));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if text.strip_prefix('-').is_some_and(digits) {
            return Err(refused());
        }
        if !digits(text) {
            return Err(InputError::new(format!(
                "{option} '{text}': expected a whole number"
            )));
        }
        let value: T = text
            .parse()
            .map_err(|_| InputError::new(format!("{option} {text}: too large a number")))?;
        match self.range {
            Some((low, high)) if value < low || value > high => Err(refused()),
            _ => Ok(value),
        }
    }
}

impl<T> TypedValueParser for WholeNumber<T>
where
    T: std::str::FromStr<Err = std::num::ParseIntError> + PartialOrd + Copy + Send + Sync,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let (parser, option) = (*self, option_name(arg));
        // Parsed as clap parses with any function, so that our InputError reaches
        // `clap_error::value_error` as the error's source.
        let parse = move |text: &str| parser.parse(&option, text);
        parse.parse_ref(cmd, arg, value)
    }
}

/// A real-number option's parser (`--reg-covar`, `--tol`, `--init-variance`): anything but a
/// number is refused in our words; the ranges are checked after parsing, with the other options.
#[derive(Clone, Copy)]
struct RealNumber;

impl TypedValueParser for RealNumber {
    type Value = f64;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<f64, clap::Error> {
        let option = option_name(arg);
        let parse = move |text: &str| {
            text.trim()
                .parse()
                .map_err(|_| InputError::new(format!("{option} '{text}': expected a number")))
        };
        parse.parse_ref(cmd, arg, value)
    }
}

/// How our refusals name an option: `-k` where it has a short name, else `--reg-covar`.
fn option_name(arg: Option<&clap::Arg>) -> String {
    let short = arg.and_then(clap::Arg::get_short).map(|c| format!("-{c}"));
    let long = arg.and_then(clap::Arg::get_long).map(|l| format!("--{l}"));
    short.or(long).unwrap_or_default()
}

/// A parser accepting only `names` (so that shells complete them), each parsed to a `T`.
fn from_names<T>(names: &[&'static str]) -> impl TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Debug,
{
    PossibleValuesParser::new(names.to_vec())
        .map(|name| name.parse::<T>().expect("every listed name parses"))
}

/// The built-in scenarios' names, for completion and checking, each with its one-line summary
/// (`--help` lists them: a teacher picks one without trying each).
fn scenario_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::core::scenario::scenarios()
            .into_iter()
            .map(|s| clap::builder::PossibleValue::new(s.name).help(s.summary)),
    )
}
