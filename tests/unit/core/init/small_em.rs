//! Tests of `src/core/init/small_em.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::em::{EmRun, EmSettings};
use gmm_tui::core::fit::restart_seed;
use gmm_tui::core::init::sample::bootstrap;
use gmm_tui::core::init::small_em::*;
use gmm_tui::core::init::{HC_CAP, Start};
use gmm_tui::core::model::{CovarianceType, Gmm};

/// Three groups on a line, one of them far narrower than the others.
fn groups() -> Dataset {
    let rows: Vec<Vec<f64>> = (0..90)
        .map(|i| {
            let (centre, spread) = [(0.0, 1.0), (6.0, 1.0), (9.0, 0.1)][i % 3];
            let wobble = ((i * 37) % 11) as f64 / 10.0 - 0.5;
            vec![centre + spread * wobble, ((i * 13) % 7) as f64 / 7.0]
        })
        .collect();
    Dataset::from_rows("groups".into(), vec!["x".into(), "y".into()], &rows)
}

/// Where `model`'s short run (as the screen runs it) ends.
fn short_run(data: &Dataset, model: Gmm, iterations: usize) -> f64 {
    let settings = EmSettings {
        reg_covar: 1e-6,
        tol: 0.0,
        max_iter: iterations,
    };
    let mut run = EmRun::start(data, model, settings, false).unwrap();
    run.run_to_end(data);
    run.log_likelihood()
}

/// The starts of `screen`'s candidates for the restart seeded by `seed`, as it makes them.
fn candidates(screen: &Screen, data: &Dataset, seed: u64, k: usize) -> Vec<Gmm> {
    (0..screen.candidates)
        .map(|j| {
            screen.kinds[j % screen.kinds.len()]
                .model(data, restart_seed(seed, j), k, CovarianceType::Full, 1e-6)
                .unwrap()
        })
        .collect()
}

#[test]
fn the_start_is_the_candidate_whose_short_run_ends_highest() {
    let data = groups();
    for screen in [Screen::DEFAULT, Screen::HC_BOOTSTRAPS] {
        for seed in 0..8 {
            let chosen = screen
                .model(&data, seed, 3, CovarianceType::Full, 1e-6)
                .unwrap();
            let candidates = candidates(&screen, &data, seed, 3);
            assert!(candidates.contains(&chosen), "seed {seed}: a candidate");
            let reached = short_run(&data, chosen.clone(), screen.iterations);
            for other in candidates {
                assert!(reached >= short_run(&data, other, screen.iterations));
            }
            let again = screen.model(&data, seed, 3, CovarianceType::Full, 1e-6);
            assert_eq!(again.unwrap(), chosen, "seed {seed}: the seed decides");
        }
    }
}

#[test]
fn hc_candidates_agglomerate_bootstrap_samples_and_only_on_small_data() {
    let data = groups();
    // Each hc candidate is the M-step of hc's partition of its own bootstrap sample: the
    // samples differ, so do the starts, where hc on all of the data has one partition only.
    let starts: Vec<Gmm> = (0..4)
        .map(|seed| {
            let drawn = bootstrap(&data, seed);
            assert!(
                (45..=70).contains(&drawn.n()),
                "about 63% of 90: {}",
                drawn.n()
            );
            let hc = Start::Hc { seed: None }.model(&drawn, 3, CovarianceType::Full, 1e-6);
            let candidate =
                CandidateKind::HcBootstrap.model(&data, seed, 3, CovarianceType::Full, 1e-6);
            assert_eq!(candidate.as_ref().unwrap(), hc.as_ref().unwrap());
            hc.unwrap()
        })
        .collect();
    assert!(starts.windows(2).any(|w| w[0] != w[1]));
    // The hc screen takes every fifth restart from the second, up to HC_CAP points only.
    let screens: Vec<Screen> = (0..12).map(|r| Screen::for_restart(r, HC_CAP)).collect();
    let hc_restarts: Vec<usize> = (0..12).filter(|&r| screens[r].agglomerates()).collect();
    assert_eq!(hc_restarts, [1, 6, 11]);
    assert!((0..12).all(|r| !Screen::for_restart(r, HC_CAP + 1).agglomerates()));
}

#[test]
fn where_no_bootstrap_sample_holds_k_distinct_points_the_k_means_screen_starts() {
    let rows: Vec<Vec<f64>> = (0..5).map(|i| vec![i as f64, (i * i) as f64]).collect();
    let five = Dataset::from_rows("five".into(), vec!["x".into(), "y".into()], &rows);
    let mut fell_back = 0;
    for seed in 0..8 {
        let start = |screen: Screen| screen.model(&five, seed, 5, CovarianceType::Full, 1e-6);
        let hc = start(Screen::HC_BOOTSTRAPS).unwrap();
        let whole = (0..Screen::HC_BOOTSTRAPS.candidates)
            .any(|j| bootstrap(&five, restart_seed(seed, j)).n() == 5);
        if !whole {
            assert_eq!(hc, start(Screen::DEFAULT).unwrap(), "seed {seed}");
            fell_back += 1;
        }
    }
    assert!(fell_back > 0);
}
