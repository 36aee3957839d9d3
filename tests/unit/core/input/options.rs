//! Tests of `src/core/input/options.rs`.

use gmm_tui::core::input::options::*;

#[test]
fn column_lists_take_indexes_names_and_quoted_names() {
    use ColumnSelector::{Index, Name};
    let list = ColumnSelector::parse_list("2, x ,\"a,b\",\"3\"").unwrap();
    assert_eq!(
        list,
        [
            Index(2),
            Name("x".into()),
            Name("a,b".into()),
            Name("3".into())
        ]
    );
    assert!(ColumnSelector::parse_list("x,,y").is_err());
    assert!(ColumnSelector::parse_list("0").is_err());
}
