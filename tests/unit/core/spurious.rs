//! Tests of `src/core/spurious.rs`.

use gmm_tui::core::model::{CovarianceType, Gmm};
use gmm_tui::core::spurious::*;

fn model(covariances: Vec<f64>) -> Gmm {
    Gmm {
        covariance_type: CovarianceType::Full,
        dim: 2,
        weights: vec![0.5, 0.5],
        means: vec![0.0, 0.0, 5.0, 5.0],
        covariances,
    }
}

#[test]
fn a_component_on_a_line_or_a_point_is_named_and_a_sound_one_is_not() {
    let reg = 1e-6;
    // Component 2 lies on the line y = x: its covariance is rank 1 plus reg_covar.
    let line = model(vec![1.0, 0.2, 0.2, 1.0, 2.0 + reg, 2.0, 2.0, 2.0 + reg]);
    let found = spurious_components(&line, &[500.0, 40.0], reg, &[1.0, 1.0]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].component, 1);
    assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 1 });
    assert_eq!(
        found[0].describe(),
        "component 2 collapsed onto a line (spurious)"
    );

    let point = model(vec![1.0, 0.0, 0.0, 1.0, reg, 0.0, 0.0, reg]);
    let found = spurious_components(&point, &[500.0, 12.0], reg, &[1.0, 1.0]);
    assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 0 });

    let few = model(vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
    let found = spurious_components(&few, &[500.0, 2.5], reg, &[1.0, 1.0]);
    assert_eq!(found[0].reason, SpuriousReason::TooFewPoints { needed: 3 });
    assert_eq!(
        found[0].describe(),
        "component 2 rests on 2.5 points, under the 3 that span 2 dimensions (spurious)"
    );
    // 2.97 points must not read as the 3.0 that would be enough.
    let found = spurious_components(&few, &[500.0, 2.97], reg, &[1.0, 1.0]);
    assert!(found[0].describe().contains("rests on 2.97 points"));
    let found = spurious_components(&few, &[500.0, 2.99996], reg, &[1.0, 1.0]);
    assert!(found[0].describe().contains("rests on 2.99996 points"));

    let sound = model(vec![1.0, 0.9, 0.9, 1.0, 0.01, 0.0, 0.0, 0.01]);
    assert!(spurious_components(&sound, &[500.0, 40.0], reg, &[1.0, 1.0]).is_empty());
}

#[test]
fn a_diagonal_or_tied_covariance_needs_fewer_points_than_a_full_one_in_many_dimensions() {
    let reg = 1e-6;
    let d = 4;
    let with = |covariance_type, covariances: Vec<f64>| Gmm {
        covariance_type,
        dim: d,
        weights: vec![0.5, 0.5],
        means: vec![0.0; 2 * d],
        covariances,
    };
    let unit = [1.0; 4];
    // 2.5 points give each of 4 columns a variance, though they span 2 of its dimensions.
    let diag = with(CovarianceType::Diag, [unit, unit].concat());
    assert!(spurious_components(&diag, &[500.0, 2.5], reg, &unit).is_empty());
    let found = spurious_components(&diag, &[500.0, 1.5], reg, &unit);
    assert_eq!(found[0].reason, SpuriousReason::TooFewPoints { needed: 2 });
    assert_eq!(
        found[0].describe(),
        "component 2 rests on 1.5 points, under the 2 that give a variance (spurious)"
    );
    // A column squeezed to reg_covar is flat, read off the variances themselves.
    let squeezed = with(
        CovarianceType::Diag,
        vec![1.0, 1.0, 1.0, 1.0, 1.0, reg, 1.0, reg],
    );
    let found = spurious_components(&squeezed, &[500.0, 40.0], reg, &unit);
    assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 2 });
    // A tied covariance is pooled: half a point's component leaves it sound.
    let mut identity = vec![0.0; d * d];
    (0..d).for_each(|a| identity[a * d + a] = 1.0);
    let tied = with(CovarianceType::Tied, [identity.clone(), identity].concat());
    assert!(spurious_components(&tied, &[500.0, 0.5], reg, &unit).is_empty());
    // The same 2.5 points under a full covariance are too few to span 4 dimensions.
    let full = with(CovarianceType::Full, tied.covariances.clone());
    let found = spurious_components(&full, &[500.0, 2.5], reg, &unit);
    assert_eq!(found[0].reason, SpuriousReason::TooFewPoints { needed: 5 });
}

#[test]
fn data_whose_every_column_is_constant_has_no_flat_direction_to_name() {
    // Every point the same: no column varies, and an eigen-decomposition of a 0×0 matrix
    // panicked (fit -k 1 --reg-covar 0 on three equal points).
    let flat = model(vec![0.0; 8]);
    assert!(spurious_components(&flat, &[500.0, 40.0], 0.0, &[0.0, 0.0]).is_empty());
}

#[test]
fn data_in_tiny_units_is_not_all_spurious() {
    // Variances of 1e-8 with reg_covar 1e-6: every component is mostly reg_covar, none a spike.
    let reg = 1e-6;
    let tiny = model(vec![
        1e-8 + reg,
        0.0,
        0.0,
        1e-8 + reg,
        2e-8 + reg,
        0.0,
        0.0,
        1e-8 + reg,
    ]);
    assert!(spurious_components(&tiny, &[500.0, 500.0], reg, &[1e-8, 1e-8]).is_empty());
    // On ordinary data the same covariance is a spike.
    assert_eq!(
        spurious_components(&tiny, &[500.0, 500.0], reg, &[1.0, 1.0]).len(),
        2
    );
}

#[test]
fn each_column_is_flat_or_not_on_its_own_scale() {
    // Incomes (sd ~ 20,000) beside a share (sd ~ 0.17): a component whose share varies by
    // 0.007 is no spike, though 0.007 is nothing beside the incomes' variance.
    let reg = 1e-6;
    let mixed = Gmm {
        covariance_type: CovarianceType::Full,
        dim: 2,
        weights: vec![0.5, 0.5],
        means: vec![40_000.0, 0.3, 90_000.0, 0.6],
        covariances: vec![6.4e7, 10.0, 10.0, 0.007, 2.25e8, 0.0, 0.0, 0.01],
    };
    let variances = [6.6e8, 0.03];
    assert!(spurious_components(&mixed, &[400.0, 300.0], reg, &variances).is_empty());
    // A share squeezed to reg_covar is still a spike, whatever the incomes' scale.
    let mut squeezed = mixed.clone();
    squeezed.covariances[3] = reg;
    squeezed.covariances[1] = 0.0;
    squeezed.covariances[2] = 0.0;
    let found = spurious_components(&squeezed, &[400.0, 300.0], reg, &variances);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 1 });
    // A column that holds one value flattens every component alike: no one is flagged.
    let constant = [6.6e8, 0.0];
    assert!(spurious_components(&squeezed, &[400.0, 300.0], reg, &constant).is_empty());
}
