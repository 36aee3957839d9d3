//! No input makes the CSV or `.npy` reader panic, every column of a CSV file is accounted for,
//! and how the bytes are cut into blocks and parallel pieces never changes the result.

use gmm_tui::core::InputError;
use gmm_tui::core::input::csv::{Chunking, read_csv};
use gmm_tui::core::input::npy::npy_header;
use gmm_tui::core::input::{ColumnSelector, ColumnUse, Loaded, ReadOptions, parse_csv, read_from};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-100i32..100).prop_map(|v| v.to_string()),
        Just(String::new()),
        Just("NaN".to_string()),
        Just("NA".to_string()),
        Just("-inf".to_string()),
        Just("\"1,5\"".to_string()),
        Just("\"a\r\nb\"".to_string()),
        Just("\"say \"\"hi\"\"\"".to_string()),
        Just("\"unclosed".to_string()),
        Just("ab\"c".to_string()),
        Just("# not a comment here".to_string()),
        "[a-z]{1,4}",
        Just(" 7 ".to_string()),
        // What spreadsheets write: error values, formatted numbers, a `#` that starts data.
        prop_oneof![
            Just("#N/A"),
            Just("#DIV/0!"),
            Just("#VALUE!"),
            Just("#REF!"),
            Just("Err:502"),
            Just("\"1,294.1\""),
            Just("12.5%"),
            Just("$3.50"),
            Just("\"$1,200\""),
            Just("1.234,5"),
            Just("#101"),
            Just("-5%"),
            Just("3,50 €"),
        ]
        .prop_map(String::from),
    ]
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\n"), Just("\r\n"), Just("\r")]
}

/// Stands for the file's first line, repeated (as `cat a.csv b.csv` repeats a header).
const FIRST_LINE_AGAIN: &str = "<first line again>";

/// A row, a blank line, a comment line, or the first line again.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::collection::vec(token(), 1..5).prop_map(|r| r.join(",")),
        1 => Just(String::new()),
        1 => Just("# a comment, with \"quotes".to_string()),
        1 => Just("#N/A,1,2".to_string()),
        1 => Just(FIRST_LINE_AGAIN.to_string()),
    ]
}

/// The properties every successful load has: finite values, and every column of the file
/// either used (as many as the dimension, each named) or named in a note.
fn check_accounting(data: &Loaded, selected: bool) -> Result<(), TestCaseError> {
    let d = &data.dataset;
    prop_assert!(d.n() > 0 && d.dim() > 0);
    prop_assert_eq!(d.columns.len(), d.dim());
    prop_assert!((0..d.dim()).all(|a| d.column(a).iter().all(|v| v.is_finite())));
    let used = data
        .columns
        .iter()
        .filter(|&&u| u == ColumnUse::Used)
        .count();
    prop_assert_eq!(used, d.dim());
    let explained = data
        .columns
        .iter()
        .filter(|&&u| u != ColumnUse::Used && u != ColumnUse::NotSelected)
        .count();
    prop_assert_eq!(explained, data.notes.len());
    if !selected {
        prop_assert!(!data.columns.contains(&ColumnUse::NotSelected));
    }
    Ok(())
}

/// Results compared as text, as `Loaded` holds f64s.
fn outcome(result: &Result<Loaded, InputError>) -> String {
    format!("{result:?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn random_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        drop in any::<bool>(),
        block in 1usize..40,
    ) {
        let options = ReadOptions { drop_invalid: drop, ..ReadOptions::default() };
        let whole = parse_csv("fuzz", &bytes, &options);
        if let Ok(data) = &whole {
            check_accounting(data, false)?;
        }
        let chunking = Chunking { block, parallel_min: 0 };
        let cut = read_csv("fuzz", &bytes[..], None, &options, chunking, &mut |_| {});
        prop_assert_eq!(outcome(&whole), outcome(&cut));
    }

    #[test]
    fn random_rows_never_panic_and_errors_name_a_place(
        lines in proptest::collection::vec((line(), line_end()), 0..14),
        columns in proptest::option::of(proptest::collection::vec(1usize..6, 1..3)),
        drop in any::<bool>(),
        block in 1usize..64,
    ) {
        let first = lines.first().map(|(l, _)| l.clone()).unwrap_or_default();
        let text: String = lines
            .iter()
            .map(|(l, end)| {
                let l = if l == FIRST_LINE_AGAIN { &first } else { l };
                format!("{l}{end}")
            })
            .collect();
        let options = ReadOptions {
            columns: columns.clone().map(|c| c.into_iter().map(ColumnSelector::Index).collect()),
            drop_invalid: drop,
            ..ReadOptions::default()
        };
        let whole = parse_csv("rows.csv", text.as_bytes(), &options);
        match &whole {
            Ok(data) => check_accounting(data, columns.is_some())?,
            Err(e) => {
                prop_assert!(e.0.starts_with("rows.csv") || e.0.starts_with("--columns"), "{}", e);
                prop_assert!(!e.0.contains('\n') && !e.0.contains('\r'), "{:?}", e);
            }
        }
        let chunking = Chunking { block, parallel_min: 0 };
        let cut = read_csv("rows.csv", text.as_bytes(), None, &options, chunking, &mut |_| {});
        prop_assert_eq!(outcome(&whole), outcome(&cut));
    }

    #[test]
    fn npy_headers_of_any_shape_and_type_never_panic(
        shape in proptest::collection::vec(
            prop_oneof![0usize..5, Just(usize::MAX), Just(1usize << 40)], 0..4),
        descr in prop_oneof![
            Just("<f8"), Just(">f4"), Just("<i2"), Just("|u1"), Just("<c16"), Just("<U3"),
            Just("|b1"), Just("<f2"),
        ],
        fortran in any::<bool>(),
        data in proptest::collection::vec(any::<u8>(), 0..100),
        drop in any::<bool>(),
    ) {
        let mut bytes = npy_header(descr, fortran, &shape);
        bytes.extend(data);
        let options = ReadOptions { drop_invalid: drop, ..ReadOptions::default() };
        match read_from("f.npy", &bytes[..], None, &options, &mut |_| {}) {
            Ok(data) => prop_assert!(data.dataset.n() > 0),
            Err(e) => prop_assert!(e.0.starts_with("f.npy"), "{}", e),
        }
    }
}
