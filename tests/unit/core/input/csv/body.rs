//! Tests of `src/core/input/csv/body.rs`.

use gmm_tui::core::input::csv::body::*;
use gmm_tui::core::input::csv::scan::Dialect;

const COMMA: Dialect = Dialect {
    delimiter: b',',
    comment: Some(b'#'),
    thousands: None,
};

#[test]
fn cuts_fall_after_line_ends_outside_quotes() {
    let text = b"1,\"a\nb\"\n2,\"c\r\nd\"\r\n3,x\r4,y\n";
    for pieces in 2..6 {
        let ranges = cut_points(text, pieces);
        assert_eq!(ranges.last().unwrap().1, text.len());
        for &(_, to) in &ranges[..ranges.len() - 1] {
            assert!(
                [8, 18, 22].contains(&to),
                "cut at {to} with {pieces} pieces"
            );
        }
    }
}

#[test]
fn parallel_and_one_piece_parsing_agree_even_when_a_cut_is_misled() {
    // The comment's lone quote flips the parity, so a cut may land inside "x\ny".
    let text = b"# it\"s\n1,2\n\"x\ny\",3\n4,5\n6,7\n8,9\n";
    let mut one = Body::new(2, None);
    let whole = one.parse_block(text, 0, COMMA, true, usize::MAX);
    let mut cut = Body::new(2, None);
    let parallel = cut.parse_block(text, 0, COMMA, true, 0);
    // Debug text, as NaN (a text field's stored value) is unequal to itself.
    let shown = |b: &Body| format!("{:?}", (&b.columns, &b.tallies, b.ragged));
    assert_eq!(shown(&one), shown(&cut));
    assert_eq!(whole, parallel);
    assert_eq!(one.rows(), 5);
    assert_eq!(one.tallies[0].first_text.as_ref().unwrap().line, 2);
}
