//! The side panels: parameters, log-likelihood, restart history. Each is a small widget that
//! reads the app and draws; numbers have fixed widths so nothing jitters between frames.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, StatefulWidget, Widget};

use crate::app::App;
use crate::core::Gmm;
use crate::format::fixed;

use super::theme;

/// Draws a titled, bordered panel and returns the area inside its border.
fn panel(title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    let block = Block::bordered().title(Span::styled(title.to_string(), theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Per component: colour, weight, mean, σ's and correlation of the shown dimensions, N_k; the
/// truth under it (dim) when the data is synthetic; identical components marked.
pub struct ParameterTable<'a> {
    pub app: &'a App,
}

/// The table's number columns: header, width, decimals.
const COLUMNS: [(&str, usize, usize); 7] = [
    ("weight", 6, 3),
    ("μ", 7, 2),
    ("μ", 7, 2),
    ("σ", 6, 2),
    ("σ", 6, 2),
    ("ρ", 5, 2),
    ("N_k", 7, 1),
];
/// Width of the "●12" lead of each row.
const LEAD: usize = 3;
/// All columns on one line when they fit…
const ONE_LINE: [&[usize]; 1] = [&[0, 1, 2, 3, 4, 5, 6]];
/// …else two lines per component: weight, means and size, then the spread.
const TWO_LINES: [&[usize]; 2] = [&[0, 1, 2, 6], &[3, 4, 5]];
/// One-dimensional data has one mean and one σ.
const ONE_DIMENSION: [&[usize]; 1] = [&[0, 1, 3, 6]];

/// The lines of columns for a panel of inner `width` (room kept for a "≡2" collapse mark).
fn column_lines(width: usize, dim: usize) -> &'static [&'static [usize]] {
    let one_line = LEAD + 3 + COLUMNS.iter().map(|(_, w, _)| w + 1).sum::<usize>();
    if dim == 1 {
        &ONE_DIMENSION
    } else if width >= one_line {
        &ONE_LINE
    } else {
        &TWO_LINES
    }
}

/// The truth takes one line either way: all but N_k, or (narrow) weight and means, its
/// spread being drawn as the faint ellipses.
fn truth_columns(layout: &[&[usize]]) -> &'static [usize] {
    if layout.len() == 1 {
        &[0, 1, 2, 3, 4, 5]
    } else {
        &[0, 1, 2]
    }
}

/// The number cells `columns` of a row: weight, two means, two σ's, ρ, N_k.
fn cells(
    columns: &[usize],
    weight: f64,
    mean: (f64, f64),
    cov: (f64, f64, f64),
    n_k: Option<f64>,
) -> String {
    let (sx, sy) = (cov.0.max(0.0).sqrt(), cov.2.max(0.0).sqrt());
    let rho = if sx > 0.0 && sy > 0.0 {
        cov.1 / (sx * sy)
    } else {
        0.0
    };
    let values = [
        Some(weight),
        Some(mean.0),
        Some(mean.1),
        Some(sx),
        Some(sy),
        Some(rho),
        n_k,
    ];
    columns
        .iter()
        .map(|&i| {
            let (_, width, decimals) = COLUMNS[i];
            match values[i] {
                Some(v) => format!(" {}", fixed(v, width, decimals)),
                None => " ".repeat(width + 1),
            }
        })
        .collect()
}

impl ParameterTable<'_> {
    /// Rows the table needs (borders included) at total `width`.
    pub fn height(app: &App, width: u16) -> u16 {
        let k = app.shown().map_or(0, |s| s.model.k());
        let lines = column_lines(usize::from(width.saturating_sub(2)), app.data.dim()).len();
        let truth = usize::from(app.source.scenario().is_some());
        (2 + lines + k * (lines + truth)) as u16
    }
}

fn block_of(model: &Gmm, c: usize, axes: (usize, usize)) -> ((f64, f64), (f64, f64, f64)) {
    let (a, b, d) = (axes.0, axes.1, model.dim);
    let (m, s) = (model.mean(c), model.covariance(c));
    ((m[a], m[b]), (s[a * d + a], s[a * d + b], s[b * d + b]))
}

impl Widget for ParameterTable<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let inner = panel(" parameters ", area, buf);
        let Some(shown) = app.shown() else { return };
        let model = shown.model;
        let (xa, ya) = app.axes;
        let layout = column_lines(usize::from(inner.width), app.data.dim());
        let names = [&app.data.columns[xa], &app.data.columns[ya]];
        let mut lines: Vec<Line> = layout
            .iter()
            .enumerate()
            .map(|(row, columns)| {
                let header: String = columns
                    .iter()
                    .map(|&i| {
                        let (title, width, _) = COLUMNS[i];
                        let title = match i {
                            1..=4 => format!("{title}{}", names[(i - 1) % 2]),
                            _ => title.to_string(),
                        };
                        format!(" {:>width$}", truncate(&title, width))
                    })
                    .collect();
                let lead = if row == 0 { " #" } else { "" };
                Line::styled(format!("{lead:<LEAD$}{header}"), theme::DIM)
            })
            .collect();
        let collapsed = app.collapsed();
        let truth = app.truth_matches(model);
        let d = app.data.dim();
        for c in 0..model.k() {
            let color = theme::component(shown.colors[c]);
            let (mean, cov) = block_of(model, c, app.axes);
            let twin = collapsed
                .iter()
                .find(|g| g.contains(&c))
                .and_then(|g| g.iter().find(|&&o| o != c));
            for (row, columns) in layout.iter().enumerate() {
                let mut spans = if row == 0 {
                    vec![
                        Span::styled("●", Style::new().fg(color)),
                        Span::styled(
                            format!("{:>2}", c + 1),
                            Style::new().fg(color).add_modifier(Modifier::BOLD),
                        ),
                    ]
                } else {
                    vec![Span::raw(" ".repeat(LEAD))]
                };
                spans.push(Span::raw(cells(
                    columns,
                    model.weights[c],
                    mean,
                    cov,
                    shown.sizes.get(c).copied(),
                )));
                if let (0, Some(o)) = (row, twin) {
                    spans.push(Span::styled(format!(" ≡{}", o + 1), theme::WARNING));
                }
                lines.push(Line::from(spans));
            }
            if let (Some(Some(t)), Some(scenario)) = (truth.get(c), app.source.scenario()) {
                let tc = &scenario.components[*t];
                let cov = (
                    tc.covariance[xa * d + xa],
                    tc.covariance[xa * d + ya],
                    tc.covariance[ya * d + ya],
                );
                let text = cells(
                    truth_columns(layout),
                    tc.weight,
                    (tc.mean[xa], tc.mean[ya]),
                    cov,
                    None,
                );
                lines.push(Line::styled(format!("{:<LEAD$}{text}", " tr"), theme::DIM));
            }
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

fn truncate(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}

/// The y range of the likelihood chart, widened only when a value falls outside it, so the
/// chart is not redrawn from scratch (and resent over SSH) on every iteration.
#[derive(Default)]
pub struct LikelihoodScale {
    run: Option<(usize, u64)>,
    range: Option<(f64, f64)>,
}

impl LikelihoodScale {
    fn fit(&mut self, key: (usize, u64), values: &[f64]) -> (f64, f64) {
        if self.run != Some(key) {
            self.run = Some(key);
            self.range = None;
        }
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let inside = self.range.is_some_and(|(a, b)| lo >= a && hi <= b);
        if !inside {
            let span = (hi - lo).abs().max(1e-9 * hi.abs().max(1.0));
            self.range = Some((lo - 0.1 * span, hi + 0.1 * span));
        }
        self.range.unwrap_or((lo, hi))
    }
}

/// The current run's log-likelihood: value, last change, iteration, state, and its curve.
pub struct LikelihoodPanel<'a> {
    pub app: &'a App,
}

impl StatefulWidget for LikelihoodPanel<'_> {
    type State = LikelihoodScale;

    fn render(self, area: Rect, buf: &mut Buffer, scale: &mut LikelihoodScale) {
        let app = self.app;
        let inner = panel(" log-likelihood ", area, buf);
        let Some(shown) = app.shown() else { return };
        let trace = shown.trace;
        let last = *trace.last().unwrap_or(&f64::NAN);
        let change = if trace.len() > 1 {
            last - trace[trace.len() - 2]
        } else {
            0.0
        };
        let [text, chart_area] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        let state_style = if app.needs_attention() {
            theme::WARNING
        } else {
            theme::KEY
        };
        Paragraph::new(vec![
            Line::raw(format!(
                "iter {:>5}   log L {}",
                trace.len().saturating_sub(1),
                fixed(last, 13, 3)
            )),
            Line::from(vec![
                Span::raw(format!("Δ {}   ", fixed(change, 10, 4))),
                Span::styled(app.state_word(), state_style),
            ]),
        ])
        .render(text, buf);
        if chart_area.height < 3 || trace.is_empty() {
            return;
        }
        let points: Vec<(f64, f64)> = trace
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, *v))
            .collect();
        let (lo, hi) = scale.fit((shown.number, app.data_version), trace);
        let x_max = (trace.len() as f64 - 1.0).max(10.0);
        let x_max = 10.0 * (x_max / 10.0).ceil();
        let dataset = Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(ratatui::style::Color::Cyan))
            .data(&points);
        Chart::new(vec![dataset])
            .x_axis(
                Axis::default()
                    .bounds([0.0, x_max])
                    .labels(["0".to_string(), format!("{x_max}")])
                    .style(theme::AXIS),
            )
            .y_axis(
                Axis::default()
                    .bounds([lo, hi])
                    .labels([fixed(lo, 10, 1), fixed(hi, 10, 1)])
                    .style(theme::AXIS),
            )
            .render(chart_area, buf);
    }
}

/// Every run on this data: its start, iterations, final log-likelihood, verdict; best marked.
pub struct HistoryPanel<'a> {
    pub app: &'a App,
}

impl Widget for HistoryPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        // The best run's BIC in the title, to compare K's (+/-) and covariance types (c).
        let title = match app.best_entry() {
            Some(best) => {
                let bic = crate::core::model::bic(
                    best.result.log_likelihood,
                    best.result.model.n_parameters(),
                    app.data.n(),
                );
                format!(" runs (* best, BIC {bic:.1}) ")
            }
            None => " runs (* best) ".to_string(),
        };
        let inner = panel(&title, area, buf);
        let best = app.best_entry().map(|b| b.number);
        // Fixed columns: marker and number 4, iterations 6, log L 13, verdict 10; the start's
        // description takes what is left.
        let init_width = usize::from(inner.width).saturating_sub(4 + 6 + 13 + 11);
        let row =
            |marker: &str, number: usize, init: &str, iterations: usize, ll: f64, verdict: &str| {
                format!(
                    "{marker}{number:>3} {:<init_width$}{iterations:>6} {} {verdict}",
                    truncate(init, init_width.saturating_sub(1)),
                    fixed(ll, 12, 3),
                )
            };
        let mut lines: Vec<Line> = app
            .history
            .iter()
            .map(|h| {
                let is_best = Some(h.number) == best;
                let verdict = if h.abandoned {
                    "left".to_string()
                } else if !h.result.collapsed.is_empty() {
                    "collapsed".to_string()
                } else {
                    short_status(h.result.status)
                };
                let style = if is_best { theme::KEY } else { Style::new() };
                let marker = if is_best { "*" } else { " " };
                let r = &h.result;
                Line::styled(
                    row(
                        marker,
                        h.number,
                        &r.init,
                        r.iterations,
                        r.log_likelihood,
                        &verdict,
                    ),
                    style,
                )
            })
            .collect();
        if let Some(run) = app.run.as_ref().filter(|r| !r.em.status().is_finished()) {
            let text = row(
                "▶",
                run.number,
                &run.init,
                run.em.iteration(),
                run.em.log_likelihood(),
                app.state_word(),
            );
            lines.push(Line::styled(text, theme::DIM));
        }
        // Newest at the bottom; keep the last rows that fit.
        let skip = lines.len().saturating_sub(usize::from(inner.height));
        Paragraph::new(lines.split_off(skip)).render(inner, buf);
    }
}

fn short_status(status: crate::core::RunStatus) -> String {
    use crate::core::RunStatus::*;
    match status {
        Converged => "converged".into(),
        MaxIterReached => "max iter".into(),
        Running => "running".into(),
        EmptyComponent(c) => format!("empty {}", c + 1),
        SingularCovariance(c) => format!("singular {}", c + 1),
    }
}
