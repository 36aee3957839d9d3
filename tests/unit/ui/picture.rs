//! Tests of `src/ui/picture.rs`.

use gmm_tui::ui::picture::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::style::{Color, Modifier};

#[test]
fn runs_split_where_the_style_changes_and_text_is_escaped() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
    buffer.set_string(0, 0, "a<b", Style::new().fg(Color::Red));
    buffer.set_string(3, 0, " & ⣿", Style::new());
    let svg = svg(&buffer);
    assert!(svg.contains(r##"fill="#f57474">a&lt;b</text>"##), "{svg}");
    // Blanks at a run's ends are left out (its x moves past them), blanks inside kept.
    let run = r##"<text x="38.4" y="14.85" textLength="28.8" xml:space="preserve" fill="#d3d7cf">&amp; ⣿</text>"##;
    assert!(svg.contains(run), "{svg}");
    assert_eq!(text(&buffer), "a<b & ⣿\n");
}

#[test]
fn every_text_colour_reads_at_4_5_to_1_on_the_background() {
    // WCAG's own example values: white on black is 21:1, and Tango's red 2.15:1 here.
    assert!((contrast("#ffffff", "#000000") - 21.0).abs() < 1e-9);
    assert!((contrast("#cc0000", BACKGROUND) - 2.15).abs() < 0.01);
    for fill in TEXT.iter().skip(1).chain([&FOREGROUND]) {
        assert!(contrast(fill, BACKGROUND) >= MIN_CONTRAST, "{fill}");
    }
}

#[test]
fn reversed_default_text_is_dark_on_a_light_rectangle() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    buffer.set_string(0, 0, "key", reversed);
    let svg = svg(&buffer);
    assert!(
        svg.contains(r##"width="28.8" height="18.6" fill="#d3d7cf"/>"##),
        "{svg}"
    );
    assert!(svg.contains(r##"fill="#2e3436">key</text>"##), "{svg}");
}
