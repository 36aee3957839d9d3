//! Data kept where the caller holds it (a NumPy array's buffer, row- or column-major) fits
//! exactly as the same points read into columns: the chunked reads change no number.

use std::sync::Arc;

use gmm_tui::core::dataset::{Order, SharedValues};
use gmm_tui::core::{CovarianceType, Dataset, EmRun, EmSettings, FitOptions, InitMethod, fit};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// `n` points in `d` dimensions around `k` centres, as owned columns and as the same values
/// shared row-major and column-major.
fn three_ways(n: usize, d: usize, k: usize) -> [Dataset; 3] {
    let mut rng = StdRng::seed_from_u64(7);
    let centres: Vec<f64> = (0..k * d).map(|_| rng.random_range(-8.0..8.0)).collect();
    let rows: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let c = i % k;
            (0..d)
                .map(|a| centres[c * d + a] + rng.random_range(-1.5..1.5))
                .collect()
        })
        .collect();
    let names: Vec<String> = (1..=d).map(|a| format!("x{a}")).collect();
    let owned = Dataset::from_rows("t".into(), names.clone(), &rows);
    let row_major: SharedValues = Arc::new(rows.concat());
    let column_major: Vec<f64> = (0..d)
        .flat_map(|a| rows.iter().map(move |r| r[a]))
        .collect();
    let column_major: SharedValues = Arc::new(column_major);
    [
        owned,
        Dataset::from_shared("t".into(), names.clone(), row_major, Order::RowMajor),
        Dataset::from_shared("t".into(), names, column_major, Order::ColumnMajor),
    ]
}

fn options(k: usize, covariance_type: CovarianceType) -> FitOptions {
    FitOptions {
        k,
        covariance_type,
        settings: EmSettings {
            reg_covar: 1e-6,
            tol: 0.0,
            max_iter: 8,
        },
        restarts: 2,
        seed: 3,
        method: InitMethod::KMeansPlusPlus,
        first_start: None,
        collapsed_start: None,
    }
}

#[test]
fn fits_on_shared_values_are_bit_identical_to_fits_on_columns() {
    // D = 2 and 5 run the lane kernel (one chunk of 8192 points transposed at a time); D = 12
    // the tiled kernel, whose chunks are transposed in parts: 20,000 points span several.
    for (n, d, k) in [(20_000, 2, 3), (9_000, 5, 4), (20_000, 12, 3)] {
        let [owned, rows, columns] = three_ways(n, d, k);
        assert_eq!(owned, rows);
        assert_eq!(owned, columns);
        for covariance_type in [CovarianceType::Full, CovarianceType::Diag] {
            let want = fit(&owned, &options(k, covariance_type)).unwrap();
            for shared in [&rows, &columns] {
                let got = fit(shared, &options(k, covariance_type)).unwrap();
                for (g, w) in got.restarts.iter().zip(&want.restarts) {
                    assert_eq!(g.model, w.model, "D = {d} {covariance_type}");
                    assert_eq!(g.trace, w.trace, "D = {d} {covariance_type}");
                }
            }
        }
    }
}

#[test]
fn labels_of_shared_values_are_those_of_columns() {
    let [owned, rows, _] = three_ways(10_000, 12, 3);
    let start = gmm_tui::core::Start::Random { seed: 2 }
        .model(&owned, 3, CovarianceType::Full, 1e-6)
        .unwrap();
    let settings = EmSettings::default();
    let want = EmRun::start(&owned, start.clone(), settings, true).unwrap();
    let got = EmRun::start(&rows, start, settings, true).unwrap();
    assert_eq!(got.labels(), want.labels());
    assert_eq!(got.certainty(), want.certainty());
    assert_eq!(got.log_likelihood(), want.log_likelihood());
}

#[test]
fn statistics_and_refusals_read_shared_values_in_place() {
    let [owned, rows, columns] = three_ways(500, 3, 2);
    for shared in [&rows, &columns] {
        assert_eq!(shared.mean(), owned.mean());
        assert_eq!(shared.covariance(), owned.covariance());
        assert_eq!(shared.variances(), owned.variances());
        assert_eq!(shared.bounds(), owned.bounds());
        assert_eq!(shared.point(17), owned.point(17));
        assert_eq!(shared.column(2), owned.column(2));
        let reordered = shared.clone().reordered(&[2, 0, 1]);
        assert_eq!(reordered, owned.clone().reordered(&[2, 0, 1]));
        assert_eq!(reordered.columns, ["x3", "x1", "x2"]);
    }
    let mut values = vec![1.0; 12];
    values[7] = f64::NAN;
    let names = vec!["x1".to_string(), "x2".to_string(), "x3".to_string()];
    let nan = Dataset::from_shared("X".into(), names, Arc::new(values), Order::RowMajor);
    assert_eq!(
        nan.check_values().unwrap_err().0,
        "X: column 'x2', point 3: NaN is not a finite number"
    );
}

#[test]
fn every_start_on_shared_values_is_the_start_on_columns() {
    // 1,500 points: every start reads the data itself (hc agglomerates them all); 70,000: past
    // the k-means starts' sample cap (65,536), random's partition still on every point.
    for n in [1_500, 70_000] {
        let [owned, rows, columns] = three_ways(n, 3, 3);
        for method in InitMethod::ALL {
            let Some(start) = method.start(&owned, 0, 5) else {
                continue;
            };
            for covariance_type in [CovarianceType::Full, CovarianceType::Diag] {
                let want = start.model(&owned, 3, covariance_type, 1e-6).unwrap();
                for shared in [&rows, &columns] {
                    let got = start.model(shared, 3, covariance_type, 1e-6).unwrap();
                    assert_eq!(got, want, "{n} points, {method} {covariance_type}");
                }
            }
        }
    }
}
