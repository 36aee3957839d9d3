//! Tests of `src/core/sample.rs`.

use gmm_tui::core::sample::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

#[test]
fn counts_add_up_and_follow_the_weights() {
    let mut rng = StdRng::seed_from_u64(3);
    let counts = component_counts(&[0.2, 0.5, 0.3], 100_000, &mut rng);
    assert_eq!(counts.iter().sum::<usize>(), 100_000);
    // Binomial standard error at n = 1e5 is at most 158; 5 s.e. of slack.
    for (count, w) in counts.iter().zip([0.2, 0.5, 0.3]) {
        assert!((*count as f64 - w * 1e5).abs() < 800.0, "{counts:?}");
    }
    assert_eq!(component_counts(&[1.0], 7, &mut rng), vec![7]);
}
