//! What a start costs on large data (issue 16: at N = 1,000,000, D = 2, K = 5 the default start
//! may cost at most 3 EM iterations), each start beside one EM iteration in the same run: on
//! the whole pool by the wall clock, and on one thread by that thread's CPU clock, which does not
//! count the time a thread waits for a core while other work runs (this machine's two cores are
//! shared), so the second ratio holds on a busy machine.

use serde::Serialize;

use crate::core::init::Screen;
use crate::core::{CovarianceType, EmRun, EmSettings, InitMethod, InputError, Start, scenario};

use super::roofline::cpu_and_wall_seconds;

const N: usize = 1_000_000;
const K: usize = 5;

/// One start's cost.
#[derive(Serialize)]
pub struct Cost {
    pub start: String,
    /// The fastest of three, on the whole pool, and in EM iterations (the pool's fastest).
    pub ms: f64,
    pub em_iterations: f64,
    /// The fastest of three by one thread's CPU clock, and in EM iterations measured so.
    pub one_thread_cpu_ms: f64,
    pub one_thread_em_iterations: f64,
}

/// Every start's cost at N = 1,000,000, D = 2, K = 5.
#[derive(Serialize)]
pub struct StartCost {
    pub n: usize,
    pub d: usize,
    pub k: usize,
    /// The fastest of ten EM iterations: on the pool (wall clock), and on one thread (its CPU).
    pub em_iteration_ms: f64,
    pub one_thread_em_iteration_ms: f64,
    pub starts: Vec<Cost>,
}

/// The fastest of `runs` timings of `f`, in milliseconds: by the wall clock, and by this
/// thread's CPU clock (both the fastest of their own).
fn fastest_ms(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    (0..runs)
        .map(|_| cpu_and_wall_seconds(&mut f))
        .fold((f64::INFINITY, f64::INFINITY), |(w, c), (cpu, wall)| {
            (w.min(1000.0 * wall), c.min(1000.0 * cpu))
        })
}

/// Each start's time on 1,000,000 points of the `overlap` scenario (D = 2) with K = 5, beside
/// the fastest EM iteration from a k-means++ start: `screens` are the `small-em` screenings to
/// time (labelled), beside `hc`, `kmeans` and `random`.
pub fn start_cost(screens: &[(String, Screen)]) -> Result<StartCost, InputError> {
    let data = scenario::find("overlap")?.generate(N, 7);
    let covariance_type = CovarianceType::Full;
    let model = |start: &Start| start.model(&data, K, covariance_type, 1e-6);
    let first = model(&Start::KMeansPlusPlus { seed: 11 })?;
    let settings = EmSettings {
        tol: 0.0,
        max_iter: 20,
        ..EmSettings::default()
    };
    let mut run = EmRun::start(&data, first, settings, false)
        .map_err(|_| InputError::new("bench start: not positive definite"))?;
    let (em_ms, _) = fastest_ms(10, || {
        run.step(&data);
    });
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| InputError::new(format!("bench start: {e}")))?;
    let (_, one_thread_em_ms) = one_thread.install(|| {
        fastest_ms(10, || {
            run.step(&data);
        })
    });
    let mut starts: Vec<(String, Start)> = [
        (
            "hc (2000-point sample; mixed's first up to 2000)",
            InitMethod::Hc,
        ),
        ("kmeans", InitMethod::KMeans),
        ("random", InitMethod::Random),
    ]
    .into_iter()
    .map(|(label, method)| (label.into(), method.start(&data, 1, 1001).expect("seeded")))
    .collect();
    starts.extend(screens.iter().map(|(label, screen)| {
        let start = Start::SmallEm {
            seed: 1001,
            screen: *screen,
        };
        (label.clone(), start)
    }));
    let mut costs = Vec::new();
    for (label, start) in starts {
        let mut failed = None;
        let (ms, _) = fastest_ms(3, || failed = model(&start).err());
        let (_, cpu_ms) = one_thread.install(|| fastest_ms(3, || failed = model(&start).err()));
        if let Some(e) = failed {
            return Err(e);
        }
        costs.push(Cost {
            start: label,
            ms,
            em_iterations: ms / em_ms,
            one_thread_cpu_ms: cpu_ms,
            one_thread_em_iterations: cpu_ms / one_thread_em_ms,
        });
    }
    Ok(StartCost {
        n: N,
        d: 2,
        k: K,
        em_iteration_ms: em_ms,
        one_thread_em_iteration_ms: one_thread_em_ms,
        starts: costs,
    })
}

/// The cost table.
pub fn start_cost_text(cost: &StartCost) -> String {
    let mut text = format!(
        "\nStart cost at N = {}, D = {}, K = {} (full), the fastest of three beside the fastest of \
         ten EM iterations: on the pool (wall clock; one EM iteration {:.2} ms), and on one thread \
         (its CPU clock, which a busy machine does not inflate; one EM iteration {:.2} ms)\n",
        cost.n, cost.d, cost.k, cost.em_iteration_ms, cost.one_thread_em_iteration_ms
    );
    text += &format!(
        "  {:<58} {:>9} {:>10} {:>10} {:>10}\n",
        "start", "pool ms", "EM its", "1-thr ms", "EM its"
    );
    for c in &cost.starts {
        text += &format!(
            "  {:<58} {:>9.2} {:>10.2} {:>10.2} {:>10.2}\n",
            c.start, c.ms, c.em_iterations, c.one_thread_cpu_ms, c.one_thread_em_iterations
        );
    }
    text
}
