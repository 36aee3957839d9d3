//! Running the real binary from integration tests, and files for it to read.

use std::path::PathBuf;
use std::process::{Command, Output};

/// `gmm-tui ARGS…`, waited for.
pub fn gmm_tui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gmm-tui"))
        .args(args)
        .output()
        .unwrap()
}

/// Its stdout, after checking it succeeded.
pub fn stdout_of(args: &[&str]) -> String {
    let out = gmm_tui(args);
    assert!(out.status.success(), "gmm-tui {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file in a fresh folder of the test process's scratch folder (removed when the process
/// exits; `tag` names the folder).
pub fn temp_file(tag: &str, name: &str, contents: &str) -> PathBuf {
    let path = temp_dir(tag).join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

pub fn temp_dir(tag: &str) -> PathBuf {
    crate::common::scratch_dir(tag)
}

/// A one-component model fitted on the CSV at `data` and saved in a fresh folder of the scratch
/// folder (`tag` names it); its path.
pub fn one_component_model(tag: &str, data: &str) -> String {
    let model = temp_dir(tag).join("m.json").display().to_string();
    let args = [
        "fit",
        "-k",
        "1",
        "--restarts",
        "1",
        "--data",
        data,
        "--save",
        &model,
    ];
    let out = gmm_tui(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    model
}

/// A file of tests/fixtures.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses CSV output with a header into the header and rows of numbers.
pub fn numeric_csv(text: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(|v| v.parse::<f64>().unwrap()).collect())
        .collect();
    (header, rows)
}
