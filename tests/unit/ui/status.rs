//! Tests of `src/ui/status.rs`.

use gmm_tui::ui::status::*;

#[test]
fn wrapping_breaks_at_word_boundaries() {
    assert_eq!(wrap("abc def", 7), ["abc def"]);
    assert_eq!(wrap("abc def", 6), ["abc", "def"]);
    assert_eq!(wrap("", 5), [""]);
    assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
}

#[test]
fn a_cut_row_ends_with_an_ellipsis_after_a_whole_word() {
    assert_eq!(fit("one two three four", 9, 2), ["one two", "three…"]);
    // A separator left dangling before the cut goes.
    assert_eq!(fit("aa bb · cc dd ee", 6, 1), ["aa bb…"]);
    // What fits is not touched.
    assert_eq!(fit("one two", 9, 2), ["one two"]);
}

#[test]
fn the_keys_a_status_offers_are_kept_and_the_words_before_them_cut() {
    let text = "both components are identical — every point is split — p: nudge · i: restart";
    assert_eq!(
        fit(text, 30, 2),
        ["both components are identical…", "— p: nudge · i: restart"]
    );
    // Not keys after the last dash: cut at the end as any text.
    assert_eq!(fit("one two — three four five", 12, 1), ["one two…"]);
}
