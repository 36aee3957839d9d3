//! The command line: parse arguments, run a headless command, print, and map bad input to a
//! one-line error with exit status 2.

pub mod args;
pub mod bench;
pub mod entry;
pub mod predict;
pub mod progress;
pub mod report;
pub mod select;
pub mod setup;

use std::io::Write;

use clap::CommandFactory;

use crate::core::fit::fit_with;
use crate::core::model_file::{FitSummary, ModelFile};
use crate::core::{EmSettings, FitResult, InputError, RunStatus};
use crate::format::{plural, shortest};
use args::{Cli, CompletionsArgs, FitArgs, GenerateArgs};
use setup::LoadedData;

/// Exit status for bad input or options (as clap uses for bad arguments).
pub const EXIT_BAD_INPUT: i32 = 2;

/// `gmm-tui fit`: writes the report to `out`, and with `--save` the best restart as a model file.
pub fn run_fit(args: &FitArgs, out: &mut impl Write) -> Result<(), InputError> {
    args.model.check_values()?;
    let data = setup::load_data(&args.data)?;
    data.announce();
    let options = setup::fit_options(&args.model, &data, args.data.seed)?;
    setup::announce_faint_columns(&data, options.settings.reg_covar);
    let preference = setup::preference(args.allow_spurious);
    let fitting = progress::Spinner::after_a_second(format!(
        "fitting {} on {}",
        plural(options.restarts, "restart"),
        plural(data.dataset.n(), "point")
    ));
    let result = fit_with(&data.dataset, &options, preference, &|| {});
    drop(fitting);
    let result = result?;
    if result.best().status.is_degenerate() {
        // As scikit-learn refuses a fit whose covariances are ill-defined: a model with a
        // singular covariance has no density to report, save or predict with.
        return Err(no_model(
            &data.dataset,
            &options,
            &result,
            args.model.init_means.is_some(),
        ));
    }
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

/// Why every restart ended degenerate, and what to change. An explicit start (`explicit`:
/// `--init-means`) that already leaves a component without points is named as the cause:
/// neither regularising nor fewer components would help it.
pub fn no_model(
    data: &crate::core::Dataset,
    options: &crate::core::FitOptions,
    result: &FitResult,
    explicit: bool,
) -> InputError {
    let best = result.best();
    let fewer = if options.k > 1 {
        ", fit fewer components"
    } else {
        ""
    };
    let advice = match best.status {
        RunStatus::EmptyComponent(c) if explicit && result.best == 0 && best.iterations == 0 => {
            let d = data.dim();
            let mean = &best.model.means[c * d..(c + 1) * d];
            let at: Vec<String> = mean.iter().map(|&v| shortest(v)).collect();
            let (far, change) = if far_from_the_data(data, mean) {
                (
                    ", far from every point",
                    "start it among the data (--init-means)",
                )
            } else {
                ("", "raise its --init-weights share or --init-variance")
            };
            format!(
                "component {} starts at ({}){far}: it gets no responsibility, so no point can \
                 move it; {change}",
                c + 1,
                at.join(", ")
            )
        }
        RunStatus::EmptyComponent(c) => {
            format!(
                "component {} lost all its points; try more restarts{fewer}",
                c + 1
            )
        }
        _ => {
            let reg_covar = options.settings.reg_covar;
            let default = EmSettings::default().reg_covar;
            let differs = if reg_covar == default {
                String::new()
            } else {
                format!(" (default {})", shortest(default))
            };
            format!(
                "raise --reg-covar above its {}{differs}{fewer} or scale the data",
                shortest(reg_covar)
            )
        }
    };
    let ended = match best.status {
        RunStatus::EmptyComponent(_) => "an empty component",
        _ => "a singular covariance",
    };
    InputError::new(format!(
        "every restart ended with {ended} (degenerate), so there is no model to report: {advice}"
    ))
}

/// Whether `point` lies beyond the data's range, by more than that range, in some column.
fn far_from_the_data(data: &crate::core::Dataset, point: &[f64]) -> bool {
    point.iter().enumerate().any(|(a, &v)| {
        let column = data.column(a);
        let low = column.iter().copied().fold(f64::INFINITY, f64::min);
        let high = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = (high - low).max(f64::MIN_POSITIVE);
        v < low - span || v > high + span
    })
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
        "data:  {source} — {} in {} ({})\n",
        plural(n, "point"),
        plural(dim, "dimension"),
        columns
            .iter()
            .map(|name| if name.is_empty() { "''" } else { name })
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The command's name, as shells and manual pages know it.
const BIN_NAME: &str = "gmm-tui";

/// `gmm-tui completions SHELL`.
pub fn run_completions(args: &CompletionsArgs, out: &mut impl Write) -> Result<(), InputError> {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), BIN_NAME, &mut buffer);
    let mut script = String::from_utf8(buffer).expect("completion scripts are UTF-8");
    if args.shell == clap_complete::Shell::Bash {
        script = mend_bash_states(&script);
    }
    write_out(out, script.as_bytes())
}

/// clap_complete 4.6.11 names bash's per-subcommand states inconsistently when the binary's
/// name has a hyphen (clap-rs/clap#6421, open): the loop that reads the words spells a state
/// `gmm__tui__subcmd__fit`, the `case` arms `gmm__subcmd__tui__subcmd__fit`, so no arm
/// matches and nothing completes after a subcommand. The arms are respelt as the loop spells
/// them; once clap_complete is fixed the pattern is absent and this changes nothing.
fn mend_bash_states(script: &str) -> String {
    let misspelt = BIN_NAME.replace('-', "__subcmd__");
    let spelt = BIN_NAME.replace('-', "__");
    script.replace(
        &format!("{misspelt}__subcmd__"),
        &format!("{spelt}__subcmd__"),
    )
}

/// `gmm-tui man`: one manual page in roff for the app and every command, each command with
/// its synopsis, description and every option (`man gmm-tui` then tells all; clap_mangen's own
/// page would point to a `gmm-tui-fit(1)` page per command that no one installs).
pub fn run_man(out: &mut impl Write) -> Result<(), InputError> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let man = clap_mangen::Man::new(cli.clone());
    let mut page = Vec::new();
    let rendered = (|| -> std::io::Result<()> {
        man.render_title(&mut page)?;
        page.extend(section(|w| man.render_name_section(w), Heading::Keep)?);
        page.extend(section(|w| man.render_synopsis_section(w), Heading::Keep)?);
        page.extend(section(
            |w| man.render_description_section(w),
            Heading::Keep,
        )?);
        page.extend(section(|w| man.render_options_section(w), Heading::Keep)?);
        page.extend_from_slice(b".SH COMMANDS\n");
        for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
            let name = command.get_bin_name().unwrap_or(command.get_name());
            page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
            let man = clap_mangen::Man::new(command.clone());
            page.extend(section(|w| man.render_synopsis_section(w), Heading::Drop)?);
            page.extend_from_slice(b".PP\n");
            page.extend(section(
                |w| man.render_description_section(w),
                Heading::Drop,
            )?);
            if command.get_arguments().any(|a| !a.is_hide_set()) {
                page.extend_from_slice(b".PP\nOptions:\n");
                page.extend(section(|w| man.render_options_section(w), Heading::Drop)?);
            }
        }
        page.extend(section(|w| man.render_version_section(w), Heading::Keep)?);
        Ok(())
    })();
    rendered.expect("writing to memory cannot fail");
    write_out(out, &page)
}

/// Whether a section keeps its own `.SH` heading, or sits under another.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heading {
    Keep,
    Drop,
}

/// A section clap_mangen renders, from its `.SH` heading on (each rendering repeats the page's
/// preamble before it).
fn section(
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    heading: Heading,
) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    render(&mut roff)?;
    let text = String::from_utf8(roff).expect("roff is UTF-8");
    let Some(start) = text.find(".SH") else {
        return Ok(text.into_bytes());
    };
    let from = match heading {
        Heading::Keep => start,
        Heading::Drop => text[start..]
            .find('\n')
            .map_or(text.len(), |end| start + end + 1),
    };
    Ok(text.as_bytes()[from..].to_vec())
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
