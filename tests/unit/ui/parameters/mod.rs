//! Tests of `src/ui/parameters/mod.rs`.

mod columns;

use gmm_tui::ui::parameters::*;

#[test]
fn a_group_s_weight_reads_as_each_member_s() {
    assert_eq!(group_weight(&[0.5, 0.5], 7, 3), "2×0.500");
    assert_eq!(group_weight(&[0.5, 0.5], 6, 3), "2×.500");
    assert_eq!(group_weight(&[0.5, 0.5], 4, 2), "2×.5");
    assert_eq!(group_weight(&[1.0 / 3.0; 3], 5, 2), "3×.33");
    assert_eq!(group_weight(&[0.05; 20], 6, 2), "20×.05");
    assert_eq!(group_weight(&[0.3, 0.2], 4, 2), "Σ.50");
    // Never a form whose members' rounded weights sum wrong: 3×.3 read as 0.9.
    assert_eq!(group_weight(&[1.0 / 3.0; 3], 7, 2), "3×0.33");
    assert_ne!(group_weight(&[1.0 / 3.0; 3], 4, 2), "3×.3");
}

#[test]
fn a_group_s_n_k_is_what_each_member_holds() {
    assert_eq!(group_size(&[1000.0, 1000.0], 2000, 9), "2×1000.0");
    assert_eq!(group_size(&[1000.0, 1000.0], 2000, 7), "2×1000");
    assert_eq!(group_size(&[500_000.0; 2], 1_000_000, 9), "2×500,000");
    assert_eq!(group_size(&[600.0, 400.0], 2000, 9), "Σ1000.0");
}

#[test]
fn the_lead_holds_the_longest_name_of_a_group_of_k() {
    assert_eq!(lead_width(1), 3);
    assert_eq!(lead_width(2), 3);
    assert_eq!(lead_width(3), 5);
    assert_eq!(lead_width(9), 5);
    assert_eq!(lead_width(20), "18≡19≡20".chars().count());
}
