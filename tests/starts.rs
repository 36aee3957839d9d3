//! The start methods against their references: k-means against scikit-learn's Lloyd
//! (tests/fixtures/kmeans_lloyd.json, made by make_kmeans_fixture.py), hc against mclust's
//! `hc()` (hc_mclust.json, made by make_hc_fixture.R); the scaled seeding's independence of
//! units; and the default's determinism, whatever the thread count.

use gmm_tui::core::init::{HC_CAP, hc, lloyd, transform};
use gmm_tui::core::input::{ColumnSelector, ReadOptions, read_points};
use gmm_tui::core::{CovarianceType, Dataset, EmSettings, FitOptions, InitMethod, Start, fit};
use proptest::prelude::*;
use serde_json::Value;

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture_path(name)).unwrap()).unwrap()
}

/// A fixture CSV: the named columns (all when none), its first `rows` rows (all when none).
fn csv(name: &str, columns: &Value, rows: &Value) -> Dataset {
    let options = ReadOptions {
        columns: columns.as_array().map(|names| {
            names
                .iter()
                .map(|n| ColumnSelector::Name(n.as_str().unwrap().into()))
                .collect()
        }),
        drop_invalid: true,
        ..ReadOptions::default()
    };
    let data = read_points(&fixture_path(name), &options, &mut |_| {})
        .unwrap()
        .dataset;
    match rows.as_u64() {
        None => data,
        Some(rows) => {
            let rows: Vec<Vec<f64>> = (0..rows as usize).map(|i| data.point(i)).collect();
            Dataset::from_rows(name.into(), data.columns.clone(), &rows)
        }
    }
}

fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(numbers).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

fn whole_numbers(v: &Value) -> Vec<usize> {
    numbers(v).into_iter().map(|x| x as usize).collect()
}

#[test]
fn kmeans_from_given_centres_is_scikit_learns_lloyd() {
    for case in json("kmeans_lloyd.json")["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let data = csv(file, &Value::Null, &Value::Null);
        let result = lloyd::lloyd(
            &data,
            numbers(&case["init"]),
            case["max_iter"].as_u64().unwrap() as usize,
            case["tol"].as_f64().unwrap(),
        );
        let what = format!("{file} from {}", case["init"]);
        assert_eq!(result.labels, whole_numbers(&case["labels"]), "{what}");
        assert_eq!(
            result.iterations,
            case["iterations"].as_u64().unwrap() as usize,
            "{what}"
        );
        for (got, want) in result.centres.iter().zip(numbers(&case["centres"])) {
            assert!(
                (got - want).abs() <= 1e-10 * want.abs().max(1.0),
                "{what}: {got} vs {want}"
            );
        }
    }
}

/// mclust's merge order, and its classifications at 1 to 6 clusters; where merges tie to
/// rounding (`ties`), the classifications only.
#[test]
fn hc_makes_mclusts_merges_and_classifications() {
    for case in json("hc_mclust.json")["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        let data = csv(file, &case["columns"], &case["rows"]);
        let criterion = match case["model"].as_str().unwrap() {
            "VVV" => hc::Criterion::Vvv,
            _ => hc::Criterion::Eii,
        };
        let (z, p) = transform::svd_transform(&data);
        let merges = hc::agglomerate(&z, p, 1, criterion);
        let theirs: Vec<(usize, usize)> = case["merges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m[0].as_u64().unwrap() as usize - 1,
                    m[1].as_u64().unwrap() as usize - 1,
                )
            })
            .collect();
        let what = format!("{file} {criterion:?}");
        if case["ties"] == false {
            assert_eq!(merges, theirs, "{what}");
        }
        let n = data.n();
        for (g, classes) in case["classification"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let ours: Vec<usize> = hc::cut(&merges[..n - (g + 1)], n)
                .into_iter()
                .map(|c| c + 1)
                .collect();
            assert_eq!(ours, whole_numbers(classes), "{what} at G = {}", g + 1);
        }
    }
}

/// Points in `d` dimensions around three centres, with per-column factors and offsets.
fn affine_problem() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<f64>, Vec<f64>, usize, u64)> {
    (2usize..4, 30usize..80).prop_flat_map(|(d, n)| {
        (
            proptest::collection::vec(proptest::collection::vec(-5.0f64..5.0, d), n),
            proptest::collection::vec((-3.0f64..3.0, any::<bool>()), d),
            proptest::collection::vec(-1e4f64..1e4, d),
            2usize..5,
            any::<u64>(),
        )
            .prop_map(|(rows, scales, offsets, k, seed)| {
                // Factors from 1e-3 to 1e3, of either sign.
                let factors = scales
                    .iter()
                    .map(|&(e, negative)| 10f64.powf(e) * if negative { -1.0 } else { 1.0 })
                    .collect();
                (rows, factors, offsets, k, seed)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Scaled k-means++ seeds on standardised columns: data·c + b (each column its own c ≠ 0,
    /// b) starts from the same partition, so the same weights, the means moved as the data and
    /// the covariances scaled by c_a·c_b.
    #[test]
    fn scaled_seeding_gives_the_same_start_in_any_units(
        (rows, factors, offsets, k, seed) in affine_problem()
    ) {
        let d = factors.len();
        let columns: Vec<String> = (0..d).map(|a| format!("x{a}")).collect();
        let moved: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| (0..d).map(|a| r[a] * factors[a] + offsets[a]).collect())
            .collect();
        let data = Dataset::from_rows("a".into(), columns.clone(), &rows);
        let other = Dataset::from_rows("b".into(), columns, &moved);
        let start = Start::ScaledKMeansPlusPlus { seed };
        let here = start.model(&data, k, CovarianceType::Full, 0.0).unwrap();
        let there = start.model(&other, k, CovarianceType::Full, 0.0).unwrap();
        prop_assert_eq!(&here.weights, &there.weights);
        for c in 0..k {
            for a in 0..d {
                let mean = here.mean(c)[a] * factors[a] + offsets[a];
                let scale = offsets[a].abs() + factors[a].abs() * 5.0;
                prop_assert!((mean - there.mean(c)[a]).abs() <= 1e-9 * scale);
                for b in 0..d {
                    let cov = here.covariance(c)[a * d + b] * factors[a] * factors[b];
                    let unit = (factors[a] * factors[b]).abs() * 25.0;
                    prop_assert!((cov - there.covariance(c)[a * d + b]).abs() <= 1e-9 * unit);
                }
            }
        }
    }
}

/// The default fit of `data`, on a pool of `threads` threads.
fn default_fit(data: &Dataset, k: usize, threads: usize) -> gmm_tui::core::FitResult {
    let options = FitOptions {
        k,
        covariance_type: CovarianceType::Full,
        settings: EmSettings::default(),
        restarts: 4,
        seed: 7,
        method: InitMethod::default(),
        first_start: None,
        collapsed_start: None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| fit(data, &options).unwrap())
}

#[test]
fn default_fits_are_the_same_for_a_seed_whatever_the_thread_count() {
    let wine = csv("wine.csv", &Value::Null, &Value::Null);
    // Above the samples' caps too: hc and the seeding work on samples drawn from the seed.
    let large = gmm_tui::core::scenario::find("overlap")
        .unwrap()
        .generate(70_000, 3);
    for (data, k) in [(&wine, 3), (&large, 4)] {
        let one = default_fit(data, k, 1);
        // Small data: the second restart's screen runs its hc candidates in parallel.
        let screens_hc = one
            .restarts
            .iter()
            .any(|r| r.init.starts_with("small-em hc"));
        assert_eq!(screens_hc, data.n() <= HC_CAP, "{}", data.source);
        for threads in [2, 3] {
            let again = default_fit(data, k, threads);
            assert_eq!(again.restarts.len(), one.restarts.len());
            for (a, b) in again.restarts.iter().zip(&one.restarts) {
                assert_eq!(a.init, b.init);
                assert_eq!(
                    a.log_likelihood.to_bits(),
                    b.log_likelihood.to_bits(),
                    "{}",
                    a.init
                );
                assert_eq!(a.model, b.model, "{}", a.init);
            }
        }
    }
}
