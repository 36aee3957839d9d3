//! Tests of `src/ui/mod.rs`.

mod histogram;
mod likelihood;
mod parameters;
mod picture;
mod status;

use gmm_tui::ui::*;

#[test]
fn rows_are_shared_by_priority() {
    // 80×24: the table's rows, a 3-row curve with its axis, five runs' rows.
    assert_eq!(share_rows(17, (3, 5), 11), [5, 7, 5]);
    // 80×24 at K = 20 under three status lines: 3 curve rows and the axis before more of
    // the table.
    assert_eq!(share_rows(15, (4, 40), 11), [7, 6, 2]);
    // 60×16 at K = 5: a row for each of three components, the values and a row of curve,
    // the current run.
    assert_eq!(share_rows(8, (4, 9), 2), [4, 3, 1]);
    // Room to spare goes to the curve.
    assert_eq!(share_rows(33, (3, 5), 2), [5, 26, 2]);
}
