//! Command-line arguments (clap derive): the data and model options shared by the app and `fit`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::core::input::{CommentMarker, Delimiter, HeaderMode};
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
    #[arg(
        long,
        default_value_t = 30,
        allow_negative_numbers = true,
        value_parser = frames_per_second
    )]
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
    /// The points (CSV columns are matched by the model's column names unless --columns is given).
    #[command(flatten)]
    pub data: DataArgs,
    /// Add each component's probability (columns proba_0 … proba_K-1).
    #[arg(long)]
    pub proba: bool,
}

#[derive(Debug, Args)]
#[command(mut_arg("seed", |seed| seed.help(POINTS_SEED_HELP)))]
pub struct ScoreArgs {
    #[command(flatten)]
    pub model: ModelFileArg,
    /// The points (CSV columns are matched by the model's column names unless --columns is given).
    #[command(flatten)]
    pub data: DataArgs,
    /// Print one JSON document (score, n, score_samples) instead of CSV.
    #[arg(long)]
    pub json: bool,
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
        value_parser = whole_number::<usize>("-n", AT_LEAST_ONE)
    )]
    pub n: usize,
    /// Random seed.
    #[arg(
        long,
        default_value_t = 1,
        allow_negative_numbers = true,
        value_parser = whole_number::<u64>("--seed", NON_NEGATIVE)
    )]
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
    #[arg(
        long,
        allow_negative_numbers = true,
        value_parser = whole_number::<usize>("--points", AT_LEAST_ONE)
    )]
    pub points: Option<usize>,
    /// Random seed of the data.
    #[arg(
        long,
        default_value_t = 1,
        allow_negative_numbers = true,
        value_parser = whole_number::<u64>("--seed", NON_NEGATIVE)
    )]
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
    /// Run one part only: em, drawing, load or roofline [default: all four].
    #[arg(long, value_parser = ["em", "drawing", "load", "roofline"])]
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
    /// CSV lines starting with this character are comments ("none": no comments).
    #[arg(long, default_value = "#", requires = "data")]
    pub comment: CommentMarker,
    /// Whether the CSV's first row names the columns (auto: decided from the whole file).
    #[arg(long, default_value = "auto", requires = "data", value_parser = from_names::<HeaderMode>(&["auto", "yes", "no"]))]
    pub header: HeaderMode,
    /// Skip rows with missing or bad values instead of stopping (the count goes to stderr).
    #[arg(long, requires = "data")]
    pub drop_invalid: bool,
    /// Number of scenario points [default: the scenario's own, 2000 for seed].
    #[arg(
        long,
        conflicts_with = "data",
        allow_negative_numbers = true,
        value_parser = whole_number::<usize>("--points", AT_LEAST_ONE)
    )]
    pub points: Option<usize>,
    /// Random seed of the scenario's points and of the restarts' starts.
    #[arg(
        long,
        default_value_t = 1,
        allow_negative_numbers = true,
        value_parser = whole_number::<u64>("--seed", NON_NEGATIVE)
    )]
    pub seed: u64,
}

/// `--seed`'s help where nothing restarts.
const POINTS_SEED_HELP: &str = "Random seed of the --scenario points";

/// The mixture and how EM runs.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Number of components [default: the scenario's clusters, 2 for a file, or the number of --init-means].
    #[arg(
        short = 'k',
        long = "components",
        allow_negative_numbers = true,
        value_parser = whole_number::<usize>("-k", AT_LEAST_ONE)
    )]
    pub k: Option<usize>,
    /// Covariance type.
    #[arg(long = "covariance", default_value = "full", value_parser = from_names::<CovarianceType>(&CovarianceType::ALL.map(CovarianceType::name)))]
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
        value_parser = number("--init-variance")
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
    /// How restarts start [default: kmeans++, and a scenario's own trap first].
    #[arg(long, value_parser = from_names::<InitMethod>(&InitMethod::ALL.map(InitMethod::name)))]
    pub init: Option<InitMethod>,
    /// Added to every covariance diagonal, keeping covariances positive definite.
    #[arg(
        long,
        default_value = "1e-6",
        allow_negative_numbers = true,
        value_parser = number("--reg-covar")
    )]
    pub reg_covar: f64,
    /// Stop when the mean log-likelihood per point improves by less than this (0: never).
    #[arg(
        long,
        default_value = "1e-6",
        allow_negative_numbers = true,
        value_parser = number("--tol")
    )]
    pub tol: f64,
    /// Iterations per restart at most (0 returns the start).
    #[arg(
        long,
        default_value_t = 1000,
        allow_negative_numbers = true,
        value_parser = whole_number::<usize>("--max-iter", NON_NEGATIVE)
    )]
    pub max_iter: usize,
    /// Restarts per fit (per cell for `select`); the best log-likelihood wins.
    #[arg(
        long,
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = whole_number::<usize>("--restarts", AT_LEAST_ONE)
    )]
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

/// How [`whole_number`] refuses a negative value of an option that must be positive: as the
/// checks after parsing refuse a zero (`-k must be at least 1`).
const AT_LEAST_ONE: &str = "must be at least 1";
/// How [`whole_number`] refuses a negative value of an option that may be zero.
const NON_NEGATIVE: &str = "must be a non-negative integer";

/// A whole-number option's parser. Given `allow_negative_numbers`, clap hands it `-1` (else
/// it would take `-1` for an unknown option and say only "unexpected argument"), and it refuses
/// it in our words: `{option} {refusal}`. Its errors are [`InputError`]s, which `main` prints
/// as it prints every other bad input: one line, exit status 2.
fn whole_number<T>(
    option: &'static str,
    refusal: &'static str,
) -> impl Fn(&str) -> Result<T, InputError> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr<Err = std::num::ParseIntError>,
{
    move |text| {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if text.strip_prefix('-').is_some_and(digits) {
            return Err(InputError::new(format!("{option} {refusal}")));
        }
        if !digits(text) {
            return Err(InputError::new(format!(
                "{option} '{text}': expected a whole number"
            )));
        }
        text.parse()
            .map_err(|_| InputError::new(format!("{option} {text}: too large a number")))
    }
}

/// The fewest and most frames per second `--fps` takes.
const FPS_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

/// `--fps`: a whole number in [`FPS_RANGE`], refused in one sentence whether negative, zero or
/// too high.
fn frames_per_second(text: &str) -> Result<u32, InputError> {
    const REFUSAL: &str = "must be between 1 and 120";
    let fps = whole_number::<u32>("--fps", REFUSAL)(text)?;
    if FPS_RANGE.contains(&fps) {
        Ok(fps)
    } else {
        Err(InputError::new(format!("--fps {REFUSAL}")))
    }
}

/// A real-number option's parser: anything but a number is refused in our words; the range
/// (`--reg-covar` ≥ 0, `--init-variance` > 0) is checked after parsing, with the other options.
fn number(
    option: &'static str,
) -> impl Fn(&str) -> Result<f64, InputError> + Clone + Send + Sync + 'static {
    move |text| {
        text.trim()
            .parse()
            .map_err(|_| InputError::new(format!("{option} '{text}': expected a number")))
    }
}

/// What clap refused, as one line of ours (exit status 2, as every bad input): a value
/// (`--fps 0`, `--covariance foo`, `--delimiter ab`) by [`value_error`], anything else (an
/// unknown flag, a missing argument or value) by [`usage_error`]. `None` where clap is not
/// refusing but showing help or the version.
pub fn refusal(e: &clap::Error) -> Option<InputError> {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => None,
        _ => Some(value_error(e).unwrap_or_else(|| InputError::new(usage_error(e)))),
    }
}

/// clap's refusal of an option's value: our parsers' [`InputError`]s as they are, clap's own (a
/// value outside a list, a `FromStr` refusal) rebuilt from the error's context; `None` for
/// another kind of error.
fn value_error(e: &clap::Error) -> Option<InputError> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let cause = std::error::Error::source(e);
    if let Some(ours) = cause.and_then(|c| c.downcast_ref::<InputError>()) {
        return Some(ours.clone());
    }
    if !matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::String(one)) => vec![one.clone()],
        Some(ContextValue::Strings(many)) => many.clone(),
        _ => Vec::new(),
    };
    // "--delimiter <DELIMITER>" names `--delimiter`; a positional's "<SHELL>" is `shell`.
    let arg = strings(ContextKind::InvalidArg).pop()?;
    let option = match arg.split_once(" <") {
        Some((flag, _)) => flag.to_string(),
        None => arg.trim_matches(['<', '>']).to_lowercase(),
    };
    let value = strings(ContextKind::InvalidValue).pop().unwrap_or_default();
    let why = match cause {
        Some(cause) => cause.to_string(),
        None => {
            let mut valid = strings(ContextKind::ValidValue);
            let last = valid.pop()?;
            let listed = if valid.is_empty() {
                last
            } else {
                format!("{} or {last}", valid.join(", "))
            };
            let guess = strings(ContextKind::SuggestedValue);
            match guess.first() {
                Some(guess) => format!("expected {listed} (did you mean '{guess}'?)"),
                None => format!("expected {listed}"),
            }
        }
    };
    Some(InputError::new(format!("{option} '{value}': {why}")))
}

/// clap's other refusals (an unknown flag, a missing argument) in one line, with its tip if it
/// has one: "unexpected argument '--tol0' found (a similar argument exists: '--tol'; --help
/// lists the options)".
fn usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_start_matches("error: ");
    // Indented lines before the usage: a list that belongs to the first line (the missing
    // arguments), or a tip.
    let indented = lines
        .take_while(|l| !l.starts_with("Usage:"))
        .filter(|l| l.starts_with("  "))
        .map(str::trim);
    let (tips, listed): (Vec<&str>, Vec<&str>) = indented.partition(|l| l.starts_with("tip: "));
    let tip = tips.first().map(|t| t.trim_start_matches("tip: "));
    let mut message = first.trim_end_matches(':').to_string();
    if !listed.is_empty() {
        message += &format!(": {}", listed.join(", "));
    }
    match tip {
        Some(tip) => format!("{message} ({tip}; --help lists the options)"),
        None => format!("{message} (--help lists the options)"),
    }
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

/// The built-in scenarios' names, for completion and checking.
fn scenario_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::core::scenario::scenarios()
            .into_iter()
            .map(|s| s.name),
    )
}
