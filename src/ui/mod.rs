//! Drawing. Reads the [`App`], writes a frame; the only state kept here is [`UiCache`], what
//! drawing can reuse between frames.
//!
//! ```text
//! header: data · points · K and type · speed   (parts shortened or dropped to fit, never cut)
//! ┌ plot: x and y named in full ─┐┌ parameters (one row per component) ┐
//! │ points by density, coloured  │├ log-likelihood: value, Δ, state,   ┤
//! │ by component; 1σ/2σ rings;   ││ every run's curve                  │
//! │ faint truth                  │├ runs: current ▶, best *, … N more  ┤
//! └──────────────────────────────┘└────────────────────────────────────┘
//! status line in plain words (wraps to two lines)
//! footer: the main keys that fit
//! ```
//! The help (`?`) and the model table (`m`) are drawn over it.

mod help;
pub mod histogram;
pub mod likelihood;
mod models;
pub mod overlay;
pub mod parameters;
pub mod runs;
pub mod scatter;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Widget, Wrap};

use crate::app::keys::FOOTER;
use crate::app::{App, DataSource};

/// Below this the panels cannot show anything useful.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What drawing keeps between frames.
#[derive(Default)]
pub struct UiCache {
    pub scatter: scatter::ScatterCache,
    pub likelihood: likelihood::LikelihoodScale,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, cache: &mut UiCache) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // One line where it fits; wrapped on narrower screens so both sizes still show.
        let text = format!(
            "terminal too small: {}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let status = app.status_text();
    // Two lines for the status; three on screens too narrow for its longest sentences.
    let most = if area.width < 100 { 3 } else { 2 };
    let status_rows = wrapped_rows(&status, area.width).min(most);
    let [header, body, status_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(app, header.width)), header);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    scatter::render_plot(frame, left, app, &mut cache.scatter);
    draw_right_column(frame.buffer_mut(), right, app, &mut cache.likelihood);

    let status_style = if app.needs_attention() || app.message.is_some() {
        theme::WARNING
    } else {
        ratatui::style::Style::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(status, status_style)).wrap(Wrap { trim: true }),
        status_area,
    );
    frame.render_widget(Paragraph::new(footer_line(footer.width)), footer);

    if app.show_models {
        models::draw(frame, body, app);
    }
    if app.show_help {
        help::draw(frame, area);
    }
}

/// Parameters, log-likelihood and runs, stacked with shared borders. Each keeps its minimum —
/// a row per component (up to 3), the values, the current and best runs and `… N more` — then
/// the curve gets 3 rows, the parameters their full rows, the curve its axis, the runs their
/// rows, and the curve the rest.
fn draw_right_column(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    scale: &mut likelihood::LikelihoodScale,
) {
    let inner_width = area.width.saturating_sub(2);
    let table = parameters::ParameterTable::new(app, inner_width);
    let runs_need = runs::rows_needed(app);
    let inner = area.height.saturating_sub(4);
    let [p, l, r] = share_rows(inner, (table.min_rows(), table.full_rows()), runs_need);
    let [params, like, history] = Layout::vertical([
        Constraint::Length(p + 1),
        Constraint::Length(l + 1),
        Constraint::Length(r + 2),
    ])
    .areas(area);
    table.render(panel(" parameters ", Stack::First, params, buf), buf);
    let inner = panel(" log-likelihood ", Stack::Middle, like, buf);
    likelihood::LikelihoodPanel { app }.render(inner, buf, scale);
    let title = runs::title(app, area.width);
    let inner = panel(&title, Stack::Last, history, buf);
    runs::RunsPanel { app }.render(inner, buf);
}

/// Rows for (parameters, likelihood, runs) out of `total` inner rows.
fn share_rows(total: u16, params: (u16, u16), runs_need: u16) -> [u16; 3] {
    let (params_min, params_full) = params;
    let mut rows = [0u16; 3];
    // (panel, rows it grows to), in order of priority.
    let steps = [
        (0, params_min),
        (1, 3),
        (2, runs_need.min(3)),
        (1, 5),
        (0, params_full),
        (1, 7),
        (2, runs_need.min(3)),
        (2, runs_need),
        (1, u16::MAX),
    ];
    for (panel, want) in steps {
        let free = total - rows.iter().sum::<u16>();
        rows[panel] += want.saturating_sub(rows[panel]).min(free);
    }
    rows
}

/// Where a panel sits in a stack: its top border joins the one above.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    First,
    Middle,
    Last,
}

/// Draws a titled panel of a stack and returns the area inside its border.
pub fn panel(title: &str, position: Stack, area: Rect, buf: &mut Buffer) -> Rect {
    let joined = border::Set {
        top_left: "├",
        top_right: "┤",
        ..border::PLAIN
    };
    let borders = match position {
        Stack::Last => Borders::ALL,
        _ => Borders::TOP | Borders::LEFT | Borders::RIGHT,
    };
    let mut block = Block::new()
        .borders(borders)
        .title(Span::styled(title.to_string(), theme::TITLE));
    if position != Stack::First {
        block = block.border_set(joined);
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Draws `lines` in a bordered box titled `title`, `width` wide and as tall as the lines (at
/// most `area`), centred over `area` and clearing what is beneath.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, title: Line, lines: Vec<Line>) {
    let width = width.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        popup,
    );
}

/// Lines `text` takes when wrapped at `width` (at word boundaries, like the paragraph).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > width {
            rows += 1;
            used = len;
        } else {
            used += len + usize::from(used > 0);
        }
    }
    rows
}

/// The header: parts in their long forms while they fit, then shorter, then dropped from the
/// end — never cut.
fn header_line(app: &App, width: u16) -> Line<'static> {
    let source = match &app.source {
        DataSource::Scenario { scenario, seed, .. } => [
            format!("scenario {} (seed {seed})", scenario.name),
            format!("{} #{seed}", scenario.name),
        ],
        DataSource::File { path } => [path.clone(), file_name(path)],
    };
    let n = app.data.n();
    let points = [
        format!("{} points", crate::format::count(n)),
        format!("N={n}"),
    ];
    let model = [
        format!("K={} {}", app.options.k, app.covariance_type()),
        format!("K={}", app.options.k),
    ];
    let speed = match app.iterations_per_second() {
        Some(n) => [format!("{n} it/s"), format!("{n}/s")],
        None => ["max speed".to_string(), "max".to_string()],
    };
    let parts = [source, points, model, speed];
    let width = usize::from(width);
    let fits = |chosen: &[&String]| {
        let text: usize = chosen.iter().map(|p| p.chars().count() + 3).sum();
        "gmm-tui".len() + text <= width
    };
    for short in 0..=parts.len() {
        // The first `short` parts (from the end) take their short forms.
        let chosen: Vec<&String> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| &p[usize::from(i + short >= parts.len())])
            .collect();
        if fits(&chosen) {
            return header_spans(&chosen);
        }
    }
    let mut chosen: Vec<&String> = parts.iter().map(|p| &p[1]).collect();
    while !chosen.is_empty() && !fits(&chosen) {
        chosen.pop();
    }
    header_spans(&chosen)
}

fn header_spans(parts: &[&String]) -> Line<'static> {
    let mut spans = vec![Span::styled("gmm-tui", theme::TITLE)];
    for part in parts {
        spans.push(Span::raw(format!(" · {part}")));
    }
    Line::from(spans)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The footer: the keys that fit, most useful first, help always last.
fn footer_line(width: u16) -> Line<'static> {
    let width = usize::from(width);
    let help = FOOTER.iter().find(|(k, _)| *k == "?").copied();
    let entry_len = |(k, w): (&str, &str)| k.chars().count() + 1 + w.chars().count() + 3;
    let mut used = help.map_or(0, entry_len);
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for &(key, word) in FOOTER.iter().filter(|(k, _)| *k != "?") {
        if used + entry_len((key, word)) > width + 3 {
            break;
        }
        used += entry_len((key, word));
        shown.push((key, word));
    }
    shown.extend(help);
    let mut spans = Vec::new();
    for (i, (key, word)) in shown.iter().enumerate() {
        let separator = if i == 0 { "" } else { " · " };
        spans.push(Span::raw(separator));
        spans.push(Span::styled(*key, theme::KEY));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_shared_by_priority() {
        // 80×24: the table's rows, a 3-row curve with its axis, three runs.
        assert_eq!(share_rows(17, (3, 5), 11), [5, 7, 5]);
        // 60×16: a row per component, the least of the curve, the current and best runs.
        assert_eq!(share_rows(9, (4, 7), 11), [4, 3, 2]);
        // Room to spare goes to the curve.
        assert_eq!(share_rows(33, (3, 5), 2), [5, 26, 2]);
    }

    #[test]
    fn wrapping_counts_rows_at_word_boundaries() {
        assert_eq!(wrapped_rows("abc def", 7), 1);
        assert_eq!(wrapped_rows("abc def", 6), 2);
        assert_eq!(wrapped_rows("", 5), 1);
    }
}
