//! Issue 15 at the command line: `--columns` with a model goes by the model's names, wide
//! reports stay short, model files are checked for what they claim, `select` says once what it
//! cannot fit, and `--trace` shows in the table.

use super::*;

/// Points whose two columns differ (so that swapping them changes every score).
const POINTS: &str = "a,b\n0.1,5.2\n0.5,4.1\n1.2,6.3\n0.7,3.9\n1.9,5.5\n0.3,7.1\n";

/// A model fitted on `POINTS` (columns a, b), and the path of `POINTS`.
fn fitted(tag: &str) -> (String, String) {
    let data = csv_file(&format!("{tag}.csv"), POINTS)
        .display()
        .to_string();
    (crate::binary::one_component_model(tag, &data), data)
}

fn score(args: &[&str]) -> std::process::Output {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    gmm_tui(&all)
}

// 3. `--columns` with a model.

#[test]
fn columns_with_a_model_are_matched_by_the_models_names() {
    let (model, data) = fitted("r3-by-name");
    let plain = score(&["--model", &model, "--data", &data]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    for columns in ["b,a", "2,1", "a,b"] {
        let out = score(&["--model", &model, "--data", &data, "--columns", columns]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(out.stdout, plain.stdout, "--columns {columns}");
    }
    let swapped = score(&["--model", &model, "--data", &data, "--columns", "b,a"]);
    assert!(
        stderr(&swapped).contains(
            "--columns b,a names the model's columns in another order: each is fed as the \
             model's column of its name (a, b)"
        ),
        "{}",
        stderr(&swapped)
    );
    // Other names are refused unless a positional feed is asked for, and then it is said.
    let renamed = csv_file("r3-renamed.csv", &POINTS.replacen("a,b", "u,v", 1))
        .display()
        .to_string();
    let refused = score(&["--model", &model, "--data", &renamed, "--columns", "u,v"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused).trim_end(),
        "gmm-tui: error: --columns u,v: the model was fitted on columns 'a', 'b', and 'u', 'v' \
         are not those (--by-position feeds them in order as 'a', 'b')"
    );
    let positional = score(&[
        "--model",
        &model,
        "--data",
        &renamed,
        "--columns",
        "u,v",
        "--by-position",
    ]);
    assert!(positional.status.success(), "{}", stderr(&positional));
    assert_eq!(positional.stdout, plain.stdout);
    assert!(
        stderr(&positional).contains(
            "feeding this file's columns 'u', 'v' as the model's 'a', 'b' (--by-position)"
        ),
        "{}",
        stderr(&positional)
    );
}

// 6. Wide reports stay short.

fn wide_csv(n: usize, d: usize) -> String {
    let names: Vec<String> = (1..=d).map(|a| format!("c{a}")).collect();
    let mut text = names.join(",") + "\n";
    for i in 0..n {
        let row: Vec<String> = (0..d)
            .map(|a| format!("{}", ((i * 7 + a * 13) % 17) as f64 / 3.0 + a as f64))
            .collect();
        text += &(row.join(",") + "\n");
    }
    text
}

#[test]
fn a_diagonal_report_prints_variances_and_a_wide_one_a_summary() {
    let narrow = csv_file("r3-narrow.csv", &wide_csv(20, 3))
        .display()
        .to_string();
    let args = ["-k", "1", "--restarts", "1", "--covariance", "diag"];
    let out = gmm_tui(&[&["fit", "--data", &narrow][..], &args].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("fit "))
        .collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["fit", "weight", "mean", "variances"]
    );
    // One line per component: label, weight, three means, three variances.
    assert_eq!(table[1].split_whitespace().count(), 8, "{text}");
    assert!(!text.contains('|'), "{text}");
    let wide = csv_file("r3-wide.csv", &wide_csv(20, 300))
        .display()
        .to_string();
    let out = gmm_tui(&[&["fit", "--data", &wide][..], &args].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.len() < 3000, "{} bytes", text.len());
    assert!(text.lines().count() <= 15, "{text}");
    assert!(
        text.contains("300 dimensions: the means and variances are in --json and --save"),
        "{text}"
    );
}

// 8, 9, 10, 14. Model files are checked for what they claim.

fn model_json() -> Value {
    serde_json::json!({
        "format": "gmm-tui model",
        "version": 1,
        "k": 2,
        "dim": 2,
        "columns": ["a", "b"],
        "covariance_type": "full",
        "weights": [0.5, 0.5],
        "means": [[0.0, 0.0], [5.0, 5.0]],
        "covariances": [[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]],
        "reg_covar": 1e-6,
        "data": {"source": "points.csv", "n": 100},
        "log_likelihood": -400.0,
        "n_parameters": 11,
        "bic": 850.66,
        "aic": 822.0,
        "spurious_components": []
    })
}

fn model_file(tag: &str, text: &str) -> String {
    let path = crate::binary::temp_dir(tag).join("m.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `sample` with the model `text`: its refusal (after the path), or `None` when it loads.
fn refusal(tag: &str, text: &str) -> Option<String> {
    let path = model_file(tag, text);
    let out = gmm_tui(&["sample", "--model", &path, "-n", "3"]);
    if out.status.success() {
        return None;
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    Some(
        message
            .trim_end()
            .strip_prefix(&format!("gmm-tui: error: {path}: "))
            .unwrap_or(&message)
            .to_string(),
    )
}

fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut model = model_json();
    edit(&mut model);
    model.to_string()
}

#[test]
fn model_files_are_refused_by_their_own_fault_and_read_with_a_bom() {
    assert_eq!(refusal("r3-good", &model_json().to_string()), None);
    assert_eq!(
        refusal("r3-bom", &format!("\u{feff}{}", model_json())),
        None
    );
    assert_eq!(
        refusal(
            "r3-twice",
            &edited(|m| m["columns"] = serde_json::json!(["a", "a"]))
        )
        .unwrap(),
        "the model's columns name 'a' twice (columns 1 and 2); each column needs its own name"
    );
    assert_eq!(
        refusal(
            "r3-float",
            &edited(|m| m["version"] = serde_json::json!(1.0))
        )
        .unwrap(),
        "model file version 1.0 is not a whole number (this gmm-tui reads version 1)"
    );
    assert_eq!(
        refusal(
            "r3-string",
            &edited(|m| m["version"] = serde_json::json!("1"))
        )
        .unwrap(),
        "model file version \"1\" is a string, not a number (this gmm-tui reads version 1)"
    );
    assert_eq!(
        refusal(
            "r3-reg",
            &edited(|m| m["reg_covar"] = serde_json::json!(-1))
        )
        .unwrap(),
        "reg_covar -1 is negative (it is added to every variance, so it is 0 or more)"
    );
    assert_eq!(
        refusal(
            "r3-spurious",
            &edited(|m| m["spurious_components"] = serde_json::json!([7]))
        )
        .unwrap(),
        "spurious_components names component 7, but the model has 2 (numbered from 0)"
    );
    // Two unit-covariance components give no 100 points more than 100·ln(1/2π) = -183.788.
    assert_eq!(
        refusal(
            "r3-ll",
            &edited(|m| m["log_likelihood"] = serde_json::json!(-100.0))
        )
        .unwrap(),
        "log_likelihood -100 is higher than 100 points can reach under these parameters (at \
         most -183.788)"
    );
}

#[test]
fn what_a_model_file_can_recompute_is_recomputed_not_trusted() {
    use gmm_tui::core::model_file::ModelFile;
    let text = edited(|m| {
        m["n_parameters"] = serde_json::json!(3);
        m["bic"] = serde_json::json!(0.0);
        m["aic"] = serde_json::json!(1.0);
    });
    let (file, _) = ModelFile::parse("m.json", &text).unwrap();
    assert_eq!(file.n_parameters, 11);
    assert_eq!(file.aic, 800.0 + 22.0);
    assert_eq!(file.bic, 800.0 + 11.0 * 100f64.ln());
}

// 13. `select` says once what it cannot fit, and fits each K once.

#[test]
fn select_names_the_range_it_cannot_fit_once_and_fits_each_k_once() {
    let ten: String = (1..=10)
        .map(|i| format!("{i},{}\n", (i * 7) % 10))
        .collect();
    let data = csv_file("r3-ten.csv", &format!("x,y\n{ten}"))
        .display()
        .to_string();
    let out = gmm_tui(&[
        "select",
        "--data",
        &data,
        "-k",
        "1..50",
        "--restarts",
        "1",
        "--covariance",
        "full,diag",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let footnotes: Vec<&str> = text.lines().filter(|l| l.starts_with('—')).collect();
    assert_eq!(
        footnotes,
        ["— K=11…50: more components than the 10 points, so none can be fitted"]
    );
    // Rows for K = 1…10 in each of the three tables, none beyond.
    let rows = |k: usize| {
        text.lines()
            .filter(|l| l.split_whitespace().next() == Some(&k.to_string()))
            .count()
    };
    assert_eq!((rows(10), rows(11), rows(50)), (3, 0, 0), "{text}");
    let json = gmm_tui(&[
        "select",
        "--json",
        "--data",
        &data,
        "-k",
        "3,1,3",
        "--restarts",
        "1",
        "--covariance",
        "full",
    ]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let ks: Vec<u64> = report["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["k"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, [1, 3]);
}

// 15. `--trace` in the table.

#[test]
fn trace_prints_each_iteration_in_the_table_too() {
    let args = [
        "--restarts",
        "2",
        "--max-iter",
        "4",
        "--tol",
        "0",
        "--trace",
    ];
    let json = fit_json(&args);
    let out = gmm_tui(&[&["fit"][..], &args].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    for (r, restart) in json["restarts"].as_array().unwrap().iter().enumerate() {
        let heading = format!("trace of restart {}:", r + 1);
        let rows: Vec<Vec<f64>> = text
            .lines()
            .skip_while(|l| *l != heading)
            .skip(2)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().map(|v| v.parse().unwrap()).collect())
            .collect();
        let trace = restart["trace"].as_array().unwrap();
        assert_eq!(rows.len(), trace.len(), "{text}");
        for (i, (row, value)) in rows.iter().zip(trace).enumerate() {
            let value = value.as_f64().unwrap();
            assert_eq!(row[0], i as f64);
            assert!((row[1] - value).abs() < 5e-4, "{} vs {value}", row[1]);
            if i > 0 {
                let change = value - trace[i - 1].as_f64().unwrap();
                assert!((row[2] - change).abs() < 1e-3, "{} vs {change}", row[2]);
            }
        }
    }
}

// What the tries found: every refusal says what would work.

#[test]
fn refusals_from_the_tries_name_what_would_work() {
    let (model, _) = fitted("r3-tries");
    let npy = crate::binary::temp_dir("r3-tries-npy").join("p.npy");
    let mut bytes = gmm_tui::core::input::npy::npy_header("<f8", false, &[2, 2]);
    bytes.extend([1.0f64, 2.0, 3.0, 4.0].iter().flat_map(|v| v.to_le_bytes()));
    std::fs::write(&npy, bytes).unwrap();
    let out = gmm_tui(&[
        "predict",
        "--model",
        &model,
        "--data",
        npy.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--by-position"), "{}", stderr(&out));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            std::fs::read_to_string(&model)
                .unwrap()
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let path = crate::binary::temp_dir("r3-tries-utf16").join("m.json");
    std::fs::write(&path, utf16).unwrap();
    let out = gmm_tui(&["sample", "--model", path.to_str().unwrap()]);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "gmm-tui: error: {}: the model file is UTF-16 text; save it as UTF-8",
            path.display()
        )
    );
    let data = csv_file("r3-tries.csv", POINTS).display().to_string();
    let out = gmm_tui(&["fit", "--data", &data, "--thousands", ","]);
    assert_eq!(
        stderr(&out).trim_end(),
        "gmm-tui: error: --thousands ',' is the delimiter: in a comma-separated file, commas in \
         quoted numbers are read as thousands separators already"
    );
}
