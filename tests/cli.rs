//! The binary as a script would use it: exit codes, messages, JSON shape and meaning.

mod after_fit;
mod limits;
mod report;
mod round_four;
mod round_three;
mod shell;

use std::path::PathBuf;

use crate::binary::{gmm_tui, stderr, temp_file};
use serde_json::Value;

/// A CSV file in a fresh temporary directory.
fn csv_file(name: &str, contents: &str) -> PathBuf {
    temp_file(&format!("cli-{name}"), name, contents)
}

fn fit_json(args: &[&str]) -> Value {
    let mut all = vec!["fit", "--json"];
    all.extend_from_slice(args);
    let out = gmm_tui(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_bad_input_gets_its_own_one_line_error_and_exit_status_2() {
    let good = "x,y\n1,2\n3,4\n5,7\n";
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--data".into(), "/nonexistent/points.csv".into()],
            "no such file",
        ),
        (
            vec![
                "--data".into(),
                csv_file("empty.csv", "").display().to_string(),
            ],
            "empty file",
        ),
        (
            vec![
                "--data".into(),
                csv_file("words.csv", "a,b\nfoo,bar\n")
                    .display()
                    .to_string(),
            ],
            "no numeric column",
        ),
        (
            vec![
                "--data".into(),
                csv_file("good.csv", good).display().to_string(),
                "--columns".into(),
                "x,z".into(),
            ],
            "unknown column 'z'",
        ),
        (
            vec![
                "--data".into(),
                csv_file("text.csv", "x,y\n1,2\n3,abc\n")
                    .display()
                    .to_string(),
            ],
            "text.csv:3:2 (column 'y'): not a number: 'abc'",
        ),
        (
            vec![
                "--data".into(),
                csv_file("hole.csv", "x,y\n1,2\n3,\n").display().to_string(),
            ],
            "hole.csv:3:2 (column 'y'): empty field",
        ),
        (
            vec![
                "--data".into(),
                csv_file("nan.csv", "x,y\n1,2\nNaN,4\n")
                    .display()
                    .to_string(),
            ],
            "nan.csv:3:1 (column 'x'): missing value 'NaN'",
        ),
        (
            vec![
                "--data".into(),
                csv_file("inf.csv", "x,y\n1,2\n3,inf\n")
                    .display()
                    .to_string(),
            ],
            "'inf' is not a finite number",
        ),
        (
            vec![
                "--data".into(),
                csv_file("ragged.csv", "x,y\n1,2\n3,4,5\n")
                    .display()
                    .to_string(),
            ],
            "ragged.csv:3: expected 2 fields like the first row, found 3",
        ),
        (
            vec![
                "--data".into(),
                csv_file("few.csv", good).display().to_string(),
                "-k".into(),
                "4".into(),
            ],
            "4 components need at least 4 points, but the data has 3",
        ),
        // Refused before the data is read: the missing file is not what is named.
        (
            vec![
                "-k".into(),
                "0".into(),
                "--data".into(),
                "/nonexistent/big.csv".into(),
            ],
            "-k must be at least 1",
        ),
        (
            vec!["--reg-covar".into(), "-1".into()],
            "--reg-covar must be a finite number ≥ 0",
        ),
        (
            vec!["--tol".into(), "-0.5".into()],
            "--tol must be a finite number ≥ 0",
        ),
        (
            vec!["--init-means".into(), "1,2,3;4,5,6".into()],
            "each mean needs 2 coordinates",
        ),
        (
            vec!["--init-means".into(), "1,2;4,x".into()],
            "--init-means: 'x' is not a finite number",
        ),
        (
            vec![
                "--init-means".into(),
                "1,2;4,5".into(),
                "--init-weights".into(),
                "1,-1".into(),
            ],
            "--init-weights must all be positive",
        ),
        (
            vec![
                "--init-means".into(),
                "1,2;4,5".into(),
                "-k".into(),
                "3".into(),
            ],
            "--init-means gives 2 means but -k is 3",
        ),
        (
            vec![
                "--init-means".into(),
                "1,2;4,5".into(),
                "--init-variance".into(),
                "0".into(),
            ],
            "--init-variance must be a positive number",
        ),
        (
            vec!["--points".into(), "0".into()],
            "--points must be at least 1",
        ),
        (
            // Two distinct points and no regularisation: every covariance is singular.
            vec![
                "--data".into(),
                csv_file("two-points.csv", "x,y\n1,1\n1,1\n1,1\n2,2\n2,2\n")
                    .display()
                    .to_string(),
                "--reg-covar".into(),
                "0".into(),
            ],
            "every restart ended with a singular covariance (degenerate)",
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (args, expected) in &cases {
        let mut all = vec!["fit"];
        all.extend(args.iter().map(String::as_str));
        let out = gmm_tui(&all);
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {message}");
        assert!(
            message.contains(expected),
            "{args:?}: expected '{expected}' in '{message}'"
        );
        assert_eq!(
            message.trim_end().lines().count(),
            1,
            "{args:?}: one line, got '{message}'"
        );
        assert!(!message.contains("panicked"), "{args:?}");
        assert!(
            seen.insert(message.clone()),
            "{args:?} repeats another case's message"
        );
    }
}

#[test]
fn drop_invalid_skips_bad_rows_and_says_how_many() {
    let path = csv_file("mixed.csv", "x,y\n1,2\n3,abc\n\n5,\n6,1\n7,7,7\n2,2\n");
    let out = gmm_tui(&[
        "fit",
        "--json",
        "--data",
        path.to_str().unwrap(),
        "--drop-invalid",
        "-k",
        "1",
        "--restarts",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("dropped 3 invalid rows"),
        "{}",
        stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["data"]["n"], 3);
    assert_eq!(report["data"]["dropped_rows"], 3);
}

#[test]
fn headerless_csv_with_other_delimiter_and_chosen_columns() {
    let path = csv_file("plain.tsv", "1\t10\t5\n2\t20\t6\n3\t30\t8\n4\t40\t9\n");
    let report = fit_json(&[
        "--data",
        path.to_str().unwrap(),
        "--delimiter",
        "\t",
        "--columns",
        "3,1",
        "-k",
        "1",
        "--restarts",
        "1",
    ]);
    assert_eq!(report["data"]["columns"], serde_json::json!(["x3", "x1"]));
    let mean = &report["restarts"][0]["means"][0];
    assert_eq!(mean, &serde_json::json!([7.0, 2.5]));
}

/// ln Σ_k π_k N(x | μ_k, Σ_k) for 2-D data, with the 2×2 inverse and determinant written out:
/// an implementation that shares nothing with the program's.
fn log_likelihood_2d(points: &[[f64; 2]], restart: &Value) -> f64 {
    let weights: Vec<f64> = restart["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap())
        .collect();
    let get = |v: &Value| v.as_f64().unwrap();
    points
        .iter()
        .map(|x| {
            let density: f64 = weights
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let m = &restart["means"][c];
                    let s = &restart["covariances"][c];
                    let (a, b, d) = (get(&s[0][0]), get(&s[0][1]), get(&s[1][1]));
                    let det = a * d - b * b;
                    let (u, v) = (x[0] - get(&m[0]), x[1] - get(&m[1]));
                    let maha = (d * u * u - 2.0 * b * u * v + a * v * v) / det;
                    w * (-0.5 * maha).exp() / (2.0 * std::f64::consts::PI * det.sqrt())
                })
                .sum();
            density.ln()
        })
        .sum()
}

#[test]
fn fit_json_has_the_documented_schema_and_its_log_likelihoods_are_right() {
    let report = fit_json(&["--restarts", "3", "--trace"]);
    assert_eq!(report["data"]["source"], "scenario:seed");
    assert_eq!(
        (report["data"]["n"].as_u64(), report["data"]["dim"].as_u64()),
        (Some(2000), Some(2))
    );
    for key in [
        "k",
        "covariance_type",
        "reg_covar",
        "tol",
        "max_iter",
        "seed",
    ] {
        assert!(!report["model"][key].is_null(), "model.{key}");
    }
    let restarts = report["restarts"].as_array().unwrap();
    assert_eq!(restarts.len(), 3);
    assert_eq!(restarts[0]["init"], "collapsed at (10, 10)");
    assert_eq!(restarts[0]["collapsed"], true);
    assert_eq!(
        restarts[0]["collapsed_components"],
        serde_json::json!([[0, 1]])
    );
    let best = report["best_restart"].as_u64().unwrap() as usize;
    assert!(best > 0 && restarts[best]["collapsed"] == false);

    // Recompute every restart's log-likelihood from its JSON parameters and the generated data.
    let csv = gmm_tui(&["generate", "--scenario", "seed"]);
    let text = String::from_utf8(csv.stdout).unwrap();
    let points: Vec<[f64; 2]> = text
        .lines()
        .skip(1)
        .map(|l| {
            let mut it = l.split(',').map(|v| v.parse::<f64>().unwrap());
            [it.next().unwrap(), it.next().unwrap()]
        })
        .collect();
    assert_eq!(points.len(), 2000);
    for r in restarts {
        let ll = r["log_likelihood"].as_f64().unwrap();
        let independent = log_likelihood_2d(&points, r);
        assert!(
            ((ll - independent) / independent).abs() < 1e-9,
            "{ll} vs {independent}"
        );
        let trace = r["trace"].as_array().unwrap();
        assert_eq!(trace.len() as u64, r["iterations"].as_u64().unwrap() + 1);
        assert_eq!(trace.last().unwrap().as_f64().unwrap(), ll);
        assert_eq!(r["means"].as_array().unwrap().len(), 2);
        assert_eq!(r["covariances"][1][1].as_array().unwrap().len(), 2);
    }
    let (ll, p, n) = (
        restarts[best]["log_likelihood"].as_f64().unwrap(),
        report["n_parameters"].as_f64().unwrap(),
        2000f64,
    );
    assert_eq!(p, 11.0);
    assert!((report["bic"].as_f64().unwrap() - (-2.0 * ll + p * n.ln())).abs() < 1e-9);
    assert!((report["aic"].as_f64().unwrap() - (-2.0 * ll + 2.0 * p)).abs() < 1e-9);
}

#[test]
fn same_arguments_give_the_same_output_and_the_seed_changes_it() {
    let strip = |mut v: Value| {
        for r in v["restarts"].as_array_mut().unwrap() {
            r["seconds"] = Value::Null;
        }
        v
    };
    let a = strip(fit_json(&["--scenario", "overlap", "--restarts", "3"]));
    let b = strip(fit_json(&["--scenario", "overlap", "--restarts", "3"]));
    let c = strip(fit_json(&[
        "--scenario",
        "overlap",
        "--restarts",
        "3",
        "--seed",
        "2",
    ]));
    assert_eq!(a, b);
    assert_ne!(a["restarts"], c["restarts"]);
}

#[test]
fn tol_zero_runs_exactly_max_iter_and_max_iter_zero_returns_the_start() {
    let report = fit_json(&["--tol", "0", "--max-iter", "7", "--restarts", "2"]);
    for r in report["restarts"].as_array().unwrap() {
        assert_eq!(r["iterations"], 7);
        assert_eq!(r["status"], "max_iter_reached");
    }
    let start = fit_json(&["--max-iter", "0", "--restarts", "1"]);
    assert_eq!(
        start["restarts"][0]["means"],
        serde_json::json!([[10.0, 10.0], [10.0, 10.0]])
    );
    assert_eq!(
        start["restarts"][0]["covariances"][0],
        serde_json::json!([[10.0, 0.0], [0.0, 10.0]])
    );
}

#[test]
fn explicit_init_and_covariance_types_are_honoured() {
    let report = fit_json(&[
        "--init-means",
        "0,0;5,5",
        "--init-variance",
        "2",
        "--init-weights",
        "1,3",
        "--max-iter",
        "0",
        "--restarts",
        "2",
        "--covariance",
        "spherical",
    ]);
    let first = &report["restarts"][0];
    assert_eq!(first["init"], "explicit");
    assert_eq!(first["weights"], serde_json::json!([0.25, 0.75]));
    assert_eq!(
        first["covariances"][1],
        serde_json::json!([[2.0, 0.0], [0.0, 2.0]])
    );
    assert!(
        report["restarts"][1]["init"]
            .as_str()
            .unwrap()
            .starts_with("hc")
    );
    assert_eq!(report["n_parameters"], 2 * 2 + 2 + 1);
    let random = fit_json(&["--init", "random", "--restarts", "2"]);
    assert!(
        random["restarts"][0]["init"]
            .as_str()
            .unwrap()
            .starts_with("random (seed")
    );
}

#[test]
fn generate_writes_the_scenario_as_csv_that_fit_reads_back() {
    let out = gmm_tui(&[
        "generate",
        "--scenario",
        "tiny",
        "--points",
        "300",
        "--seed",
        "5",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("x,y"));
    assert_eq!(text.lines().count(), 301);
    let path = csv_file("tiny.csv", &text);
    let report = fit_json(&["--data", path.to_str().unwrap(), "--restarts", "2"]);
    assert_eq!(report["data"]["n"], 300);
    assert!(report.get("truth").is_none(), "no truth for CSV data");
}

#[test]
fn help_shows_defaults_and_version_prints() {
    let help = String::from_utf8(gmm_tui(&["fit", "--help"]).stdout).unwrap();
    for default in [
        "[default: 1e-6]",
        "[default: 1000]",
        "[default: 10]",
        "[default: full]",
        "[default: seed]",
    ] {
        assert!(help.contains(default), "fit --help lacks {default}");
    }
    let version = String::from_utf8(gmm_tui(&["--version"]).stdout).unwrap();
    assert_eq!(
        version.trim(),
        format!("gmm-tui {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn text_report_puts_truth_beside_its_component_and_numbers_json_messages_from_0() {
    // On the seed data restart 2 ends with component 1 near (5,5): the truth row under label 1
    // must be the (5,5) truth, not the scenario's first, (0,0).
    let text = String::from_utf8(gmm_tui(&["fit"]).stdout).unwrap();
    let fit_rows = text.split("\n  fit").nth(1).unwrap();
    let truth_rows = text.split("\n  truth").nth(1).unwrap();
    let mean_x = |rows: &str, label: &str| -> f64 {
        let line = rows
            .lines()
            .find(|l| l.split_whitespace().next() == Some(label))
            .unwrap();
        line.split_whitespace().nth(2).unwrap().parse().unwrap()
    };
    for label in ["1", "2"] {
        let (fitted, truth) = (mean_x(fit_rows, label), mean_x(truth_rows, label));
        assert!(
            (fitted - truth).abs() < 0.2,
            "{label}: fit {fitted}, truth {truth}\n{text}"
        );
    }

    let report = fit_json(&["--restarts", "1"]);
    let collapsed = &report["restarts"][0];
    assert_eq!(
        collapsed["collapsed_components"],
        serde_json::json!([[0, 1]])
    );
    let message = collapsed["message"].as_str().unwrap();
    assert!(
        message.contains("components 0 and 1 are identical"),
        "{message}"
    );
    assert!(
        text.contains("components 1 and 2 are identical"),
        "people count from 1"
    );

    let zero = String::from_utf8(
        gmm_tui(&[
            "fit",
            "--tol",
            "0",
            "--reg-covar",
            "0",
            "--max-iter",
            "2",
            "--restarts",
            "1",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        zero.contains("reg_covar 0, tol 0, max_iter 2, seed 1, 1 restart\n"),
        "{zero}"
    );

    let path = csv_file("one-bad.csv", "x,y\n1,2\n3,abc\n5,6\n6,1\n");
    let out = gmm_tui(&[
        "fit",
        "--data",
        path.to_str().unwrap(),
        "--drop-invalid",
        "-k",
        "1",
    ]);
    assert!(
        stderr(&out).contains("dropped 1 invalid row\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_text_report_keeps_parameters_aligned_in_one_and_four_dimensions() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let out = gmm_tui(&["fit", "--data", iris, "-k", "2", "--restarts", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("weight    mean"))
        .collect();
    assert_eq!(table[0], "  fit    weight    mean, then covariance");
    // Each component: its mean, then its 4×4 covariance under it, no line wider than the mean's.
    assert_eq!(table.len(), 1 + 2 * 5, "{text}");
    assert!(table.iter().all(|l| l.chars().count() <= 53), "{text}");
    let first_cov_row: Vec<&str> = table[2].split_whitespace().collect();
    assert_eq!(first_cov_row.len(), 4, "{}", table[2]);

    let one_d = csv_file("one-d.csv", "x\n1\n1.5\n2\n8\n8.5\n9\n");
    let out = gmm_tui(&["fit", "--data", one_d.to_str().unwrap(), "-k", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().find(|l| l.contains("weight    mean")).unwrap();
    let row = text
        .lines()
        .skip_while(|l| !l.contains("weight    mean"))
        .nth(1)
        .unwrap();
    // "variance" starts over the last digits of its value, as "mean" over the mean's.
    let at = header.find("variance").unwrap();
    assert!(
        row[at..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit()),
        "{header}\n{row}"
    );
    assert!(row.len() <= at + 8 + 2, "{header}\n{row}");
}

#[test]
fn the_app_without_a_terminal_says_so_in_one_line() {
    // As from a script or CI: standard output is a pipe here.
    let out = gmm_tui(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "gmm-tui: error: the app needs a terminal (standard output is not a terminal); \
         `gmm-tui fit` takes the same options and needs none\n"
    );
    // Values no data can take are refused first, as `fit` refuses them.
    let out = gmm_tui(&["-k", "0"]);
    assert_eq!(stderr(&out), "gmm-tui: error: -k must be at least 1\n");
}

#[test]
fn a_starred_restart_below_a_shown_higher_one_is_explained_as_the_same_optimum() {
    // Raw k-means++ starts reach one optimum at slightly different heights here.
    let args = ["fit", "--scenario", "outliers", "--init", "kmeans++"];
    let text = String::from_utf8(gmm_tui(&args).stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("the same optimum within N·tol"))
        .unwrap_or_else(|| panic!("{text}"));
    // The restart named shows a higher log-likelihood than the starred one, to 3 decimals.
    let named: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let ll = |restart: &str| -> f64 {
        text.lines()
            .find(|l| l.split_whitespace().find(|w| *w != "*") == Some(restart))
            .and_then(|l| {
                l.split_whitespace()
                    .rev()
                    .find_map(|w| w.parse::<f64>().ok().filter(|v| *v < 0.0))
            })
            .unwrap()
    };
    let best = text.lines().find(|l| l.starts_with('*')).unwrap();
    let best_number = best.split_whitespace().nth(1).unwrap();
    assert!(ll(&named.to_string()) > ll(best_number), "{text}");
    // Where no higher number is shown, nothing is said.
    let seed = String::from_utf8(gmm_tui(&["fit"]).stdout).unwrap();
    assert!(!seed.contains("same optimum"), "{seed}");
}

#[test]
fn a_fit_with_no_model_names_its_cause_and_only_advice_that_applies() {
    let refusal = |args: &[&str]| {
        let mut all = vec!["fit"];
        all.extend_from_slice(args);
        let out = gmm_tui(&all);
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {message}");
        // The refusal is the last line, after any notes on the data.
        message.lines().last().unwrap_or_default().to_string()
    };
    // The explicit start leaves component 1 without a point: no regularising would help.
    assert_eq!(
        refusal(&["--init-means", "1e200,0;5,5", "--restarts", "1"]),
        "gmm-tui: error: every restart ended with an empty component (degenerate), so there is \
         no model to report: component 1 starts at (1e200, 0), far from every point: it gets no \
         responsibility, so no point can move it; start it among the data (--init-means)"
    );
    // One point repeated, unregularised: one component cannot be fewer; the default is said
    // only beside another value.
    let same = csv_file("same.csv", "x,y\n1,1\n1,1\n1,1\n")
        .display()
        .to_string();
    assert_eq!(
        refusal(&["--data", &same, "-k", "1", "--reg-covar", "0"]),
        "gmm-tui: error: every restart ended with a singular covariance (degenerate), so there \
         is no model to report: raise --reg-covar above its 0 (default 1e-6) or scale the data"
    );
}
