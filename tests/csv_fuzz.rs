//! No input makes the CSV reader panic: random bytes and random rows of plausible tokens.

use gmm_tui::core::csv_input::{ColumnSelector, CsvOptions, parse_csv};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-100i32..100).prop_map(|v| v.to_string()),
        Just(String::new()),
        Just("NaN".to_string()),
        Just("-inf".to_string()),
        Just("\"1,5\"".to_string()),
        "[a-z]{1,4}",
        Just(" 7 ".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), drop in any::<bool>()) {
        let options = CsvOptions { drop_invalid: drop, ..CsvOptions::default() };
        if let Ok(data) = parse_csv("fuzz", &bytes, &options) {
            let d = data.dataset;
            prop_assert!(d.n() > 0 && d.dim() > 0);
            prop_assert!((0..d.dim()).all(|a| d.column(a).iter().all(|v| v.is_finite())));
        }
    }

    #[test]
    fn random_rows_never_panic_and_errors_name_a_place(
        rows in proptest::collection::vec(proptest::collection::vec(token(), 1..5), 0..12),
        columns in proptest::option::of(proptest::collection::vec(1usize..6, 1..3)),
        drop in any::<bool>(),
    ) {
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        let options = CsvOptions {
            delimiter: b',',
            columns: columns.map(|c| c.into_iter().map(ColumnSelector::Index).collect()),
            drop_invalid: drop,
        };
        match parse_csv("rows.csv", text.as_bytes(), &options) {
            Ok(data) => {
                let d = data.dataset;
                prop_assert!((0..d.dim()).all(|a| d.column(a).iter().all(|v| v.is_finite())));
            }
            Err(e) => prop_assert!(e.0.starts_with("rows.csv"), "{}", e),
        }
    }
}
