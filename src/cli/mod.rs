//! The command line: parse arguments, run a headless command, print, and map bad input to a
//! one-line error with exit status 2.

pub mod args;
pub mod bench;
pub mod clap_error;
pub mod entry;
pub mod fit;
pub mod predict;
pub mod progress;
pub mod report;
pub mod select;
pub mod setup;

use std::io::Write;

use clap::CommandFactory;

use crate::core::InputError;
use crate::core::input::Loaded;
use crate::format::plural;
use args::{Cli, CompletionsArgs, GenerateArgs};

/// Exit status for bad input or options (as clap uses for bad arguments).
pub const EXIT_BAD_INPUT: i32 = 2;

/// `scenario:NAME` or the CSV path: how reports and model files name the data.
pub fn source_name(data: &Loaded) -> String {
    match &data.scenario {
        Some(s) => format!("scenario:{}", s.name),
        None => data.dataset.source.clone(),
    }
}

/// The first line of the `fit` and `select` reports; a wide file's columns as the first three
/// and the last.
pub fn data_line(source: &str, n: usize, dim: usize, columns: &[String]) -> String {
    format!(
        "data:  {source} — {} in {} ({})\n",
        plural(n, "point"),
        plural(dim, "dimension"),
        column_list(columns)
    )
}

/// Column names, comma-separated; more than six as the first three, `…` and the last.
pub fn column_list(columns: &[String]) -> String {
    let name = |name: &String| {
        if name.is_empty() {
            "''".to_string()
        } else {
            name.clone()
        }
    };
    let shown: Vec<String> = match columns {
        [first @ .., last] if columns.len() > 6 => first[..3]
            .iter()
            .map(name)
            .chain(["…".to_string(), name(last)])
            .collect(),
        _ => columns.iter().map(name).collect(),
    };
    shown.join(", ")
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
