//! The scatter plot: every point in braille dots coloured by its most responsible component,
//! each component's mean (its number) and 1σ/2σ ellipses, and the truth's ellipses faintly.
//!
//! A million points cannot be painted per frame within budget, so points are binned into
//! braille cells once per data set, axes and size ([`ScatterCache`]); a frame only recounts the
//! majority component per cell when the labels changed, then writes cells straight to the buffer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::StatefulWidget;

use crate::app::App;
use crate::format::fixed;

use super::theme;

/// Braille dot bits, indexed [row][column] inside a 2×4 cell.
const DOTS: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// Points binned into the plot's cells, and the last majority count.
#[derive(Default)]
pub struct ScatterCache {
    /// What the binning was made for: data version, axes, plot size.
    binned_for: Option<(u64, (usize, usize), u16, u16)>,
    /// Per point, its cell.
    cell_of_point: Vec<u32>,
    /// Per cell, the braille dots of all its points.
    dots: Vec<u8>,
    /// Per cell, 1 + the component with most points there (0: none).
    majority: Vec<u8>,
    counted_for: Option<(u64, u64)>,
}

impl ScatterCache {
    fn bin(&mut self, app: &App, width: u16, height: u16) {
        let key = (app.data_version, app.axes, width, height);
        if self.binned_for == Some(key) {
            return;
        }
        let (w, h) = (usize::from(width), usize::from(height));
        let (xs, ys) = (app.data.column(app.axes.0), app.data.column(app.axes.1));
        let ((x0, x1), (y0, y1)) = (app.bounds.0[app.axes.0], app.bounds.0[app.axes.1]);
        let (sx, sy) = ((2 * w) as f64 / (x1 - x0), (4 * h) as f64 / (y1 - y0));
        self.dots = vec![0; w * h];
        self.cell_of_point = xs
            .iter()
            .zip(ys)
            .map(|(&x, &y)| {
                // Truncation (not `round`, a library call) is what a dot grid needs anyway.
                let col = (((x - x0) * sx).max(0.0) as usize).min(2 * w - 1);
                let row = (((y1 - y) * sy).max(0.0) as usize).min(4 * h - 1);
                let cell = (row / 4) * w + col / 2;
                self.dots[cell] |= DOTS[row % 4][col % 2];
                cell as u32
            })
            .collect();
        self.binned_for = Some(key);
        self.counted_for = None;
    }

    fn count(&mut self, app: &App, labels: &[u8], k: usize) {
        let key = (app.labels_version, app.data_version);
        if self.counted_for == Some(key) {
            return;
        }
        let mut counts = vec![0u32; self.dots.len() * k];
        for (&cell, &label) in self.cell_of_point.iter().zip(labels) {
            counts[cell as usize * k + usize::from(label).min(k - 1)] += 1;
        }
        self.majority = counts
            .chunks(k)
            .map(|c| {
                let (best, n) = c
                    .iter()
                    .enumerate()
                    .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
                    .unwrap_or((0, &0));
                if *n == 0 { 0 } else { best as u8 + 1 }
            })
            .collect();
        self.counted_for = Some(key);
    }
}

/// The plot widget; its state is the binning cache.
pub struct ScatterPlot<'a> {
    pub app: &'a App,
}

/// Width of the y-axis labels at the left of the plot.
const GUTTER: u16 = 9;

impl StatefulWidget for ScatterPlot<'_> {
    type State = ScatterCache;

    fn render(self, area: Rect, buf: &mut Buffer, cache: &mut ScatterCache) {
        let app = self.app;
        if area.width <= GUTTER + 2 || area.height < 3 {
            return;
        }
        let plot = Rect::new(
            area.x + GUTTER,
            area.y,
            area.width - GUTTER,
            area.height - 1,
        );
        draw_axes(app, area, plot, buf);
        cache.bin(app, plot.width, plot.height);
        let Some(shown) = app.shown() else { return };
        let k = shown.model.k();
        cache.count(app, shown.labels, k);

        let mut overlay = Overlay::new(app, plot);
        if let Some(scenario) = app.source.scenario().filter(|s| s.dim() == app.data.dim()) {
            for truth in &scenario.components {
                overlay.ellipse(
                    &truth.mean,
                    &truth.covariance,
                    app.data.dim(),
                    2.0,
                    theme::TRUTH,
                );
            }
        }
        for c in 0..k {
            let color = theme::component(shown.colors[c]);
            for scale in [2.0, 1.0] {
                overlay.ellipse(
                    shown.model.mean(c),
                    shown.model.covariance(c),
                    app.data.dim(),
                    scale,
                    color,
                );
            }
        }

        let w = usize::from(plot.width);
        for (i, (&dots, &majority)) in cache.dots.iter().zip(&cache.majority).enumerate() {
            let (x, y) = (plot.x + (i % w) as u16, plot.y + (i / w) as u16);
            // An ellipse cell shows only the ellipse's dots, so the curve stays a visible thin
            // line through a dense cloud of the same colour.
            let (symbol_dots, style) = match overlay.cells[i] {
                (extra, Some(color)) if extra != 0 => {
                    (extra, Style::new().fg(color).add_modifier(Modifier::BOLD))
                }
                _ if dots != 0 && majority > 0 => (
                    dots,
                    Style::new().fg(theme::component(shown.colors[usize::from(majority - 1)])),
                ),
                _ => continue,
            };
            let symbol = char::from_u32(0x2800 + u32::from(symbol_dots)).unwrap_or(' ');
            buf[(x, y)].set_char(symbol).set_style(style);
        }
        // Means last: their number, so components are told apart without colour too.
        for c in 0..k {
            if let Some((x, y)) = overlay.cell_of(shown.model.mean(c)) {
                let label = char::from_digit(((c + 1) % 36) as u32, 36).unwrap_or('*');
                let style = Style::new()
                    .fg(theme::component(shown.colors[c]))
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED);
                buf[(x, y)].set_char(label).set_style(style);
            }
        }
    }
}

/// Ellipse dots drawn over the points, one colour per cell (the last drawn wins).
struct Overlay {
    plot: Rect,
    axes: (usize, usize),
    x: (f64, f64),
    y: (f64, f64),
    cells: Vec<(u8, Option<Color>)>,
}

impl Overlay {
    fn new(app: &App, plot: Rect) -> Self {
        Overlay {
            plot,
            axes: app.axes,
            x: app.bounds.0[app.axes.0],
            y: app.bounds.0[app.axes.1],
            cells: vec![(0, None); usize::from(plot.width) * usize::from(plot.height)],
        }
    }

    /// The dot (column, row) of a data point, if inside the plot.
    fn dot(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (w, h) = (
            2.0 * f64::from(self.plot.width),
            4.0 * f64::from(self.plot.height),
        );
        let col = (x - self.x.0) / (self.x.1 - self.x.0) * w;
        let row = (self.y.1 - y) / (self.y.1 - self.y.0) * h;
        (col >= 0.0 && row >= 0.0 && col < w && row < h).then_some((col as usize, row as usize))
    }

    fn cell_of(&self, point: &[f64]) -> Option<(u16, u16)> {
        let (col, row) = self.dot(point[self.axes.0], point[self.axes.1])?;
        Some((
            self.plot.x + (col / 2) as u16,
            self.plot.y + (row / 4) as u16,
        ))
    }

    /// The `scale`·σ ellipse of the shown dimensions' 2×2 block of `cov` (D×D).
    fn ellipse(&mut self, mean: &[f64], cov: &[f64], d: usize, scale: f64, color: Color) {
        let (a, b) = self.axes;
        let (saa, sab, sbb) = (cov[a * d + a], cov[a * d + b], cov[b * d + b]);
        let l11 = saa.max(0.0).sqrt();
        let l21 = if l11 > 0.0 { sab / l11 } else { 0.0 };
        let l22 = (sbb - l21 * l21).max(0.0).sqrt();
        let w = usize::from(self.plot.width);
        const STEPS: usize = 720;
        for s in 0..STEPS {
            let t = s as f64 / STEPS as f64 * std::f64::consts::TAU;
            let (c, si) = (t.cos(), t.sin());
            let x = mean[a] + scale * l11 * c;
            let y = mean[b] + scale * (l21 * c + l22 * si);
            if let Some((col, row)) = self.dot(x, y) {
                let cell = &mut self.cells[(row / 4) * w + col / 2];
                cell.0 |= DOTS[row % 4][col % 2];
                cell.1 = Some(color);
            }
        }
    }
}

/// y range on the left (top and bottom), x range and names under the plot.
fn draw_axes(app: &App, area: Rect, plot: Rect, buf: &mut Buffer) {
    let (xa, ya) = app.axes;
    let ((x0, x1), (y0, y1)) = (app.bounds.0[xa], app.bounds.0[ya]);
    let style = theme::AXIS;
    let label = |v: f64| fixed(v, usize::from(GUTTER) - 1, 2);
    buf.set_stringn(area.x, plot.y, label(y1), usize::from(GUTTER), style);
    buf.set_stringn(
        area.x,
        plot.bottom() - 1,
        label(y0),
        usize::from(GUTTER),
        style,
    );
    let y_name = &app.data.columns[ya];
    if plot.height > 2 {
        buf.set_stringn(
            area.x + 1,
            plot.y + plot.height / 2,
            y_name,
            usize::from(GUTTER) - 2,
            style,
        );
    }
    let bottom = plot.bottom();
    let left = fixed(x0, 8, 2).trim().to_string();
    let right = fixed(x1, 8, 2).trim().to_string();
    buf.set_stringn(plot.x, bottom, &left, usize::from(plot.width), style);
    let right_x = plot.right().saturating_sub(right.len() as u16);
    buf.set_stringn(right_x, bottom, &right, right.len(), style);
    let x_name = &app.data.columns[xa];
    let mid = plot.x + plot.width / 2 - (x_name.chars().count() as u16 / 2).min(plot.width / 2);
    if usize::from(plot.width) > left.len() + right.len() + x_name.chars().count() + 2 {
        buf.set_stringn(mid, bottom, x_name, usize::from(plot.width), style);
    }
}
