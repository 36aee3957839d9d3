//! What a reader is told: the header decision, column names a selection can use, the closest
//! name to a wrong one, the `--drop-invalid` hint wherever it applies, which rows were dropped,
//! and bytes that are no text at all.

use super::*;

#[test]
fn a_header_decided_absent_is_said_and_its_columns_are_named_x1_to_xd() {
    let data = load("2019,2020\n1,2\n3,4\n").unwrap();
    assert_eq!(data.dataset.n(), 3);
    assert_eq!(
        data.reading_notes,
        [
            "no header row (line 1 is data), so the columns are named x1, x2; `--header yes` reads \
          it as names"
        ]
    );
    // The names a fit on this file gives its model select the same columns again.
    let data = load_with("1,2\n3,4\n", &selecting("x2,x1")).unwrap();
    assert_eq!(data.dataset.columns, ["x2", "x1"]);
    assert_eq!(column(&data, 0), [2.0, 4.0]);
    let error = load_with("1,2\n3,4\n", &selecting("y")).unwrap_err();
    assert_eq!(
        error,
        "f.csv: no column 'y': the file has no header row, so its columns are 'x1', 'x2' (or \
         1-based indexes; `--header yes` if the first row names them)"
    );
    // A header given or found says nothing.
    assert!(load("x,y\n1,2\n").unwrap().reading_notes.is_empty());
}

#[test]
fn an_unknown_column_lists_every_name_and_suggests_the_closest() {
    let header = ",sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species";
    let text = format!("{header}\n0,5.1,3.5,1.4,0.2,setosa\n1,4.9,3.0,1.4,0.2,setosa\n");
    let error = load_with(&text, &selecting("Species")).unwrap_err();
    assert_eq!(
        error,
        "f.csv: unknown column 'Species' (did you mean 'species'?); columns: '', 'sepal length \
         (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)', 'species'"
    );
    let error = load_with(&text, &selecting("petal widht (cm)")).unwrap_err();
    assert!(
        error.contains("(did you mean 'petal width (cm)'?)"),
        "{error}"
    );
    let error = load_with(&text, &selecting("mass")).unwrap_err();
    assert!(!error.contains("did you mean"), "{error}");
    // A wide file lists its first dozen names and how many there are.
    let wide: Vec<String> = (1..=30).map(|i| format!("c{i}")).collect();
    let text = format!("{}\n{}\n", wide.join(","), vec!["1"; 30].join(","));
    let error = load_with(&text, &selecting("zzz")).unwrap_err();
    assert!(error.ends_with("'c11', 'c12', … 30 in all"), "{error}");
}

#[test]
fn every_refusal_drop_invalid_would_skip_says_so() {
    let hint = "(--drop-invalid skips such rows)";
    for text in [
        "x,y\n1,2\n3,inf\n",
        "x,y\n1,2\n3,4,5\n",
        "x,y\n1,2\n3,abc\n4,5\n",
        "x,y\n1,2\n3,NA\n",
    ] {
        let error = load(text).unwrap_err();
        assert!(error.ends_with(hint), "{text:?}: {error}");
        assert!(load_with(text, &dropping()).is_ok(), "{text:?}");
    }
}

#[test]
fn the_rows_dropped_are_known_by_their_place_among_the_data_rows() {
    // A header, a blank and a comment line are no data rows; a ragged row is one.
    let text = "x,y\n1,2\nNA,3\n\n# note\n4,5\n6\n7,8\n9,inf\n";
    let data = load_with(text, &dropping()).unwrap();
    assert_eq!(data.dropped_rows, [1, 3, 5]);
    assert_eq!(column(&data, 0), [1.0, 4.0, 7.0]);
    // Without a header the first row is row 0.
    let data = load_with("1,2\nNA,3\n4,5\n", &dropping()).unwrap();
    assert_eq!(data.dropped_rows, [1]);
}

#[test]
fn bytes_that_are_no_text_are_refused_at_once_even_from_an_endless_device() {
    // xorshift: the same pseudo-random bytes every run.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let random: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .filter(|&b| b != 0)
        .collect();
    let path = temp_file("random.bin", &random);
    let error = load_file(&path, &dropping()).unwrap_err();
    assert!(error.contains("not a text file (control bytes"), "{error}");
    // /dev/urandom never ends and says its size is 0: refused from its first block.
    let out = gmm_tui(&["fit", "--data", "/dev/urandom"], None);
    assert_refused(&out, "/dev/urandom: not a text file");
}

#[test]
fn with_no_numeric_column_the_first_field_that_is_not_a_number_is_quoted_where_it_is() {
    // NumPy 2 writes a scalar into a string as `np.float64(…)`; pandas' row index comes first.
    let text = "\"\",\"alpha\",\"beta\"\n\"1\",np.float64(-1.83),np.float64(4.93)\n\
                \"2\",np.float64(4.86),np.float64(1.30)\n";
    assert_eq!(
        load(text).unwrap_err(),
        "f.csv: no numeric column (columns: '', 'alpha', 'beta'); the first field that is not a \
         number: line 2, column 2 ('alpha'): 'np.float64(-1.83)'"
    );
    // The earliest line wins, whichever column it is in; without a header, only the number.
    assert_eq!(
        load_with(
            "1e,a\nb,c\n",
            &ReadOptions {
                header: HeaderMode::Absent,
                ..ReadOptions::default()
            }
        )
        .unwrap_err(),
        "f.csv: no numeric column; the first field that is not a number: line 1, column 1: '1e'"
    );
}
