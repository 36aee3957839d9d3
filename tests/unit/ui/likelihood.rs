//! Tests of `src/ui/likelihood.rs`.

use gmm_tui::ui::likelihood::*;

#[test]
fn the_axis_holds_its_values_in_round_steps_with_distinct_labels() {
    let axis = YAxis::fit([-7087.36, -7086.689].into_iter()).unwrap();
    assert!(axis.lo <= -7087.36 && axis.hi >= -7086.689, "{axis:?}");
    assert!(axis.hi - axis.lo <= 2.0 * 0.671, "{axis:?}");
    let labels = axis.labels();
    assert_ne!(labels[0], labels[1]);
    assert_eq!(labels, ["-7086.6", "-7087.4"]);
    // Ten million points: whole labels, as the runs panel writes the values.
    let big = YAxis::fit([-104_900_863.2, -104_891_000.0].into_iter()).unwrap();
    assert_eq!(big.labels(), ["-104890000", "-104902000"]);
    // A value moving by less than a step leaves the axis as it was.
    let later = YAxis::fit([-7087.36, -7086.6891].into_iter()).unwrap();
    assert_eq!(later, axis);
}

#[test]
fn a_segment_far_off_the_chart_is_clipped_before_it_is_walked() {
    // A collapsed run's line a million dot rows below a 16-row chart: only the dots inside.
    let dots: Vec<(usize, usize)> = segment((0.0, 5.0), (40.0, 1e6), 16).collect();
    assert!(dots.len() < 64, "{} dots walked", dots.len());
    assert!(dots.iter().all(|&(x, y)| x <= 1 && y < 16), "{dots:?}");
    assert_eq!(dots.first(), Some(&(0, 5)));
    // Wholly outside: nothing; inside: every dot from end to end.
    assert_eq!(segment((0.0, -50.0), (9.0, -1e9), 16).count(), 0);
    let inside: Vec<(usize, usize)> = segment((0.0, 0.0), (3.0, 3.0), 16).collect();
    assert_eq!(inside, [(0, 0), (1, 1), (2, 2), (3, 3)]);
}

#[test]
fn a_single_value_is_one_label_written_as_the_log_likelihood() {
    let axis = YAxis::fit([-207.6123].into_iter()).unwrap();
    assert_eq!(axis.labels(), ["-207.612"]);
    assert_eq!(YAxis::fit([f64::NAN].into_iter()), None);
}
