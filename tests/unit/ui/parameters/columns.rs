//! Tests of `src/ui/parameters/columns.rs`.

use gmm_tui::format::numbers::{self};
use gmm_tui::ui::parameters::columns::*;

#[test]
fn n_k_is_written_in_full_or_its_column_dropped() {
    for n in [150, 2_000, 1_000_000, 10_000_000] {
        let full = numbers::points(n as f64, n, usize::MAX).len();
        for width in 20..120 {
            for dim in [1, 2] {
                let layout = layout_for(width, dim, n, 2);
                for column in layout.iter().flatten() {
                    if column.value == Value::Size {
                        assert!(column.width > full, "N = {n} at {width}");
                    }
                }
            }
        }
    }
    // 60×16's panel at ten million points: no room for 10,000,000, so no N_k.
    let narrow = layout_for(28, 2, 10_000_000, 2);
    assert!(narrow.iter().flatten().all(|c| c.value != Value::Size));
    assert!(
        layout_for(28, 2, 2_000, 2)
            .iter()
            .flatten()
            .any(|c| c.value == Value::Size)
    );
}
