//! What is drawn over the points: ellipses and density curves as braille dots (one colour per
//! cell, the last drawn wins), the components' labels at their means, and the axes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::braille::Canvas;
use super::theme;
use crate::format::numbers;

/// Curve dots drawn over the points, one colour per cell (the last drawn wins), and the labels
/// placed so far.
pub struct Overlay {
    pub plot: Rect,
    x: (f64, f64),
    y: (f64, f64),
    canvas: Canvas,
    /// Labels drawn: (x, y, width), so that the next one does not run into them.
    labels: Vec<(u16, u16, u16)>,
}

impl Overlay {
    pub fn new(plot: Rect, x: (f64, f64), y: (f64, f64)) -> Self {
        Overlay {
            plot,
            x,
            y,
            canvas: Canvas::new(plot.width, plot.height),
            labels: Vec::new(),
        }
    }

    /// Whether a label drawn so far covers the screen cell (`x`, `y`).
    pub fn covers_label(&self, x: u16, y: u16) -> bool {
        self.labels
            .iter()
            .any(|&(lx, ly, width)| ly == y && (lx..lx + width).contains(&x))
    }

    /// The y range the plot's height stands for.
    pub fn y_range(&self) -> (f64, f64) {
        self.y
    }

    fn dot_size(&self) -> (f64, f64) {
        (
            2.0 * f64::from(self.plot.width),
            4.0 * f64::from(self.plot.height),
        )
    }

    /// The dot (column, row) of a plot coordinate, if inside the plot.
    fn dot(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (w, h) = self.dot_size();
        let col = (x - self.x.0) / (self.x.1 - self.x.0) * w;
        let row = (self.y.1 - y) / (self.y.1 - self.y.0) * h;
        (col >= 0.0 && row >= 0.0 && col < w && row < h).then_some((col as usize, row as usize))
    }

    /// The screen cell of a plot coordinate, if inside the plot.
    pub fn cell_of(&self, x: f64, y: f64) -> Option<(u16, u16)> {
        let (col, row) = self.dot(x, y)?;
        Some((
            self.plot.x + (col / 2) as u16,
            self.plot.y + (row / 4) as u16,
        ))
    }

    /// Cell `i`'s curve dots and their colour (`None`: no curve passes there).
    pub fn cell(&self, i: usize) -> (u8, Option<Color>) {
        self.canvas.cell(i)
    }

    /// The `scale`·σ ellipse of the `axes` block of `cov` (D×D).
    pub fn ellipse(
        &mut self,
        mean: &[f64],
        cov: &[f64],
        d: usize,
        axes: (usize, usize),
        scale: f64,
        color: Color,
    ) {
        let (a, b) = axes;
        let (saa, sab, sbb) = (cov[a * d + a], cov[a * d + b], cov[b * d + b]);
        let l11 = saa.max(0.0).sqrt();
        let l21 = if l11 > 0.0 { sab / l11 } else { 0.0 };
        let l22 = (sbb - l21 * l21).max(0.0).sqrt();
        const STEPS: usize = 720;
        for s in 0..STEPS {
            let t = s as f64 / STEPS as f64 * std::f64::consts::TAU;
            let (c, si) = (t.cos(), t.sin());
            let x = mean[a] + scale * l11 * c;
            let y = mean[b] + scale * (l21 * c + l22 * si);
            if let Some((col, row)) = self.dot(x, y) {
                self.canvas.set(col, row, color);
            }
        }
    }

    /// y = f(x) across the plot, each dot column joined to the last so steep flanks stay drawn.
    pub fn curve(&mut self, f: impl Fn(f64) -> f64, color: Color) {
        let (w, h) = self.dot_size();
        let mut previous: Option<usize> = None;
        for col in 0..w as usize {
            let x = self.x.0 + (col as f64 + 0.5) / w * (self.x.1 - self.x.0);
            let row = (self.y.1 - f(x)) / (self.y.1 - self.y.0) * h;
            // Below one dot the curve is left out (it would paint over the bars' bottom row);
            // above the plot it clamps to the top row.
            if row >= h - 1.0 {
                previous = None;
                continue;
            }
            let row = row.max(0.0) as usize;
            let from = previous.map_or(row, |p| {
                if p < row {
                    p + 1
                } else {
                    p.saturating_sub(1).max(row)
                }
            });
            for r in from.min(row)..=from.max(row) {
                self.canvas.set(col, r, color);
            }
            previous = Some(row);
        }
    }

    /// A component's label ("3", "12", "1≡2") at `at`, in reverse video: components are told
    /// apart by it without colour. Kept inside the plot, and moved a row or two rather than run
    /// into another label ("1" beside "2" would read "12"); left out when no place near is free.
    pub fn label(&mut self, buf: &mut Buffer, at: (f64, f64), text: &str, color: Color) {
        let Some((x, y)) = self.cell_of(at.0, at.1) else {
            return;
        };
        let len = text.chars().count() as u16;
        let x = x
            .min(self.plot.right().saturating_sub(len))
            .max(self.plot.x);
        let free = |y: u16, placed: &[(u16, u16, u16)]| {
            placed
                .iter()
                .all(|&(px, py, pw)| py != y || x + len < px || px + pw < x)
        };
        let spot = [0, -1, 1, -2, 2].into_iter().find_map(|dy| {
            let y = y.checked_add_signed(dy)?;
            (y >= self.plot.y && y < self.plot.bottom() && free(y, &self.labels)).then_some(y)
        });
        let Some(y) = spot else {
            return;
        };
        self.labels.push((x, y, len));
        let style = Style::new()
            .fg(color)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED);
        buf.set_stringn(x, y, text, usize::from(len), style);
    }
}

/// Width of the y-axis labels at the left of the plot.
pub const GUTTER: u16 = 9;

/// The y range on the left (top and bottom) with the axis letter between, and the x range with
/// its letter under the plot, each range with its decimals (0 for counts). The columns' names
/// are in the plot's title.
pub fn draw_axes(
    buf: &mut Buffer,
    area: Rect,
    plot: Rect,
    x: (((f64, f64), usize), &str),
    y: (((f64, f64), usize), &str),
) {
    let ((((x0, x1), x_places), x_name), (((y0, y1), y_places), y_name)) = (x, y);
    let style = theme::AXIS;
    let gutter = usize::from(GUTTER);
    let [y_low, y_high] = numbers::range_labels(y0, y1, gutter - 1, y_places);
    buf.set_stringn(area.x, plot.y, y_high, gutter, style);
    buf.set_stringn(area.x, plot.bottom() - 1, y_low, gutter, style);
    if plot.height > 2 {
        buf.set_stringn(
            area.x + 1,
            plot.y + plot.height / 2,
            y_name,
            gutter - 2,
            style,
        );
    }
    let bottom = plot.bottom();
    let [left, right] = numbers::range_labels(x0, x1, 8, x_places).map(|t| t.trim().to_string());
    buf.set_stringn(plot.x, bottom, &left, usize::from(plot.width), style);
    let right_x = plot.right().saturating_sub(right.len() as u16);
    buf.set_stringn(right_x, bottom, &right, right.len(), style);
    let name_len = x_name.chars().count();
    if usize::from(plot.width) > left.len() + right.len() + name_len + 2 {
        let mid = plot.x + plot.width / 2 - (name_len as u16 / 2);
        buf.set_stringn(mid, bottom, x_name, name_len, style);
    }
}
