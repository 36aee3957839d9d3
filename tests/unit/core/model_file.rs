//! Tests of `src/core/model_file.rs`.

use gmm_tui::core::model::{CovarianceType, Gmm, aic, bic};
use gmm_tui::core::model_file::*;

fn saved() -> ModelFile {
    let model = Gmm {
        covariance_type: CovarianceType::Full,
        dim: 2,
        weights: vec![0.3, 0.7],
        means: vec![0.0, 1.0, 5.0, 5.5],
        covariances: vec![1.0, 0.3, 0.3, 2.0, 0.5, 0.0, 0.0, 0.25],
    };
    let columns = ["x".to_string(), "y".to_string()];
    let p = model.n_parameters();
    ModelFile::new(
        &model,
        FitSummary {
            columns: &columns,
            reg_covar: 1e-6,
            source: "points.csv",
            n: 100,
            log_likelihood: -300.0,
            bic: bic(-300.0, p, 100),
            aic: aic(-300.0, p),
            spurious_components: vec![],
        },
    )
}

fn error_of(file: &ModelFile) -> String {
    ModelFile::parse("m.json", &file.to_json()).unwrap_err().0
}

#[test]
fn a_saved_model_reads_back_bit_for_bit() {
    let file = saved();
    let (read, model) = ModelFile::parse("m.json", &file.to_json()).unwrap();
    assert_eq!(read, file);
    assert_eq!(model.means, vec![0.0, 1.0, 5.0, 5.5]);
    assert_eq!(model.covariance(0)[..], [1.0, 0.3, 0.3, 2.0]);
}

#[test]
fn a_diagonal_model_saves_exact_zeros_off_its_diagonal() {
    let model = Gmm {
        covariance_type: CovarianceType::Diag,
        dim: 2,
        weights: vec![1.0],
        means: vec![0.0, 1.0],
        covariances: vec![2.0, 0.5],
    };
    let columns = ["x".to_string(), "y".to_string()];
    let summary = FitSummary {
        columns: &columns,
        reg_covar: 1e-6,
        source: "points.csv",
        n: 10,
        log_likelihood: -30.0,
        bic: 70.0,
        aic: 68.0,
        spurious_components: vec![],
    };
    let file = ModelFile::new(&model, summary);
    assert_eq!(file.covariances[0], [[2.0, 0.0], [0.0, 0.5]]);
    let (_, read) = ModelFile::parse("m.json", &file.to_json()).unwrap();
    assert_eq!(read.covariance(0)[..], [2.0, 0.0, 0.0, 0.5]);
    assert_eq!(read.covariances, [2.0, 0.5]);
}

#[test]
fn every_broken_file_is_refused_with_its_reason() {
    let mut f = saved();
    f.version = 2;
    assert!(error_of(&f).contains("version 2 is not supported"));
    let mut f = saved();
    f.weights = vec![0.3, 0.6];
    assert!(
        error_of(&f).contains("weights sum to 0.900000, not 1"),
        "{}",
        error_of(&f)
    );
    let mut f = saved();
    f.means.pop();
    assert!(error_of(&f).contains("means must be 2×2"));
    let mut f = saved();
    f.covariances[1] = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
    assert!(error_of(&f).contains("component 1 (0-based) is not positive definite"));
    let mut f = saved();
    f.covariances[0][0][1] = 0.4;
    assert!(error_of(&f).contains("is not symmetric"));
    let mut f = saved();
    f.covariance_type = "diag".into();
    assert!(error_of(&f).contains("off-diagonal terms"));
    let mut f = saved();
    f.columns.push("z".into());
    assert!(error_of(&f).contains("columns must be 2 names"));
    let not_model = ModelFile::parse("m.json", "{\"restarts\": []}")
        .unwrap_err()
        .0;
    assert!(not_model.starts_with("m.json: not a gmm-tui model file"));
    let not_json = ModelFile::parse("m.json", "k=2").unwrap_err().0;
    assert!(not_json.contains("not JSON"));
}
