//! The EM part of `gmm-tui bench`: milliseconds per EM iteration, beside baselines measured in
//! the same run — our own pass on one thread, and scikit-learn on the same data and start when
//! Python has it — with the kernel path that ran each row.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use crate::core::kernel::{self, KernelPath};
use crate::core::{CovarianceType, Dataset, EmRun, EmSettings, Gmm, InputError, Start};

const SKLEARN_SCRIPT: &str = include_str!("../../../bench/sklearn_em_timing.py");

/// One benchmark problem.
struct Case {
    n: usize,
    d: usize,
    k: usize,
    covariance_type: CovarianceType,
    /// Iterations per run, each timed alone (ours: three runs; scikit-learn: one run of at most
    /// five, it is slow). Both report their fastest iteration.
    iterations: usize,
}

const fn case(n: usize, d: usize, k: usize, covariance_type: CovarianceType) -> Case {
    // Enough iterations for about a second of our work per run, at most 20.
    let work = n * k * (d * d + 30);
    let iterations = if work > 200_000_000 {
        3
    } else if work > 20_000_000 {
        10
    } else {
        20
    };
    Case {
        n,
        d,
        k,
        covariance_type,
        iterations,
    }
}

/// The targets of issue 8: the headline D = 2 problem, K and covariance types beside it, D = 8,
/// and the high dimensions where the work is matrix products.
const FULL: [Case; 10] = [
    case(1_000_000, 2, 5, CovarianceType::Full),
    case(1_000_000, 2, 2, CovarianceType::Full),
    case(1_000_000, 2, 10, CovarianceType::Full),
    case(1_000_000, 2, 5, CovarianceType::Diag),
    case(1_000_000, 2, 5, CovarianceType::Spherical),
    case(1_000_000, 2, 5, CovarianceType::Tied),
    case(200_000, 8, 5, CovarianceType::Full),
    case(20_000, 64, 4, CovarianceType::Full),
    case(20_000, 256, 4, CovarianceType::Full),
    case(50, 2000, 4, CovarianceType::Full),
];

const QUICK: [Case; 3] = [
    case(100_000, 2, 5, CovarianceType::Full),
    case(20_000, 8, 5, CovarianceType::Full),
    case(2_000, 64, 4, CovarianceType::Full),
];

/// One measured row.
#[derive(Serialize)]
pub struct EmRow {
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub covariance_type: &'static str,
    /// The kernel that ran: path, and `tiled` for the high-dimensional kernel.
    pub kernel: String,
    pub ms_per_iteration: f64,
    pub single_thread_ms: f64,
    pub sklearn_ms: Option<f64>,
    /// scikit-learn's milliseconds over ours.
    pub speedup_vs_sklearn: Option<f64>,
    /// Why this row has no scikit-learn figure although scikit-learn runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sklearn_error: Option<String>,
}

/// What Python offers for the comparison.
#[derive(Serialize)]
pub struct Sklearn {
    /// "scikit-learn 1.9.1, numpy 2.4.6" when it runs.
    pub version: Option<String>,
    /// Thread pools scikit-learn uses (BLAS, OpenMP) and their threads.
    pub threads: Vec<(String, usize)>,
    /// Why there is no comparison, with how to get it.
    pub missing: Option<String>,
}

#[derive(Serialize)]
pub struct EmReport {
    pub threads: usize,
    pub sklearn: Sklearn,
    pub rows: Vec<EmRow>,
}

/// `k` well-spread random Gaussian clusters in `d` dimensions.
pub(super) fn clustered_data(n: usize, d: usize, k: usize, seed: u64) -> Dataset {
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
        crate::core::dataset::positional_names(d),
        values,
    )
}

/// Milliseconds of the fastest EM iteration in three runs of `iterations` from `start`, each
/// iteration timed alone: load elsewhere on the machine only adds time, and scikit-learn's
/// script reports its fastest iteration the same way.
fn time_ours(data: &Dataset, start: &Gmm, iterations: usize) -> f64 {
    let settings = EmSettings {
        reg_covar: 1e-6,
        tol: 0.0,
        max_iter: iterations,
    };
    let mut fastest = f64::INFINITY;
    for _ in 0..3 {
        let mut run = EmRun::start(data, start.clone(), settings, false).expect("start is valid");
        while !run.status().is_finished() {
            let clock = Instant::now();
            run.step(data);
            fastest = fastest.min(1000.0 * clock.elapsed().as_secs_f64());
        }
    }
    fastest
}

/// Runs the timing script with `args`; its JSON output, or the last line of its error.
fn run_script(args: &[String]) -> Result<serde_json::Value, String> {
    let dir = std::env::temp_dir().join(format!("gmm-tui-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let script = dir.join("sklearn_em_timing.py");
    std::fs::write(&script, SKLEARN_SCRIPT).map_err(|e| e.to_string())?;
    super::python_json(&script, args)
}

/// Whether scikit-learn runs, its version and thread pools.
fn probe_sklearn() -> Sklearn {
    match run_script(&["--probe".into()]) {
        Ok(v) => Sklearn {
            version: Some(format!(
                "scikit-learn {}, numpy {}",
                v["sklearn"].as_str().unwrap_or("?"),
                v["numpy"].as_str().unwrap_or("?")
            )),
            threads: v["threads"]
                .as_object()
                .map(|pools| {
                    pools
                        .iter()
                        .map(|(name, n)| (name.clone(), n.as_u64().unwrap_or(0) as usize))
                        .collect()
                })
                .unwrap_or_default(),
            missing: None,
        },
        Err(why) => Sklearn {
            version: None,
            threads: Vec::new(),
            missing: Some(format!(
                "no scikit-learn comparison: {why}; `pip install scikit-learn` adds it"
            )),
        },
    }
}

/// scikit-learn's milliseconds per iteration on the same data and start.
fn time_sklearn(
    data: &Dataset,
    start: &Gmm,
    covariance_type: CovarianceType,
    iterations: usize,
) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("gmm-tui-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (data_path, start_path) = (dir.join("data.f64"), dir.join("start.json"));
    let bytes: Vec<u8> = (0..data.dim())
        .flat_map(|a| data.column(a).iter().flat_map(|v| v.to_le_bytes()))
        .collect();
    // The script reads full D×D matrices, whatever the type stores.
    let covariances: Vec<f64> = (0..start.k())
        .flat_map(|c| start.covariance(c).into_owned())
        .collect();
    let start_json = serde_json::json!({
        "weights": start.weights, "means": start.means, "covariances": covariances,
        "covariance_type": covariance_type.name(),
    });
    std::fs::write(&data_path, bytes)
        .and_then(|()| std::fs::write(&start_path, start_json.to_string()))
        .map_err(|e| e.to_string())?;
    let report = run_script(&[
        data_path.display().to_string(),
        data.n().to_string(),
        data.dim().to_string(),
        start_path.display().to_string(),
        iterations.to_string(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    report?["ms_per_iteration"]
        .as_f64()
        .ok_or_else(|| "no timing printed".into())
}

/// Measures every case.
pub fn em_report(quick: bool, no_python: bool) -> Result<EmReport, InputError> {
    let cases: &[Case] = if quick { &QUICK } else { &FULL };
    let sklearn = if no_python {
        Sklearn {
            version: None,
            threads: Vec::new(),
            missing: Some("no scikit-learn comparison (--no-python)".into()),
        }
    } else {
        probe_sklearn()
    };
    let path = KernelPath::current();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| InputError::new(e.to_string()))?;
    let mut rows = Vec::new();
    for case in cases {
        let data = clustered_data(case.n, case.d, case.k, 7);
        let start = Start::KMeansPlusPlus { seed: 11 }
            .model(&data, case.k, case.covariance_type, 1e-6)
            .map_err(|e| InputError::new(format!("bench start: {e}")))?;
        let ours = time_ours(&data, &start, case.iterations);
        let single =
            one_thread.install(|| path.scope(|| time_ours(&data, &start, case.iterations)));
        let sklearn_result = sklearn.version.as_ref().map(|_| {
            let iterations = case.iterations.min(5);
            time_sklearn(&data, &start, case.covariance_type, iterations)
        });
        let sklearn_ms = sklearn_result
            .as_ref()
            .and_then(|r| r.as_ref().ok().copied());
        rows.push(EmRow {
            n: case.n,
            d: case.d,
            k: case.k,
            covariance_type: case.covariance_type.name(),
            kernel: kernel::describe(path, case.d),
            ms_per_iteration: ours,
            single_thread_ms: single,
            sklearn_ms,
            speedup_vs_sklearn: sklearn_ms.map(|theirs| theirs / ours),
            sklearn_error: sklearn_result.and_then(Result::err),
        });
    }
    Ok(EmReport {
        threads: rayon::current_num_threads(),
        sklearn,
        rows,
    })
}

/// The report as a table.
pub fn em_text(report: &EmReport) -> String {
    let mut text = format!(
        "EM iteration (one E-step + one M-step), ms, the fastest of several; {} threads\n",
        report.threads
    );
    match (&report.sklearn.version, &report.sklearn.missing) {
        (Some(version), _) => {
            let pools: Vec<String> = report
                .sklearn
                .threads
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect();
            text += &format!("baseline: {version}; threads: {}\n", pools.join(", "));
        }
        (None, Some(missing)) => text += &format!("{missing}\n"),
        (None, None) => {}
    }
    text += &format!(
        "{:>9} {:>4} {:>2} {:>9}  {:>15}  {:>9} {:>9} {:>8}  {:>12} {:>8}\n",
        "N", "D", "K", "cov", "kernel", "ours", "1 thread", "scaling", "scikit-learn", "speedup"
    );
    for row in &report.rows {
        let (theirs, speedup) = match (row.sklearn_ms, row.speedup_vs_sklearn) {
            (Some(ms), Some(x)) => (format!("{ms:.1}"), format!("{x:.1}×")),
            _ => ("—".into(), "—".into()),
        };
        text += &format!(
            "{:>9} {:>4} {:>2} {:>9}  {:>15}  {:>9.2} {:>9.2} {:>7.1}×  {:>12} {:>8}\n",
            row.n,
            row.d,
            row.k,
            row.covariance_type,
            row.kernel,
            row.ms_per_iteration,
            row.single_thread_ms,
            row.single_thread_ms / row.ms_per_iteration,
            theirs,
            speedup
        );
        if let Some(why) = &row.sklearn_error {
            text += &format!("          scikit-learn failed on this row: {why}\n");
        }
    }
    text
}
