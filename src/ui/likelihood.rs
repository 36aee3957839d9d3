//! The log-likelihood panel: the value of the parameters shown, its last change, the state, and
//! every run's curve on this data and model in one picture — the run on screen bright, the best
//! white and ended by `*`, the others faint — so the flat collapsed line and the curves that
//! escape are seen together. A `│` marks the iteration shown when scrubbed back.
//!
//! The curves are drawn in braille here rather than with ratatui's `Chart`, to keep the
//! gutter and bounds fixed (the range only widens) and to place the marks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use crate::app::App;

use super::{numbers, theme};
use crate::format::fixed;

/// Width of the y labels left of the curves.
const GUTTER: u16 = 11;

/// The chart's ranges, widened only when a value falls outside them, so the chart is not redrawn
/// from scratch (and resent over SSH) on every iteration.
#[derive(Default)]
pub struct LikelihoodScale {
    key: Option<u64>,
    range: Option<(f64, f64)>,
    last_iteration: usize,
}

impl LikelihoodScale {
    fn fit(&mut self, key: u64, curves: &[Curve]) -> ((f64, f64), usize) {
        if self.key != Some(key) {
            self.key = Some(key);
            self.range = None;
            self.last_iteration = 0;
        }
        // Starts are left out of the range once a curve has moved on: a bad start (the trap's is
        // 3× below the rest) would squeeze every later value into one row. Their points are
        // then drawn clamped to the bottom edge, the curves rising from below.
        let moved = curves.iter().any(|c| c.values.len() > 1);
        let values = curves.iter().flat_map(|c| {
            c.values[usize::from(moved).min(c.values.len())..]
                .iter()
                .copied()
        });
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            });
        let longest = curves.iter().map(|c| c.values.len()).max().unwrap_or(1);
        self.last_iteration = self
            .last_iteration
            .max(10 * (longest.saturating_sub(1)).div_ceil(10))
            .max(10);
        if lo.is_finite() && !self.range.is_some_and(|(a, b)| lo >= a && hi <= b) {
            // At least 0.1 % of the value, so a flat curve's two labels still differ.
            let span = (hi - lo).abs().max(1e-3 * hi.abs()).max(1e-9);
            self.range = Some((lo - 0.1 * span, hi + 0.1 * span));
        }
        (self.range.unwrap_or((-1.0, 1.0)), self.last_iteration)
    }
}

/// One run's log-likelihoods and how to draw them.
struct Curve<'a> {
    values: &'a [f64],
    color: Color,
    /// Drawn over the others (the run on screen last).
    layer: u8,
    best: bool,
}

pub struct LikelihoodPanel<'a> {
    pub app: &'a App,
}

impl StatefulWidget for LikelihoodPanel<'_> {
    type State = LikelihoodScale;

    fn render(self, area: Rect, buf: &mut Buffer, scale: &mut LikelihoodScale) {
        let app = self.app;
        let Some(shown) = app.shown() else { return };
        let narrow = area.width < 30;
        let scrubbed = app
            .run
            .as_ref()
            .filter(|r| r.scrub.is_some() && !app.show_best);
        let iteration = match scrubbed {
            Some(run) => format!("{}/{}", shown.iteration, run.em.iteration()),
            None => shown.iteration.to_string(),
        };
        let value = match shown.log_likelihood() {
            Some(v) => format!(
                "{:>width$}",
                numbers::log_likelihood(v),
                width = if narrow { 11 } else { 12 }
            ),
            None => "after E-step".into(),
        };
        let change = match (shown.change(), shown.log_likelihood()) {
            (Some(c), Some(v)) => numbers::change(c, v),
            _ => "—".into(),
        };
        // A nudge's change is not EM's: EM never lowers the likelihood, a nudge may.
        let by = if shown.nudged { " nudge" } else { "" };
        let gap = if narrow { " " } else { "   " };
        let state_style = if app.needs_attention() {
            theme::WARNING
        } else {
            theme::KEY
        };
        let first = if narrow {
            format!("it {iteration:>5} log L {value}")
        } else {
            format!("iter {iteration:>7}   log L {value}")
        };
        let text = vec![
            Line::raw(first),
            Line::from(vec![
                Span::raw(format!("Δ {change:>10}{by}{gap}")),
                Span::styled(app.state_word(), state_style),
            ]),
        ];
        let text_rows = area.height.min(2);
        Paragraph::new(text).render(
            Rect {
                height: text_rows,
                ..area
            },
            buf,
        );
        let chart = Rect {
            y: area.y + text_rows,
            height: area.height - text_rows,
            ..area
        };
        if chart.height == 0 || chart.width <= GUTTER + 2 {
            return;
        }
        let curves = curves(app, shown.number);
        let (range, last) = scale.fit(app.data_version, &curves);
        let mark = scrubbed.map(|_| shown.iteration);
        draw_chart(buf, chart, &curves, range, last, mark);
    }
}

/// Every run on this data and model: the history, then the current run if it is not in it.
fn curves(app: &App, shown: usize) -> Vec<Curve<'_>> {
    let best = app.best_entry().map(|b| b.number);
    let style = |number: usize| {
        if number == shown {
            (theme::CURVE, 2)
        } else if Some(number) == best {
            (theme::BEST_CURVE, 1)
        } else {
            (theme::OTHER_CURVE, 0)
        }
    };
    let mut curves: Vec<Curve> = app
        .history
        .iter()
        .filter(|h| app.run.as_ref().is_none_or(|r| r.number != h.number))
        .map(|h| {
            let (color, layer) = style(h.number);
            Curve {
                values: &h.result.trace,
                color,
                layer,
                best: Some(h.number) == best,
            }
        })
        .collect();
    if let Some(run) = &app.run {
        let (color, layer) = style(run.number);
        curves.push(Curve {
            values: run.em.trace(),
            color,
            layer,
            best: Some(run.number) == best,
        });
    }
    curves.sort_by_key(|c| c.layer);
    curves
}

/// Curves in braille over `area` (labels in the gutter and under the curves), a `*` at the end
/// of the best run, a `│` at the marked iteration.
fn draw_chart(
    buf: &mut Buffer,
    area: Rect,
    curves: &[Curve],
    (lo, hi): (f64, f64),
    last: usize,
    mark: Option<usize>,
) {
    let labels = area.height >= 3;
    let plot = Rect {
        x: area.x + GUTTER,
        width: area.width - GUTTER,
        height: area.height - u16::from(labels),
        ..area
    };
    let (w, h) = (usize::from(plot.width), usize::from(plot.height));
    let (dots_x, dots_y) = (2 * w, 4 * h);
    let to_dot = |i: usize, v: f64| {
        let x = (i as f64 / last as f64 * (dots_x - 1) as f64 + 0.5) as usize;
        let y = ((hi - v) / (hi - lo) * (dots_y - 1) as f64).clamp(0.0, (dots_y - 1) as f64);
        (x.min(dots_x - 1), (y + 0.5) as usize)
    };
    let mut cells: Vec<(u8, Option<Color>)> = vec![(0, None); w * h];
    let mut ends = Vec::new();
    for curve in curves {
        let mut previous: Option<(usize, usize)> = None;
        for (i, &v) in curve.values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let dot = to_dot(i, v);
            for (x, y) in segment(previous.unwrap_or(dot), dot) {
                let cell = &mut cells[(y / 4) * w + x / 2];
                cell.0 |= DOTS[y % 4][x % 2];
                cell.1 = Some(curve.color);
            }
            previous = Some(dot);
        }
        if curve.best
            && let Some((x, y)) = previous
        {
            ends.push((x / 2, y / 4));
        }
    }
    for (i, (dots, color)) in cells.iter().enumerate() {
        if let (true, Some(color)) = (*dots != 0, color) {
            let symbol = char::from_u32(0x2800 + u32::from(*dots)).unwrap_or(' ');
            let (x, y) = (plot.x + (i % w) as u16, plot.y + (i / w) as u16);
            buf[(x, y)].set_char(symbol).set_fg(*color);
        }
    }
    if let Some(t) = mark.filter(|&t| t <= last) {
        let column = plot.x + (to_dot(t, lo).0 / 2) as u16;
        for y in plot.y..plot.bottom() {
            if buf[(column, y)].symbol() == " " {
                buf[(column, y)].set_char('│').set_fg(theme::MARK);
            }
        }
    }
    for (x, y) in ends {
        buf[(plot.x + x as u16, plot.y + y as u16)]
            .set_char('*')
            .set_style(Style::new().fg(theme::BEST_CURVE));
    }
    // A space either side: the labels touch neither the border nor the curves.
    let label = |v: f64| fixed(v, usize::from(GUTTER) - 2, 1);
    buf.set_string(area.x + 1, plot.y, label(hi), theme::AXIS);
    if plot.height > 1 {
        buf.set_string(area.x + 1, plot.bottom() - 1, label(lo), theme::AXIS);
    }
    if labels {
        let right = last.to_string();
        buf.set_string(plot.x, plot.bottom(), "0", theme::AXIS);
        let x = plot.right().saturating_sub(right.len() as u16);
        buf.set_string(x, plot.bottom(), &right, theme::AXIS);
        let name = "iteration";
        if usize::from(plot.width) > right.len() + name.len() + 4 {
            let mid = plot.x + (plot.width - name.len() as u16) / 2;
            buf.set_string(mid, plot.bottom(), name, theme::AXIS);
        }
    }
}

/// Braille dot bits, indexed [row][column] inside a 2×4 cell.
const DOTS: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// The dots from `a` to `b`, both included.
fn segment(a: (usize, usize), b: (usize, usize)) -> impl Iterator<Item = (usize, usize)> {
    let steps = a.0.abs_diff(b.0).max(a.1.abs_diff(b.1)).max(1);
    (0..=steps).map(move |s| {
        let t = s as f64 / steps as f64;
        let lerp = |p: usize, q: usize| (p as f64 + t * (q as f64 - p as f64) + 0.5) as usize;
        (lerp(a.0, b.0), lerp(a.1, b.1))
    })
}
