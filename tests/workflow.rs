//! The workflow after a fit: saved models read back, predict/score against scikit-learn,
//! sampling, model selection, and spurious maximisers named and passed over.

use crate::binary::{fixture, gmm_tui, numeric_csv, stderr, stdout_of, temp_dir, temp_file};
use gmm_tui::core::fit::data_scale;
use gmm_tui::core::input::{ReadOptions, read_points};
use gmm_tui::core::model::{CovarianceType, Gmm, bic, n_parameters};
use gmm_tui::core::model_file::{FitSummary, ModelFile};
use gmm_tui::core::predict::Evaluator;
use gmm_tui::core::spurious::spurious_components;
use gmm_tui::core::{Dataset, EmRun, EmSettings};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|x| match x {
            Value::Array(_) => numbers(x),
            _ => vec![x.as_f64().unwrap()],
        })
        .collect()
}

fn load(name: &str) -> Dataset {
    read_points(fixture(name).as_ref(), &ReadOptions::default(), &mut |_| {})
        .unwrap()
        .dataset
}

/// A mixture from a fixture's `weights`, `means` and full `covariances`.
fn gmm_of(case: &Value) -> Gmm {
    let covariance_type: CovarianceType =
        case["covariance_type"].as_str().unwrap().parse().unwrap();
    let weights = numbers(&case["weights"]);
    let means = numbers(&case["means"]);
    let dim = means.len() / weights.len();
    Gmm::from_full(
        covariance_type,
        dim,
        weights,
        means,
        &numbers(&case["covariances"]),
    )
}

fn assert_relative(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        let scale = e.abs().max(f64::MIN_POSITIVE);
        assert!(
            (a - e).abs() <= tolerance * scale,
            "{what}[{i}]: {a} vs scikit-learn's {e} (relative {:e})",
            (a - e).abs() / scale
        );
    }
}

/// Writes `model` as a model file for the commands to read.
fn save(tag: &str, model: &Gmm, columns: &[String]) -> String {
    let file = ModelFile::new(
        model,
        FitSummary {
            columns,
            reg_covar: 1e-6,
            source: "fixture",
            n: 1,
            // Any log-likelihood the parameters can give one point (loading refuses more).
            log_likelihood: -1e6,
            bic: 0.0,
            aic: 0.0,
            spurious_components: vec![],
        },
    );
    temp_file(tag, "model.json", &file.to_json())
        .display()
        .to_string()
}

#[test]
fn predict_proba_score_samples_and_bic_equal_scikit_learns_for_every_covariance_type() {
    let fixtures = json(&std::fs::read_to_string(fixture("sklearn_workflow.json")).unwrap());
    let cases = fixtures["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 8, "faithful and iris, four covariance types");
    for case in cases {
        let name = case["data"].as_str().unwrap();
        let what = format!("{name} {}", case["covariance_type"]);
        let data = load(&format!("{name}.csv"));
        let model = gmm_of(case);
        let expected = &case["on_data"];

        // Through the command line, as a user would: a model file, then predict and score.
        let model_path = save(&what.replace(' ', "-"), &model, &data.columns);
        let csv = fixture(&format!("{name}.csv"));
        let predicted = stdout_of(&["predict", "--model", &model_path, "--data", &csv, "--proba"]);
        let (header, rows) = numeric_csv(&predicted);
        assert_eq!(header[0], "component");
        let labels: Vec<f64> = rows.iter().map(|r| r[0]).collect();
        assert_eq!(labels, numbers(&expected["predict"]), "{what}: predict");
        let proba: Vec<f64> = rows.iter().flat_map(|r| r[1..].to_vec()).collect();
        assert_relative(&proba, &numbers(&expected["predict_proba"]), 1e-10, &what);
        let scored = stdout_of(&["score", "--model", &model_path, "--data", &csv, "--json"]);
        let scored = json(&scored);
        let samples = numbers(&scored["score_samples"]);
        assert_relative(&samples, &numbers(&expected["score_samples"]), 1e-10, &what);
        let score = [scored["score"].as_f64().unwrap()];
        assert_relative(&score, &[expected["score"].as_f64().unwrap()], 1e-10, &what);

        // BIC and AIC from our parameter count and log-likelihood equal scikit-learn's.
        let k = model.k();
        let p = n_parameters(model.covariance_type, k, model.dim);
        assert_eq!(
            p as u64,
            case["n_parameters"].as_u64().unwrap(),
            "{what}: p"
        );
        let log_likelihood = scored["log_likelihood"].as_f64().unwrap();
        let ours = bic(log_likelihood, p, data.n());
        assert_relative(&[ours], &[expected["bic"].as_f64().unwrap()], 1e-10, &what);

        // Far from the data responsibilities are tiny, and still agree.
        let far_rows: Vec<Vec<f64>> = case["far_points"]
            .as_array()
            .unwrap()
            .iter()
            .map(numbers)
            .collect();
        let far = Dataset::from_rows("far".into(), data.columns.clone(), &far_rows);
        let prediction = Evaluator::new(&model).unwrap().predict(&far);
        let far_expected = &case["on_far_points"];
        assert_relative(
            &prediction.proba,
            &numbers(&far_expected["predict_proba"]),
            1e-10,
            &what,
        );
        assert_relative(
            &prediction.log_density,
            &numbers(&far_expected["score_samples"]),
            1e-10,
            &what,
        );
    }
}

#[test]
fn a_saved_fit_predicts_its_own_labels_and_scores_its_own_log_likelihood() {
    let dir = temp_dir("round-trip");
    for (data_args, columns) in [
        (vec!["--data".to_string(), fixture("faithful.csv")], None),
        (
            vec!["--scenario".to_string(), "cigars".to_string()],
            Some("x,y"),
        ),
    ] {
        let model_path = dir.join("fit.json").display().to_string();
        let data_args: Vec<&str> = data_args.iter().map(String::as_str).collect();
        let mut fit = vec!["fit", "--json", "--save", &model_path, "--restarts", "3"];
        fit.extend(&data_args);
        let report = json(&stdout_of(&fit));
        let saved = json(&std::fs::read_to_string(&model_path).unwrap());
        let best = &report["restarts"][report["best_restart"].as_u64().unwrap() as usize];
        assert_eq!(saved["weights"], best["weights"]);
        assert_eq!(saved["means"], best["means"]);
        assert_eq!(saved["covariances"], best["covariances"]);
        assert_eq!(saved["bic"], report["bic"]);

        // A scenario is scored through a CSV of its points.
        let csv = match columns {
            None => fixture("faithful.csv"),
            Some(_) => {
                let points = stdout_of(&["generate", "--scenario", "cigars"]);
                temp_file("round-trip-csv", "cigars.csv", &points)
                    .display()
                    .to_string()
            }
        };
        let scored = json(&stdout_of(&[
            "score",
            "--model",
            &model_path,
            "--data",
            &csv,
            "--json",
        ]));
        let fit_log_likelihood = best["log_likelihood"].as_f64().unwrap();
        let scored_log_likelihood = scored["log_likelihood"].as_f64().unwrap();
        assert!(
            (scored_log_likelihood - fit_log_likelihood).abs() <= 1e-12 * fit_log_likelihood.abs(),
            "{scored_log_likelihood} vs the fit's {fit_log_likelihood}"
        );

        // The fit's labels: the EM pass's most responsible component under the saved model.
        let data = read_points(csv.as_ref(), &ReadOptions::default(), &mut |_| {})
            .unwrap()
            .dataset;
        let (_, model) =
            ModelFile::parse("fit.json", &std::fs::read_to_string(&model_path).unwrap()).unwrap();
        let settings = EmSettings {
            max_iter: 0,
            ..EmSettings::default()
        };
        let run = EmRun::start(&data, model, settings, true).unwrap();
        let fit_labels: Vec<f64> = run
            .labels()
            .unwrap()
            .iter()
            .map(|&l| f64::from(l))
            .collect();
        let (_, rows) = numeric_csv(&stdout_of(&[
            "predict",
            "--model",
            &model_path,
            "--data",
            &csv,
        ]));
        let predicted: Vec<f64> = rows.iter().map(|r| r[0]).collect();
        assert_eq!(predicted, fit_labels);
    }
}

#[test]
fn samples_have_the_models_weights_means_and_covariances_within_4_standard_errors() {
    let model = Gmm {
        covariance_type: CovarianceType::Full,
        dim: 2,
        weights: vec![0.2, 0.5, 0.3],
        means: vec![0.0, 0.0, 6.0, -2.0, -3.0, 8.0],
        covariances: vec![
            1.0, 0.8, 0.8, 2.0, 0.5, -0.2, -0.2, 0.3, 4.0, 0.0, 0.0, 0.25,
        ],
    };
    let path = save("sample", &model, &["a".into(), "b".into()]);
    let n = 200_000;
    let text = stdout_of(&[
        "sample",
        "--model",
        &path,
        "-n",
        &n.to_string(),
        "--seed",
        "11",
    ]);
    let (header, rows) = numeric_csv(&text);
    assert_eq!(header, ["a", "b", "component"]);
    assert_eq!(rows.len(), n);
    for c in 0..3 {
        let points: Vec<&Vec<f64>> = rows.iter().filter(|r| r[2] == c as f64).collect();
        let count = points.len() as f64;
        let w = model.weights[c];
        let se = (w * (1.0 - w) / n as f64).sqrt();
        assert!(
            (count / n as f64 - w).abs() < 4.0 * se,
            "weight {c}: {}",
            count / n as f64
        );
        let sigma = model.covariance(c);
        let mean: Vec<f64> = (0..2)
            .map(|a| points.iter().map(|p| p[a]).sum::<f64>() / count)
            .collect();
        for a in 0..2 {
            let se = (sigma[a * 2 + a] / count).sqrt();
            assert!(
                (mean[a] - model.mean(c)[a]).abs() < 4.0 * se,
                "mean {c},{a}: {}",
                mean[a]
            );
        }
        for a in 0..2 {
            for b in 0..2 {
                let v = points
                    .iter()
                    .map(|p| (p[a] - mean[a]) * (p[b] - mean[b]))
                    .sum::<f64>()
                    / count;
                // Var of a Gaussian sample covariance entry: (Σaa Σbb + Σab²) / n.
                let (saa, sbb, sab) = (sigma[a * 2 + a], sigma[b * 2 + b], sigma[a * 2 + b]);
                let se = ((saa * sbb + sab * sab) / count).sqrt();
                assert!((v - sab).abs() < 4.0 * se, "cov {c},{a},{b}: {v} vs {sab}");
            }
        }
    }
    // Same seed, same points; another seed, others.
    let again = stdout_of(&["sample", "--model", &path, "-n", "50", "--seed", "11"]);
    let other = stdout_of(&["sample", "--model", &path, "-n", "50", "--seed", "12"]);
    assert_eq!(
        again,
        stdout_of(&["sample", "--model", &path, "-n", "50", "--seed", "11"])
    );
    assert_ne!(again, other);
}

#[test]
fn select_scores_each_cell_as_its_fit_and_picks_k2_on_the_seed_scenario() {
    // The seed's clusters are N(·, I): among full covariances K = 2 wins, and across all types
    // the spherical K = 2, the truth's own form, with 8 fewer parameters.
    let full = json(&stdout_of(&[
        "select",
        "-k",
        "1..6",
        "--covariance",
        "full",
        "--restarts",
        "3",
        "--json",
    ]));
    let best = &full["cells"][full["best"].as_u64().unwrap() as usize];
    assert_eq!(
        (best["k"].as_u64(), best["covariance_type"].as_str()),
        (Some(2), Some("full"))
    );
    let report = json(&stdout_of(&[
        "select",
        "-k",
        "1..4",
        "--restarts",
        "3",
        "--json",
    ]));
    let cells = report["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 16);
    let best = &cells[report["best"].as_u64().unwrap() as usize];
    assert_eq!(
        (best["k"].as_u64(), best["covariance_type"].as_str()),
        (Some(2), Some("spherical"))
    );
    let n = report["n"].as_f64().unwrap();
    for cell in cells {
        let log_likelihood = cell["log_likelihood"].as_f64().unwrap();
        let p = cell["n_parameters"].as_f64().unwrap();
        let expected = -2.0 * log_likelihood + p * n.ln();
        let bic = cell["bic"].as_f64().unwrap();
        assert!((bic - expected).abs() <= 1e-12 * expected.abs(), "{cell}");
        let icl = cell["icl"].as_f64().unwrap();
        assert!(icl >= bic, "ICL adds a non-negative entropy: {cell}");
    }
    // A cell is exactly the fit `fit -k K --covariance T` makes with the same options.
    for (k, covariance) in [("3", "diag"), ("2", "full")] {
        let fit = json(&stdout_of(&[
            "fit",
            "-k",
            k,
            "--covariance",
            covariance,
            "--restarts",
            "3",
            "--json",
        ]));
        let cell = cells
            .iter()
            .find(|c| c["k"].as_u64() == k.parse().ok() && c["covariance_type"] == covariance)
            .unwrap();
        assert_eq!(cell["bic"], fit["bic"], "K={k} {covariance}");
        assert_eq!(cell["best_restart"], fit["best_restart"]);
    }
    // K = 1 has no classification entropy: ICL = BIC.
    assert_eq!(cells[0]["icl"], cells[0]["bic"]);
}

#[test]
fn select_marks_cells_it_cannot_fit_and_prints_the_table() {
    let csv = temp_file("select-few", "few.csv", "x,y\n0,0\n1,0\n0,1\n1,1.5\n");
    let out = gmm_tui(&[
        "select",
        "--data",
        csv.to_str().unwrap(),
        "-k",
        "1..5",
        "--covariance",
        "full,spherical",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("— K=5: more components than the 4 points, so it cannot be fitted"),
        "{text}"
    );
    let bic_header = text
        .lines()
        .find(|l| l.starts_with("BIC ") && !l.contains('='))
        .unwrap();
    assert!(bic_header.contains("full") && bic_header.contains("spherical"));
    assert!(
        text.matches('*').count() >= 3,
        "a best cell per criterion: {text}"
    );
    assert!(
        !text.contains("none of these models is to be trusted"),
        "{text}"
    );

    // Two points and two components, one on each: every cell is spurious, and the summary
    // still ranks them, with a warning. (K = 1 diag and spherical are sound there: two points
    // give each column a variance.)
    let csv = temp_file("select-two", "two.csv", "x,y\n1,2\n3,4\n");
    let out = gmm_tui(&["select", "--data", csv.to_str().unwrap(), "-k", "1..3"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("top 3 by BIC: K=1 spherical (13.4), K=1 diag (14.1)"),
        "{text}"
    );
    let out = gmm_tui(&["select", "--data", csv.to_str().unwrap(), "-k", "2..3"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let top = text
        .lines()
        .find(|l| l.starts_with("top 3 by BIC: "))
        .unwrap();
    assert_eq!(top.matches("K=").count(), 3, "{top}");
    assert!(
        text.contains("every fitted cell is spurious or degenerate (marked !), so none of these models is to be trusted"),
        "{text}"
    );
}

/// The faithful K=5 diag maximiser scikit-learn finds: 14 eruptions that all waited 83 minutes
/// hold a component whose `waiting` variance is reg_covar.
const FAITHFUL_SPIKE_MEANS: &str = "2.72,63.07;4.20,83.00;1.97,53.39;4.58,82.52;4.10,77.97";

#[test]
fn faithful_k5_diag_spike_is_flagged_and_passed_over_unless_allowed() {
    let faithful = fixture("faithful.csv");
    let args = [
        "fit",
        "--data",
        &faithful,
        "-k",
        "5",
        "--covariance",
        "diag",
        "--init-means",
        FAITHFUL_SPIKE_MEANS,
        "--init-variance",
        "0.1",
        "--restarts",
        "4",
        "--json",
    ];
    let report = json(&stdout_of(&args));
    let spike = &report["restarts"][0];
    assert_eq!(
        spike["spurious_components"].as_array().unwrap().len(),
        1,
        "{spike}"
    );
    let c = spike["spurious_components"][0].as_u64().unwrap();
    assert_eq!(
        spike["means"][c as usize][1], 83.0,
        "the component sits on waiting = 83"
    );
    assert!(
        spike["message"]
            .as_str()
            .unwrap()
            .contains(&format!("component {c} collapsed onto a line"))
    );
    let chosen = report["best_restart"].as_u64().unwrap() as usize;
    assert_ne!(chosen, 0);
    assert_eq!(report["spurious_restart_passed_over"], 0);
    let restarts = report["restarts"].as_array().unwrap();
    let best_sound = restarts
        .iter()
        .filter(|r| r["spurious_components"].as_array().unwrap().is_empty())
        .map(|r| r["log_likelihood"].as_f64().unwrap())
        .fold(f64::NEG_INFINITY, f64::max);
    let chosen_ll = restarts[chosen]["log_likelihood"].as_f64().unwrap();
    assert!(
        chosen_ll >= best_sound - 1e-6 * 272.0,
        "the best non-spurious restart"
    );
    assert!(spike["log_likelihood"].as_f64().unwrap() > chosen_ll + 50.0);

    let text = stdout_of(&args[..args.len() - 1]);
    assert!(
        text.contains("restart 1 has a higher log-likelihood"),
        "{text}"
    );
    assert!(text.contains("collapsed onto a line (spurious)"));

    let mut allowed = args.to_vec();
    allowed.push("--allow-spurious");
    let raw = json(&stdout_of(&allowed));
    assert_eq!(raw["best_restart"], 0);
    assert_eq!(raw["spurious_restart_passed_over"], Value::Null);
}

#[test]
fn exactly_repeated_points_planted_in_clusters_are_flagged_and_never_chosen() {
    let mut csv = stdout_of(&[
        "generate",
        "--scenario",
        "seed",
        "--points",
        "300",
        "--seed",
        "5",
    ]);
    csv += &"2.5,-3\n".repeat(6);
    let path = temp_file("planted", "planted.csv", &csv)
        .display()
        .to_string();
    let report = json(&stdout_of(&["fit", "--data", &path, "-k", "3", "--json"]));
    let restarts = report["restarts"].as_array().unwrap();
    let flagged: Vec<&Value> = restarts
        .iter()
        .filter(|r| !r["spurious_components"].as_array().unwrap().is_empty())
        .collect();
    assert!(
        !flagged.is_empty(),
        "some restart lands on the repeated point"
    );
    // Every flagged component is a point or a line: its smallest eigenvalue is about reg_covar.
    for r in &flagged {
        for c in r["spurious_components"].as_array().unwrap() {
            let s = numbers(&r["covariances"][c.as_u64().unwrap() as usize]);
            let (trace, det) = (s[0] + s[3], s[0] * s[3] - s[1] * s[2]);
            let smallest = (trace - (trace * trace - 4.0 * det).sqrt()) / 2.0;
            assert!(smallest < 1e-5, "{r}");
        }
    }
    let chosen = &restarts[report["best_restart"].as_u64().unwrap() as usize];
    assert!(chosen["spurious_components"].as_array().unwrap().is_empty());
    let highest = flagged
        .iter()
        .map(|r| r["log_likelihood"].as_f64().unwrap())
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        highest > chosen["log_likelihood"].as_f64().unwrap(),
        "a spike outscores every sound fit"
    );
}

#[test]
fn scikit_learns_spurious_maximisers_are_flagged_and_its_ordinary_fits_are_not() {
    let fixtures = json(&std::fs::read_to_string(fixture("sklearn_workflow.json")).unwrap());
    for case in fixtures["spurious"].as_array().unwrap() {
        let data = load(&format!("{}.csv", case["data"].as_str().unwrap()));
        let model = gmm_of(case);
        let prediction = Evaluator::new(&model).unwrap().predict(&data);
        let k = model.k();
        let nk: Vec<f64> = (0..k)
            .map(|c| prediction.proba.iter().skip(c).step_by(k).sum())
            .collect();
        let found = spurious_components(&model, &nk, 1e-6, &data_scale(&data).variances);
        let expected = case["spurious"].as_bool().unwrap();
        assert_eq!(!found.is_empty(), expected, "{} {found:?}", case["data"]);
        if expected {
            assert_eq!(found.len(), 1, "one spike: {found:?}");
            assert!(nk[found[0].component] < 15.0, "a handful of points: {nk:?}");
        }
    }
}

#[test]
fn broken_model_files_are_refused_with_exit_status_2() {
    let points = temp_file("model-files", "p.csv", "x,y\n1,2\n")
        .display()
        .to_string();
    let good = json(&{
        let dir = temp_dir("model-files");
        let path = dir.join("good.json").display().to_string();
        stdout_of(&["fit", "--save", &path, "--restarts", "1", "--points", "50"]);
        std::fs::read_to_string(&path).unwrap()
    });
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        edit(&mut v);
        v
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            broken(&|v| v["version"] = 2.into()),
            "version 2 is not supported",
        ),
        (broken(&|v| v["weights"][0] = 0.1.into()), "not 1"),
        (
            broken(&|v| v["means"] = Value::Array(vec![])),
            "means must be 2×2",
        ),
        (
            broken(&|v| v["covariances"][1] = json("[[1, 2], [2, 1]]")),
            "component 1 (0-based) is not positive definite",
        ),
        (json("{\"restarts\": []}"), "not a gmm-tui model file"),
    ];
    for (file, message) in cases {
        let path = temp_file("model-files", "bad.json", &file.to_string())
            .display()
            .to_string();
        let out = gmm_tui(&["predict", "--model", &path, "--data", &points]);
        assert_eq!(out.status.code(), Some(2), "{message}");
        let err = stderr(&out);
        assert!(err.contains(message) && err.lines().count() == 1, "{err}");
    }
    let wrong_columns = temp_file("model-files", "q.csv", "a,b\n1,2\n")
        .display()
        .to_string();
    let good_path = temp_file("model-files", "ok.json", &good.to_string())
        .display()
        .to_string();
    let out = gmm_tui(&["predict", "--model", &good_path, "--data", &wrong_columns]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the model was fitted on x, y"),
        "{}",
        stderr(&out)
    );
    // Other names feed the model only when asked to, by position.
    let renamed = [
        "predict",
        "--model",
        &good_path,
        "--data",
        &wrong_columns,
        "--columns",
        "a,b",
    ];
    let out = gmm_tui(&renamed);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--by-position"), "{}", stderr(&out));
    let renamed = stdout_of(&[&renamed[..], &["--by-position"]].concat());
    assert_eq!(renamed.lines().count(), 2);
}

#[test]
fn ordinary_fits_have_no_spurious_component() {
    let scenarios = ["seed", "overlap", "cigars", "unequal", "tiny", "outliers"];
    let mut runs: Vec<Vec<String>> = scenarios
        .iter()
        .map(|s| vec!["--scenario".to_string(), s.to_string()])
        .collect();
    for (file, k) in [("iris.csv", "3"), ("faithful.csv", "2")] {
        runs.push(vec!["--data".into(), fixture(file), "-k".into(), k.into()]);
    }
    for args in runs {
        let mut all = vec!["fit", "--json", "--restarts", "5"];
        all.extend(args.iter().map(String::as_str));
        let report = json(&stdout_of(&all));
        for restart in report["restarts"].as_array().unwrap() {
            assert_eq!(
                restart["spurious_components"],
                serde_json::json!([]),
                "{args:?}: {restart}"
            );
        }
    }
}

#[test]
fn columns_on_different_scales_are_not_called_spurious() {
    // Incomes in dollars beside a share between 0 and 1, two clear groups (as a stranger's
    // file): every fit was flagged spurious while the share's spread was judged against the
    // incomes'. Deterministic points: a grid per group.
    let mut text = String::from("income,share\n");
    for (centre, share, n) in [(40_000.0, 0.3, 40), (90_000.0, 0.6, 30)] {
        for i in 0..n {
            let u = f64::from(i) / f64::from(n) - 0.5;
            let v = f64::from((i * 7) % n) / f64::from(n) - 0.5;
            text += &format!("{},{}\n", centre + 30_000.0 * u, share + 0.3 * v);
        }
    }
    let csv = temp_file("scales", "income.csv", &text);
    let out = gmm_tui(&["fit", "--json", "--data", csv.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for restart in report["restarts"].as_array().unwrap() {
        assert_eq!(
            restart["spurious_components"],
            serde_json::json!([]),
            "{restart}"
        );
    }
}
