//! Any finite matrix written as CSV — LF or CRLF, with or without a header, with or without an
//! R or pandas row index — or as `.npy` in C or Fortran order, loads back bit for bit, however
//! the reader cuts the bytes into blocks and parallel pieces.

use gmm_tui::core::input::csv::{Chunking, read_csv};
use gmm_tui::core::input::npy::npy_header;
use gmm_tui::core::input::{Loaded, ReadOptions, read_from};
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

/// Each loaded column equals the matrix's, bit for bit.
fn assert_identical(loaded: &Loaded, rows: &[Vec<f64>]) -> Result<(), TestCaseError> {
    let data = &loaded.dataset;
    prop_assert_eq!((data.n(), data.dim()), (rows.len(), rows[0].len()));
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
    fn npy_loads_back_bit_identical(rows in matrix(), fortran in any::<bool>()) {
        let bytes = write_npy(&rows, fortran);
        let loaded = read_from("m.npy", &bytes[..], None, &ReadOptions::default(), &mut |_| {})
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_identical(&loaded, &rows)?;
    }
}
