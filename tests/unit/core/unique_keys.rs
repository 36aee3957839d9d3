//! Tests of `src/core/unique_keys.rs`.

use gmm_tui::core::unique_keys::*;

#[test]
fn a_repeated_key_is_named_at_any_depth_and_distinct_keys_pass() {
    assert!(check_unique_keys(r#"{"a": [1, {"b": 2}], "c": null}"#).is_ok());
    let top = check_unique_keys(r#"{"a": 1, "a": 2}"#).unwrap_err();
    assert!(top.starts_with("the key \"a\" appears twice"), "{top}");
    let nested = check_unique_keys(r#"{"a": [{"b": 1, "b": 1}]}"#).unwrap_err();
    assert!(
        nested.starts_with("the key \"b\" appears twice"),
        "{nested}"
    );
}
