//! The Python package's fit ([`fit_as_sklearn`]) against scikit-learn's numbers: from the
//! committed fixture's explicit starts (tests/fixtures/make_sklearn_fixtures.py, scikit-learn
//! 1.9.1), the parameters after `max_iter` iterations, their log-likelihood, `n_iter_` and
//! `lower_bound_` as scikit-learn defines them.

use gmm_tui::core::sklearn_fit::{FitStop, GivenStart, SklearnFit, fit_as_sklearn};
use gmm_tui::core::{
    CovarianceType, Dataset, EmRun, EmSettings, FitOptions, Gmm, InitMethod, Preference, scenario,
};
use serde_json::Value;

fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(numbers).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

fn options(k: usize, covariance_type: CovarianceType, tol: f64, max_iter: usize) -> FitOptions {
    FitOptions {
        k,
        covariance_type,
        settings: EmSettings {
            reg_covar: 1e-6,
            tol,
            max_iter,
        },
        restarts: 1,
        seed: 1,
        method: InitMethod::KMeansPlusPlus,
        first_start: None,
        collapsed_start: None,
    }
}

fn never() -> impl FnMut() -> bool {
    || false
}

/// A fit of `data` with `given` parts of the start, never interrupted.
fn fit_from(
    data: &Dataset,
    options: &FitOptions,
    given: &GivenStart,
) -> Result<SklearnFit, FitStop> {
    fit_as_sklearn(data, options, given, Preference::NonSpurious, &mut never())
}

/// The start method's model for restart 0 of `options` on `data`.
fn method_start(data: &Dataset, options: &FitOptions) -> gmm_tui::core::Gmm {
    options
        .start(data, 0)
        .model(
            data,
            options.k,
            options.covariance_type,
            options.settings.reg_covar,
        )
        .unwrap()
}

#[test]
fn from_the_same_start_the_fit_is_scikit_learns_after_max_iter_iterations() {
    let path = format!(
        "{}/tests/fixtures/sklearn_em.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let fixtures: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let datasets = fixtures["datasets"].as_array().unwrap();
    for case in fixtures["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let rows: Vec<Vec<f64>> = datasets[case["dataset"].as_u64().unwrap() as usize]
            .as_array()
            .unwrap()
            .iter()
            .map(numbers)
            .collect();
        let columns = (1..=rows[0].len()).map(|a| format!("x{a}")).collect();
        let data = Dataset::from_rows("X".into(), columns, &rows);
        let covariance_type = case["covariance_type"].as_str().unwrap().parse().unwrap();
        // The fixture's covariances are full D×D matrices; the fit takes and gives them as
        // the type stores them.
        let mixture = |params: &Value| {
            Gmm::from_full(
                covariance_type,
                data.dim(),
                numbers(&params["weights"]),
                numbers(&params["means"]),
                &numbers(&params["covariances"]),
            )
        };
        let init = mixture(&case["init"]);
        let given = GivenStart {
            weights: Some(init.weights.clone()),
            means: Some(init.means.clone()),
            covariances: Some(init.covariances),
        };
        let n_iter = case["n_iter"].as_u64().unwrap() as usize;
        let mut options = options(init.weights.len(), covariance_type, 0.0, n_iter);
        options.settings.reg_covar = case["reg_covar"].as_f64().unwrap();
        let fit = fit_from(&data, &options, &given).unwrap();
        let (model, log_likelihood) = fit.model.unwrap();
        let expected = &case["expected"];
        let want = mixture(expected);
        for (what, got, want) in [
            ("weights", &model.weights, &want.weights),
            ("means", &model.means, &want.means),
            ("covariances", &model.covariances, &want.covariances),
        ] {
            assert_eq!(got.len(), want.len(), "{name} {what}");
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() <= 1e-8, "{name} {what}: {g} vs {w}");
            }
        }
        let want = expected["log_likelihood"].as_f64().unwrap();
        assert!(
            ((log_likelihood - want) / want).abs() <= 1e-10,
            "{name}: {log_likelihood} vs {want}"
        );
        assert_eq!((fit.n_iter, fit.converged), (n_iter, false), "{name}");
        assert_eq!(fit.lower_bounds.len(), n_iter, "{name}");
    }
}

#[test]
fn lower_bound_is_the_last_e_step_and_convergence_takes_one_more_m_step() {
    let data = scenario::find("seed").unwrap().generate(2000, 1);
    let options = options(2, CovarianceType::Full, 1e-3, 100);
    let fit = fit_from(&data, &options, &GivenStart::default()).unwrap();
    assert!(fit.converged);
    // The same start run by hand: scikit-learn's iteration n_iter evaluates θ_{n_iter − 1}
    // (its change below tol) and returns θ_{n_iter}.
    let start = method_start(&data, &options);
    let mut run = EmRun::start(&data, start, options.settings, false).unwrap();
    let n = data.n() as f64;
    for _ in 1..fit.n_iter {
        run.step(&data);
    }
    let changes: Vec<f64> = run.trace().windows(2).map(|w| (w[1] - w[0]) / n).collect();
    assert!(changes[..changes.len() - 1].iter().all(|&c| c >= 1e-3));
    assert!(*changes.last().unwrap() < 1e-3);
    assert_eq!(fit.lower_bound, run.log_likelihood() / n);
    assert_eq!(fit.model.unwrap().0, run.next_parameters().unwrap());
    let bounds: Vec<f64> = run.trace().iter().map(|l| l / n).collect();
    assert_eq!(fit.lower_bounds, bounds);
}

#[test]
fn max_iter_zero_returns_the_start_with_no_lower_bound() {
    let data = scenario::find("seed").unwrap().generate(500, 2);
    let options = options(2, CovarianceType::Diag, 1e-3, 0);
    let fit = fit_from(&data, &options, &GivenStart::default()).unwrap();
    let start = method_start(&data, &options);
    assert_eq!(fit.model.unwrap().0, start);
    assert_eq!((fit.n_iter, fit.converged), (0, false));
    assert_eq!(fit.lower_bound, f64::NEG_INFINITY);
    assert!(fit.lower_bounds.is_empty());
}

#[test]
fn given_parts_replace_the_methods_and_bad_ones_are_refused() {
    let data = scenario::find("seed").unwrap().generate(500, 2);
    let options = options(2, CovarianceType::Full, 1e-3, 1);
    let means = vec![0.0, 0.0, 5.0, 5.0];
    let given = GivenStart {
        means: Some(means.clone()),
        ..GivenStart::default()
    };
    let fit = fit_from(&data, &options, &given).unwrap();
    assert_eq!(fit.restarts.best().model.means, means, "the start's means");
    assert!(fit.restarts.best().init.ends_with("with given means"));
    let refuse = |given: GivenStart| match fit_from(&data, &options, &given) {
        Err(FitStop::Bad(e)) => e.0,
        other => panic!("{other:?}"),
    };
    let short = GivenStart {
        means: Some(vec![0.0; 3]),
        ..GivenStart::default()
    };
    assert_eq!(
        refuse(short),
        "means_init must be 2×2 for 2 components in 2 dimensions"
    );
    let unnormalised = GivenStart {
        weights: Some(vec![0.5, 0.4]),
        ..GivenStart::default()
    };
    assert_eq!(
        refuse(unnormalised),
        "weights_init must be non-negative and sum to 1 (they sum to 0.9)"
    );
}

#[test]
fn a_long_fit_stops_when_asked() {
    let data = scenario::find("seed").unwrap().generate(2000, 1);
    let options = options(2, CovarianceType::Full, 0.0, 100_000_000);
    let mut asked = 0;
    let mut interrupted = || {
        asked += 1;
        asked == 2
    };
    let stop = fit_as_sklearn(
        &data,
        &options,
        &GivenStart::default(),
        Preference::NonSpurious,
        &mut interrupted,
    );
    assert_eq!(stop.unwrap_err(), FitStop::Interrupted);
    assert_eq!(asked, 2);
}
