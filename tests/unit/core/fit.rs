//! Tests of `src/core/fit.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::fit::*;
use gmm_tui::core::model::{CovarianceType, Gmm};
use gmm_tui::core::status::RunStatus;

fn result(log_likelihood: f64, status: RunStatus) -> RestartResult {
    RestartResult {
        init: String::new(),
        iterations: 1,
        status,
        collapsed: Vec::new(),
        spurious: Vec::new(),
        log_likelihood,
        model: Gmm {
            covariance_type: CovarianceType::Full,
            dim: 1,
            weights: vec![1.0],
            means: vec![0.0],
            covariances: vec![1.0],
        },
        trace: Vec::new(),
        seconds: 0.0,
    }
}

#[test]
fn columns_under_ten_times_reg_covar_are_named_and_constant_ones_left_to_their_note() {
    // Variances: income 2.5e11, share 1e-8 (±1e-4 about 2e-4), flat 0 or rounding's crumbs.
    let rows: Vec<Vec<f64>> = (0..4)
        .map(|i| {
            let side = if i % 2 == 0 { -1.0 } else { 1.0 };
            vec![-1.15e7 + side * 5e5, 2e-4 + side * 1e-4, 0.1]
        })
        .collect();
    let columns = ["income", "share", "flat"].map(String::from).to_vec();
    let data = Dataset::from_rows("t".into(), columns, &rows);
    let scale = data_scale(&data);
    assert!((scale.variances[1] - 1e-8).abs() < 1e-20);
    assert_eq!(scale.faint_columns(1e-6), [1, 2]);
    // 10 × 2e-9 is above the share's 1e-8, 10 × 5e-10 below it.
    assert_eq!(scale.faint_columns(2e-9), [1, 2]);
    assert_eq!(scale.faint_columns(5e-10), [2]);
    assert_eq!(
        reg_covar_note(&data, &scale, 1e-6).unwrap(),
        "column 'share' varies by 1e-8 (variance), under 10 × --reg-covar (1e-6): the fit \
         barely sees it; rescale it or lower --reg-covar"
    );
    assert_eq!(reg_covar_note(&data, &scale, 5e-10), None);
    assert_eq!(reg_covar_note(&data, &scale, 0.0), None);
    // Two at once: named together.
    let rows: Vec<Vec<f64>> = rows.iter().map(|r| vec![r[1], r[1] * 2.0]).collect();
    let data = Dataset::from_rows("t".into(), vec!["a".into(), "b".into()], &rows);
    assert_eq!(
        reg_covar_note(&data, &data_scale(&data), 1e-6).unwrap(),
        "columns 'a', 'b' vary by 1e-8, 4e-8 (variances), under 10 × --reg-covar (1e-6): \
         the fit barely sees them; rescale them or lower --reg-covar"
    );
}

#[test]
fn best_is_the_first_run_at_the_highest_optimum_and_never_a_degenerate_one() {
    use gmm_tui::core::status::RunStatus::*;
    let runs = [
        result(-120.0, Converged),
        result(-100.0005, Converged),
        result(-100.0, Converged),
        result(50.0, SingularCovariance(0)),
    ];
    assert_eq!(
        best_restart(&runs, 1e-3),
        Some(1),
        "within 1e-3 of -100: the first"
    );
    assert_eq!(
        best_restart(&runs, 1e-4),
        Some(2),
        "outside the tolerance the higher wins"
    );
    assert_eq!(
        best_restart(&runs[3..], 1e-3),
        Some(0),
        "a degenerate run only if all are"
    );
    assert_eq!(best_restart(&runs[..0], 1e-3), None);
}

#[test]
fn a_spurious_maximum_is_passed_over_unless_allowed() {
    use gmm_tui::core::spurious::{SpuriousComponent, SpuriousReason};
    let mut spike = result(-90.0, RunStatus::Converged);
    spike.spurious = vec![SpuriousComponent {
        component: 0,
        reason: SpuriousReason::Flattened { rank: 0 },
        points: 3.0,
    }];
    let runs = [
        result(-120.0, RunStatus::Converged),
        spike,
        result(-100.0, RunStatus::Converged),
    ];
    assert_eq!(best_restart(&runs, 1e-3), Some(2));
    let raw = best_restart_by(&runs, 1e-3, Preference::HighestLikelihood);
    assert_eq!(raw, Some(1));
    assert_eq!(
        best_restart(&runs[1..2], 1e-3),
        Some(0),
        "spurious only if all are"
    );
    let degenerate = result(-50.0, RunStatus::EmptyComponent(0));
    assert_eq!(
        best_restart([&runs[1], &degenerate], 1e-3),
        Some(0),
        "spurious beats degenerate"
    );
    // With every run spurious, the one with the fewest spurious components wins.
    let mut worse = result(-10.0, RunStatus::Converged);
    worse.spurious = vec![runs[1].spurious[0]; 3];
    assert_eq!(best_restart([&worse, &runs[1]], 1e-3), Some(1));
}
