//! One-dimensional data: a histogram coloured by each bin's majority component, with each
//! component's π·N(x | μ, σ²) behind it on the same scale — points per bin (a curve shows
//! where it rises above the bars; the bars are never broken by it).
//!
//! Bins follow the data's resolution: integer data (or any data on a grid) gets bins a whole
//! number of grid steps wide, centred on the grid values, each the same number of dot columns
//! wide — no picket fence of empty columns between values, no bars twice the curve's height.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::app::{App, Shown};

use super::braille::{self, DOTS};
use super::components::{drawn, majority, point_style};
use super::overlay::{Overlay, draw_axes};

/// Histogram bins laid on the plot's dot columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    /// Left edge of the first bin.
    pub left: f64,
    /// Width of every bin in data units.
    pub width: f64,
    pub count: usize,
    /// Dot columns per bin.
    pub columns: usize,
}

impl Bins {
    /// Bins over `range` for values `xs` in `dot_columns` columns.
    pub fn new(xs: &[f64], range: (f64, f64), dot_columns: usize) -> Bins {
        let (lo, hi) = range;
        let dot_columns = dot_columns.max(1);
        let Some(step) = resolution(xs, hi - lo) else {
            return Bins {
                left: lo,
                width: (hi - lo) / dot_columns as f64,
                count: dot_columns,
                columns: 1,
            };
        };
        let first = xs.iter().copied().fold(f64::INFINITY, f64::min) - step / 2.0;
        let last = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max) + step / 2.0;
        // The narrowest bins, a whole number of grid steps wide and each the same whole number
        // of dot columns, covering the plot's range with its margins — or else the data alone
        // (narrower bins without margins fill the plot better than wider ones with them) —
        // whose data fill at least 3/4 of the plot; else those whose data fill it most.
        let mut fullest: Option<(f64, Bins)> = None;
        for steps in 1.. {
            let width = steps as f64 * step;
            let padded = first - ((first - lo) / width).ceil().max(0.0) * width;
            for (left, right) in [(padded, hi), (first, last)] {
                let needed = ((right - left) / width).ceil().max(1.0) as usize;
                if needed > dot_columns {
                    continue;
                }
                let columns = dot_columns / needed;
                let filled = (last - first) / width * columns as f64 / dot_columns as f64;
                // As many bins as fit the plot whole, the extra ones split around the cover.
                let count = dot_columns / columns;
                let bins = Bins {
                    left: left - ((count - needed) / 2) as f64 * width,
                    width,
                    count,
                    columns,
                };
                if filled >= 0.75 {
                    return bins;
                }
                if fullest.as_ref().is_none_or(|(f, _)| filled > *f) {
                    fullest = Some((filled, bins));
                }
            }
            if ((last - first) / width).ceil() <= 1.0 {
                break;
            }
        }
        fullest.map(|(_, bins)| bins).expect("one bin always fits")
    }

    pub fn bin_of(&self, x: f64) -> usize {
        (((x - self.left) / self.width).max(0.0) as usize).min(self.count - 1)
    }

    /// The x range the plot's full width stands for.
    pub fn span(&self, dot_columns: usize) -> (f64, f64) {
        let right = self.left + self.width * dot_columns as f64 / self.columns as f64;
        (self.left, right)
    }
}

/// The data's grid step when every value is a whole number of steps from the smallest (integer
/// data, data rounded to 0.1, …), judged on up to 20,000 values spread over the data.
pub fn resolution(xs: &[f64], span: f64) -> Option<f64> {
    let stride = (xs.len() / 20_000).max(1);
    let mut sample: Vec<f64> = xs.iter().step_by(stride).copied().collect();
    sample.sort_by(f64::total_cmp);
    sample.dedup();
    let step = sample
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    if !step.is_finite() || step <= 1e-9 * span.abs().max(f64::MIN_POSITIVE) {
        return None;
    }
    let min = sample[0];
    sample
        .iter()
        .all(|v| {
            let q = (v - min) / step;
            (q - q.round()).abs() < 1e-6
        })
        .then_some(step)
}

/// Bins, their counts and each bin's majority component.
#[derive(Default)]
pub struct HistogramCache {
    binned_for: Option<(u64, u16, u16)>,
    bins: Option<Bins>,
    bin_of_point: Vec<u32>,
    counts: Vec<u32>,
    counted_for: Option<u64>,
    /// Per bin, 1 + the component with most points there (0: none).
    majority: Vec<u8>,
}

impl HistogramCache {
    fn bin(&mut self, app: &App, plot: Rect) {
        let key = (app.plot().data_version(), plot.width, plot.height);
        if self.binned_for == Some(key) {
            return;
        }
        let xs = app.data().column(0);
        let bins = Bins::new(xs, app.plot().bounds().0[0], 2 * usize::from(plot.width));
        self.counts = vec![0; bins.count];
        self.bin_of_point = xs
            .iter()
            .map(|&x| {
                let b = bins.bin_of(x);
                self.counts[b] += 1;
                b as u32
            })
            .collect();
        self.bins = Some(bins);
        self.binned_for = Some(key);
        self.counted_for = None;
    }

    fn count(&mut self, app: &App, shown: &Shown) {
        if self.counted_for == Some(app.plot().labels_version()) {
            return;
        }
        let k = shown.model.k().max(1);
        let mut counts = vec![0u32; self.counts.len() * k];
        if shown.labels.len() == self.bin_of_point.len() {
            for (&b, &label) in self.bin_of_point.iter().zip(shown.labels) {
                counts[b as usize * k + usize::from(label).min(k - 1)] += 1;
            }
        }
        self.majority = counts.chunks(k).map(majority).collect();
        self.counted_for = Some(app.plot().labels_version());
    }
}

/// The histogram of `app`'s one-dimensional data under `shown`'s curves in `plot` (its axes in
/// `area`): bars coloured by each bin's majority component, each component's curve behind them.
pub fn render(
    app: &App,
    shown: &Shown,
    cache: &mut HistogramCache,
    area: Rect,
    plot: Rect,
    buf: &mut Buffer,
) {
    cache.bin(app, plot);
    cache.count(app, shown);
    let Some(bins) = &cache.bins else { return };
    // Fixed per data set and size: the tallest bar plus room for curves above it.
    // A whole count, as the axis counts points.
    let top = (f64::from(cache.counts.iter().copied().max().unwrap_or(1).max(1)) * 1.25).ceil();
    let x = bins.span(2 * usize::from(plot.width));
    draw_axes(buf, area, plot, ((x, 2), "x"), (((0.0, top), 0), "n"));
    let bars = Bars::new(cache, bins, plot, top);
    let mut overlay = Overlay::new(plot, x, (0.0, top));
    // Expected points in one bin: N × bin width × density — the bars' own unit.
    let points_per_density = app.data().n() as f64 * bins.width;
    let model = shown.model;
    let drawn = drawn(shown);
    for component in &drawn {
        let c = component.members[0];
        let (mean, variance) = (model.mean(c)[0], model.covariance(c)[0]);
        let height = peak(shown, &component.members, points_per_density);
        overlay.curve(
            |v| height * (-0.5 * (v - mean).powi(2) / variance).exp(),
            component.color,
        );
    }
    draw_cells(buf, plot, &bars, &overlay, |majority| {
        point_style(app, shown, majority, 255)
    });
    for component in &drawn {
        let c = component.members[0];
        let height = peak(shown, &component.members, points_per_density);
        let at = (model.mean(c)[0], height.min(top * 0.99));
        overlay.label(buf, at, &component.label, component.color);
    }
    super::inspector::mark(app, app.inspection().as_ref(), &overlay, buf);
}

/// The height of a component's curve (or of a group of identical `members`, drawn as one) at
/// its mean, in points per bin: its weight times its density there, in the bars' unit.
fn peak(shown: &Shown, members: &[usize], points_per_density: f64) -> f64 {
    let (model, c) = (shown.model, members[0]);
    let variance = model.covariance(c)[0];
    members.len() as f64 * points_per_density * model.weights[c]
        / (variance * std::f64::consts::TAU).sqrt()
}

/// The bars as braille cells.
struct Bars {
    /// Cells a row of the plot.
    width: usize,
    /// Per cell: its bar dots, and the count and majority component (1 + its number) of the
    /// fullest bin in it.
    cells: Vec<(u8, u32, u8)>,
    /// Per dot column, the first dot row of its bar (the dot rows' count: no bar).
    top_row: Vec<usize>,
}

impl Bars {
    /// The bars of `cache`'s counts in `bins` over `plot`, `top` points high at its top.
    fn new(cache: &HistogramCache, bins: &Bins, plot: Rect, top: f64) -> Bars {
        let (w, rows) = (usize::from(plot.width), 4 * usize::from(plot.height));
        let mut cells = vec![(0u8, 0u32, 0u8); w * usize::from(plot.height)];
        let mut top_row = vec![rows; 2 * w];
        for (b, (&total, &majority)) in cache.counts.iter().zip(&cache.majority).enumerate() {
            let height =
                ((f64::from(total) / top * rows as f64) as usize).max(usize::from(total > 0));
            for col in b * bins.columns..(b + 1) * bins.columns {
                if let Some(t) = top_row.get_mut(col) {
                    *t = rows - height;
                }
                for row in rows - height..rows {
                    let cell = &mut cells[braille::cell(col, row, w)];
                    cell.0 |= braille::dot(col, row);
                    if total > cell.1 {
                        (cell.1, cell.2) = (total, majority);
                    }
                }
            }
        }
        Bars {
            width: w,
            cells,
            top_row,
        }
    }

    /// Cell `i`'s dots of `dots` that lie above its bars.
    fn above(&self, i: usize, mut dots: u8) -> u8 {
        let (cell_col, cell_row) = (2 * (i % self.width), 4 * (i / self.width));
        for (r, row_dots) in DOTS.iter().enumerate() {
            for (c, dot) in row_dots.iter().enumerate() {
                if cell_row + r >= self.top_row[cell_col + c] {
                    dots &= !dot;
                }
            }
        }
        dots
    }
}

/// The bars and the curves into `plot`. The curves pass behind the bars: a curve's dots inside
/// a bar are left out, so every bar reads whole; in a cell holding a bar's top, the curve's
/// dots above it join the bar's, in the bar's style (`bar_style` of its majority component).
fn draw_cells(
    buf: &mut Buffer,
    plot: Rect,
    bars: &Bars,
    overlay: &Overlay,
    bar_style: impl Fn(u8) -> Style,
) {
    for (i, &(dots, _, majority)) in bars.cells.iter().enumerate() {
        let curve = overlay.cell(i);
        let curve_dots = bars.above(i, curve.0);
        let (symbol_dots, style) = match curve {
            _ if dots != 0 && majority > 0 => (dots | curve_dots, bar_style(majority - 1)),
            (_, Some(color)) if curve_dots != 0 => (
                curve_dots,
                Style::new().fg(color).add_modifier(Modifier::BOLD),
            ),
            _ => continue,
        };
        braille::put(buf, plot, i, symbol_dots, style);
    }
}
