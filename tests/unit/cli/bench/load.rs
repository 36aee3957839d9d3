//! Tests of `src/cli/bench/load.rs`.

use gmm_tui::cli::bench::load::compared;

#[test]
fn the_comparison_follows_the_medians_shown_and_names_the_faster() {
    // A run where pandas read in 0.057 s and ours in 0.068 s once printed "1.0×".
    assert_eq!(
        compared("pandas", 0.057, 0.068),
        "gmm-tui CSV is 1.2× slower than pandas"
    );
    assert_eq!(
        compared("polars", 0.797, 0.579),
        "gmm-tui CSV is 1.4× faster than polars"
    );
}
