//! Data in, case by case (issue 7): what is fitted is exactly what is in the file, every
//! column is accounted for, and every refusal is one line naming the true line and column.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod exports;
mod messages;
mod round_four;
mod round_three;

use gmm_tui::core::input::npy::{half_to_f64, npy_header};
use gmm_tui::core::input::{
    ColumnSelector, ColumnUse, HeaderMode, Loaded, ReadOptions, parse_csv, read_points,
};

fn load(text: &str) -> Result<Loaded, String> {
    load_with(text, &ReadOptions::default())
}

fn load_with(text: &str, options: &ReadOptions) -> Result<Loaded, String> {
    parse_csv("f.csv", text.as_bytes(), options).map_err(|e| e.0)
}

fn dropping() -> ReadOptions {
    ReadOptions {
        drop_invalid: true,
        ..ReadOptions::default()
    }
}

fn selecting(list: &str) -> ReadOptions {
    ReadOptions {
        columns: Some(ColumnSelector::parse_list(list).unwrap()),
        ..ReadOptions::default()
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load_file(path: &Path, options: &ReadOptions) -> Result<Loaded, String> {
    read_points(path, options, &mut |_| {}).map_err(|e| e.0)
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = crate::common::scratch_dir("data").join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gmm_tui(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gmm-tui"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A refusal: exit status 2, one short line on stderr, no panic.
fn assert_refused(out: &Output, expected: &str) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(
        message.contains(expected),
        "expected '{expected}' in '{message}'"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

fn column(data: &Loaded, a: usize) -> Vec<f64> {
    data.dataset.column(a).to_vec()
}

// 1. A column is never dropped silently.

#[test]
fn a_missing_first_value_does_not_drop_its_column() {
    let good: String = (0..20).map(|i| format!("{i},{}\n", i * 2)).collect();
    let text = format!("x,y\nNA,1\n{good}");
    assert_eq!(
        load(&text).unwrap_err(),
        "f.csv:2:1 (column 'x'): missing value 'NA' (--drop-invalid skips such rows)"
    );
    let data = load_with(&text, &dropping()).unwrap();
    assert_eq!((data.dataset.n(), data.dataset.dim()), (20, 2));
    assert_eq!(data.dropped_rows.len(), 1);
}

#[test]
fn the_issues_mixed_column_with_drop_invalid_is_not_a_1d_fit() {
    let text = "x,y\nNA,1\nabc,2\n1,nan\n";
    assert_eq!(
        load_with(text, &dropping()).unwrap_err(),
        "f.csv: every row was invalid and dropped (3 rows)"
    );
    // With one good row more, both columns are fitted on it.
    let data = load_with(&format!("{text}4,5\n"), &dropping()).unwrap();
    assert_eq!(data.dataset.columns, ["x", "y"]);
    assert_eq!((data.dataset.n(), data.dropped_rows.len()), (1, 3));
}

#[test]
fn a_header_with_a_numeric_name_is_a_header() {
    let data = load("1,y\n1,2\n3,4\n5,6\n").unwrap();
    assert_eq!(data.dataset.columns, ["1", "y"]);
    assert_eq!(column(&data, 0), [1.0, 3.0, 5.0]);
    // A first row like every other is data.
    let data = load("1,2\n3,4\n").unwrap();
    assert_eq!(
        (data.dataset.n(), data.dataset.columns.clone()),
        (2, vec!["x1".into(), "x2".into()])
    );
    assert_eq!(
        load("x,y\n\n\r\n").unwrap_err(),
        "f.csv: a header but no data rows"
    );
    // A text column throughout does not make the first row a header.
    let data = load("a,1\nb,2\n").unwrap();
    assert_eq!(data.dataset.n(), 2);
    assert_eq!(data.notes, ["ignoring non-numeric column 1"]);
}

#[test]
fn penguins_keep_every_numeric_column_and_name_the_others() {
    let path = fixture("penguins.csv");
    let error = load_file(&path, &ReadOptions::default()).unwrap_err();
    assert!(
        error.contains("penguins.csv:5:3 (column 'bill_length_mm'): missing value 'NA'"),
        "{error}"
    );
    let data = load_file(&path, &dropping()).unwrap();
    assert_eq!(
        data.dataset.columns,
        [
            "bill_length_mm",
            "bill_depth_mm",
            "flipper_length_mm",
            "body_mass_g",
            "year"
        ]
    );
    assert_eq!((data.dataset.n(), data.dropped_rows.len()), (342, 2));
    assert_eq!(
        data.notes,
        [
            "ignoring non-numeric column 'species'",
            "ignoring non-numeric column 'island'",
            "ignoring non-numeric column 'sex'",
        ]
    );
}

#[test]
fn penguins_with_an_empty_first_body_mass_stay_four_measurements() {
    let text = std::fs::read_to_string(fixture("penguins.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "Adelie,Torgersen,39.1,18.7,181,,male,2007");
    let options = ReadOptions {
        columns: None,
        ..dropping()
    };
    let data = load_with(&lines.join("\n"), &options).unwrap();
    assert_eq!(data.dataset.dim(), 5);
    assert_eq!(data.dataset.columns[3], "body_mass_g");
    assert_eq!(data.dropped_rows.len(), 3);
}

// 2. Row-index columns: see data_input/exports.rs (R's and pandas' files).

// 3. True line numbers for LF, CRLF and CR files.

#[test]
fn every_line_end_gives_the_same_line_and_column() {
    let lines = [
        "# exported",
        "x,y",
        "1,2",
        "",
        "\"3\",\"4\"",
        "5,\"a note",
        "over two lines\"",
        "6,seven",
        "8,9",
    ];
    for end in ["\n", "\r\n", "\r"] {
        let text = lines.join(end) + end;
        assert_eq!(
            load_with(&text, &selecting("x")).unwrap().dataset.n(),
            5,
            "{end:?}"
        );
        assert_eq!(
            load(&text).unwrap_err(),
            "f.csv:6:2 (column 'y'): not a number: 'a note\\nover two lines' (--drop-invalid \
             skips such rows)"
                .replace("\\n", &end.escape_default().to_string()),
            "{end:?}"
        );
        let ragged = text.replace("8,9", "8,9,10");
        assert_eq!(
            load_with(&ragged, &selecting("x")).unwrap_err(),
            "f.csv:9: expected 2 fields like the first row, found 3 (--drop-invalid skips such \
             rows)",
            "{end:?}"
        );
        let path = temp_file("ends.csv", text.as_bytes());
        let out = gmm_tui(
            &["fit", "--data", path.to_str().unwrap(), "--columns", "x"],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let out = gmm_tui(&["fit", "--data", path.to_str().unwrap()], None);
        assert_refused(&out, "ends.csv:6:2 (column 'y')");
    }
}

#[test]
fn a_ragged_row_is_named_as_such_however_short_the_file() {
    // Its one data row ragged, no column hears of a value: not "no numeric column".
    for (text, line) in [("x,y\n1,21,21,2\n", 2), ("x,y\n1,21,21,2\n3,4\n", 2)] {
        assert_eq!(
            load(text).unwrap_err(),
            format!(
                "f.csv:{line}: expected 2 fields like the first row, found 4 (--drop-invalid \
                 skips such rows)"
            ),
            "{text:?}"
        );
    }
    assert_eq!(
        load_with("x,y\n1,21,21,2\n", &dropping()).unwrap_err(),
        "f.csv: every row was invalid and dropped (1 row)"
    );
    // A file of words with one ragged row still lacks numbers.
    assert!(
        load("a,b\nfoo,bar\n1,2,3\n")
            .unwrap_err()
            .starts_with("f.csv: no numeric column")
    );
}

// 4. Duplicated columns.

#[test]
fn duplicated_columns_are_refused_and_quoted_names_selectable() {
    let text = "x,y\n1,2\n3,5\n";
    for list in ["x,x", "1,1", "x,1"] {
        let error = load_with(text, &selecting(list)).unwrap_err();
        assert!(
            error.contains("selects column 'x' twice"),
            "{list}: {error}"
        );
    }
    let error = load("x,x\n1,2\n3,5\n").unwrap_err();
    assert_eq!(
        error,
        "f.csv: columns 1 and 2 are both named 'x'; rename one, or leave one out with --columns"
    );
    let data = load_with("\"a,b\",c\n1,2\n3,5\n", &selecting("\"a,b\"")).unwrap();
    assert_eq!(
        (data.dataset.columns.clone(), column(&data, 0)),
        (vec!["a,b".into()], vec![1.0, 3.0])
    );
}

// 5. Comments and encodings (decimal commas: see data_input/exports.rs).

#[test]
fn comments_are_skipped_counted_changed_or_disabled() {
    let text = "# made by hand\nx,y\n# a note\n1,2\n3,z\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv:5:2 (column 'y'): not a number: 'z' (--drop-invalid skips such rows)"
    );
    let none = ReadOptions {
        comment: None,
        ..ReadOptions::default()
    };
    // Without comments, the first line is a one-field header (and line 2 a ragged row).
    assert_eq!(
        load_with(text, &none).unwrap_err(),
        "f.csv: no numeric column (columns: '# made by hand'); the first field that is not a \
         number: line 3, column 1 ('# made by hand'): '# a note'"
    );
    let semicolon = ReadOptions {
        comment: Some(b';'),
        ..ReadOptions::default()
    };
    assert_eq!(
        load_with("; note\nx\n1\n2\n", &semicolon)
            .unwrap()
            .dataset
            .n(),
        2
    );
}

#[test]
fn text_that_is_not_utf8_is_named() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("x\n1\n".bytes().flat_map(|b| [b, 0]))
        .collect();
    let error = parse_csv("u.csv", &utf16, &ReadOptions::default())
        .unwrap_err()
        .0;
    assert_eq!(error, "u.csv: the file is UTF-16 text; save it as UTF-8");
    let no_bom: Vec<u8> = utf16[2..].to_vec();
    let error = parse_csv("u.csv", &no_bom, &ReadOptions::default())
        .unwrap_err()
        .0;
    assert!(error.contains("not a text file"), "{error}");
    let latin1 = b"Z\xfcrich,y\n1,2\n";
    let error = parse_csv("l.csv", latin1, &ReadOptions::default())
        .unwrap_err()
        .0;
    assert_eq!(
        error,
        "l.csv:1:1: the header is not UTF-8 text ('Z\\xfcrich'); save the file as UTF-8"
    );
    // Excel's byte-order mark is not part of the first name.
    let data = parse_csv("b.csv", b"\xEF\xBB\xBFx\n1\n2\n", &ReadOptions::default()).unwrap();
    assert_eq!(data.dataset.columns, ["x"]);
}

// 6. One short line.

#[test]
fn messages_quote_at_most_forty_escaped_characters() {
    let unclosed = format!("x,y\n1,2\n3,\"{}\n", "rest of the file\n".repeat(1000));
    assert_eq!(
        load(&unclosed).unwrap_err(),
        "f.csv:3:2: a quote opens here and never closes"
    );
    let nul = load("x,y\n1,2\n3,a\0b\n4,5\n").unwrap_err();
    assert_eq!(
        nul,
        "f.csv:3:2 (column 'y'): not a number: 'a\\0b' (--drop-invalid skips such rows)"
    );
    let huge = format!("x,y\n1,2\n3,{}\n", "z".repeat(10 << 20));
    let error = load(&huge).unwrap_err();
    assert!(
        error.len() < 160 && error.contains("… (10485760 bytes)"),
        "{error}"
    );
}

// 7. Values EM cannot square.

#[test]
fn outliers_and_scales_beyond_f64_squares_are_refused_by_column_and_range() {
    let text = "x,y\n1,2\n3,4\n1e200,5\n6,7\n";
    let error = load(text).unwrap_err();
    assert!(
        error.starts_with("f.csv: column 'x' ranges from 1 to 1e200"),
        "{error}"
    );
    let tiny: String = (1..20).map(|i| format!("{}e-165,{i}\n", i)).collect();
    let error = load(&format!("x,y\n{tiny}")).unwrap_err();
    assert!(
        error.starts_with("f.csv: column 'x' ranges from 1e-165 to 1.9e-164"),
        "{error}"
    );
    let path = temp_file("outlier.csv", text.as_bytes());
    assert_refused(
        &gmm_tui(&["fit", "--data", path.to_str().unwrap()], None),
        "ranges from 1 to 1e200",
    );
}

// 8. No panic, no abort.

#[test]
fn huge_weights_sizes_and_widths_are_handled_or_refused_before_allocating() {
    let out = gmm_tui(
        &[
            "fit",
            "--json",
            "--init-means",
            "0,0;5,5",
            "--init-weights",
            "1e308,1e308",
            "--restarts",
            "2",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["restarts"][0]["weights"].as_array().unwrap().len(),
        2
    );
    // NaN would serialise as null: every weight and log-likelihood must be a number.
    for restart in report["restarts"].as_array().unwrap() {
        assert!(restart["log_likelihood"].as_f64().unwrap().is_finite());
        for w in restart["weights"].as_array().unwrap() {
            assert!((0.0..=1.0).contains(&w.as_f64().unwrap()), "{w}");
        }
    }
    assert_refused(
        &gmm_tui(&["generate", "--points", "18446744073709551615"], None),
        "--points 18446744073709551615 (16 bytes a point) would need 256.0 EiB of memory",
    );
    let width = 100_000;
    let header: Vec<String> = (0..width).map(|a| format!("c{a}")).collect();
    let text = format!(
        "{}\n{}\n{}\n",
        header.join(","),
        vec!["1"; width].join(","),
        vec!["2"; width].join(",")
    );
    let path = temp_file("wide.csv", text.as_bytes());
    assert_refused(
        &gmm_tui(&["fit", "--data", path.to_str().unwrap()], None),
        "a 2-component model in 100000 dimensions (100000×100000 matrices) would need",
    );
}

// 9. Negative numbers in options, and standard input.

#[test]
fn a_tsv_file_is_read_with_tabs_unless_told_otherwise() {
    let path = temp_file("points.tsv", b"x\ty\n1\t2\n3\t4.5\n5\t7\n");
    let out = gmm_tui(
        &["fit", "--json", "-k", "1", "--data", path.to_str().unwrap()],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["data"]["columns"],
        serde_json::json!(["x", "y"]),
        "{}",
        stderr(&out)
    );
    let told = gmm_tui(
        &[
            "fit",
            "-k",
            "1",
            "--delimiter",
            ",",
            "--data",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_refused(&told, "try --delimiter tab");
}

#[test]
fn negative_means_and_standard_input_are_accepted() {
    let out = gmm_tui(
        &[
            "fit",
            "--json",
            "--init-means",
            "-1,0;5,5",
            "--restarts",
            "1",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = b"x,y\n1,2\n3,4\n5,7\n2,2\n";
    let out = gmm_tui(
        &["fit", "--json", "--data", "-", "-k", "1", "--restarts", "1"],
        Some(csv),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["data"]["source"], "stdin");
    let tsv = csv
        .iter()
        .map(|&b| if b == b',' { b'\t' } else { b })
        .collect::<Vec<u8>>();
    let args = [
        "fit",
        "--data",
        "-",
        "--delimiter",
        "tab",
        "-k",
        "1",
        "--restarts",
        "1",
    ];
    let out = gmm_tui(&args, Some(&tsv));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        report["restarts"][0]["means"][0],
        serde_json::json!([2.75, 3.75])
    );
}

#[test]
fn explicit_header_modes_override_detection() {
    let text = "1,2\n3,4\n";
    let present = ReadOptions {
        header: HeaderMode::Present,
        ..ReadOptions::default()
    };
    assert_eq!(
        load_with(text, &present).unwrap().dataset.columns,
        ["1", "2"]
    );
    let absent = ReadOptions {
        header: HeaderMode::Absent,
        ..ReadOptions::default()
    };
    let error = load_with("x,y\n1,2\n", &absent).unwrap_err();
    assert_eq!(
        error,
        "f.csv:1:1 (column 'x1'): not a number: 'x' (--drop-invalid skips such rows)"
    );
}

// .npy input.

/// A `.npy` file of `shape` with `descr` and raw data bytes.
fn npy(descr: &str, fortran: bool, shape: &[usize], data: &[u8]) -> Vec<u8> {
    let mut bytes = npy_header(descr, fortran, shape);
    bytes.extend(data);
    bytes
}

#[test]
fn npy_arrays_load_in_either_order_type_and_byte_order() {
    let rows = [[1.5, -2.0, 3.25], [4.0, 5.5, -6.0]];
    let c_order: Vec<u8> = rows
        .iter()
        .flatten()
        .flat_map(|v: &f64| v.to_le_bytes())
        .collect();
    let f_order: Vec<u8> = (0..3)
        .flat_map(|a| rows.iter().map(move |r| r[a]))
        .flat_map(|v| (v as f32).to_be_bytes())
        .collect();
    for (name, bytes) in [
        ("c.npy", npy("<f8", false, &[2, 3], &c_order)),
        ("f.npy", npy(">f4", true, &[2, 3], &f_order)),
    ] {
        let data = load_file(&temp_file(name, &bytes), &ReadOptions::default()).unwrap();
        assert_eq!(data.dataset.columns, ["x1", "x2", "x3"], "{name}");
        assert_eq!(data.dataset.point(1), [4.0, 5.5, -6.0], "{name}");
    }
    let one_d = npy(
        "<i8",
        false,
        &[3],
        &[7i64, 8, 9]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
    );
    let data = load_file(&temp_file("one.npy", &one_d), &selecting("1")).unwrap();
    assert_eq!(
        (data.dataset.dim(), column(&data, 0)),
        (1, vec![7.0, 8.0, 9.0])
    );
    let picked = load_file(
        &temp_file("c.npy", &npy("<f8", false, &[2, 3], &c_order)),
        &selecting("3,x1"),
    )
    .unwrap();
    assert_eq!(picked.dataset.columns, ["x3", "x1"]);
}

/// float16, as NumPy 2.4.6 stores 0.1, −2.5, 65504, 6e-8 (subnormal), 1e-5, ∞ and −0 and
/// reads them back (`np.array(v, dtype='<f2').astype('f8')`); big-endian too.
#[test]
fn npy_float16_reads_the_values_numpy_reads() {
    let bits: [u16; 7] = [0x2e66, 0xc100, 0x7bff, 0x0001, 0x00a8, 0x7c00, 0x8000];
    let numpy = [
        0.0999755859375,
        -2.5,
        65504.0,
        5.960464477539063e-08,
        1.0013580322265625e-05,
        f64::INFINITY,
        -0.0,
    ];
    let values: Vec<f64> = bits.iter().map(|&b| half_to_f64(b)).collect();
    assert_eq!(values, numpy);
    assert!(values[6].is_sign_negative());
    assert!(half_to_f64(0x7e00).is_nan());
    let finite = &bits[..5];
    for (descr, bytes) in [
        (
            "<f2",
            finite
                .iter()
                .flat_map(|b| b.to_le_bytes())
                .collect::<Vec<_>>(),
        ),
        (">f2", finite.iter().flat_map(|b| b.to_be_bytes()).collect()),
    ] {
        let file = temp_file("half.npy", &npy(descr, false, &[5], &bytes));
        let data = load_file(&file, &ReadOptions::default()).unwrap();
        assert_eq!(column(&data, 0), numpy[..5], "{descr}");
    }
}

#[test]
fn npy_nan_is_named_by_row_and_column_and_dropped_on_request() {
    let values = [1.0, 2.0, 3.0, f64::NAN, 5.0, 6.0];
    let bytes = npy(
        "<f8",
        false,
        &[3, 2],
        &values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
    );
    let path = temp_file("nan.npy", &bytes);
    let error = load_file(&path, &ReadOptions::default()).unwrap_err();
    assert!(
        error.ends_with(
            "nan.npy: row 1, column 1 (0-based, as NumPy counts; 'x2'): NaN is not a finite number \
             (--drop-invalid skips such rows)"
        ),
        "{error}"
    );
    let data = load_file(&path, &dropping()).unwrap();
    assert_eq!((data.dataset.n(), data.dropped_rows.len()), (2, 1));
    let out = gmm_tui(&["fit", "--data", path.to_str().unwrap()], None);
    assert_refused(&out, "row 1, column 1");
    let truncated = &bytes[..bytes.len() - 4];
    let error = load_file(&temp_file("short.npy", truncated), &ReadOptions::default()).unwrap_err();
    assert!(
        error.ends_with("the file ends after 5 of the 6 values its header announces (3×2)"),
        "{error}"
    );
}
