//! The commands of the README and the guide run as written: every `gmm-tui` line of their fenced `sh` blocks that
//! needs no file of the reader's own (built-in scenarios, and files earlier examples wrote), and
//! every quoted `text` block that starts with `$ gmm-tui …`, whose output must match line by line
//! (a line `…` stands for any number of lines). All run in one scratch directory, in page order,
//! through `sh` with the test's binary first on PATH.

use std::path::Path;
use std::process::Command;

/// A fenced block: its info string and its lines.
struct Block {
    info: String,
    lines: Vec<String>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Block {
                    info: info.trim().to_string(),
                    lines: Vec::new(),
                })
            }
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some(block), None) => block.lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    out
}

/// A command line without its trailing `# comment`.
fn without_comment(line: &str) -> &str {
    match line.find("  #") {
        Some(i) => line[..i].trim_end(),
        None => line.trim_end(),
    }
}

/// Runs `command` through `sh` in `dir`; stdout and whether it succeeded.
fn shell(dir: &Path, command: &str) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gmm-tui")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What commands printed, kept for a repeat (the guide repeats the README's examples): a
/// command that writes no file, run again on the same input files, prints the same.
#[derive(Default)]
struct Outputs(std::collections::HashMap<(String, Vec<Vec<u8>>), Output>);

/// A command's stdout, whether it succeeded, and its stderr.
type Output = (String, bool, String);

impl Outputs {
    fn shell(&mut self, dir: &Path, command: &str) -> Output {
        if command.contains('>') || command.contains("--save") {
            return shell(dir, command);
        }
        let inputs = inputs(command)
            .map(|file| std::fs::read(dir.join(file)).unwrap_or_default())
            .collect();
        let key = (command.to_string(), inputs);
        self.0
            .entry(key)
            .or_insert_with(|| shell(dir, command))
            .clone()
    }
}

/// The files the command reads (`--data F`, `--model F`).
fn inputs(command: &str) -> impl Iterator<Item = &str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let files: Vec<&str> = words
        .windows(2)
        .filter(|w| matches!(w[0], "--data" | "--model") && w[1] != "-")
        .map(|w| w[1])
        .collect();
    files.into_iter()
}

/// Files the command reads (`--data F`, `--model F`) that are not in `dir`: the reader's own.
fn missing_inputs(dir: &Path, command: &str) -> Vec<String> {
    inputs(command)
        .filter(|file| !dir.join(file).exists())
        .map(str::to_string)
        .collect()
}

/// Whether the line is one this test runs: a headless `gmm-tui` command (not the app, not the
/// timing run) whose tools are here.
fn runnable(command: &str) -> bool {
    let mut words = command.split_whitespace();
    if words.next() != Some("gmm-tui") {
        return false;
    }
    let headless = words
        .next()
        .is_some_and(|w| !w.starts_with('-') && w != "bench");
    let tools_here = !command.contains("| jq") || shell(Path::new("."), "command -v jq").1;
    let pager = command.contains("man -l");
    headless && tools_here && !pager
}

/// Whether `actual` matches `expected`, where an expected line `…` (alone, trimmed) matches any
/// run of lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line.trim_end() == first.trim_end() && matches(rest, more)),
    }
}

#[test]
fn the_readmes_examples_run_as_written_and_print_what_it_quotes() {
    // The README's examples, then the guide's, which may use files the README's wrote.
    let readme = ["README.md", "docs/guide.md"]
        .map(|page| {
            std::fs::read_to_string(format!("{}/{page}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        })
        .join("\n");
    let dir = crate::binary::temp_dir("readme");
    let (mut ran, mut quoted) = (0, 0);
    let mut outputs = Outputs::default();
    for block in blocks(&readme) {
        match block.info.as_str() {
            "sh" => {
                for line in &block.lines {
                    let command = without_comment(line);
                    if !runnable(command) || !missing_inputs(&dir, command).is_empty() {
                        continue;
                    }
                    let (_, ok, stderr) = outputs.shell(&dir, command);
                    assert!(ok, "README example failed: {command}\n{stderr}");
                    ran += 1;
                }
            }
            "text" => {
                let Some(command) = block.lines.first().and_then(|l| l.strip_prefix("$ ")) else {
                    continue;
                };
                assert!(
                    missing_inputs(&dir, command).is_empty(),
                    "quoted output of `{command}` needs a file no earlier example writes"
                );
                let (stdout, ok, stderr) = outputs.shell(&dir, command);
                assert!(ok, "README quote failed: {command}\n{stderr}");
                let expected: Vec<&str> = block.lines[1..].iter().map(String::as_str).collect();
                let actual: Vec<&str> = stdout.lines().collect();
                assert!(
                    matches(&expected, &actual),
                    "README quotes `{command}` as\n{}\nbut it prints\n{stdout}",
                    expected.join("\n")
                );
                quoted += 1;
            }
            _ => {}
        }
    }
    assert!(ran >= 8, "only {ran} README examples ran");
    assert!(quoted >= 3, "only {quoted} quoted outputs checked");
}

#[test]
fn an_ellipsis_line_stands_for_any_run_of_lines_and_nothing_else_is_loose() {
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "…", "d"], &["a", "d"]));
    assert!(!matches(&["a", "…", "d"], &["a", "b"]));
    assert!(!matches(&["a", "b"], &["a", "b", "c"]));
    assert!(!matches(&["a", "x"], &["a", "b"]));
}

/// The pages a reader may open: the README and every page it leads to.
const PAGES: [&str; 7] = [
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "docs/guide.md",
    "docs/performance.md",
    "docs/decisions.md",
    "python/README.md",
];

fn pages() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    PAGES
        .iter()
        .filter_map(|page| {
            let text = std::fs::read_to_string(format!("{root}/{page}")).ok()?;
            Some((page.to_string(), text))
        })
        .collect()
}

#[test]
fn no_page_holds_a_merge_conflicts_markers() {
    // Twice a merge left `<<<<<<<` blocks in CHANGELOG.md that nothing else would have caught.
    for (page, text) in pages() {
        for (n, line) in text.lines().enumerate() {
            let marker = ["<<<<<<< ", "=======", ">>>>>>> "]
                .iter()
                .any(|m| line.starts_with(m) && (m.ends_with(' ') || line == *m));
            assert!(
                !marker,
                "{page}:{}: a merge conflict's marker: {line}",
                n + 1
            );
        }
    }
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped but `-` and `_`, spaces
/// to `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    markdown
        .lines()
        .filter(|line| {
            if line.starts_with("```") {
                fenced = !fenced;
            }
            !fenced && line.starts_with('#')
        })
        .map(|line| slug(line.trim_start_matches('#')))
        .collect()
}

/// Every `](target)` of a page outside code, with its line number.
fn links(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in markdown.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((n + 1, after[..end].to_string()));
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves_to_a_file_and_heading() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = pages();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, text) in &pages {
        let dir = Path::new(page).parent().unwrap();
        for (line, target) in links(text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let path = if file.is_empty() {
                Path::new(page).to_path_buf()
            } else {
                dir.join(file)
            };
            checked += 1;
            let Ok(linked) = std::fs::read_to_string(root.join(&path)) else {
                if !root.join(&path).exists() {
                    broken.push(format!("{page}:{line}: {target} (no such file)"));
                }
                continue;
            };
            if !fragment.is_empty() && !anchors(&linked).iter().any(|a| a == fragment) {
                broken.push(format!("{page}:{line}: {target} (no such heading)"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked >= 5, "only {checked} links checked");
}

/// A command line's words as a shell would split them (quotes kept together), up to the first
/// pipe or redirection.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, '|' | '>' | '<') => break,
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn every_command_line_the_docs_show_parses() {
    use clap::Parser;
    let mut refused = Vec::new();
    let mut parsed = 0;
    for (page, text) in pages() {
        for block in blocks(&text) {
            // A shell block is all commands; elsewhere only a line after a `$ ` prompt is one
            // (a text block may be a screen whose title starts with the program's name).
            let shell_block = matches!(block.info.as_str(), "sh" | "bash" | "console");
            for line in &block.lines {
                let line = match line.strip_prefix("$ ") {
                    Some(command) => command,
                    None if shell_block => line,
                    None => continue,
                };
                let command = without_comment(line);
                if !command.starts_with("gmm-tui") {
                    continue;
                }
                let words = shell_words(command);
                parsed += 1;
                if let Err(error) = gmm_tui::cli::args::Cli::try_parse_from(&words) {
                    use clap::error::ErrorKind;
                    if !matches!(
                        error.kind(),
                        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
                    ) {
                        refused.push(format!("{page}: {command}\n  {}", error.kind()));
                    }
                }
            }
        }
    }
    assert!(
        refused.is_empty(),
        "commands that do not parse:\n{}",
        refused.join("\n")
    );
    assert!(parsed >= 10, "only {parsed} command lines found");
}

#[test]
fn headings_become_githubs_anchors_and_shell_words_keep_quotes_together() {
    assert_eq!(slug(" The app: keys & views"), "the-app-keys--views");
    assert_eq!(slug("`gmm-tui fit`"), "gmm-tui-fit");
    assert_eq!(
        shell_words(r#"gmm-tui fit --init-means "0,0;6,6" -k 2 | jq ."#),
        ["gmm-tui", "fit", "--init-means", "0,0;6,6", "-k", "2"]
    );
}
