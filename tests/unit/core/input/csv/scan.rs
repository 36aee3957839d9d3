//! Tests of `src/core/input/csv/scan.rs`.

use gmm_tui::core::input::csv::scan::*;

const COMMA: Dialect = Dialect {
    delimiter: b',',
    comment: Some(b'#'),
    thousands: None,
};

/// Every record as (line, field texts), 1-based lines.
fn records(bytes: &[u8]) -> Vec<(u64, Vec<String>)> {
    let scanner = Scanner::new(bytes, COMMA, true);
    let (mut pos, mut line, mut fields, mut out) = (0, 0, Vec::new(), Vec::new());
    loop {
        match scanner.record(pos, line, &mut fields) {
            Scan::Record { next, next_line } => {
                let texts = fields
                    .iter()
                    .map(|f| String::from_utf8(f.text(bytes)).unwrap())
                    .collect();
                out.push((fields[0].line + 1, texts));
                (pos, line) = (next, next_line);
            }
            Scan::Skipped { next, next_line } | Scan::Comment { next, next_line } => {
                (pos, line) = (next, next_line)
            }
            Scan::End => return out,
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn lf_crlf_and_cr_files_give_the_same_records_on_the_same_lines() {
    let expected = vec![
        (1, vec!["a".into(), "b".into()]),
        (4, vec!["1".into(), "2".into()]),
    ];
    for end in ["\n", "\r\n", "\r"] {
        let text = ["a,b", "", "# note", "1,2", ""].join(end);
        assert_eq!(records(text.as_bytes()), expected, "{end:?}");
    }
}

#[test]
fn quotes_hold_delimiters_line_ends_and_doubled_quotes() {
    let text = b"\"a,b\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",3\n4,5";
    let got = records(text);
    assert_eq!(got[0], (1, vec!["a,b".into(), "say \"hi\"".into()]));
    assert_eq!(got[1], (2, vec!["two\r\nlines".into(), "3".into()]));
    assert_eq!(got[2], (4, vec!["4".into(), "5".into()]));
}

#[test]
fn an_unclosed_quote_names_where_it_opened() {
    let scanner = Scanner::new(b"1,2\n3,\"4\n5,6\n", COMMA, true);
    let mut fields = Vec::new();
    assert!(matches!(
        scanner.record(0, 0, &mut fields),
        Scan::Record { .. }
    ));
    assert_eq!(
        scanner.record(4, 1, &mut fields),
        Scan::Unclosed { line: 1, column: 2 }
    );
}

#[test]
fn a_record_cut_by_the_end_of_a_block_asks_for_more() {
    let mut fields = Vec::new();
    for cut in ["1,2", "1,\"2", "1,2\r", "\"a\""] {
        let scanner = Scanner::new(cut.as_bytes(), COMMA, false);
        assert_eq!(
            scanner.record(0, 0, &mut fields),
            Scan::Incomplete,
            "{cut:?}"
        );
    }
}
