//! The plot: points as braille dots whose number per cell follows the points' density, coloured
//! by their most responsible component (or shaded by certainty, `u`); each component's 1σ and
//! 2σ ellipses and its label at its mean; identical components drawn once, as one (`1≡2`), their
//! points undecided; the truth's ellipses faint. One-dimensional data is a histogram
//! ([`super::histogram`]).
//!
//! A million points cannot be painted per frame within budget, so points are binned into
//! braille cells once per data set, axes and size ([`ScatterCache`]), and each cell's dots are
//! chosen then, in proportion to its count against the 95th percentile of the cells' counts:
//! dense cores look dense and tails thin. A frame only recounts each cell's majority component
//! when the labels changed, then writes cells straight into the buffer.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, StatefulWidget};

use crate::app::{App, Shown};

use super::braille;
use super::components::{drawn, majority, point_style};
use super::histogram::{self, HistogramCache};
use super::inspector;
use super::overlay::{GUTTER, Overlay, draw_axes};
use super::theme;

/// Points binned into the plot's cells, with each cell's dots and last colour count.
#[derive(Default)]
pub struct ScatterCache {
    /// What the binning was made for: data version, axes, plot size.
    binned_for: Option<(u64, (usize, usize), u16, u16)>,
    /// Per point, its cell × 8 + its dot's bit number in that cell.
    slots: Vec<u32>,
    /// Per cell, the dots drawn (thinned by density).
    dots: Vec<u8>,
    counted_for: Option<(u64, bool)>,
    /// Per cell, 1 + the component with most points there (0: none).
    majority: Vec<u8>,
    /// Per cell, its points' mean certainty (with `u`).
    certainty: Vec<u8>,
    pub histogram: HistogramCache,
}

impl ScatterCache {
    fn bin(&mut self, app: &App, width: u16, height: u16) {
        let key = (app.plot().data_version(), app.plot().axes(), width, height);
        if self.binned_for == Some(key) {
            return;
        }
        let (w, h) = (usize::from(width), usize::from(height));
        let (xs, ys) = (
            app.data().column(app.plot().axes().0),
            app.data().column(app.plot().axes().1),
        );
        let ((x0, x1), (y0, y1)) = view(app, width, height);
        let (sx, sy) = ((2 * w) as f64 / (x1 - x0), (4 * h) as f64 / (y1 - y0));
        // Truncation (not `round`, a library call) is what a dot grid needs anyway.
        self.slots = xs
            .iter()
            .zip(ys)
            .map(|(&x, &y)| {
                let col = (((x - x0) * sx).max(0.0) as usize).min(2 * w - 1);
                let row = (((y1 - y) * sy).max(0.0) as usize).min(4 * h - 1);
                let cell = braille::cell(col, row, w);
                (cell * 8 + braille::dot(col, row).trailing_zeros() as usize) as u32
            })
            .collect();
        self.dots = density_dots(&self.slots, w * h);
        self.binned_for = Some(key);
        self.counted_for = None;
    }

    fn count(&mut self, app: &App, shown: &Shown) {
        let key = (app.plot().labels_version(), app.plot().certainty());
        if self.counted_for == Some(key) {
            return;
        }
        let k = shown.model.k().max(1);
        let cells = self.dots.len();
        let mut counts = vec![0u32; cells * k];
        let mut sure = vec![0u32; if app.plot().certainty() { cells } else { 0 }];
        if shown.labels.len() == self.slots.len() {
            for (&slot, &label) in self.slots.iter().zip(shown.labels) {
                counts[(slot >> 3) as usize * k + usize::from(label).min(k - 1)] += 1;
            }
            if app.plot().certainty() && shown.certainty.len() == self.slots.len() {
                for (&slot, &c) in self.slots.iter().zip(shown.certainty) {
                    sure[(slot >> 3) as usize] += u32::from(c);
                }
            }
        }
        self.majority.clear();
        self.certainty.clear();
        for (cell, c) in counts.chunks(k).enumerate() {
            self.majority.push(majority(c));
            let total: u32 = c.iter().sum();
            self.certainty
                .push(sure.get(cell).map_or(255, |s| (s / total.max(1)) as u8));
        }
        self.counted_for = Some(key);
    }
}

/// Each cell's dots: as many as its count against the 95th percentile of occupied cells' counts
/// (8 at or above it, at least 1, never more than it has points on), its most populated dots
/// first, so density reads as shade without losing where in the cell the points are.
fn density_dots(slots: &[u32], cells: usize) -> Vec<u8> {
    let mut per_dot = vec![0u32; cells * 8];
    for &slot in slots {
        per_dot[slot as usize] += 1;
    }
    let totals: Vec<u32> = per_dot.chunks(8).map(|c| c.iter().sum()).collect();
    let mut occupied: Vec<u32> = totals.iter().copied().filter(|&t| t > 0).collect();
    let reference = if occupied.is_empty() {
        1
    } else {
        let at = (occupied.len() * 95 / 100).min(occupied.len() - 1);
        *occupied.select_nth_unstable(at).1
    };
    per_dot
        .chunks(8)
        .zip(&totals)
        .map(|(dots, &total)| {
            if total == 0 {
                return 0;
            }
            let want = (8 * total).div_ceil(reference).clamp(1, 8) as usize;
            let mut order: Vec<usize> = (0..8).filter(|&b| dots[b] > 0).collect();
            order.sort_by_key(|&b| std::cmp::Reverse(dots[b]));
            order.iter().take(want).fold(0u8, |acc, &b| acc | (1 << b))
        })
        .collect()
}

/// The plot's block (its title names the axes' columns) and the plot inside.
pub fn render_plot(frame: &mut Frame, area: Rect, app: &App, cache: &mut ScatterCache) {
    let width = usize::from(area.width.saturating_sub(4));
    let mut title = plot_title(app, width);
    // A run from the history on screen: the title says which, where that fits.
    if let Some(number) = app.timeline().picked() {
        // A collapsed best is the best only for want of another, never the answer.
        let best: &[&str] = match (app.showing_best(), app.runs().best_is_collapsed()) {
            (true, true) => &[", best so far: collapsed", ", collapsed", ""],
            (true, false) => &[", the best", ""],
            _ => &[""],
        };
        if let Some(named) = best
            .iter()
            .map(|b| format!(" run {number}{b} ·{title}"))
            .find(|named| named.chars().count() <= width)
        {
            title = named;
        }
    }
    let block = Block::bordered().title(Span::styled(title, theme::TITLE));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_stateful_widget(ScatterPlot { app }, inner, cache);
}

/// The plot without its border: y labels in a gutter, x labels under it.
pub struct ScatterPlot<'a> {
    pub app: &'a App,
}

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
        let Some(shown) = app.shown() else {
            // No model (EM cannot run on this data): the points still show, undecided.
            if app.data().dim() > 1 {
                cache.bin(app, plot.width, plot.height);
                points_alone(app, cache, area, plot, buf);
            }
            return;
        };
        if app.data().dim() == 1 {
            histogram::render(app, &shown, &mut cache.histogram, area, plot, buf);
            return;
        }
        cache.bin(app, plot.width, plot.height);
        cache.count(app, &shown);
        scatter(app, &shown, cache, area, plot, buf);
    }
}

/// Per-dot units of two axes this far apart or closer are made one: the columns are then taken
/// to share a unit, and a spherical component is drawn round. Further apart (dollars beside a
/// share), each axis keeps its own range, or one would be a line.
const SAME_UNIT_WITHIN: f64 = 4.0;

/// The ranges the scatter shows on a plot of `width` × `height` cells: the data's (with the
/// starts' and margins) on each axis, the narrower one widened about its centre so that a
/// braille dot (a cell's half-width by its quarter-height, about square) spans as much of x as
/// of y.
pub fn view(app: &App, width: u16, height: u16) -> ((f64, f64), (f64, f64)) {
    let (a, b) = app.plot().axes();
    let (x, y) = (app.plot().bounds().0[a], app.plot().bounds().0[b]);
    let (per_x, per_y) = (
        (x.1 - x.0) / f64::from(2 * width.max(1)),
        (y.1 - y.0) / f64::from(4 * height.max(1)),
    );
    let widened = |(lo, hi): (f64, f64), dots: f64, per_dot: f64| {
        let (centre, half) = ((lo + hi) / 2.0, per_dot * dots / 2.0);
        (centre - half, centre + half)
    };
    let ratio = per_x / per_y;
    if !ratio.is_finite() || !(1.0 / SAME_UNIT_WITHIN..=SAME_UNIT_WITHIN).contains(&ratio) {
        return (x, y);
    }
    if per_x > per_y {
        (x, widened(y, f64::from(4 * height), per_x))
    } else {
        (widened(x, f64::from(2 * width), per_y), y)
    }
}

/// " y vs x " when the columns are called x and y, else " x: name · y: name ", names shortened
/// only if the whole does not fit in `width` — from the middle, so that each still names one
/// column of the data (`sepal_length` → `sep…gth`), or else by the column's number.
fn plot_title(app: &App, width: usize) -> String {
    let columns = &app.data().columns;
    let (x, y) = (app.plot().axes().0, app.plot().axes().1);
    if app.data().dim() == 1 {
        return if columns[x] == "x" {
            " histogram ".into()
        } else {
            let room = width.saturating_sub(16);
            format!(" x: {} · histogram ", shorten(columns, x, room))
        };
    }
    if columns[x] == "x" && columns[y] == "y" {
        return " y vs x ".into();
    }
    let full = format!(" x: {} · y: {} ", columns[x], columns[y]);
    if full.chars().count() <= width {
        return full;
    }
    let room = width.saturating_sub(11) / 2;
    format!(
        " x: {} · y: {} ",
        shorten(columns, x, room),
        shorten(columns, y, room)
    )
}

/// Column `c`'s name in at most `room` characters (at least its number, `#3`): whole if it
/// fits, else its start and end around `…`, as long as no other column's name has that start
/// and end — the name then still tells which column it is; else its number and a hint of the
/// name (`#1 bil…`).
pub fn shorten(columns: &[String], c: usize, room: usize) -> String {
    let name: Vec<char> = columns[c].chars().collect();
    if name.len() <= room {
        return columns[c].clone();
    }
    let kept = room.saturating_sub(1);
    // Halves first, the start taking the odd character (names differ at their start more
    // often), then splits further from the middle.
    let mut tails: Vec<usize> = (1..kept).collect();
    tails.sort_by_key(|t| t.abs_diff(kept / 2));
    for tail in tails {
        let head: String = name[..kept - tail].iter().collect();
        let end: String = name[name.len() - tail..].iter().collect();
        let ambiguous = columns
            .iter()
            .enumerate()
            .any(|(o, other)| o != c && other.starts_with(&head) && other.ends_with(&end));
        if !ambiguous {
            return format!("{head}…{end}");
        }
    }
    // The number tells the column; as much of the name as fits after it hints at which.
    let number = format!("#{}", c + 1);
    let hint = room.saturating_sub(number.chars().count() + 2);
    if hint >= 2 {
        let head: String = name[..hint].iter().collect();
        format!("{number} {head}…")
    } else {
        number
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
    let (a, b) = app.plot().axes();
    let (x, y) = view(app, plot.width, plot.height);
    draw_axes(buf, area, plot, ((x, 2), "x"), ((y, 2), "y"));
    let mut overlay = Overlay::new(plot, x, y);
    let d = app.data().dim();
    if let Some(scenario) = app.source().scenario().filter(|s| s.dim() == d) {
        for truth in &scenario.components {
            overlay.ellipse(
                &truth.mean,
                &truth.covariance,
                d,
                app.plot().axes(),
                2.0,
                theme::TRUTH,
            );
        }
    }
    let drawn = drawn(shown);
    // Past six components the 2σ rings would cover the plot: 1σ only.
    let rings: &[f64] = if drawn.len() > 6 { &[1.0] } else { &[2.0, 1.0] };
    for component in &drawn {
        let c = component.members[0];
        for &scale in rings {
            let (mean, cov) = (shown.model.mean(c), shown.model.covariance(c));
            overlay.ellipse(mean, &cov, d, app.plot().axes(), scale, component.color);
        }
    }
    for (i, &dots) in cache.dots.iter().enumerate() {
        let (symbol_dots, style) = match overlay.cell(i) {
            (extra, Some(color)) if extra != 0 => {
                (extra, Style::new().fg(color).add_modifier(Modifier::BOLD))
            }
            _ if dots != 0 && cache.majority[i] > 0 => (
                dots,
                point_style(app, shown, cache.majority[i] - 1, cache.certainty[i]),
            ),
            _ => continue,
        };
        braille::put(buf, plot, i, symbol_dots, style);
    }
    for component in &drawn {
        let mean = shown.model.mean(component.members[0]);
        overlay.label(buf, (mean[a], mean[b]), &component.label, component.color);
    }
    inspector::mark(app, app.inspection().as_ref(), &overlay, buf);
}

/// The points without a model, grey, where EM cannot run: the data is still worth seeing (and
/// shows why, such as a few repeated points).
fn points_alone(app: &App, cache: &ScatterCache, area: Rect, plot: Rect, buf: &mut Buffer) {
    let (x, y) = view(app, plot.width, plot.height);
    draw_axes(buf, area, plot, ((x, 2), "x"), ((y, 2), "y"));
    for (i, &dots) in cache.dots.iter().enumerate().filter(|(_, d)| **d != 0) {
        braille::put(buf, plot, i, dots, Style::new().fg(theme::UNDECIDED));
    }
}
