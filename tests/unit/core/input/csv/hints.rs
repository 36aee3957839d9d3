//! Tests of `src/core/input/csv/hints.rs`.

use gmm_tui::core::input::csv::hints::*;

#[test]
fn the_closest_name_is_the_same_but_for_case_or_a_clear_typo() {
    let names: Vec<String> = ["", "sepal_length", "species", "petal_width"]
        .map(String::from)
        .to_vec();
    assert_eq!(closest_name("Species", &names, &[]), Some(2));
    assert_eq!(closest_name("sepal_lenght", &names, &[]), Some(1));
    assert_eq!(closest_name("body_mass", &names, &[]), None);
    // The empty name of a row index is never suggested.
    assert_eq!(closest_name("a", &names, &[]), None);
    // Nor one already selected.
    assert_eq!(closest_name("Species", &names, &[2]), None);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn a_one_column_file_says_which_delimiter_it_holds() {
    assert_eq!(other_delimiter("x;y", None, b',').map(|h| h.1), Some("';'"));
    assert_eq!(
        other_delimiter("x", Some("1\t2"), b',').map(|h| h.1),
        Some("tab")
    );
    assert_eq!(
        other_delimiter("x\" \"y", Some("2\" 1.5 2.1"), b',').map(|h| h.1),
        Some("' '")
    );
    // R's write.table: quoted names, and rows with row names and text.
    assert_eq!(
        other_delimiter(
            "Sepal.Length\" \"Species",
            Some("1\" 5.1 3.5 \"setosa"),
            b','
        )
        .map(|h| h.1),
        Some("' '")
    );
    assert_eq!(
        other_delimiter("x", Some("1\" 5.1 3.5 1.4 0.2 \"setosa"), b',').map(|h| h.1),
        Some("' '")
    );
    // A comma, where it is not the delimiter already.
    assert_eq!(
        other_delimiter("a,b", None, b'\t').map(|h| h.1),
        Some("','")
    );
    assert_eq!(other_delimiter("a,b", None, b','), None);
    // A name with spaces is a name.
    assert_eq!(
        other_delimiter("# made by hand", Some("a note"), b','),
        None
    );
}
