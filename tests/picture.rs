//! `s` saves the screen: an SVG that parses as XML and holds every character of the screen in
//! its cell and colour, the same screen as text, names that never collide, and a status line
//! that names the files. Saved through the loop's own path: the key, a frame drawn, and
//! `terminal::picture::deliver`.

mod contrast;

use std::path::Path;

use crate::common::{TempDir, app, press, press_all};
use gmm_tui::app::App;
use gmm_tui::terminal::picture;
use gmm_tui::ui::{self, UiCache};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

/// What the event loop does after a key: draw a frame, then save it if `s` asked for it.
pub(crate) fn draw_and_deliver(app: &mut App, width: u16, height: u16, dir: &Path) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut cache = UiCache::default();
    let buffer = terminal
        .draw(|frame| ui::draw(frame, app, &mut cache))
        .unwrap()
        .buffer
        .clone();
    picture::deliver(app, &buffer, dir);
    buffer
}

/// A text element's fill and the cells it covers.
type Fill = (String, Vec<(usize, usize)>);

/// The screen rebuilt from the SVG's text elements: each at its column and row, as many cells
/// as its `textLength` says; and each element's fill, with the cells it covers.
fn grid_from_svg(svg: &str, width: usize, height: usize) -> (Vec<String>, Vec<Fill>) {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let mut grid = vec![vec![" ".to_string(); width]; height];
    let mut fills = Vec::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        let number = |name: &str| node.attribute(name).unwrap().parse::<f64>().unwrap();
        // Cells 9.6 × 18.6 px, each text on its row's baseline.
        let (x, y) = (
            (number("x") / 9.6).round() as usize,
            (number("y") / 18.6) as usize,
        );
        let text: Vec<char> = node.text().unwrap().chars().collect();
        assert_eq!(
            (number("textLength") / 9.6).round() as usize,
            text.len(),
            "{text:?}"
        );
        let mut cells = Vec::new();
        for (i, c) in text.into_iter().enumerate() {
            grid[y][x + i] = c.to_string();
            cells.push((x + i, y));
        }
        fills.push((node.attribute("fill").unwrap().to_string(), cells));
    }
    let rows = grid
        .into_iter()
        .map(|row| row.concat().trim_end().to_string())
        .collect();
    (rows, fills)
}

#[test]
fn s_saves_the_screen_as_an_svg_that_holds_its_text_in_its_colours() {
    // Wide enough that the help (keys and legend) leaves both components' colours in view.
    const W: u16 = 160;
    const H: u16 = 44;
    let dir = TempDir::new("picture");
    let mut app = app(&[]);
    // Escaped and converged, then the help over it: braille, box drawing, `<` and `&`-free
    // text, colours of both components.
    press_all(&mut app, "  pr?");
    press(&mut app, KeyCode::Char('s'));
    assert!(app.overlays().help_open(), "s leaves the screen as it is");
    let screen = draw_and_deliver(&mut app, W, H, &dir);
    let message = app.message().unwrap().to_string();
    assert_eq!(
        message,
        "saved the screen as gmm-tui-1.svg and gmm-tui-1.txt — a picture and its text, for slides"
    );
    let svg = std::fs::read_to_string(dir.join("gmm-tui-1.svg")).unwrap();
    let text = std::fs::read_to_string(dir.join("gmm-tui-1.txt")).unwrap();
    let expected: Vec<String> = screen
        .content()
        .chunks(usize::from(W))
        .map(|row| {
            row.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    assert!(expected.iter().any(|r| r.contains("keys and legend")));
    assert!(expected.iter().any(|r| r.contains('<')), "the help's < key");
    let braille = |c: char| ('\u{2801}'..='\u{28ff}').contains(&c);
    assert!(expected.iter().any(|r| r.chars().any(braille)), "braille");
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    let (rows, fills) = grid_from_svg(&svg, W.into(), H.into());
    assert_eq!(rows, expected);
    // Every text element is drawn in the colour of every cell it covers: the palette's text
    // forms (lightened to 4.5:1), and a reversed cell in the background's colour.
    let palette = [
        (Color::Reset, "#d3d7cf"),
        (Color::Red, "#f57474"),
        (Color::Green, "#8ae234"),
        (Color::Yellow, "#c4a000"),
        (Color::Cyan, "#34e2e2"),
        (Color::Gray, "#d3d7cf"),
        (Color::DarkGray, "#9d9e9c"),
        (Color::White, "#eeeeec"),
    ];
    let mut seen = std::collections::HashSet::new();
    for (fill, cells) in fills {
        for (x, y) in cells {
            let cell = &screen[(x as u16, y as u16)];
            let fg = cell.fg;
            let want = if cell.modifier.contains(Modifier::REVERSED) {
                Some("#2e3436")
            } else {
                palette.iter().find(|(c, _)| *c == fg).map(|(_, h)| *h)
            };
            assert_eq!(Some(fill.as_str()), want, "cell ({x}, {y}) in {fg:?}");
            seen.insert(fg);
        }
    }
    assert!(
        seen.contains(&Color::Red) && seen.contains(&Color::Green),
        "{seen:?}"
    );
}

#[test]
fn saves_never_overwrite_and_the_status_names_each() {
    let dir = TempDir::new("pictures");
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('s'));
    draw_and_deliver(&mut app, 80, 24, &dir);
    // A file of another save's name is in the way: the next free number is taken.
    std::fs::write(dir.join("gmm-tui-2.txt"), "someone else's").unwrap();
    press(&mut app, KeyCode::Char('s'));
    // The picture holds the notice of the first save, as it was on screen.
    let second = draw_and_deliver(&mut app, 60, 16, &dir);
    assert!(
        app.message()
            .unwrap()
            .contains("gmm-tui-3.svg and gmm-tui-3.txt")
    );
    let text = std::fs::read_to_string(dir.join("gmm-tui-3.txt")).unwrap();
    assert!(text.contains("saved the screen as"), "{text}");
    assert_eq!(text.lines().count(), usize::from(second.area.height));
    assert!(!dir.join("gmm-tui-2.svg").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("gmm-tui-2.txt")).unwrap(),
        "someone else's"
    );
    // Without `s`, a frame saves nothing.
    draw_and_deliver(&mut app, 80, 24, &dir);
    assert!(!dir.join("gmm-tui-4.svg").exists());
}
