//! Colours: the 16 ANSI colours only, so the user's terminal theme decides the actual shades
//! (and `NO_COLOR`, honoured by crossterm, leaves the numbers and glyphs to tell things apart).

use ratatui::style::{Color, Modifier, Style};

/// One colour per component slot, in order; more components reuse them.
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
pub const AXIS: Style = Style::new().fg(Color::DarkGray);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const KEY: Style = Style::new().add_modifier(Modifier::BOLD);
