//! Colours: the 16 ANSI colours only, so the user's terminal theme decides the actual shades
//! (and `NO_COLOR`, honoured by crossterm, leaves the numbers and glyphs to tell things apart).

use ratatui::style::{Color, Modifier, Style};

/// One colour per component slot, in order; more components reuse them (their numbers tell
/// them apart).
const PALETTE: [Color; 6] = [
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
];

pub fn component(slot: usize) -> Color {
    PALETTE[slot % PALETTE.len()]
}

/// The scenario's true ellipses: faint.
pub const TRUTH: Color = Color::DarkGray;
/// Identical components, drawn once as one shared thing.
pub const SHARED: Color = Color::White;
/// Points no component is sure of (and points of identical components).
pub const UNDECIDED: Color = Color::Gray;
/// The likelihood curves: the run on screen, the best run, every other run.
pub const CURVE: Color = Color::Cyan;
pub const BEST_CURVE: Color = Color::White;
pub const OTHER_CURVE: Color = Color::DarkGray;
/// The scrubbed iteration's mark on the curve.
pub const MARK: Color = Color::Yellow;
pub const AXIS: Style = Style::new().fg(Color::DarkGray);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const KEY: Style = Style::new().add_modifier(Modifier::BOLD);
