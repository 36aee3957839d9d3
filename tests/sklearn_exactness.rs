//! EM against scikit-learn's GaussianMixture: the numbers in tests/fixtures were produced by
//! tests/fixtures/make_sklearn_fixtures.py (scikit-learn 1.9.1) and are committed. Every kernel
//! path this CPU can run (AVX-512, AVX2+FMA, AVX2, portable) must meet the same tolerances.

use gmm_tui::core::input::{ReadOptions, read_points};
use gmm_tui::core::kernel::KernelPath;
use gmm_tui::core::{CovarianceType, Dataset, EmRun, EmSettings, FitOptions, Gmm, InitMethod, fit};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(numbers).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

fn dataset(rows: &Value) -> Dataset {
    let rows: Vec<Vec<f64>> = rows.as_array().unwrap().iter().map(numbers).collect();
    let columns = (0..rows[0].len()).map(|a| format!("x{a}")).collect();
    Dataset::from_rows("fixture".into(), columns, &rows)
}

/// A mixture from a fixture's weights, means and full covariances.
fn model(params: &Value, covariance_type: CovarianceType, dim: usize) -> Gmm {
    Gmm::from_full(
        covariance_type,
        dim,
        numbers(&params["weights"]),
        numbers(&params["means"]),
        &numbers(&params["covariances"]),
    )
}

fn assert_close(what: &str, got: &[f64], want: &[f64], tolerance: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tolerance,
            "{what}[{i}]: got {g}, scikit-learn {w}"
        );
    }
}

/// The fixture case's EM run after `n_iter` iterations from its explicit start (data and start
/// moved by `shift`), and scikit-learn's parameters for it.
fn run_case(case: &Value, datasets: &[Value], shift: f64) -> (EmRun, Gmm) {
    let covariance_type: CovarianceType =
        case["covariance_type"].as_str().unwrap().parse().unwrap();
    let mut data = dataset(&datasets[case["dataset"].as_u64().unwrap() as usize]);
    let mut start = model(&case["init"], covariance_type, data.dim());
    if shift != 0.0 {
        let d = data.dim();
        let shifted: Vec<f64> = (0..d)
            .flat_map(|a| data.column(a).iter().map(|v| v + shift))
            .collect();
        data = Dataset::from_columns("shifted".into(), data.columns.clone(), shifted);
        start.means.iter_mut().for_each(|m| *m += shift);
    }
    let n_iter = case["n_iter"].as_u64().unwrap() as usize;
    let settings = EmSettings {
        reg_covar: case["reg_covar"].as_f64().unwrap(),
        tol: 0.0,
        max_iter: n_iter,
    };
    let mut run = EmRun::start(&data, start, settings, false).unwrap();
    run.run_to_end(&data);
    assert_eq!(
        run.iteration(),
        n_iter,
        "tol 0 runs exactly max_iter iterations"
    );
    let expected = model(&case["expected"], covariance_type, data.dim());
    (run, expected)
}

/// Every case on every kernel path this CPU has.
fn every_path(cases: &[Value]) -> impl Iterator<Item = (KernelPath, &Value)> {
    KernelPath::available()
        .into_iter()
        .flat_map(move |path| cases.iter().map(move |case| (path, case)))
}

#[test]
fn parameters_and_log_likelihood_match_scikit_learn_for_every_covariance_type() {
    let fixtures = fixture("sklearn_em.json");
    let datasets = fixtures["datasets"].as_array().unwrap();
    let cases = fixtures["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 16);
    for (path, case) in every_path(cases) {
        let name = format!("{} on {path}", case["name"].as_str().unwrap());
        let (run, want) = path.scope(|| run_case(case, datasets, 0.0));
        let got = run.model();
        assert_close(
            &format!("{name} weights"),
            &got.weights,
            &want.weights,
            1e-8,
        );
        assert_close(&format!("{name} means"), &got.means, &want.means, 1e-8);
        assert_close(
            &format!("{name} covariances"),
            &got.covariances,
            &want.covariances,
            1e-8,
        );
        let expected_ll = case["expected"]["log_likelihood"].as_f64().unwrap();
        let relative = ((run.log_likelihood() - expected_ll) / expected_ll).abs();
        assert!(
            relative <= 1e-10,
            "{name}: log-likelihood {} vs {expected_ll}",
            run.log_likelihood()
        );
    }
}

#[test]
fn data_shifted_by_a_million_gets_the_same_covariances() {
    let fixtures = fixture("sklearn_em.json");
    let datasets = fixtures["datasets"].as_array().unwrap();
    for (path, case) in every_path(fixtures["cases"].as_array().unwrap()) {
        let name = format!("{} on {path}", case["name"].as_str().unwrap());
        let (run, want) = path.scope(|| run_case(case, datasets, 1e6));
        let got = run.model();
        // Coordinates near 1e6 carry ~1e-10 absolute rounding; covariances must not amplify it.
        assert_close(
            &format!("{name} covariances"),
            &got.covariances,
            &want.covariances,
            1e-6,
        );
        let means: Vec<f64> = got.means.iter().map(|m| m - 1e6).collect();
        assert_close(&format!("{name} means"), &means, &want.means, 1e-6);
        assert_close(
            &format!("{name} weights"),
            &got.weights,
            &want.weights,
            1e-8,
        );
    }
}

#[test]
fn best_of_ten_restarts_on_iris_is_at_least_scikit_learns_best_of_ten() {
    let reference = fixture("iris_best.json");
    let path = format!("{}/tests/fixtures/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let data = read_points(path.as_ref(), &ReadOptions::default(), &mut |_| {})
        .unwrap()
        .dataset;
    assert_eq!((data.n(), data.dim()), (150, 4));
    for covariance_type in CovarianceType::ALL {
        let options = FitOptions {
            k: 3,
            covariance_type,
            settings: EmSettings {
                reg_covar: 1e-6,
                tol: 1e-10,
                max_iter: 1000,
            },
            restarts: 10,
            seed: 1,
            method: InitMethod::KMeansPlusPlus,
            first_start: None,
            collapsed_start: None,
        };
        let ours = fit(&data, &options).unwrap().best().log_likelihood;
        let theirs = reference["best_log_likelihood"][covariance_type.name()]
            .as_f64()
            .unwrap();
        assert!(
            ours >= theirs - 1e-9 * theirs.abs(),
            "{covariance_type}: ours {ours}, scikit-learn {theirs}"
        );
    }
}
