//! Braille cells, the unit of the plot and the likelihood chart: each character holds 2×4 dots
//! (U+2800–U+28FF), so an area `width`×`height` cells wide is a grid of `2·width` dot columns by
//! `4·height` dot rows. Cells are numbered row by row, `width` to a row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

/// Braille dot bits, indexed [row][column] inside a 2×4 cell.
pub const DOTS: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// The bit of dot (`col`, `row`) of a dot grid inside its cell.
pub fn dot(col: usize, row: usize) -> u8 {
    DOTS[row % 4][col % 2]
}

/// The number of the cell holding dot (`col`, `row`) in a grid `width` cells wide.
pub fn cell(col: usize, row: usize, width: usize) -> usize {
    (row / 4) * width + col / 2
}

/// The character with the dots `dots` raised.
pub fn glyph(dots: u8) -> char {
    char::from_u32(0x2800 + u32::from(dots)).unwrap_or(' ')
}

/// Writes `dots` in `style` into cell `i` of `area`.
pub fn put(buf: &mut Buffer, area: Rect, i: usize, dots: u8, style: Style) {
    let w = usize::from(area.width);
    let (x, y) = (area.x + (i % w) as u16, area.y + (i / w) as u16);
    buf[(x, y)].set_char(glyph(dots)).set_style(style);
}

/// Dots with one colour a cell: the last dot set in a cell gives the whole cell its colour.
pub struct Canvas {
    width: usize,
    cells: Vec<(u8, Option<Color>)>,
}

impl Canvas {
    pub fn new(width: u16, height: u16) -> Canvas {
        let width = usize::from(width);
        Canvas {
            width,
            cells: vec![(0, None); width * usize::from(height)],
        }
    }

    /// Raises dot (`col`, `row`) and gives its cell `color`.
    pub fn set(&mut self, col: usize, row: usize, color: Color) {
        let cell = &mut self.cells[cell(col, row, self.width)];
        cell.0 |= dot(col, row);
        cell.1 = Some(color);
    }

    /// Cell `i`'s dots and colour (`None`: no dot was set there).
    pub fn cell(&self, i: usize) -> (u8, Option<Color>) {
        self.cells[i]
    }

    /// Every cell with dots into `area`, in its colour.
    pub fn draw(&self, buf: &mut Buffer, area: Rect) {
        for (i, &(dots, color)) in self.cells.iter().enumerate() {
            if let (true, Some(color)) = (dots != 0, color) {
                put(buf, area, i, dots, Style::new().fg(color));
            }
        }
    }
}
