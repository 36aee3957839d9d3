//! The EM part of `gmm-tui bench`: milliseconds per EM iteration, beside baselines measured in
//! the same run — our own pass on one thread, and scikit-learn on the same data and start when
//! Python has it.

use std::process::Command;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

use crate::core::{CovarianceType, Dataset, EmRun, EmSettings, Gmm, InputError, Start};

const SKLEARN_SCRIPT: &str = include_str!("../../../bench/sklearn_em_timing.py");

/// One benchmark problem.
struct Case {
    n: usize,
    d: usize,
    k: usize,
    iterations: usize,
}

/// `k` well-spread random Gaussian clusters in `d` dimensions.
fn clustered_data(n: usize, d: usize, k: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let centres: Vec<f64> = (0..k * d).map(|_| rng.random_range(-10.0..10.0)).collect();
    let scales: Vec<f64> = (0..k * d).map(|_| rng.random_range(0.5..2.0)).collect();
    let mut values = vec![0.0; n * d];
    for i in 0..n {
        let c = i % k;
        for a in 0..d {
            let z: f64 = StandardNormal.sample(&mut rng);
            values[a * n + i] = centres[c * d + a] + scales[c * d + a] * z;
        }
    }
    Dataset::from_columns(
        "bench".into(),
        (1..=d).map(|a| format!("x{a}")).collect(),
        values,
    )
}

/// Median milliseconds per iteration of `iterations` EM steps from `start`, over three runs.
fn time_ours(data: &Dataset, start: &Gmm, iterations: usize) -> f64 {
    let settings = EmSettings {
        reg_covar: 1e-6,
        tol: 0.0,
        max_iter: iterations,
    };
    let mut samples: Vec<f64> = (0..3)
        .map(|_| {
            let mut run =
                EmRun::start(data, start.clone(), settings, false).expect("start is valid");
            let clock = Instant::now();
            run.run_to_end(data);
            1000.0 * clock.elapsed().as_secs_f64() / iterations as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[1]
}

/// scikit-learn's milliseconds per iteration, or why there is none.
fn time_sklearn(data: &Dataset, start: &Gmm, iterations: usize) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("gmm-tui-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (data_path, start_path, script_path) = (
        dir.join("data.f64"),
        dir.join("start.json"),
        dir.join("timing.py"),
    );
    let bytes: Vec<u8> = (0..data.dim())
        .flat_map(|a| data.column(a).iter().flat_map(|v| v.to_le_bytes()))
        .collect();
    let start_json = serde_json::json!({
        "weights": start.weights, "means": start.means, "covariances": start.covariances,
    });
    let written = std::fs::write(&data_path, bytes)
        .and_then(|()| std::fs::write(&start_path, start_json.to_string()))
        .and_then(|()| std::fs::write(&script_path, SKLEARN_SCRIPT));
    let output = written.map_err(|e| e.to_string()).and_then(|()| {
        Command::new("python3")
            .arg(&script_path)
            .arg(&data_path)
            .args([data.n().to_string(), data.dim().to_string()])
            .arg(&start_path)
            .arg(iterations.to_string())
            .output()
            .map_err(|e| format!("python3 not runnable: {e}"))
    });
    let _ = std::fs::remove_dir_all(&dir);
    let output = output?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        let last = reason.lines().last().unwrap_or("failed").to_string();
        return Err(last);
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    report["ms_per_iteration"]
        .as_f64()
        .ok_or_else(|| "no timing printed".into())
}

/// The EM report: one row per problem size.
pub fn em_report(quick: bool, no_python: bool) -> Result<String, InputError> {
    let cases = if quick {
        vec![
            Case {
                n: 100_000,
                d: 2,
                k: 5,
                iterations: 5,
            },
            Case {
                n: 20_000,
                d: 8,
                k: 5,
                iterations: 5,
            },
        ]
    } else {
        vec![
            Case {
                n: 1_000_000,
                d: 2,
                k: 5,
                iterations: 20,
            },
            Case {
                n: 200_000,
                d: 8,
                k: 5,
                iterations: 20,
            },
        ]
    };
    let threads = rayon::current_num_threads();
    let mut text = format!(
        "EM iteration (one E-step + one M-step), full covariance, {threads} threads\n\
         {:>10} {:>2} {:>2}  {:>12} {:>12} {:>14}  {:>9} {:>10}\n",
        "N", "D", "K", "ours ms", "1 thread ms", "scikit-learn", "vs 1 thr", "vs sklearn"
    );
    for case in &cases {
        let data = clustered_data(case.n, case.d, case.k, 7);
        let start = Start::KMeansPlusPlus { seed: 11 }
            .model(&data, case.k, CovarianceType::Full)
            .map_err(|e| InputError::new(format!("bench start: {e}")))?;
        let ours = time_ours(&data, &start, case.iterations);
        let single = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| InputError::new(e.to_string()))?
            .install(|| time_ours(&data, &start, case.iterations));
        let sklearn = if no_python {
            Err("skipped (--no-python)".to_string())
        } else {
            time_sklearn(&data, &start, case.iterations.min(5))
        };
        let (sk, ratio) = match &sklearn {
            Ok(ms) => (format!("{ms:.1}"), format!("{:.1}×", ms / ours)),
            Err(_) => ("—".into(), "—".into()),
        };
        text += &format!(
            "{:>10} {:>2} {:>2}  {:>12.2} {:>12.2} {:>14}  {:>8.1}× {:>10}\n",
            case.n,
            case.d,
            case.k,
            ours,
            single,
            sk,
            single / ours,
            ratio
        );
        if let Err(why) = sklearn {
            text += &format!("            scikit-learn: {why}\n");
        }
    }
    Ok(text)
}
