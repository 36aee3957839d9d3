//! Commands after a fit as a user meets them: rows kept aligned when some are dropped, a model
//! used on the header-less file it came from, points required, impossible K refused, and
//! numbers and counts written for people.

use super::*;

/// The user's file: row 2 has a missing value.
const WITH_NA: &str = "x,y\n1.5,2.1\nNA,3.2\n2.2,1.9\n5.1,6.0\n5.3,6.2\n4.9,5.8\n";
/// The same without that row.
const WITHOUT_NA: &str = "x,y\n1.5,2.1\n2.2,1.9\n5.1,6.0\n5.3,6.2\n4.9,5.8\n";

fn saved_model(tag: &str, data: &str) -> String {
    let dir = crate::binary::temp_dir(tag);
    let model = dir.join("m.json").display().to_string();
    let data = csv_file(&format!("{tag}.csv"), data).display().to_string();
    let out = gmm_tui(&[
        "fit",
        "--data",
        &data,
        "--restarts",
        "2",
        "-k",
        "2",
        "--save",
        &model,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    model
}

fn lines_of(out: &std::process::Output) -> Vec<String> {
    assert!(out.status.success(), "{}", stderr(out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn dropped_rows_keep_their_place_as_na_in_predict_and_score() {
    let model = saved_model("aligned", WITHOUT_NA);
    let with_na = csv_file("with-na.csv", WITH_NA).display().to_string();
    let without_na = csv_file("without-na.csv", WITHOUT_NA).display().to_string();
    for extra in [&[][..], &["--proba"][..]] {
        let run = |data: &str| {
            let mut args = vec![
                "predict",
                "--model",
                &model,
                "--data",
                data,
                "--drop-invalid",
            ];
            args.extend_from_slice(extra);
            gmm_tui(&args)
        };
        let (dropped, clean) = (run(&with_na), run(&without_na));
        assert!(
            stderr(&dropped).contains("dropped 1 invalid row (NA in its place"),
            "{}",
            stderr(&dropped)
        );
        let (mut dropped, clean) = (lines_of(&dropped), lines_of(&clean));
        assert_eq!(dropped.len(), 1 + 6, "a header and one row per input row");
        let na = dropped.remove(2);
        assert!(na.split(',').all(|v| v == "NA"), "{na}");
        assert_eq!(dropped, clean);
    }
    let score = |data: &str| {
        let out = gmm_tui(&[
            "score",
            "--model",
            &model,
            "--data",
            data,
            "--drop-invalid",
            "--json",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let (dropped, clean) = (score(&with_na), score(&without_na));
    assert_eq!(
        (dropped["n"].as_u64(), dropped["rows"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(dropped["dropped_rows"], serde_json::json!([1]));
    let mut samples = dropped["score_samples"].as_array().unwrap().clone();
    assert_eq!(samples.remove(1), Value::Null);
    assert_eq!(Value::Array(samples), clean["score_samples"]);
    assert_eq!(dropped["score"], clean["score"]);
}

#[test]
fn rows_beyond_the_first_slice_evaluated_keep_their_place_too() {
    let model = saved_model("long", WITHOUT_NA);
    // More rows than predict evaluates at a time (65,536), one missing in each of two slices.
    let points: Vec<&str> = WITHOUT_NA.lines().skip(1).collect();
    let mut clean = String::from("x,y\n");
    let mut holed = String::from("x,y\n");
    for i in 0..70_000 {
        let point = points[i % points.len()];
        clean += &format!("{point}\n");
        holed += if i == 3 || i == 66_000 {
            "NA,1\n"
        } else {
            point
        };
        if !(i == 3 || i == 66_000) {
            holed += "\n";
        }
    }
    let run = |name: &str, text: &str| {
        let path = csv_file(name, text).display().to_string();
        lines_of(&gmm_tui(&[
            "predict",
            "--model",
            &model,
            "--data",
            &path,
            "--drop-invalid",
        ]))
    };
    let (clean, holed) = (run("long-clean.csv", &clean), run("long-holed.csv", &holed));
    assert_eq!(holed.len(), clean.len());
    for (row, (a, b)) in clean.iter().zip(&holed).enumerate().skip(1) {
        let expected = if row == 4 || row == 66_001 { "NA" } else { a };
        assert_eq!(b, expected, "output row {row}");
    }
}

#[test]
fn a_model_fitted_on_a_headerless_file_predicts_on_that_file() {
    let text = "1.5,2.1\n1.2,3.2\n2.2,1.9\n5.1,6.0\n5.3,6.2\n4.9,5.8\n";
    let model = saved_model("headerless", text);
    let data = csv_file("headerless.csv", text).display().to_string();
    let labels = lines_of(&gmm_tui(&["predict", "--model", &model, "--data", &data]));
    assert_eq!(labels.len(), 1 + 6);
    // The two clusters get two labels.
    assert_eq!(labels[1], labels[2]);
    assert_ne!(labels[1], labels[4]);
}

#[test]
fn predict_needs_points_and_hints_at_the_model_only_for_column_errors() {
    let model = saved_model("needs", WITHOUT_NA);
    let fitted_on = "the model was fitted on x, y";
    let out = gmm_tui(&["predict", "--model", &model]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("predict needs points: --data FILE"),
        "{}",
        stderr(&out)
    );
    let out = gmm_tui(&["score", "--model", &model, "--data", "no-such.csv"]);
    assert_eq!(
        stderr(&out).trim(),
        "gmm-tui: error: no-such.csv: cannot read: no such file"
    );
    let bad_value = csv_file("bad-value.csv", "x,y\n1,2\n3,abc\n4,5\n");
    let out = gmm_tui(&[
        "predict",
        "--model",
        &model,
        "--data",
        bad_value.to_str().unwrap(),
    ]);
    assert!(!stderr(&out).contains(fitted_on), "{}", stderr(&out));
    let other = csv_file("other-names.csv", "a,b\n1,2\n");
    let out = gmm_tui(&[
        "predict",
        "--model",
        &model,
        "--data",
        other.to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains(fitted_on), "{}", stderr(&out));
}

#[test]
fn select_refuses_k_beyond_a_fit_and_fails_when_no_cell_can_be_fitted() {
    // On 5 points, so that a regression fails fast instead of fitting K up to 255 for minutes.
    let small = csv_file("small.csv", WITHOUT_NA).display().to_string();
    for k in ["1..300", "256"] {
        let out = gmm_tui(&["select", "--data", &small, "-k", k]);
        assert_eq!(out.status.code(), Some(2), "{k}");
        assert!(stderr(&out).contains("at most 255"), "{}", stderr(&out));
    }
    let out = gmm_tui(&["select", "--data", &small, "-k", "6..8"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("every K is larger than the data (5 points)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sample_refuses_zero_points() {
    let model = saved_model("zero", WITHOUT_NA);
    let out = gmm_tui(&["sample", "--model", &model, "-n", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("-n must be at least 1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn counts_and_far_scores_read_as_numbers_for_people() {
    let one = csv_file("one-column.csv", "x\n1\n2\n3\n10\n11\n12\n");
    let out = gmm_tui(&["fit", "--data", one.to_str().unwrap(), "--restarts", "1"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("6 points in 1 dimension (x)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let model = saved_model("far", WITHOUT_NA);
    let far = csv_file("far.csv", "x,y\n1e12,-1e12\n");
    let out = gmm_tui(&["score", "--model", &model, "--data", far.to_str().unwrap()]);
    let line = stderr(&out);
    assert!(line.contains("over 1 point;"), "{line}");
    let mean = line
        .split("log-density) ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap();
    assert!(mean.len() < 25 && mean.contains('e'), "{mean}");
    assert!(mean.parse::<f64>().unwrap() < -1e20);
}

#[test]
fn predict_and_score_keep_the_notes_that_matter_to_a_fixed_model_only() {
    // Column z holds one value: a note for the fit, none for predict or score.
    let text = "x,y,z\n1.5,2.1,0\nNA,3.2,0\n2.2,1.9,0\n5.1,6.0,0\n5.3,6.2,0\n4.9,5.8,0\n";
    let model = saved_model("fixed-notes", &text.replace("NA,3.2,0\n", ""));
    let data = csv_file("fixed-notes-points.csv", text)
        .display()
        .to_string();
    let refit = gmm_tui(&["fit", "--data", &data, "--drop-invalid", "-k", "2"]);
    assert!(
        stderr(&refit).contains("column 'z' holds one value (0) in every row"),
        "{}",
        stderr(&refit)
    );
    let run = |command: &str, json: bool| {
        let mut args = vec![
            command,
            "--model",
            &model,
            "--data",
            &data,
            "--drop-invalid",
        ];
        if json {
            args.push("--json");
        }
        let out = gmm_tui(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out).lines().next().unwrap_or_default().to_string()
    };
    let dropped = |missing: &str| {
        format!(
            "gmm-tui: dropped 1 invalid row ({missing} in its place in the output, so output rows \
             stay aligned with input rows)"
        )
    };
    assert_eq!(run("predict", false), dropped("NA"));
    assert_eq!(run("score", false), dropped("NA"));
    // The JSON holds null, and says so.
    assert_eq!(run("score", true), dropped("null"));
}
