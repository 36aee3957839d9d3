//! Files as R and pandas write them after the usual filter, shuffle or slice: the row index is
//! skipped whatever its values, decimal commas are read, and a likely delimiter is named.

use super::*;

/// Loads `text`, checks that its first column was skipped as a row index with a note, and
/// returns what was loaded.
fn index_skipped(text: &str, options: &ReadOptions) -> Loaded {
    let data = load_with(text, options).unwrap();
    assert_eq!(data.columns[0], ColumnUse::RowIndex, "{text}");
    assert!(
        data.notes[0].starts_with("skipping row-"),
        "{}",
        data.notes[0]
    );
    data
}

#[test]
fn r_and_pandas_exports_skip_their_row_index_and_load_the_same_points() {
    let plain = load_file(&fixture("penguins.csv"), &dropping()).unwrap();
    for export in ["penguins_r.csv", "penguins_pandas.csv"] {
        let data = load_file(&fixture(export), &dropping()).unwrap();
        assert_eq!(data.dataset.columns, plain.dataset.columns, "{export}");
        for a in 0..plain.dataset.dim() {
            assert_eq!(column(&data, a), column(&plain, a), "{export}");
        }
        assert_eq!(data.columns[0], ColumnUse::RowIndex, "{export}");
        assert!(
            data.notes[0].starts_with("skipping row-index column 1"),
            "{}",
            data.notes[0]
        );
    }
    let chosen = load_file(
        &fixture("penguins_r.csv"),
        &ReadOptions {
            columns: Some(vec![ColumnSelector::Index(1), ColumnSelector::Index(4)]),
            ..dropping()
        },
    )
    .unwrap();
    assert_eq!(column(&chosen, 0)[..3], [1.0, 2.0, 3.0]);
}

#[test]
fn a_row_index_is_skipped_after_a_filter_a_subset_or_gaps() {
    let expected_x = [1.5, 2.2, 5.1, 5.3, 4.9];
    let exports = [
        // pandas: DataFrame.query('x > 1.3').to_csv() (as pandas 3.1 writes it).
        ",x,y\n0,1.5,2.1\n2,2.2,1.9\n3,5.1,6.0\n4,5.3,6.2\n5,4.9,5.8\n",
        // R: write.csv(subset(d, x > 1.3)), row names with gaps.
        "\"\",\"x\",\"y\"\n\"2\",1.5,2.1\n\"5\",2.2,1.9\n\"7\",5.1,6.0\n\"8\",5.3,6.2\n\"12\",4.9,5.8\n",
        // R: write.table(…, sep = ","): the header one name short.
        "\"x\",\"y\"\n\"2\",1.5,2.1\n\"5\",2.2,1.9\n\"7\",5.1,6.0\n\"8\",5.3,6.2\n\"12\",4.9,5.8\n",
        // pandas read back and written again; a tibble's rownames; pandas.concat's repeats.
        "Unnamed: 0,x,y\n9,1.5,2.1\n3,2.2,1.9\n4,5.1,6.0\n0,5.3,6.2\n1,4.9,5.8\n",
        "rownames,x,y\n10,1.5,2.1\n20,2.2,1.9\n30,5.1,6.0\n40,5.3,6.2\n50,4.9,5.8\n",
        ",x,y\n0,1.5,2.1\n1,2.2,1.9\n0,5.1,6.0\n1,5.3,6.2\n2,4.9,5.8\n",
    ];
    for text in exports {
        let data = index_skipped(text, &ReadOptions::default());
        assert_eq!(data.dataset.columns, ["x", "y"], "{text}");
        assert_eq!(column(&data, 0), expected_x, "{text}");
    }
    // R's row names that are names (mtcars) are skipped as well.
    let cars = "\"\",\"mpg\",\"wt\"\n\"Mazda RX4\",21,2.62\n\"Datsun 710\",22.8,2.32\n";
    let data = index_skipped(cars, &ReadOptions::default());
    assert_eq!(data.dataset.columns, ["mpg", "wt"]);
    assert!(data.notes[0].contains("'Mazda RX4'"), "{}", data.notes[0]);
}

#[test]
fn a_shuffled_or_sliced_iris_is_fitted_on_its_measurements_only() {
    let plain = load_file(&fixture("iris.csv"), &ReadOptions::default()).unwrap();
    let text = std::fs::read_to_string(fixture("iris.csv")).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    // DataFrame.sample(frac=1).to_csv(): the index in shuffled order (37 is prime to 150).
    let order: Vec<usize> = (0..rows.len()).map(|i| i * 37 % rows.len()).collect();
    let mut shuffled = format!(",{}\n", text.lines().next().unwrap());
    for &i in &order {
        shuffled += &format!("{i},{}\n", rows[i]);
    }
    let data = index_skipped(&shuffled, &ReadOptions::default());
    assert_eq!(data.dataset.columns, plain.dataset.columns);
    let first_column: Vec<f64> = order.iter().map(|&i| column(&plain, 0)[i]).collect();
    assert_eq!(column(&data, 0), first_column);
    // .iloc[50:].to_csv(): the index starts at 50.
    let sliced: String = std::iter::once(format!(",{}\n", text.lines().next().unwrap()))
        .chain((50..rows.len()).map(|i| format!("{i},{}\n", rows[i])))
        .collect();
    let data = index_skipped(&sliced, &ReadOptions::default());
    assert_eq!(data.dataset.dim(), 4);
    assert!(data.notes[0].contains("50…149"), "{}", data.notes[0]);
}

#[test]
fn only_the_name_makes_an_index_and_fractions_keep_it_data_with_a_note() {
    // Named otherwise: a column like any other, whatever it holds.
    assert_eq!(load("id,x\n1,5\n2,7\n").unwrap().dataset.dim(), 2);
    // Named as an index but holding fractions: data, and said so.
    let data = load(",x\n0.5,5\n1.5,7\n").unwrap();
    assert_eq!(data.dataset.dim(), 2);
    assert!(
        data.reading_notes[0].contains("fitted as data"),
        "{:?}",
        data.reading_notes
    );
    // --columns still selects an index, and says that it counts it.
    let chosen = load_with(",x\n3,5\n1,7\n", &selecting("1,2")).unwrap();
    assert_eq!(column(&chosen, 0), [3.0, 1.0]);
    assert!(
        chosen.reading_notes[0].contains("`--columns` selects it, so it is fitted as data"),
        "{:?}",
        chosen.reading_notes
    );
    // A column named otherwise that counts the rows is data, but named in a note.
    let counted = load("id,x,y\n0,1.5,2\n1,2.5,3\n2,0.5,1\n3,1,1\n").unwrap();
    assert_eq!(counted.dataset.dim(), 3);
    assert_eq!(
        counted.fitting_notes,
        [
            "column 'id' counts 0…3 row by row, like a row index, and is fitted as data; \
          `--columns` leaves it out"
        ]
    );
    // Ids that do not count the rows (a sorted sample) get no note.
    let sampled = load("id,x,y\n0,1.5,2\n4,2.5,3\n7,0.5,1\n9,1,1\n").unwrap();
    assert!(
        sampled.fitting_notes.is_empty(),
        "{:?}",
        sampled.fitting_notes
    );
}

#[test]
fn r_write_table_defaults_get_the_space_delimiter_hint() {
    // write.table(iris): quoted names, quoted row names, a text column.
    let text = "\"Sepal.Length\" \"Sepal.Width\" \"Species\"\n\"1\" 5.1 3.5 \"setosa\"\n\
                \"2\" 4.9 3 \"setosa\"\n";
    let refused = load(text).unwrap_err();
    assert!(refused.ends_with("try --delimiter ' ')"), "{refused}");
    let read = load_with(
        text,
        &ReadOptions {
            delimiter: b' ',
            ..ReadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(read.dataset.columns, ["Sepal.Length", "Sepal.Width"]);
    assert_eq!(column(&read, 1), [3.5, 3.0]);
}

#[test]
fn the_binary_fits_a_filtered_pandas_export_in_its_own_dimensions() {
    let path = temp_file(
        "filtered.csv",
        b",x,y\n0,1.5,2.1\n2,2.2,1.9\n3,5.1,6.0\n4,5.3,6.2\n5,4.9,5.8\n",
    );
    let out = gmm_tui(
        &["fit", "--data", path.to_str().unwrap(), "--restarts", "1"],
        None,
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("5 points in 2 dimensions (x, y)"),
        "{report}"
    );
    assert!(
        stderr(&out).contains("skipping row-index column 1 (whole numbers 0…5"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn r_write_table_layouts_load_with_their_delimiter_and_say_which_when_not_given() {
    let data = load(
        "\"a\" \"b\"\n\"1\" 5 6\n\"2\" 7 8\n"
            .replace(' ', ",")
            .as_str(),
    )
    .unwrap();
    assert_eq!(data.dataset.columns, ["a", "b"]);
    assert_eq!(column(&data, 1), [6.0, 8.0]);
    // write.table's own spaces, read with the default comma.
    let spaced = "\"x\" \"y\"\n\"2\" 1.5 2.1\n\"5\" 1.2 3.2\n";
    assert_eq!(
        load(spaced).unwrap_err(),
        "f.csv: no numeric column (its one column holds numbers between spaces: try \
         --delimiter ' ')"
    );
    let space = ReadOptions {
        delimiter: b' ',
        ..ReadOptions::default()
    };
    let data = index_skipped(spaced, &space);
    assert_eq!(column(&data, 0), [1.5, 1.2]);
}

#[test]
fn decimal_commas_are_read_where_the_delimiter_is_not_a_comma_and_hinted_where_it_is() {
    let options = ReadOptions {
        delimiter: b';',
        ..ReadOptions::default()
    };
    // R's write.csv2: a quoted row index, decimal commas, whole numbers without one.
    let csv2 = "\"\";\"x\";\"y\";\"n\"\n\"1\";1,5;2,1;3\n\"2\";-1,25;6;4\n\"3\";2,2e1;1,9;5\n";
    let data = index_skipped(csv2, &options);
    assert_eq!(data.dataset.columns, ["x", "y", "n"]);
    assert_eq!(column(&data, 0), [1.5, -1.25, 22.0]);
    assert_eq!(column(&data, 1), [2.1, 6.0, 1.9]);
    assert_eq!(
        data.reading_notes,
        [
            "reading decimal commas as decimal points (1,5 as 1.5, as R's read.csv2 does) in \
          columns 'x', 'y'"
        ]
    );
    let tab = ReadOptions {
        delimiter: b'\t',
        ..ReadOptions::default()
    };
    assert_eq!(
        column(&load_with("x\n0,5\n7\n", &tab).unwrap(), 0),
        [0.5, 7.0]
    );
    // With commas between fields, "1,5" can only be quoted, and is not read as 1.5.
    let error = load("x,y\n1,\"1,5\"\n2,3\n").unwrap_err();
    assert!(error.contains("(a decimal comma?"), "{error}");
    let error = load("x;y\n1;2\n").unwrap_err();
    assert!(error.contains("try --delimiter ';'"), "{error}");
}

#[test]
fn a_constant_column_is_named_when_the_data_is_read() {
    let data = load("x,y\n0.5,5\n1.5,5\n2.5,5\n").unwrap();
    assert_eq!(data.dataset.dim(), 2);
    assert_eq!(
        data.fitting_notes,
        [
            "column 'y' holds one value (5) in every row: no component differs from another along \
             it, and each one's variance there is reg_covar alone; `--columns` leaves it out"
        ]
    );
    assert!(
        load("x,y\n0.5,5\n1.5,6\n")
            .unwrap()
            .fitting_notes
            .is_empty()
    );
}
