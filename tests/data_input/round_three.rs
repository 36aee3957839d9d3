//! Issue 15, data in as a demanding user meets it: spreadsheet error values are missing values
//! and never comments, a header repeated by `cat` is skipped by name, formatted numbers are read
//! or refused by line and value, a whitespace name is no row index, and every message names what
//! it means in one line.

use super::*;
use gmm_tui::core::input::read_from;

// 1. A row starting with `#` is a comment only when it cannot be a row.

/// The file: two rows start with spreadsheet error values.
const EXCEL_ERRORS: &str = "a,b\n0.1,0.2\n#DIV/0!,0.3\n5,5\n#VALUE!,1\n0.2,-0.1\n3,3\n";

#[test]
fn spreadsheet_error_values_are_missing_values_named_by_line_and_column() {
    assert_eq!(
        load(EXCEL_ERRORS).unwrap_err(),
        "f.csv:3:1 (column 'a'): spreadsheet error '#DIV/0!' (a missing value; --drop-invalid \
         skips such rows)"
    );
    let data = load_with(EXCEL_ERRORS, &dropping()).unwrap();
    assert_eq!((data.dataset.n(), data.dataset.dim()), (4, 2));
    assert_eq!(data.dropped_rows, [1, 3]);
    assert_eq!(column(&data, 0), [0.1, 5.0, 0.2, 3.0]);
    assert!(data.reading_notes.is_empty(), "{:?}", data.reading_notes);
    // Every error value Excel, LibreOffice and Google Sheets write, in any column and case.
    for error in [
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#n/a",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#ERROR!",
        "Err:502",
    ] {
        let text = format!("a,b\n1,2\n3,{error}\n5,6\n");
        assert_eq!(
            load(&text).unwrap_err(),
            format!(
                "f.csv:3:2 (column 'b'): spreadsheet error '{error}' (a missing value; \
                 --drop-invalid skips such rows)"
            ),
        );
        let text = format!("a,b\n1,2\n{error},4\n5,6\n");
        let data = load_with(&text, &dropping()).unwrap();
        assert_eq!((data.dataset.n(), data.dropped_rows.clone()), (2, vec![1]));
    }
}

#[test]
fn a_hash_line_is_a_comment_only_when_it_cannot_be_a_row_and_every_comment_is_counted() {
    // Line 5 has the header's two fields, the second a number: a row whose first value is text.
    let text = "# made by hand\na,b\n# sample 3, run 2\n1,2\n#101,5\n3,4\n# the end\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv:5:1 (column 'a'): not a number: '#101' (a line starting with '#' and a digit that \
         has the header's fields, numbers among them, is a row, not a comment; --drop-invalid \
         skips such rows)"
    );
    let data = load_with(text, &dropping()).unwrap();
    assert_eq!((data.dataset.n(), data.dropped_rows.clone()), (2, vec![1]));
    assert_eq!(
        data.reading_notes,
        ["skipped 3 comment lines starting with '#' (lines 1, 3 and 7)"]
    );
    // One comment; a one-column file's `#` lines are comments (they cannot hold a number too).
    let data = load("x\n# note\n1\n2\n").unwrap();
    assert_eq!(data.dataset.n(), 2);
    assert_eq!(
        data.reading_notes,
        ["skipped 1 comment line starting with '#' (line 2)"]
    );
    // Many: the first three lines and the count.
    let many = format!("x,y\n{}1,2\n3,4\n", "# c\n".repeat(5));
    assert_eq!(
        load(&many).unwrap().reading_notes,
        ["skipped 5 comment lines starting with '#' (lines 2, 3, 4, …)"]
    );
}

#[test]
fn predict_keeps_one_output_row_per_input_row_when_a_row_starts_with_an_error_value() {
    let good = temp_file("r3-good.csv", b"x,y\n1,2\n2,1\n5,6\n6,5\n");
    let model = crate::binary::one_component_model("r3-model", good.to_str().unwrap());
    let points = temp_file("r3-na.csv", b"x,y\n1,2\n#N/A,3\n4,5\n6,7\n");
    let out = gmm_tui(
        &[
            "predict",
            "--model",
            &model,
            "--data",
            points.to_str().unwrap(),
            "--drop-invalid",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "component\n0\nNA\n0\n0\n");
}

// 2. A header repeated mid-file (`cat a.csv b.csv`) is skipped and named; the rows kept decide
// what the columns are.

#[test]
fn concatenated_pandas_and_r_exports_skip_the_repeated_header_and_the_index() {
    let pandas = ",a,b\n0,1.0,2.0\n1,1.5,2.5\n2,5.0,6.0\n";
    let r = "\"\",\"a\",\"b\"\n\"1\",1.0,2.0\n\"2\",1.5,2.5\n\"3\",5.0,6.0\n";
    // R's write.table(sep = ","): the header one name short, so the repeat is ragged too.
    let table = "\"a\",\"b\"\n\"1\",1.0,2.0\n\"2\",1.5,2.5\n\"3\",5.0,6.0\n";
    for export in [pandas, r, table] {
        let twice = format!("{export}{export}");
        for options in [ReadOptions::default(), dropping()] {
            let data = load_with(&twice, &options).unwrap();
            assert_eq!(data.dataset.columns, ["a", "b"], "{twice}");
            assert_eq!(data.dataset.n(), 6);
            assert_eq!(column(&data, 0), [1.0, 1.5, 5.0, 1.0, 1.5, 5.0]);
            assert!(data.dropped_rows.is_empty());
            assert_eq!(data.columns[0], ColumnUse::RowIndex);
            assert_eq!(data.reading_notes, ["line 5 repeats the header: skipped"]);
        }
    }
    let thrice = format!("{pandas}{pandas}{pandas}");
    assert_eq!(
        load(&thrice).unwrap().reading_notes,
        ["lines 5 and 9 repeat the header: skipped"]
    );
}

#[test]
fn an_index_with_an_empty_cell_is_still_an_index() {
    let text = ",a,b\n0,1,2\n,3,4\n2,5,6\n";
    for options in [ReadOptions::default(), dropping()] {
        let data = load_with(text, &options).unwrap();
        assert_eq!(data.dataset.columns, ["a", "b"]);
        assert_eq!((data.dataset.n(), data.dropped_rows.len()), (3, 0));
        assert_eq!(data.columns[0], ColumnUse::RowIndex);
    }
}

// 4. Formatted numbers are read (and said) or refused with the option that reads them.

#[test]
fn quoted_thousands_percentages_and_currency_signs_are_read_and_said() {
    let data = load("price,n\n\"1,294.1\",3\n\"12,500\",4\n12.5,5\n\"-1,000,000\",6\n").unwrap();
    assert_eq!(data.dataset.columns, ["price", "n"]);
    assert_eq!(column(&data, 0), [1294.1, 12500.0, 12.5, -1e6]);
    assert_eq!(
        data.reading_notes,
        [
            "reading formatted numbers in column 'price' as plain ones ('1,294.1' as 1294.1: \
          thousands separators)"
        ]
    );
    let data = load("share,n\n12.5%,1\n50%,2\n-3%,3\n").unwrap();
    assert_eq!(column(&data, 0), [0.125, 0.5, -0.03]);
    assert_eq!(
        data.reading_notes,
        [
            "reading formatted numbers in column 'share' as plain ones ('12.5%' as 0.125: \
          percentages as fractions)"
        ]
    );
    let data = load("cost,n\n$3.50,1\n\"$1,200\",2\n-$1.25,3\n€4,4\n").unwrap();
    assert_eq!(column(&data, 0), [3.5, 1200.0, -1.25, 4.0]);
    assert_eq!(
        data.reading_notes,
        [
            "reading formatted numbers in column 'cost' as plain ones ('$3.50' as 3.5: currency \
          signs, thousands separators)"
        ]
    );
}

#[test]
fn dot_thousands_with_decimal_commas_are_refused_until_told_then_read() {
    let text = "x;y\n1.234,5;1\n2.000,25;2\n7,5;3\n";
    let semicolon = ReadOptions {
        delimiter: b';',
        ..ReadOptions::default()
    };
    assert_eq!(
        load_with(text, &semicolon).unwrap_err(),
        "f.csv:2:1 (column 'x'): not a number: '1.234,5' (thousands separators? --thousands . \
         reads them)"
    );
    let thousands = ReadOptions {
        thousands: Some(b'.'),
        ..semicolon
    };
    let data = load_with(text, &thousands).unwrap();
    assert_eq!(column(&data, 0), [1234.5, 2000.25, 7.5]);
    // Told, a dot is never a decimal point: 1.234 is 1234.
    let data = load_with("x;y\n1.234;1\n5;2\n", &thousands).unwrap();
    assert_eq!(column(&data, 0), [1234.0, 5.0]);
}

#[test]
fn a_column_of_numbers_and_text_is_never_silently_non_numeric() {
    // 40 % numbers: too many to ignore, too few to read.
    let text = "x,y\n1,1\nabc,2\n3,3\ndef,4\nghi,5\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv: column 'x' holds 2 numbers and 3 text values (line 3 has 'abc'): fix its text, \
         or leave it out with --columns"
    );
    assert_eq!(
        load_with(text, &dropping()).unwrap_err(),
        "f.csv: column 'x' holds 2 numbers and 3 text values (line 3 has 'abc'): fix its text, \
         or leave it out with --columns"
    );
    assert_eq!(load_with(text, &selecting("y")).unwrap().dataset.dim(), 1);
    // A text column with a stray number (under 1 in 10) is text.
    let names: String = (0..12).map(|i| format!("name{i},{i}\n")).collect();
    let data = load(&format!("who,n\n{names}1984,12\n")).unwrap();
    assert_eq!(data.dataset.columns, ["n"]);
}

// 5. A name made of spaces is no row index unless its values count the rows.

#[test]
fn a_first_column_named_by_whitespace_is_data_unless_it_counts_the_rows() {
    let data = load(" ,y\n5,1\n3,2\n8,3\n").unwrap();
    assert_eq!((data.dataset.n(), data.dataset.dim()), (3, 2));
    assert_eq!(column(&data, 0), [5.0, 3.0, 8.0]);
    assert_eq!(data.columns[0], ColumnUse::Used);
    assert_eq!(
        data.reading_notes,
        [
            "column 1 is named by spaces alone and does not count the rows, so it is fitted as \
          data; `--columns` leaves it out"
        ]
    );
    let data = load(" ,y\n0,1\n1,2\n2,3\n").unwrap();
    assert_eq!(data.dataset.columns, ["y"]);
    assert_eq!(data.columns[0], ColumnUse::RowIndex);
}

#[test]
fn exports_that_each_begin_with_a_bom_concatenate_cleanly() {
    // `cat a.csv b.csv` of two Excel exports: the second header starts with a byte-order mark.
    let one = "\u{feff}x,y\r\n1,2\r\n3,4\r\n";
    let data = load(&format!("{one}{one}")).unwrap();
    assert_eq!(
        (data.dataset.n(), data.dataset.columns.clone()),
        (4, vec!["x".into(), "y".into()])
    );
    assert_eq!(data.reading_notes, ["line 4 repeats the header: skipped"]);
    // A mark starting any line is read past; one inside a field is shown.
    assert_eq!(
        column(&load("x,y\n1,2\n\u{feff}3,4\n").unwrap(), 0),
        [1.0, 3.0]
    );
}

#[test]
fn a_pandas_index_read_back_and_written_again_is_skipped_too() {
    // pd.read_csv(f).to_csv(g): the old index becomes `Unnamed: 0` after a new one.
    let text = ",Unnamed: 0,a,b\n0,0,1.5,2\n1,1,2.5,3\n2,2,3.5,1\n";
    let data = load(text).unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(
        data.columns[..2],
        [ColumnUse::RowIndex, ColumnUse::RowIndex]
    );
    // Twice over (pandas numbers the second `Unnamed: 0.1`).
    let text = ",Unnamed: 0,Unnamed: 0.1,a\n0,0,0,1.5\n1,1,1,2.5\n2,2,2,3.5\n";
    assert_eq!(load(text).unwrap().dataset.columns, ["a"]);
    // Not after a column that is no index.
    let text = "id,Unnamed: 1,a\n7,0,1.5\n9,1,2.5\n4,2,3.5\n";
    assert_eq!(load(text).unwrap().dataset.dim(), 3);
}

#[test]
fn a_title_row_above_the_header_is_named() {
    let text = "Survey 2024,,\n,,\nx,y,z\n1,2,3\n4,5,6\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv: columns 2 and 3 are both named ''; rename one, or leave one out with --columns; \
         line 1 names its first column only: a title above the header? Delete that line, or the \
         columns are misnamed"
    );
    // Excel's title row with empty columns to its right.
    let text = "Survey 2024,,,\n,,,\nx,y,,\n1,2,,\n4,5,,\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv:2:1 (column 'Survey 2024'): empty field (a missing value; --drop-invalid skips \
         such rows); line 1 names its first column only: a title above the header? Delete that \
         line, or the columns are misnamed"
    );
    let data = load_with(text, &dropping()).unwrap();
    assert_eq!(
        data.reading_notes,
        [
            "line 1 names its first column only: a title above the header? Delete that line, or the \
          columns are misnamed"
        ]
    );
}

#[test]
fn percentages_read_as_the_nearest_f64_to_the_fraction() {
    let data = load("share,n\n0.9%,1\n12.5%,2\n0.3%,3\n").unwrap();
    assert_eq!(column(&data, 0), [0.009, 0.125, 0.003]);
}

// 7. A file that splits on semicolons is told to.

#[test]
fn a_write_csv2_file_read_with_commas_is_told_to_use_semicolons() {
    let text = "\"\";\"x\";\"y\"\n\"1\";1,5;2,25\n\"2\";3,5;4,75\n";
    let expected = "f.csv:2: expected 1 field like the first row, found 3 (the first row splits \
                    on ';' into 3 fields: try --delimiter ';')";
    assert_eq!(load(text).unwrap_err(), expected);
    assert_eq!(load_with(text, &dropping()).unwrap_err(), expected);
}

// 12. Invisible characters are shown, and encodings named.

#[test]
fn invisible_characters_are_escaped_and_utf32_is_named() {
    assert_eq!(
        load("x,y\n1,2\n3,\u{feff}4\n5,6\n").unwrap_err(),
        "f.csv:3:2 (column 'y'): not a number: '<U+FEFF>4' (--drop-invalid skips such rows)"
    );
    assert_eq!(
        load("x,y\n1,2\n3\u{200b},4\n5,6\n").unwrap_err(),
        "f.csv:3:1 (column 'x'): not a number: '3<U+200B>' (--drop-invalid skips such rows)"
    );
    let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain("x\n1\n".bytes().flat_map(|b| [b, 0, 0, 0]))
        .collect();
    assert_eq!(
        parse_csv("u.csv", &utf32, &ReadOptions::default())
            .unwrap_err()
            .0,
        "u.csv: the file is UTF-32 text; save it as UTF-8"
    );
}

#[test]
fn a_newline_delimiter_is_refused_on_one_line() {
    let path = temp_file("r3-nl.csv", b"x,y\n1,2\n");
    let out = gmm_tui(
        &["fit", "--data", path.to_str().unwrap(), "--delimiter", "\n"],
        None,
    );
    assert_refused(&out, "--delimiter '\\n'");
}

// 11 and 12. `.npy` sizes without overflow, and a file cut short.

#[test]
fn npy_sizes_are_computed_without_overflow_and_a_short_file_says_how_short() {
    let huge = npy("<f8", false, &[1 << 32, 1 << 32], &[]);
    let error = read_from(
        "f.npy",
        &huge[..],
        None,
        &ReadOptions::default(),
        &mut |_| {},
    )
    .unwrap_err()
    .0;
    assert!(
        error.starts_with(
            "f.npy: a 4294967296×4294967296 array read as 8-byte values would need 128.0 EiB"
        ),
        "{error}"
    );
    let values: Vec<u8> = (0..5).flat_map(|v| f64::from(v).to_le_bytes()).collect();
    let short = npy("<f8", false, &[10, 2], &values);
    assert_eq!(
        read_from(
            "f.npy",
            &short[..],
            None,
            &ReadOptions::default(),
            &mut |_| {}
        )
        .unwrap_err()
        .0,
        "f.npy: the file ends after 5 of the 20 values its header announces (10×2)"
    );
}
