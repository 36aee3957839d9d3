//! A drawn frame as a picture to take away (`s`): an SVG that keeps every cell's character as
//! text — the braille of the plot, every label and number — in its colours, and the same frame
//! as plain text. The terminal layer writes them to files; here is only the conversion.
//!
//! The SVG: one `<text>` per run of cells of one style on a row, at its column × the cell
//! width, with `textLength` set to its cells' width so that a fallback font (braille is missing
//! from many monospace fonts) keeps the grid; a rectangle under every run with a background;
//! the 16 ANSI colours from one stated palette, [`PALETTE_NAME`], since the terminal's own theme
//! cannot be known.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};

/// The palette the 16 ANSI colours are drawn in, named in the picture.
pub const PALETTE_NAME: &str = "Tango (dark), text lightened to 4.5:1";
/// Background and default foreground of that palette.
pub const BACKGROUND: &str = "#2e3436";
pub const FOREGROUND: &str = "#d3d7cf";
/// Black, red, green, yellow, blue, magenta, cyan, white, then their bright forms: Tango's,
/// for the cells' backgrounds.
const TANGO: [&str; 16] = [
    "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
    "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
];
/// The same colours for text on the background: each at least 4.5:1 against it (WCAG's
/// contrast for normal text), so axis numbers and component labels survive a projector. Tango's
/// own where it reaches that (yellow, white), its light form where that does (green, blue,
/// cyan), else the light form mixed with white until it does (red #ef2929 → #f57474, magenta
/// #ad7fa8 → #b78fb3, the faint grey #555753 → #9d9e9c). The plain Tango red, blue and
/// magenta reach only 2.1, 2.1 and 1.9 on #2e3436.
pub const TEXT: [&str; 16] = [
    "#2e3436", "#f57474", "#8ae234", "#c4a000", "#729fcf", "#b78fb3", "#34e2e2", "#d3d7cf",
    "#9d9e9c", "#f57474", "#8ae234", "#fce94f", "#729fcf", "#b78fb3", "#34e2e2", "#eeeeec",
];
/// The contrast every text is drawn at, at least: WCAG 2's minimum for normal text.
pub const MIN_CONTRAST: f64 = 4.5;
/// Fonts that have the braille block and box drawing first, then whatever monospace there is.
const FONTS: &str = "'DejaVu Sans Mono', 'Cascadia Code', 'Noto Sans Mono', \
                     'Noto Sans Symbols 2', 'Segoe UI Symbol', monospace";
/// Font size, cell width and height, in pixels, and how far below a row's top the baseline
/// sits: DejaVu Sans Mono's advance (0.602 em) and its ascent and descent (0.928 + 0.236 em),
/// the cell a terminal gives it, so box-drawing lines join from row to row.
const FONT_SIZE: f64 = 16.0;
const CELL_WIDTH: f64 = 9.6;
const CELL_HEIGHT: f64 = 18.6;
const BASELINE: f64 = 14.85;

/// The frame as plain text: its rows, each without trailing blanks.
pub fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for row in rows(buffer) {
        let line: String = row.iter().map(|c| c.symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The frame as a standalone SVG document.
pub fn svg(buffer: &Buffer) -> String {
    let (width, height) = (buffer.area.width, buffer.area.height);
    let (w, h) = (
        px(f64::from(width) * CELL_WIDTH),
        px(f64::from(height) * CELL_HEIGHT),
    );
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONTS}" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(
        out,
        "<title>gmm-tui, {width}×{height} cells; colours: {PALETTE_NAME}</title>"
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{BACKGROUND}"/>"#
    );
    for (y, row) in rows(buffer).enumerate() {
        for run in runs(row) {
            write_run(&mut out, y, &run);
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The buffer's rows of cells.
fn rows(buffer: &Buffer) -> impl Iterator<Item = &[Cell]> {
    buffer
        .content()
        .chunks(usize::from(buffer.area.width.max(1)))
}

/// Cells side by side in one style: from column `x`, their characters.
struct Run {
    x: usize,
    text: Vec<String>,
    style: Look,
}

/// What a run looks like: its text colour, its background (`None`: the picture's), both with
/// reversal applied, and its weight.
#[derive(Clone, Copy, PartialEq)]
struct Look {
    fill: &'static str,
    background: Option<&'static str>,
    modifier: Modifier,
}

impl Look {
    /// A reversed cell swaps its colours, the defaults included: default text reversed is the
    /// background's colour on a rectangle of the text's. The rectangle takes the text form of
    /// its colour (a dark label on Tango's own green would read at 3.6:1 only).
    fn of(cell: &Cell) -> Look {
        let (fill, background) = if cell.modifier.contains(Modifier::REVERSED) {
            (
                palette_index(cell.bg).map_or(BACKGROUND, |i| TANGO[i]),
                Some(palette_index(cell.fg).map_or(FOREGROUND, |i| TEXT[i])),
            )
        } else {
            (
                palette_index(cell.fg).map_or(FOREGROUND, |i| TEXT[i]),
                palette_index(cell.bg).map(|i| TANGO[i]),
            )
        };
        Look {
            fill: readable(fill, background.unwrap_or(BACKGROUND)),
            background,
            modifier: cell.modifier,
        }
    }
}

/// `fill`, or where it is under [`MIN_CONTRAST`] against `background` (a colour on a coloured
/// rectangle), whichever of the picture's darkest and lightest colours reads better there.
fn readable(fill: &'static str, background: &str) -> &'static str {
    if contrast(fill, background) >= MIN_CONTRAST {
        return fill;
    }
    let (dark, light) = (BACKGROUND, TANGO[15]);
    if contrast(dark, background) >= contrast(light, background) {
        dark
    } else {
        light
    }
}

/// WCAG 2's contrast ratio of two `#rrggbb` colours: (L₁ + 0.05) / (L₂ + 0.05), L the
/// relative luminance of the lighter and the darker.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2's relative luminance of `#rrggbb`: its sRGB channels linearised, weighted.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// A row cut where the style changes. A cell a wide character covers (an empty symbol) goes
/// with the run before it.
fn runs(row: &[Cell]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (x, cell) in row.iter().enumerate() {
        let look = Look::of(cell);
        match runs.last_mut() {
            Some(run) if run.style == look || cell.symbol().is_empty() => {
                run.text.push(cell.symbol().to_string());
            }
            _ => runs.push(Run {
                x,
                text: vec![cell.symbol().to_string()],
                style: look,
            }),
        }
    }
    runs
}

/// A run's background rectangle (unless it has none) and its text, blanks at either end left
/// out and `textLength` holding the rest to its cells.
fn write_run(out: &mut String, y: usize, run: &Run) {
    let top = y as f64 * CELL_HEIGHT;
    if let Some(fill) = run.style.background {
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{CELL_HEIGHT}" fill="{fill}"/>"#,
            px(run.x as f64 * CELL_WIDTH),
            px(top),
            px(run.text.len() as f64 * CELL_WIDTH),
        );
    }
    let blank = |s: &String| s == " " || s.is_empty();
    let Some(first) = run.text.iter().position(|s| !blank(s)) else {
        return;
    };
    let last = run.text.iter().rposition(|s| !blank(s)).unwrap_or(first);
    let cells = &run.text[first..=last];
    let fill = run.style.fill;
    let modifier = run.style.modifier;
    let mut attributes = format!(r#" fill="{fill}""#);
    if modifier.contains(Modifier::BOLD) {
        attributes.push_str(r#" font-weight="bold""#);
    }
    if modifier.contains(Modifier::ITALIC) {
        attributes.push_str(r#" font-style="italic""#);
    }
    if modifier.contains(Modifier::UNDERLINED) {
        attributes.push_str(r#" text-decoration="underline""#);
    }
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" textLength="{}" xml:space="preserve"{attributes}>{}</text>"#,
        px((run.x + first) as f64 * CELL_WIDTH),
        px(top + BASELINE),
        px(cells.len() as f64 * CELL_WIDTH),
        escape(&cells.concat()),
    );
}

/// A length in pixels, to the hundredth and without trailing zeros: `28.8`, not
/// `28.799999999999997`.
fn px(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `text` with the characters XML gives a meaning escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A colour's place in the 16-colour palettes (`None`: the terminal's default).
fn palette_index(color: Color) -> Option<usize> {
    let index = match color {
        Color::Reset => return None,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        // The app draws in the 16 colours only (see `theme`); anything else as the default.
        Color::Indexed(i) if i < 16 => usize::from(i),
        Color::Indexed(_) | Color::Rgb(..) => return None,
    };
    Some(index)
}
