//! Tests of `src/core/kernel/roofline.rs`.

use crate::unit::core::kernel::random_problem;
use gmm_tui::core::kernel::Components;
use gmm_tui::core::kernel::evaluate;
use gmm_tui::core::kernel::path::KernelPath;
use gmm_tui::core::kernel::roofline::*;
use gmm_tui::core::kernel::tile::{Row, TILE};
use gmm_tui::core::model::CovarianceType;

/// What the roofline writes for the moments pass is what it reads there instead: each
/// point-component's exp and each point's 1/total, on every path (K = 2 stores the pair's
/// exps as the pass does), so its stores are the pass's own work, not stand-ins. (libm's exp
/// underflows to 0 where the kernel's stops at e⁻⁷⁰⁸: hence the absolute 1e-300.)
#[test]
fn the_handoff_it_writes_is_the_tiles_exps_and_scale_on_every_path() {
    for covariance_type in CovarianceType::ALL {
        for k in [2, 3] {
            let (data, model) = random_problem(5, TILE, 2, k, covariance_type);
            let components = Components::new(&model, data.n()).unwrap();
            let tile = Roofline::new(&components, &data).unwrap();
            for path in KernelPath::available() {
                let mut handoff = Handoff {
                    rows: vec![Row::ZERO; k],
                    scale: Row::ZERO,
                };
                tile.run_into(path, 1, &mut handoff);
                let written = handoff.rows.iter().chain([&handoff.scale]);
                for (row, (wrote, read)) in written
                    .zip(tile.exps.iter().chain([&tile.scale]))
                    .enumerate()
                {
                    for (w, r) in wrote.iter().zip(read.iter()) {
                        let name = covariance_type.name();
                        assert!(
                            (w - r).abs() <= 1e-12 * r.abs() + 1e-300,
                            "{path} {name} K = {k} row {row}: {w} vs {r}"
                        );
                    }
                }
            }
        }
    }
}

/// The roofline's tile is the real problem's: the log-likelihood of its log-densities
/// (each point's largest plus ln Σ exps) is the kernel's on the same points.
#[test]
fn the_tile_is_the_real_problems_for_every_covariance_type() {
    for covariance_type in CovarianceType::ALL {
        let (data, model) = random_problem(3, TILE, 2, 3, covariance_type);
        let components = Components::new(&model, data.n()).unwrap();
        let tile = Roofline::new(&components, &data).unwrap();
        let log_likelihood: f64 = (0..TILE).map(|i| tile.max[i] - tile.scale[i].ln()).sum();
        let real = evaluate(&data, &components, None).log_likelihood;
        let name = covariance_type.name();
        assert!(
            (log_likelihood - real).abs() < 1e-10 * real.abs(),
            "{name}: {log_likelihood} against {real}"
        );
    }
}
