//! Round four at the command line: model files with a repeated key, `--model -`, an outlier
//! that `--drop-invalid` skips, `.npy` headers that undercount, and option values echoed as
//! typed.

use super::*;
use crate::binary::{fixture, one_component_model};

const POINTS: &str = "a,b\n0.1,5.2\n0.5,4.1\n1.2,6.3\n0.7,3.9\n1.9,5.5\n0.3,7.1\n";

fn refusal(args: &[&str]) -> String {
    let out = gmm_tui(args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    message.trim_end().to_string()
}

#[test]
fn a_model_file_with_a_repeated_key_is_refused_naming_it() {
    let data = csv_file("r4-points.csv", POINTS).display().to_string();
    let model = one_component_model("r4-dupkey", &data);
    let text = std::fs::read_to_string(&model).unwrap();
    let duplicated = text.replacen("\"k\": 1,", "\"k\": 1,\n  \"weights\": [1.0],", 1);
    let repeated = csv_file("r4-dup.json", &duplicated).display().to_string();
    let message = refusal(&["score", "--model", &repeated, "--data", &data]);
    assert!(
        message.starts_with(&format!(
            "gmm-tui: error: {repeated}: not a valid model file: the key \"weights\" appears \
             twice at line "
        )),
        "{message}"
    );
    // Nested objects are checked too.
    let nested = text.replacen("\"n\":", "\"source\": \"x\", \"n\":", 1);
    let nested = csv_file("r4-nested.json", &nested).display().to_string();
    let message = refusal(&["score", "--model", &nested, "--data", &data]);
    assert!(
        message.contains("the key \"source\" appears twice"),
        "{message}"
    );
}

#[test]
fn a_model_from_standard_input_is_refused_by_name() {
    let data = csv_file("r4-stdin.csv", POINTS).display().to_string();
    assert_eq!(
        refusal(&["predict", "--model", "-", "--data", &data]),
        "gmm-tui: error: --model -: a model is read from a file, not standard input (give its \
         path; `--data -` reads points from standard input)"
    );
}

#[test]
fn an_outlier_beyond_the_squarable_range_is_skipped_by_drop_invalid() {
    let data = csv_file("r4-train.csv", POINTS).display().to_string();
    let model = one_component_model("r4-huge", &data);
    let huge = csv_file("r4-huge.csv", &POINTS.replacen("0.5,4.1", "1e200,4.1", 1))
        .display()
        .to_string();
    let message = refusal(&["predict", "--model", &model, "--data", &huge]);
    assert!(
        message.ends_with(
            "column 'a' ranges from 0.1 to 1e200: beyond ±1e145 its squares overflow f64; \
             rescale the column (--drop-invalid skips such rows)"
        ),
        "{message}"
    );
    let out = gmm_tui(&[
        "predict",
        "--model",
        &model,
        "--data",
        &huge,
        "--drop-invalid",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let labels = String::from_utf8(out.stdout).unwrap();
    assert_eq!(labels, "component\n0\nNA\n0\n0\n0\n0\n");
}

#[test]
fn npy_files_that_hold_more_than_their_header_says_or_structured_records_are_refused() {
    let undercount = fixture("rows_beyond_shape.npy");
    assert_eq!(
        refusal(&["fit", "--data", &undercount, "-k", "1"]),
        format!(
            "gmm-tui: error: {undercount}: the header announces 6 values (2 × 3), but the file \
             holds 3 more values after them: an edited header or appended data; re-save the array"
        )
    );
    let structured = fixture("structured.npy");
    assert_eq!(
        refusal(&["fit", "--data", &structured, "-k", "1"]),
        format!(
            "gmm-tui: error: {structured}: a structured array (fields 'a' <f8, 'b' <f8); save a \
             plain 2-D float array"
        )
    );
}

#[test]
fn option_values_are_echoed_as_typed_and_a_multiindex_header_fits() {
    let data = csv_file("r4-nl.csv", POINTS).display().to_string();
    assert_eq!(
        refusal(&["fit", "--data", &data, "--delimiter", "\\n"]),
        "gmm-tui: error: --delimiter '\\n': one ASCII character other than a quote or line \
         end, or 'tab'"
    );
    let multi = csv_file(
        "r4-multi.csv",
        ",g,g\n,a,b\n0,0.5,1.5\n1,0.7,2.5\n2,0.1,0.5\n",
    )
    .display()
    .to_string();
    let json = fit_json(&["--data", &multi, "-k", "1", "--restarts", "1"]);
    assert_eq!(json["data"]["columns"], serde_json::json!(["g.a", "g.b"]));
}

/// A `.npy` file of `rows` × `columns` float64 values (each row i holds i, i², …), its path.
fn npy_file(tag: &str, rows: usize, columns: usize) -> String {
    let mut bytes = gmm_tui::core::input::npy::npy_header("<f8", false, &[rows, columns]);
    for i in 0..rows {
        for c in 0..columns {
            bytes.extend(((i as f64).powi(c as i32 + 1) + 0.1 * c as f64).to_le_bytes());
        }
    }
    let path = crate::binary::temp_dir(tag).join("points.npy");
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A stranger's hostile files, round five: a model of a 2-column array scored on a 50-column
/// one used its first two columns with exit 0 (an array has no names to choose by), and a
/// `.npy` given as the model, random bytes named `.npy` and a column with no valid value got
/// messages that did not say so.
#[test]
fn arrays_without_names_are_never_cut_to_a_models_columns() {
    let narrow = npy_file("r5-narrow", 60, 2);
    let wide = npy_file("r5-wide", 60, 50);
    let model = crate::binary::temp_dir("r5-model").join("m.json");
    let model = model.display().to_string();
    let out = gmm_tui(&["fit", "--data", &narrow, "-k", "1", "--save", &model]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        refusal(&["score", "--model", &model, "--data", &wide]),
        "gmm-tui: error: the model has 2 dimensions (x1, x2), the data 50 (x1, x2, x3, …, x50); \
         choose the model's 2 with --columns"
    );
    let chosen = gmm_tui(&[
        "score",
        "--model",
        &model,
        "--data",
        &wide,
        "--columns",
        "1,2",
    ]);
    let same = gmm_tui(&["score", "--model", &model, "--data", &narrow]);
    assert!(chosen.status.success(), "{}", stderr(&chosen));
    assert_eq!(
        chosen.stdout, same.stdout,
        "the chosen columns are the narrow file's"
    );
    // Points stored one per column, as MATLAB and R keep them, are read as rows but said.
    let transposed = npy_file("r5-transposed", 2, 40);
    let out = gmm_tui(&["fit", "--data", &transposed, "-k", "1", "--restarts", "1"]);
    assert!(
        stderr(&out).contains(
            "the array has fewer rows (2) than columns (40): each row is read as a point; if \
             each column is one, save its transpose (a.T)"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        refusal(&["predict", "--model", &narrow, "--data", &narrow]),
        format!(
            "gmm-tui: error: {narrow}: a NumPy .npy array, not a model file (`fit --save` writes \
             one); points go in --data"
        )
    );
}

#[test]
fn binary_files_named_npy_and_columns_with_nothing_to_keep_are_named() {
    let dir = crate::binary::temp_dir("r5-binary");
    let random = dir.join("r.npy");
    let noise: Vec<u8> = (0u32..300)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&random, noise).unwrap();
    let random = random.display().to_string();
    let message = refusal(&["fit", "--data", &random]);
    assert!(
        message.starts_with(&format!(
            "gmm-tui: error: {random}: not a .npy file (it does not begin with NumPy's magic \
             string) and not a text file"
        )),
        "{message}"
    );
    let labelled = csv_file(
        "r5-species.csv",
        "species,length\nAdelie,39.1\nGentoo,46.5\n",
    );
    let labelled = labelled.display().to_string();
    let chosen = [
        "fit",
        "--data",
        &labelled,
        "--columns",
        "species,length",
        "-k",
        "1",
    ];
    assert_eq!(
        refusal(&chosen),
        format!(
            "gmm-tui: error: {labelled}:2:1 (column 'species'): not a number: 'Adelie' (the \
             column holds text, not numbers: leave it out of --columns)"
        )
    );
    let dropping = [&chosen[..], &["--drop-invalid"]].concat();
    assert_eq!(
        refusal(&dropping),
        format!(
            "gmm-tui: error: {labelled}: every row was invalid and dropped (2 rows): column \
             'species' has no value to keep; leave it out with --columns"
        )
    );
}

/// `--init hc` on data it agglomerates whole gives every restart the same start: said once,
/// so that ten equal rows do not read as ten confirmations.
#[test]
fn hc_restarts_that_start_alike_are_said_to() {
    let out = gmm_tui(&["fit", "--init", "hc", "-k", "2", "--restarts", "4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "gmm-tui: --init hc agglomerates all 2000 points the same way each time: its 4 restarts \
         start alike (above 2000 points each agglomerates its own sample)"
    );
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = report.lines().filter(|l| l.contains(" hc ")).collect();
    assert_eq!(lines.len(), 4, "{report}");
    let results = |l: &str| {
        l.split_once(" hc ")
            .map(|(_, after)| after.trim().to_string())
    };
    assert!(
        lines.iter().all(|l| results(l) == results(lines[0])),
        "{report}"
    );
    for quiet in [
        &["--init", "hc", "--restarts", "1"][..],
        &["--init", "kmeans++"],
    ] {
        let out = gmm_tui(&[&["fit", "-k", "2"][..], quiet].concat());
        assert_eq!(stderr(&out), "", "{quiet:?}");
    }
}

/// A teacher picks a scenario from `--help`: each is listed with what it shows.
#[test]
fn help_describes_every_scenario() {
    for command in ["fit", "generate"] {
        let help = String::from_utf8_lossy(&gmm_tui(&[command, "--help"]).stdout).into_owned();
        for scenario in gmm_tui::core::scenario::scenarios() {
            let line = format!("- {}: ", scenario.name);
            let listed = help
                .lines()
                .find(|l| l.trim_start().starts_with(&line))
                .unwrap_or_else(|| panic!("{command} --help lacks {}:\n{help}", scenario.name));
            assert!(listed.trim_end().ends_with(scenario.summary), "{listed}");
        }
    }
}
