//! Tests of `src/ui/histogram.rs`.

use gmm_tui::ui::histogram::*;

#[test]
fn integer_data_gets_whole_step_bins_centred_on_the_values() {
    let xs: Vec<f64> = (0..500).map(|i| f64::from(43 + i % 54)).collect();
    assert_eq!(resolution(&xs, 60.0), Some(1.0));
    let bins = Bins::new(&xs, (40.0, 100.0), 120);
    assert_eq!(bins.width, 1.0);
    // Each value sits in the middle of its bin: 43 in [42.5, 43.5).
    let b = bins.bin_of(43.0);
    assert!(
        (bins.left + b as f64 * bins.width - 42.5).abs() < 1e-12,
        "{bins:?}"
    );
    assert_eq!(bins.columns, 120 / bins.count);
    // Fewer columns than values: bins three values wide, two columns each (two values
    // wide, one column each, would leave a third of the plot empty).
    let narrow = Bins::new(&xs, (40.0, 100.0), 40);
    assert_eq!((narrow.width, narrow.columns), (3.0, 2));
    assert!(narrow.count <= 40);
    // Room for one bin per value but not for the margins too: the margins give way, and
    // the plot ends near the data (not at twice its range with bins two values wide).
    let tight = Bins::new(&xs, (40.0, 100.0), 56);
    assert_eq!((tight.width, tight.count), (1.0, 56));
    let (left, right) = tight.span(56);
    assert!(
        left <= 42.5 && right >= 96.5 && right - left < 60.0,
        "{tight:?}"
    );
}

#[test]
fn whole_number_bins_fill_the_plot_at_every_width() {
    // Whole numbers 0–29 on the plot's range with its 5 % margins: the data's bins fill at
    // least 3/4 of the plot whatever its width (at 80 columns they once filled 45 %).
    let xs: Vec<f64> = (0..300).map(|i| f64::from(i * 7 % 30)).collect();
    for dot_columns in 30..=240 {
        let bins = Bins::new(&xs, (-1.45, 30.45), dot_columns);
        let (left, right) = bins.span(dot_columns);
        assert!(bins.count * bins.columns <= dot_columns);
        assert!(left <= -0.5 && right >= 29.5, "{dot_columns}: {bins:?}");
        assert!(
            30.0 / (right - left) >= 0.75,
            "{dot_columns}: {left}..{right} {bins:?}"
        );
        // Each value in the middle of a bin: edges on the half steps.
        let edge = (bins.left + 0.5) / bins.width * bins.width;
        assert!((edge - edge.round()).abs() < 1e-9, "{bins:?}");
    }
}

#[test]
fn continuous_data_gets_one_bin_per_dot_column() {
    let xs: Vec<f64> = (0..500)
        .map(|i| (f64::from(i) * 0.7368).sin() * 3.0)
        .collect();
    assert_eq!(resolution(&xs, 6.0), None);
    let bins = Bins::new(&xs, (-3.0, 3.0), 60);
    assert_eq!((bins.count, bins.columns), (60, 1));
}
