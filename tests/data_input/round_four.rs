//! Round four of data in (a stranger's hostile files): a trailing delimiter on the rows only, a
//! pandas `reset_index()` column, a lone percentage, `# seed, 42` comments, a MultiIndex header,
//! Excel's `sep=;` line, years as a header, two-column title rows, and the hints of a few
//! refusals.

use super::*;

// 1. A trailing delimiter on every row but the header.

const TRAILING: &str = "a,b\n0.13,4.74,\n-0.13,7.73,\n0.64,3.67,\n";

#[test]
fn a_trailing_delimiter_on_the_rows_only_is_dropped_and_said() {
    let data = load(TRAILING).unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(column(&data, 0), [0.13, -0.13, 0.64]);
    assert_eq!(column(&data, 1), [4.74, 7.73, 3.67]);
    assert_eq!(
        data.reading_notes,
        [
            "every row ends with an empty field after a ',' that the header lacks (a trailing \
             delimiter): the empty field is dropped"
        ]
    );
    assert!(data.notes.is_empty(), "{:?}", data.notes);
    let data = load_with(TRAILING, &selecting("a")).unwrap();
    assert_eq!(column(&data, 0), [0.13, -0.13, 0.64]);
    let data = load_with(TRAILING, &selecting("b")).unwrap();
    assert_eq!(column(&data, 0), [4.74, 7.73, 3.67]);
    // A row whose first field is text is still read (it was every row ragged).
    let data = load("name,x\nu,1.5,\nv,2.5,\nw,0.5,\n").unwrap();
    assert_eq!(data.dataset.columns, ["x"]);
    assert_eq!(column(&data, 0), [1.5, 2.5, 0.5]);
    // R's write.table layout, whose extra field is the first and holds row names, is unchanged.
    let data = load("\"a\",\"b\"\n\"1\",0.5,2\n\"2\",1.5,3\n\"3\",2.5,1\n").unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(column(&data, 1), [2.0, 3.0, 1.0]);
}

// 2. pandas' `reset_index()` column is a row index.

#[test]
fn a_column_named_index_or_level_0_is_a_row_index() {
    let expected_note = |what: &str, lo: u32, hi: u32| {
        format!(
            "skipping row-index column {what} (whole numbers {lo}…{hi}, as R and pandas write \
             row names); `--columns` can still select it"
        )
    };
    for (text, lo, hi) in [
        ("index,a,b\n0,0.5,1.5\n1,0.7,2.5\n2,0.1,0.5\n", 0, 2),
        (
            "index,a,b\n100,0.5,1.5\n104,0.7,2.5\n107,0.1,0.5\n",
            100,
            107,
        ),
        ("level_0,a,b\n3,0.5,1.5\n1,0.7,2.5\n2,0.1,0.5\n", 1, 3),
    ] {
        let data = load(text).unwrap();
        assert_eq!(data.dataset.columns, ["a", "b"], "{text}");
        assert_eq!(data.columns[0], ColumnUse::RowIndex);
        let name = text.split(',').next().unwrap();
        assert_eq!(data.notes, [expected_note(&format!("'{name}'"), lo, hi)]);
    }
    // After pandas' own unnamed index (`to_csv()` of a reset frame).
    let data = load(",index,a,b\n0,0,0.5,1.5\n1,1,0.7,2.5\n2,2,0.1,0.5\n").unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(
        data.columns[..2],
        [ColumnUse::RowIndex, ColumnUse::RowIndex]
    );
    // `--columns` still selects it; fractions keep it data, with a note.
    let data = load_with("index,a\n0,0.5\n1,0.7\n2,0.1\n", &selecting("index,a")).unwrap();
    assert_eq!(data.dataset.columns, ["index", "a"]);
    let data = load("index,a\n0.5,0.5\n1.5,0.7\n2.25,0.1\n").unwrap();
    assert_eq!(data.dataset.columns, ["index", "a"]);
    assert_eq!(data.reading_notes.len(), 1, "{:?}", data.reading_notes);
}

#[test]
fn a_named_row_level_counting_within_groups_gets_the_counting_note() {
    let rows: String = (0..2)
        .flat_map(|g| (0..4).map(move |i| format!("g{g},{i},{}.5,{}\n", i + g, 3 - i)))
        .collect();
    let data = load(&format!("grp,n,a,b\n{rows}")).unwrap();
    assert_eq!(data.dataset.columns, ["n", "a", "b"]);
    assert_eq!(
        data.fitting_notes,
        [
            "column 'n' counts 0…3 row by row (from 0 again 1 time, as a row-index level within \
             groups does), like a row index, and is fitted as data; `--columns` leaves it out"
        ]
    );
    // A 0/1 label is no counter.
    let data = load("y,a\n0,0.5\n1,0.7\n0,0.1\n1,0.3\n0,0.2\n1,0.9\n").unwrap();
    assert!(data.fitting_notes.is_empty(), "{:?}", data.fitting_notes);
}

// 3. A lone percentage in a column of plain numbers.

#[test]
fn a_column_mixing_percentages_and_plain_numbers_is_refused() {
    let text = "a,b\n1,2\n2,3\n3%,4\n4,6\n5,5\n";
    let expected = "f.csv:4:1 (column 'a'): '3%' has a percent sign and 4 of the column's 5 \
                    numbers have none: is it 0.03 or 3? Write the column one way, or leave it \
                    out with --columns";
    assert_eq!(load(text).unwrap_err(), expected);
    assert_eq!(load_with(text, &dropping()).unwrap_err(), expected);
    // Left out, the rest is read.
    let data = load_with(text, &selecting("b")).unwrap();
    assert_eq!(data.dataset.n(), 5);
    // Every value a percentage is read as before.
    let data = load("a,b\n1%,2\n2%,3\n3%,4\n").unwrap();
    assert_eq!(column(&data, 0), [0.01, 0.02, 0.03]);
}

// 4. A comment line with a number in it.

#[test]
fn a_hash_line_is_a_row_only_when_a_digit_or_a_spreadsheet_error_follows_the_hash() {
    let text = "a,b\n1,2\n# seed, 42\n3,4\n#run 2,5\n5,6\n";
    let data = load(text).unwrap();
    assert_eq!(
        (data.dataset.n(), column(&data, 0)),
        (3, vec![1.0, 3.0, 5.0])
    );
    assert_eq!(
        data.reading_notes,
        ["skipped 2 comment lines starting with '#' (lines 3 and 5)"]
    );
    let data = load_with(text, &dropping()).unwrap();
    assert!(data.dropped_rows.is_empty());
    // An id with a hash and a spreadsheet error are rows, as before.
    let data = load_with("a,b\n1,2\n#101,5\n#N/A,4\n3,4\n", &dropping()).unwrap();
    assert_eq!(
        (data.dataset.n(), data.dropped_rows.clone()),
        (2, vec![1, 2])
    );
}

// 5. pandas' MultiIndex columns: two header rows.

#[test]
fn a_second_header_row_joins_the_names() {
    let text = ",g,g\n,a,b\n0,0.5,1.5\n1,0.7,2.5\n2,0.1,0.5\n";
    let data = load(text).unwrap();
    assert_eq!(data.dataset.columns, ["g.a", "g.b"]);
    assert_eq!(column(&data, 1), [1.5, 2.5, 0.5]);
    assert_eq!(data.columns[0], ColumnUse::RowIndex);
    assert_eq!(
        data.reading_notes,
        [
            "line 2 is a second header row (no number in it, above numbers): the columns are \
             named by both rows, '', 'g.a', 'g.b'"
        ]
    );
    for list in ["g.b", "3"] {
        let data = load_with(text, &selecting(list)).unwrap();
        assert_eq!(column(&data, 0), [1.5, 2.5, 0.5], "{list}");
    }
    // A first row of data with a number is data.
    let data = load("x,y\nNA,1\n2,3\n").unwrap_err();
    assert!(data.starts_with("f.csv:2:1"), "{data}");
}

// 6. Excel's `sep=` line.

#[test]
fn an_excel_sep_line_sets_the_delimiter() {
    let text = "\u{feff}sep=;\r\na;b\r\n0,5;4,25\r\n-1,5;7\r\n2;3,5\r\n";
    let data = load(text).unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(column(&data, 0), [0.5, -1.5, 2.0]);
    assert_eq!(
        data.reading_notes[0],
        "line 1 'sep=;' names the delimiter, as Excel writes it: reading with ';'"
    );
    // Line numbers count it.
    assert_eq!(
        load("sep=;\na;b\n1;2\nx;3\n4;5\n").unwrap_err(),
        "f.csv:4:1 (column 'a'): not a number: 'x' (--drop-invalid skips such rows)"
    );
}

// 8. Years as a header above fractions.

#[test]
fn years_far_outside_fractional_columns_are_a_header() {
    let text = "2019,2020\n0.5,1.25\n1.5,2.75\n0.25,3.5\n";
    let data = load(text).unwrap();
    assert_eq!(data.dataset.columns, ["2019", "2020"]);
    assert_eq!(data.dataset.n(), 3);
    assert_eq!(
        data.reading_notes,
        [
            "line 1 is read as the header: its years lie far outside the fractional values \
             below them; `--header no` reads it as data"
        ]
    );
    // Near the values below, or not years, a first row is data.
    for text in [
        "2019,2020\n2019.5,2020.5\n2018.5,2021.5\n",
        "1,2\n0.015,0.025\n0.035,0.005\n",
    ] {
        assert_eq!(load(text).unwrap().dataset.n(), 3, "{text}");
    }
}

// 9. A title row above a two-column file.

#[test]
fn a_title_above_two_columns_is_named_in_the_refusal() {
    let text = "Survey 2024,\n\na,b\n1.5,2\n2.5,3\n3.5,1\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv:3:1 (column 'Survey 2024'): not a number: 'a' (--drop-invalid skips such rows); \
         line 1 names its first column only: a title above the header? Delete that line, or \
         the columns are misnamed"
    );
    // A header with a trailing comma everywhere is no title.
    let data = load("a,\n1,\n2,\n").unwrap();
    assert!(data.reading_notes.is_empty(), "{:?}", data.reading_notes);
}

// 10. Hints.

#[test]
fn a_wrong_delimiter_and_a_used_name_get_hints_that_help() {
    let tab = ReadOptions {
        delimiter: b'\t',
        ..ReadOptions::default()
    };
    assert_eq!(
        load_with("a,b\n1,2\n3,4\n", &tab).unwrap_err(),
        "f.csv: no numeric column (its one column holds commas: try --delimiter ',')"
    );
    assert_eq!(
        load_with("a,b,c\n1,2,3\n", &selecting("a,b,b")).unwrap_err(),
        "--columns selects column 'b' twice: a duplicated column is perfectly correlated with \
         itself"
    );
    // The nearest name is one not already selected.
    assert_eq!(
        load_with("a,b\n1,2\n", &selecting("a,c")).unwrap_err(),
        "f.csv: unknown column 'c' (did you mean 'b'?); columns: 'a', 'b'"
    );
    assert_eq!(
        load_with("a,bb\n1,2\n", &selecting("a,A")).unwrap_err(),
        "f.csv: unknown column 'A'; columns: 'a', 'bb'"
    );
}
