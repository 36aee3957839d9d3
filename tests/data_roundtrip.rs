//! Any finite matrix written as CSV — LF or CRLF, with or without a header, with or without an
//! R or pandas row index, concatenated with itself, with spreadsheet error rows among its rows,
//! with its numbers formatted as spreadsheets format them — or as `.npy` in C or Fortran order,
//! loads back bit for bit, however the reader cuts the bytes into blocks and parallel pieces;
//! the dimension fitted is always the number of columns reported.

use gmm_tui::core::input::csv::{Chunking, read_csv};
use gmm_tui::core::input::npy::npy_header;
use gmm_tui::core::input::{ColumnUse, Loaded, ReadOptions, read_from};
use proptest::prelude::*;

/// Finite values across the range EM accepts: integers, ordinary decimals, and magnitudes from
/// 1e-100 to 1e100 (the reader refuses magnitudes whose squares overflow f64).
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1000i32..1000).prop_map(f64::from),
        (-1e3..1e3f64),
        (any::<bool>(), 1.0..10.0f64, -100i32..100).prop_map(|(neg, m, e)| if neg {
            -m
        } else {
            m
        } * 10f64.powi(e)),
        Just(0.0),
        Just(-0.0),
    ]
}

/// `n` rows of `d` values.
fn matrix() -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1usize..25, 1usize..5)
        .prop_flat_map(|(n, d)| proptest::collection::vec(proptest::collection::vec(value(), d), n))
}

#[derive(Clone, Copy, Debug)]
enum Index {
    None,
    /// R's write.csv: `""` header, quoted 1..N.
    R,
    /// pandas' to_csv: empty header, 0..N−1.
    Pandas,
}

fn write_csv(rows: &[Vec<f64>], end: &str, header: bool, index: Index) -> String {
    let d = rows[0].len();
    let mut text = String::new();
    if header {
        let names: Vec<String> = (1..=d).map(|a| format!("c{a}")).collect();
        let lead = match index {
            Index::None => "",
            Index::R => "\"\",",
            Index::Pandas => ",",
        };
        text += &format!("{lead}{}{end}", names.join(","));
    }
    for (i, row) in rows.iter().enumerate() {
        let lead = match index {
            Index::None => String::new(),
            Index::R => format!("\"{}\",", i + 1),
            Index::Pandas => format!("{i},"),
        };
        let values: Vec<String> = row.iter().map(f64::to_string).collect();
        text += &format!("{lead}{}{end}", values.join(","));
    }
    text
}

fn write_npy(rows: &[Vec<f64>], fortran: bool) -> Vec<u8> {
    let (n, d) = (rows.len(), rows[0].len());
    let mut bytes = npy_header("<f8", fortran, &[n, d]);
    let values: Vec<f64> = if fortran {
        (0..d)
            .flat_map(|a| rows.iter().map(move |r| r[a]))
            .collect()
    } else {
        rows.iter().flatten().copied().collect()
    };
    bytes.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    bytes
}

/// Each loaded column equals the matrix's, bit for bit, and the columns used are as many as
/// the dimension fitted.
fn assert_identical(loaded: &Loaded, rows: &[Vec<f64>]) -> Result<(), TestCaseError> {
    let data = &loaded.dataset;
    prop_assert_eq!((data.n(), data.dim()), (rows.len(), rows[0].len()));
    let used = loaded
        .columns
        .iter()
        .filter(|&&u| u == ColumnUse::Used)
        .count();
    prop_assert_eq!((used, data.columns.len()), (data.dim(), data.dim()));
    for (a, column) in (0..data.dim()).map(|a| (a, data.column(a))) {
        for (i, v) in column.iter().enumerate() {
            prop_assert_eq!(v.to_bits(), rows[i][a].to_bits(), "row {} column {}", i, a);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn csv_loads_back_bit_identical(
        rows in matrix(),
        crlf in any::<bool>(),
        header in any::<bool>(),
        index in prop_oneof![Just(Index::None), Just(Index::R), Just(Index::Pandas)],
        block in prop_oneof![Just(8 << 20), 1usize..200],
    ) {
        // A row index is recognised by its name, so it needs a header.
        let index = if header { index } else { Index::None };
        let text = write_csv(&rows, if crlf { "\r\n" } else { "\n" }, header, index);
        let chunking = Chunking { block, parallel_min: 0 };
        let options = ReadOptions::default();
        let loaded = read_csv("m.csv", text.as_bytes(), None, &options, chunking, &mut |_| {})
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        assert_identical(&loaded, &rows)?;
        let skipped = usize::from(!matches!(index, Index::None));
        prop_assert_eq!(loaded.notes.len(), skipped);
    }

    #[test]
    fn concatenated_exports_load_back_as_both_copies(
        rows in matrix(),
        index in prop_oneof![Just(Index::None), Just(Index::R), Just(Index::Pandas)],
        block in prop_oneof![Just(8 << 20), 1usize..200],
    ) {
        let once = write_csv(&rows, "\n", true, index);
        let text = format!("{once}{once}");
        let chunking = Chunking { block, parallel_min: 0 };
        let loaded = read_csv("m.csv", text.as_bytes(), None, &ReadOptions::default(), chunking, &mut |_| {})
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let twice: Vec<Vec<f64>> = rows.iter().chain(&rows).cloned().collect();
        assert_identical(&loaded, &twice)?;
        let repeat = format!("line {} repeats the header: skipped", rows.len() + 2);
        prop_assert!(loaded.reading_notes.contains(&repeat), "{:?}", loaded.reading_notes);
    }

    #[test]
    fn rows_of_spreadsheet_errors_are_dropped_and_the_rest_load_back(
        rows in matrix(),
        errors in proptest::collection::vec((any::<proptest::sample::Index>(), 0usize..4), 1..4),
        block in prop_oneof![Just(8 << 20), 1usize..200],
    ) {
        let d = rows[0].len();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|r| r.iter().map(f64::to_string).collect::<Vec<_>>().join(","))
            .collect();
        let mut dropped = Vec::new();
        for (at, kind) in errors {
            let at = at.index(lines.len() + 1);
            let error = ["#N/A", "#DIV/0!", "#VALUE!", "Err:502"][kind];
            // The error in the first column: a row that starts with '#' yet is no comment.
            let row: Vec<&str> = (0..d).map(|a| if a == 0 { error } else { "1" }).collect();
            lines.insert(at, row.join(","));
            dropped.iter_mut().filter(|i: &&mut usize| **i >= at).for_each(|i| *i += 1);
            dropped.push(at);
        }
        dropped.sort_unstable();
        let names: Vec<String> = (1..=d).map(|a| format!("c{a}")).collect();
        let text = format!("{}\n{}\n", names.join(","), lines.join("\n"));
        let options = ReadOptions { drop_invalid: true, ..ReadOptions::default() };
        let chunking = Chunking { block, parallel_min: 0 };
        let loaded = read_csv("m.csv", text.as_bytes(), None, &options, chunking, &mut |_| {})
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        assert_identical(&loaded, &rows)?;
        prop_assert_eq!(&loaded.dropped_rows, &dropped);
        prop_assert!(loaded.reading_notes.is_empty(), "{:?}", loaded.reading_notes);
    }

    #[test]
    fn numbers_formatted_as_spreadsheets_do_load_back_bit_identical(
        rows in matrix(),
        style in 0usize..3,
        block in prop_oneof![Just(8 << 20), 1usize..200],
    ) {
        // Thousands separators in quotes, a currency sign, or both.
        let formatted = |v: f64| {
            let plain = v.to_string();
            let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
            let (whole, fraction) = digits.split_once('.').map_or((digits, ""), |(w, f)| (w, f));
            let grouped = if whole.contains('e') {
                whole.to_string()
            } else {
                let mut out = String::new();
                for (i, c) in whole.chars().enumerate() {
                    if i > 0 && (whole.len() - i) % 3 == 0 {
                        out.push(',');
                    }
                    out.push(c);
                }
                out
            };
            let point = if fraction.is_empty() { "" } else { "." };
            match style {
                0 => format!("\"{sign}{grouped}{point}{fraction}\""),
                1 => format!("{sign}${digits}"),
                _ => format!("\"{sign}${grouped}{point}{fraction}\""),
            }
        };
        let d = rows[0].len();
        let names: Vec<String> = (1..=d).map(|a| format!("c{a}")).collect();
        let mut text = names.join(",") + "\n";
        for row in &rows {
            let values: Vec<String> = row.iter().map(|&v| formatted(v)).collect();
            text += &(values.join(",") + "\n");
        }
        let chunking = Chunking { block, parallel_min: 0 };
        let loaded = read_csv("m.csv", text.as_bytes(), None, &ReadOptions::default(), chunking, &mut |_| {})
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        assert_identical(&loaded, &rows)?;
    }

    #[test]
    fn npy_loads_back_bit_identical(rows in matrix(), fortran in any::<bool>()) {
        let bytes = write_npy(&rows, fortran);
        let loaded = read_from("m.npy", &bytes[..], None, &ReadOptions::default(), &mut |_| {})
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_identical(&loaded, &rows)?;
    }
}
