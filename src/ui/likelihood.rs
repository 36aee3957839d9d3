//! The log-likelihood panel: the value of the parameters shown, its last change, the state, and
//! every run's curve on this data and model in one picture — the run on screen bright, the best
//! white and ended by `*`, the others faint — so the flat collapsed line and the curves that
//! escape are seen together. A `│` marks the iteration shown when scrubbed back.
//!
//! The y range is worked out afresh every frame from what is drawn, so the screen never depends
//! on what was drawn before (a snapshot equals the live app): it holds the whole curve of the
//! run on screen and where every other run ended (but runs that collapsed: a trap is not an
//! optimum to compare), widened to round steps so late iterations do not rescale it. Other
//! values (a trap's start, a slow climb, a collapsed run's line) may fall outside; their curves
//! are clipped at the edge, and an arrow (`↓`, `↑`) marks where one comes into view, or ends
//! out of view. With `z` the range holds only where the finished runs ended (the title says
//! so), so optimums a few apart at a million points are told apart. The curves are drawn in
//! braille here rather than with ratatui's `Chart`, to clip them and to place the marks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Phase, Shown};

use super::braille::Canvas;
use super::theme;
use crate::format::numbers;
use crate::format::plain;

/// The chart's y axis: the range drawn and how its labels are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YAxis {
    pub lo: f64,
    pub hi: f64,
    /// Decimals of the labels: enough to tell the two apart.
    pub places: usize,
    /// Every value drawn is this one: a single label, at the middle row.
    pub single: Option<f64>,
}

impl YAxis {
    /// The range holding `values`: from a round number below the lowest to one above the
    /// highest, in steps of 1, 2 or 5 times a power of ten, about an eighth of the values' span
    /// (never finer than the last digit a log-likelihood shows). The same values always give
    /// the same axis, and a value that moves by less than a step leaves it as it was.
    pub fn fit(values: impl Iterator<Item = f64>) -> Option<YAxis> {
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            });
        if !lo.is_finite() {
            return None;
        }
        let most_places =
            numbers::log_likelihood_places(lo).max(numbers::log_likelihood_places(hi));
        let unit = 10f64.powi(-(most_places as i32));
        if hi - lo < unit / 2.0 {
            return Some(YAxis {
                lo: lo - 1.0,
                hi: hi + 1.0,
                places: most_places,
                single: Some(hi),
            });
        }
        let step = round_step((hi - lo) / 8.0).max(unit);
        let mut bottom = (lo / step).floor() * step;
        let mut top = (hi / step).ceil() * step;
        if bottom > lo {
            bottom -= step;
        }
        if top < hi {
            top += step;
        }
        let places = (-step.log10().floor()).max(0.0) as usize;
        Some(YAxis {
            lo: bottom,
            hi: top,
            places: places.min(most_places),
            single: None,
        })
    }

    /// The labels: (top, bottom), or the single value.
    pub fn labels(&self) -> Vec<String> {
        match self.single {
            Some(v) => vec![numbers::log_likelihood(v)],
            None => vec![plain(self.hi, self.places), plain(self.lo, self.places)],
        }
    }
}

/// The smallest of 1, 2, 5 times a power of ten at least `raw`.
fn round_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power)
}

/// One run's log-likelihoods and how to draw them.
struct Curve<'a> {
    values: &'a [f64],
    color: Color,
    /// Drawn over the others (the run on screen last).
    layer: u8,
    best: bool,
    /// The run on screen: its whole curve is always within the range.
    on_screen: bool,
    /// Ended with identical components: a trap, not an optimum to compare.
    collapsed: bool,
}

impl Curve<'_> {
    /// The values the range must hold: the whole curve of the run on screen, the end of others
    /// but collapsed ones (a trap far below would squeeze every optimum into a row).
    fn in_range(&self) -> &[f64] {
        if self.on_screen {
            self.values
        } else if self.collapsed {
            &[]
        } else {
            let last = self.values.iter().rposition(|v| v.is_finite());
            last.map_or(&[], |i| &self.values[i..=i])
        }
    }
}

pub struct LikelihoodPanel<'a> {
    pub app: &'a App,
}

impl Widget for LikelihoodPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(shown) = app.shown() else { return };
        let timeline = app.timeline();
        // The run's last iteration, when the screen is scrubbed back from it.
        let scrubbed_from = timeline
            .position()
            .and_then(|_| app.runs().em_of(shown.number))
            .map(|em| em.iteration());
        let text_rows = area.height.min(2);
        Paragraph::new(value_lines(app, &shown, scrubbed_from, area.width)).render(
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
        let curves = curves(app, shown.number);
        let axis = match zoomed_ends(app) {
            Some(ends) => YAxis::fit(ends.into_iter()),
            None => YAxis::fit(curves.iter().flat_map(|c| c.in_range().iter().copied())),
        };
        let Some(axis) = axis else {
            return;
        };
        // The iteration axis reaches the longest run, in tens.
        let longest = curves.iter().map(|c| c.values.len()).max().unwrap_or(1);
        let last = (10 * longest.saturating_sub(1).div_ceil(10)).max(10);
        let mark = scrubbed_from.map(|_| shown.iteration);
        draw_chart(buf, chart, &curves, axis, last, mark);
    }
}

/// The finished runs' ends the chart is fitted to, when `z` asks for it and there are some.
fn zoomed_ends(app: &App) -> Option<Vec<f64>> {
    let ends = app.finished_ends();
    (app.chart().fitted_to_ends() && !ends.is_empty()).then_some(ends)
}

/// The panel's title in `width` columns: saying so when the range is fitted to the runs' ends.
pub fn title(app: &App, width: u16) -> String {
    if zoomed_ends(app).is_none() {
        return " log-likelihood ".into();
    }
    [
        " log-likelihood, fitted to the runs' ends (z) ",
        " log-likelihood: runs' ends (z) ",
        " log L: runs' ends (z) ",
        " log L: ends (z) ",
    ]
    .into_iter()
    .find(|t| t.chars().count() + 2 <= usize::from(width))
    .unwrap_or(" log L (z) ")
    .into()
}

/// The panel's two rows of values in `width` columns: the iteration shown (`t/n` when
/// scrubbed back from `n`, `t½` after an M-half) and its log-likelihood; its change and the
/// state word.
fn value_lines(
    app: &App,
    shown: &Shown,
    scrubbed_from: Option<usize>,
    width: u16,
) -> Vec<Line<'static>> {
    let narrow = width < 30;
    // Half way through iteration t (θ_{t+1} moved, its E-step to come): `t½`.
    let iteration = match (scrubbed_from, shown.phase) {
        (Some(latest), _) => format!("{}/{latest}", shown.iteration),
        (None, Phase::AfterMStep) => format!("{}½", shown.iteration),
        (None, Phase::Whole) => shown.iteration.to_string(),
    };
    let value = value_text(shown.log_likelihood(), width);
    let change = match (shown.change(), shown.log_likelihood()) {
        (Some(c), Some(v)) => numbers::change(c, v),
        _ => "—".into(),
    };
    // A nudge's change is not EM's: EM never lowers the likelihood, a nudge may.
    let by = if shown.nudge.is_some() { " nudge" } else { "" };
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
    vec![
        Line::raw(first),
        Line::from(vec![
            Span::raw(format!("Δ {change:>10}{by}{gap}")),
            Span::styled(app.state_word(), state_style),
        ]),
    ]
}

/// The log-likelihood shown, right-aligned for a row `width` wide; after an M-half, when
/// θ_{t+1} is evaluated only by the E-step still to come, a dash and why — as fully as the row
/// allows, never as a value.
fn value_text(log_likelihood: Option<f64>, width: u16) -> String {
    let narrow = width < 30;
    if let Some(v) = log_likelihood {
        let width = if narrow { 11 } else { 12 };
        return format!("{:>width$}", numbers::log_likelihood(v));
    }
    let room = usize::from(width).saturating_sub(if narrow { 15 } else { 21 });
    [
        "— (known after the E-step)",
        "— (after the E-step)",
        "— (after E-step)",
        "—",
    ]
    .into_iter()
    .find(|t| t.chars().count() <= room)
    .unwrap_or("—")
    .into()
}

/// Every run on this data and model: the history, then the current run if it is not in it.
fn curves(app: &App, shown: usize) -> Vec<Curve<'_>> {
    let best = app.runs().best().map(|b| b.number);
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
        .runs()
        .history()
        .iter()
        .filter(|h| app.runs().current().is_none_or(|r| r.number != h.number))
        .map(|h| {
            let (color, layer) = style(h.number);
            Curve {
                values: &h.result.trace,
                color,
                layer,
                best: Some(h.number) == best,
                on_screen: h.number == shown,
                collapsed: !h.result.collapsed.is_empty(),
            }
        })
        .collect();
    if let Some(run) = app.runs().current() {
        let (color, layer) = style(run.number);
        curves.push(Curve {
            values: run.em.trace(),
            color,
            layer,
            best: Some(run.number) == best,
            on_screen: run.number == shown,
            collapsed: false,
        });
    }
    curves.sort_by_key(|c| c.layer);
    curves
}

/// Where the chart's dots go: `plot` (the area right of the labels), iterations 0 to `last`
/// across it, the axis's range down it.
struct Grid {
    plot: Rect,
    last: usize,
    axis: YAxis,
}

impl Grid {
    /// Dot columns and rows.
    fn dots(&self) -> (usize, usize) {
        (
            2 * usize::from(self.plot.width),
            4 * usize::from(self.plot.height),
        )
    }

    /// The dot column of iteration `i`.
    fn column(&self, i: usize) -> usize {
        let dots_x = self.dots().0;
        let x = (i as f64 / self.last as f64 * (dots_x - 1) as f64 + 0.5) as usize;
        x.min(dots_x - 1)
    }

    /// The dot row of `v` from the top, unclamped: outside 0..dots the value is off the chart.
    fn row(&self, v: f64) -> f64 {
        let (hi, lo) = (self.axis.hi, self.axis.lo);
        (hi - v) / (hi - lo) * (self.dots().1 - 1) as f64
    }
}

/// What is drawn over the curves: an arrow (cell column and row, the arrow, its colour) where a
/// curve comes into view or ends out of it, and the cell where the best run ends.
#[derive(Default)]
struct Marks {
    arrows: Vec<(usize, usize, char, Color)>,
    best_end: Vec<(usize, usize)>,
}

/// Curves in braille over `area` (labels in the gutter and under the curves), clipped to the
/// axis's range with an arrow at the edge where a curve comes into view, a `*` at the end of
/// the best run, a `│` at the marked iteration.
fn draw_chart(
    buf: &mut Buffer,
    area: Rect,
    curves: &[Curve],
    axis: YAxis,
    last: usize,
    mark: Option<usize>,
) {
    let labels = axis.labels();
    // A space either side: the labels touch neither the border nor the curves.
    let gutter = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16 + 2;
    let with_axis = area.height >= 3;
    if area.height == 0 || area.width <= gutter + 2 {
        return;
    }
    let plot = Rect {
        x: area.x + gutter,
        width: area.width - gutter,
        height: area.height - u16::from(with_axis),
        ..area
    };
    let grid = Grid { plot, last, axis };
    let mut canvas = Canvas::new(plot.width, plot.height);
    let mut marks = Marks::default();
    for curve in curves {
        trace(&grid, curve, &mut canvas, &mut marks);
    }
    canvas.draw(buf, plot);
    for (x, y, arrow, color) in marks.arrows {
        buf[(plot.x + x as u16, plot.y + y as u16)]
            .set_char(arrow)
            .set_fg(color);
    }
    if let Some(t) = mark.filter(|&t| t <= last) {
        let x = plot.x + (grid.column(t) / 2) as u16;
        for y in plot.y..plot.bottom() {
            if buf[(x, y)].symbol() == " " {
                buf[(x, y)].set_char('│').set_fg(theme::MARK);
            }
        }
    }
    for (x, y) in marks.best_end {
        buf[(plot.x + x as u16, plot.y + y as u16)]
            .set_char('*')
            .set_style(Style::new().fg(theme::BEST_CURVE));
    }
    draw_value_labels(buf, area, &grid, &labels);
    if with_axis {
        draw_iteration_axis(buf, plot, last);
    }
}

/// Draws `curve` into `canvas`, clipped to the grid's rows, and notes in `marks` where it comes
/// into view or ends out of it, and where it ends when it is the best run's.
fn trace(grid: &Grid, curve: &Curve, canvas: &mut Canvas, marks: &mut Marks) {
    let dots_y = grid.dots().1;
    let bottom = usize::from(grid.plot.height) - 1;
    let arrow_at = |x: usize, arrow: char| {
        let y = if arrow == '↓' { bottom } else { 0 };
        (x, y, arrow, curve.color)
    };
    let mut previous: Option<(f64, f64)> = None;
    let mut outside: Option<(usize, char)> = None;
    for (i, &v) in curve.values.iter().enumerate() {
        if !v.is_finite() {
            continue;
        }
        let dot = (grid.column(i) as f64, grid.row(v));
        for (x, y) in segment(previous.unwrap_or(dot), dot, dots_y) {
            canvas.set(x, y, curve.color);
        }
        let edge = if dot.1 < -0.5 {
            Some('↑')
        } else if dot.1 > dots_y as f64 - 0.5 {
            Some('↓')
        } else {
            None
        };
        match (edge, outside) {
            (Some(arrow), _) => outside = Some((grid.column(i) / 2, arrow)),
            (None, Some((x, arrow))) => {
                marks.arrows.push(arrow_at(x, arrow));
                outside = None;
            }
            (None, None) => {}
        }
        previous = Some(dot);
    }
    // A curve that ends outside (a collapsed run below) is marked where it ends.
    if let Some((x, arrow)) = outside {
        marks.arrows.push(arrow_at(x, arrow));
    }
    // The best run's end is starred where it is in view (out of view, its arrow says so).
    if curve.best
        && outside.is_none()
        && let Some((x, y)) = previous
    {
        marks
            .best_end
            .push((x as usize / 2, (y + 0.5) as usize / 4));
    }
}

/// The value labels in the gutter left of the curves: the range's top and bottom, or the one
/// value at its row. A one-row chart is a sparkline: one label could not tell its range.
fn draw_value_labels(buf: &mut Buffer, area: Rect, grid: &Grid, labels: &[String]) {
    let plot = grid.plot;
    match labels {
        _ if plot.height < 2 => {}
        [single] => {
            let y = (grid.row(grid.axis.single.unwrap_or(grid.axis.hi)) + 0.5) as u16 / 4;
            buf.set_string(
                area.x + 1,
                plot.y + y.min(plot.height - 1),
                single,
                theme::AXIS,
            );
        }
        [top, bottom] => {
            buf.set_string(area.x + 1, plot.y, top, theme::AXIS);
            buf.set_string(area.x + 1, plot.bottom() - 1, bottom, theme::AXIS);
        }
        _ => {}
    }
}

/// The iteration axis under `plot`: 0, `last`, and its name between where it fits.
fn draw_iteration_axis(buf: &mut Buffer, plot: Rect, last: usize) {
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

/// The dots from `a` to `b`, both included, that fall inside `0..rows` dot rows (x is always
/// inside): a segment leaving the chart is clipped at its edge *before* it is walked. A curve
/// far off the chart — a collapsed run a hundred thousand below a start's single value at a
/// million points — would otherwise be walked dot by dot, millions of them, every frame.
pub fn segment(a: (f64, f64), b: (f64, f64), rows: usize) -> impl Iterator<Item = (usize, usize)> {
    let (top, bottom) = (-0.5, rows as f64 - 0.5);
    let (from, to) = if a.1 == b.1 {
        (
            0.0,
            if (top..bottom).contains(&a.1) {
                1.0
            } else {
                -1.0
            },
        )
    } else {
        let (t_top, t_bottom) = ((top - a.1) / (b.1 - a.1), (bottom - a.1) / (b.1 - a.1));
        (t_top.min(t_bottom).max(0.0), t_top.max(t_bottom).min(1.0))
    };
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
    let (start, end) = (at(from), at(to));
    let steps = if from > to {
        None
    } else {
        let span = (start.0 - end.0).abs().max((start.1 - end.1).abs());
        Some((span.ceil() as usize).max(1))
    };
    steps.into_iter().flat_map(move |steps| {
        (0..=steps).filter_map(move |s| {
            let t = s as f64 / steps as f64;
            let x = start.0 + t * (end.0 - start.0) + 0.5;
            let y = start.1 + t * (end.1 - start.1) + 0.5;
            (y >= 0.0 && y < rows as f64).then_some((x as usize, y as usize))
        })
    })
}
