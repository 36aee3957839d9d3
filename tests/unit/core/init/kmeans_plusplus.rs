//! Tests of `src/core/init/kmeans_plusplus.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::kmeans_plusplus::*;
use gmm_tui::core::kernel::KernelPath;
use gmm_tui::core::scenario;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// scikit-learn's algorithm written plainly: a full cumulative sum to draw from, and a
/// distance vector per candidate.
fn plain_kmeans_plusplus(data: &Dataset, k: usize, seed: u64) -> Vec<f64> {
    let n = data.n();
    let distance = |i: usize, c: &[f64]| -> f64 {
        (0..data.dim())
            .map(|a| (data.column(a)[i] - c[a]).powi(2))
            .sum()
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let trials = 2 + (k as f64).ln() as usize;
    let first = data.point(rng.random_range(0..n));
    let mut closest: Vec<f64> = (0..n).map(|i| distance(i, &first)).collect();
    let mut centres = first;
    for _ in 1..k {
        let cumulative: Vec<f64> = closest
            .iter()
            .scan(0.0, |s, d| {
                *s += d;
                Some(*s)
            })
            .collect();
        let total = cumulative[n - 1];
        let mut best: Option<(f64, Vec<f64>, Vec<f64>)> = None;
        for _ in 0..trials {
            let target = rng.random::<f64>() * total;
            let candidate = data.point(cumulative.partition_point(|&c| c <= target));
            let distances: Vec<f64> = (0..n)
                .map(|i| distance(i, &candidate).min(closest[i]))
                .collect();
            let potential: f64 = distances.iter().sum();
            if best.as_ref().is_none_or(|(p, _, _)| potential < *p) {
                best = Some((potential, candidate, distances));
            }
        }
        let (_, candidate, distances) = best.unwrap();
        centres.extend(candidate);
        closest = distances;
    }
    centres
}

#[test]
fn centres_are_those_of_the_plain_algorithm() {
    for (name, n, k) in [
        ("overlap", 20_000, 6),
        ("cigars", 9_001, 3),
        ("outliers", 777, 9),
    ] {
        let data = scenario::find(name).unwrap().generate(n, 2);
        for seed in 0..4 {
            for path in KernelPath::available() {
                let ours = path.scope(|| kmeans_plusplus(&data, k, seed).unwrap());
                assert_eq!(
                    ours,
                    plain_kmeans_plusplus(&data, k, seed),
                    "{name} {seed} {path}"
                );
            }
        }
    }
}

#[test]
fn centres_do_not_depend_on_the_thread_count() {
    let data = scenario::find("overlap").unwrap().generate(50_000, 3);
    let centres = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| kmeans_plusplus(&data, 12, 5).unwrap())
    };
    let one = centres(1);
    assert_eq!(centres(2), one);
    assert_eq!(centres(3), one);
}
