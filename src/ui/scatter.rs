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

use crate::app::{App, Shown};
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
    /// One-dimensional data: points per dot column (the histogram's bars). The "cells" above are
    /// then dot columns.
    column_totals: Vec<u32>,
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
        // Truncation (not `round`, a library call) is what a dot grid needs anyway.
        let dot_column = |x: f64| (((x - x0) * sx).max(0.0) as usize).min(2 * w - 1);
        if app.data.dim() == 1 {
            self.dots = vec![0; 2 * w];
            self.column_totals = vec![0; 2 * w];
            self.cell_of_point = xs
                .iter()
                .map(|&x| {
                    let col = dot_column(x);
                    self.column_totals[col] += 1;
                    col as u32
                })
                .collect();
        } else {
            self.dots = vec![0; w * h];
            self.column_totals.clear();
            self.cell_of_point = xs
                .iter()
                .zip(ys)
                .map(|(&x, &y)| {
                    let col = dot_column(x);
                    let row = (((y1 - y) * sy).max(0.0) as usize).min(4 * h - 1);
                    let cell = (row / 4) * w + col / 2;
                    self.dots[cell] |= DOTS[row % 4][col % 2];
                    cell as u32
                })
                .collect();
        }
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

/// The plot widget; its state is the binning cache. One-dimensional data is drawn as a
/// histogram with each component's weighted density over it.
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
        cache.bin(app, plot.width, plot.height);
        let Some(shown) = app.shown() else { return };
        cache.count(app, shown.labels, shown.model.k());
        if app.data.dim() == 1 {
            histogram(app, &shown, cache, area, plot, buf);
        } else {
            scatter(app, &shown, cache, area, plot, buf);
        }
    }
}

fn scatter(
    app: &App,
    shown: &Shown,
    cache: &ScatterCache,
    area: Rect,
    plot: Rect,
    buf: &mut Buffer,
) {
    let (a, b) = app.axes;
    let (x, y) = (app.bounds.0[a], app.bounds.0[b]);
    draw_axes(
        buf,
        area,
        plot,
        (x, &app.data.columns[a]),
        (y, &app.data.columns[b]),
    );
    let mut overlay = Overlay::new(plot, x, y);
    let d = app.data.dim();
    if let Some(scenario) = app.source.scenario().filter(|s| s.dim() == d) {
        for truth in &scenario.components {
            overlay.ellipse(
                &truth.mean,
                &truth.covariance,
                d,
                app.axes,
                2.0,
                theme::TRUTH,
            );
        }
    }
    for c in 0..shown.model.k() {
        let color = theme::component(shown.colors[c]);
        for scale in [2.0, 1.0] {
            overlay.ellipse(
                shown.model.mean(c),
                shown.model.covariance(c),
                d,
                app.axes,
                scale,
                color,
            );
        }
    }
    paint(
        buf,
        plot,
        cache
            .dots
            .iter()
            .copied()
            .zip(cache.majority.iter().copied()),
        &overlay,
        shown.colors,
    );
    for c in 0..shown.model.k() {
        let mean = shown.model.mean(c);
        mark_mean(buf, &overlay, (mean[a], mean[b]), c, shown.colors[c]);
    }
}

/// Bars of points per dot column, coloured by each column's majority component, with each
/// component's π·N(x) scaled to points per column.
fn histogram(
    app: &App,
    shown: &Shown,
    cache: &ScatterCache,
    area: Rect,
    plot: Rect,
    buf: &mut Buffer,
) {
    let (w, rows) = (usize::from(plot.width), 4 * usize::from(plot.height));
    let x = app.bounds.0[0];
    // Fixed per data set and size: the tallest bar plus room for curves above it.
    let top = f64::from(
        cache
            .column_totals
            .iter()
            .copied()
            .max()
            .unwrap_or(1)
            .max(1),
    ) * 1.25;
    draw_axes(
        buf,
        area,
        plot,
        (x, &app.data.columns[0]),
        ((0.0, top), "count"),
    );
    let mut cells = vec![(0u8, 0u32, 0u8); w * usize::from(plot.height)];
    for (col, (&total, &majority)) in cache.column_totals.iter().zip(&cache.majority).enumerate() {
        let height = ((f64::from(total) / top * rows as f64) as usize).max(usize::from(total > 0));
        for row in rows - height..rows {
            let cell = &mut cells[(row / 4) * w + col / 2];
            cell.0 |= DOTS[row % 4][col % 2];
            if total > cell.1 {
                (cell.1, cell.2) = (total, majority);
            }
        }
    }
    let mut overlay = Overlay::new(plot, x, (0.0, top));
    // Expected points in one dot column: N × column width × density.
    let points_per_density = app.data.n() as f64 * (x.1 - x.0) / (2 * w) as f64;
    let model = shown.model;
    let peak = |c: usize| {
        let variance = model.covariance(c)[0];
        points_per_density * model.weights[c] / (variance * std::f64::consts::TAU).sqrt()
    };
    for c in 0..model.k() {
        let (mean, variance) = (model.mean(c)[0], model.covariance(c)[0]);
        let height = peak(c);
        overlay.curve(
            |v| height * (-0.5 * (v - mean).powi(2) / variance).exp(),
            theme::component(shown.colors[c]),
        );
    }
    paint(
        buf,
        plot,
        cells.iter().map(|&(dots, _, majority)| (dots, majority)),
        &overlay,
        shown.colors,
    );
    for c in 0..model.k() {
        mark_mean(
            buf,
            &overlay,
            (model.mean(c)[0], peak(c).min(top * 0.99)),
            c,
            shown.colors[c],
        );
    }
}

/// Writes every cell: overlay dots (bold, their colour) where there are any, so curves stay
/// visible through dense clouds; else the points' dots in their majority component's colour.
fn paint(
    buf: &mut Buffer,
    plot: Rect,
    cells: impl Iterator<Item = (u8, u8)>,
    overlay: &Overlay,
    colors: &[usize],
) {
    let w = usize::from(plot.width);
    for (i, (dots, majority)) in cells.enumerate() {
        let (symbol_dots, style) = match overlay.cells[i] {
            (extra, Some(color)) if extra != 0 => {
                (extra, Style::new().fg(color).add_modifier(Modifier::BOLD))
            }
            _ if dots != 0 && majority > 0 => (
                dots,
                Style::new().fg(theme::component(colors[usize::from(majority - 1)])),
            ),
            _ => continue,
        };
        let symbol = char::from_u32(0x2800 + u32::from(symbol_dots)).unwrap_or(' ');
        let (x, y) = (plot.x + (i % w) as u16, plot.y + (i / w) as u16);
        buf[(x, y)].set_char(symbol).set_style(style);
    }
}

/// A component's number at `at` (plot coordinates), so components are told apart without colour.
fn mark_mean(buf: &mut Buffer, overlay: &Overlay, at: (f64, f64), c: usize, slot: usize) {
    if let Some((x, y)) = overlay.cell_of(at.0, at.1) {
        let label = char::from_digit(((c + 1) % 36) as u32, 36).unwrap_or('*');
        let style = Style::new()
            .fg(theme::component(slot))
            .add_modifier(Modifier::BOLD | Modifier::REVERSED);
        buf[(x, y)].set_char(label).set_style(style);
    }
}

/// Curve dots drawn over the points, one colour per cell (the last drawn wins).
struct Overlay {
    plot: Rect,
    x: (f64, f64),
    y: (f64, f64),
    cells: Vec<(u8, Option<Color>)>,
}

impl Overlay {
    fn new(plot: Rect, x: (f64, f64), y: (f64, f64)) -> Self {
        let cells = vec![(0, None); usize::from(plot.width) * usize::from(plot.height)];
        Overlay { plot, x, y, cells }
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

    fn cell_of(&self, x: f64, y: f64) -> Option<(u16, u16)> {
        let (col, row) = self.dot(x, y)?;
        Some((
            self.plot.x + (col / 2) as u16,
            self.plot.y + (row / 4) as u16,
        ))
    }

    fn set(&mut self, col: usize, row: usize, color: Color) {
        let cell = &mut self.cells[(row / 4) * usize::from(self.plot.width) + col / 2];
        cell.0 |= DOTS[row % 4][col % 2];
        cell.1 = Some(color);
    }

    /// The `scale`·σ ellipse of the `axes` block of `cov` (D×D).
    fn ellipse(
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
                self.set(col, row, color);
            }
        }
    }

    /// y = f(x) across the plot, each dot column joined to the last so steep flanks stay drawn.
    fn curve(&mut self, f: impl Fn(f64) -> f64, color: Color) {
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
                self.set(col, r, color);
            }
            previous = Some(row);
        }
    }
}

/// y range on the left (top and bottom), x range and names under the plot.
fn draw_axes(
    buf: &mut Buffer,
    area: Rect,
    plot: Rect,
    x: ((f64, f64), &str),
    y: ((f64, f64), &str),
) {
    let (((x0, x1), x_name), ((y0, y1), y_name)) = (x, y);
    let style = theme::AXIS;
    let gutter = usize::from(GUTTER);
    let label = |v: f64| fixed(v, gutter - 1, 2);
    buf.set_stringn(area.x, plot.y, label(y1), gutter, style);
    buf.set_stringn(area.x, plot.bottom() - 1, label(y0), gutter, style);
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
    let left = fixed(x0, 8, 2).trim().to_string();
    let right = fixed(x1, 8, 2).trim().to_string();
    buf.set_stringn(plot.x, bottom, &left, usize::from(plot.width), style);
    let right_x = plot.right().saturating_sub(right.len() as u16);
    buf.set_stringn(right_x, bottom, &right, right.len(), style);
    let mid = plot.x + plot.width / 2 - (x_name.chars().count() as u16 / 2).min(plot.width / 2);
    if usize::from(plot.width) > left.len() + right.len() + x_name.chars().count() + 2 {
        buf.set_stringn(mid, bottom, x_name, usize::from(plot.width), style);
    }
}
