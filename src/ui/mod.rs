//! Drawing. Reads the [`App`], writes a frame; the only state kept here is [`UiCache`], what
//! drawing can reuse between frames.
//!
//! ```text
//! ┌ header: data · K and type · speed ───────────────────────────────────────┐
//! │ scatter plot (braille)          │ parameters                             │
//! │                                 ├────────────────────────────────────────┤
//! │                                 │ log-likelihood: value, Δ, state, curve │
//! │                                 ├────────────────────────────────────────┤
//! │                                 │ runs (restart history, * best)         │
//! ├ status line in plain words ──────────────────────────────────────────────┤
//! └ footer: main keys ───────────────────────────────────────────────────────┘
//! ```

pub mod panels;
pub mod scatter;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::keys::{BINDINGS, FOOTER};
use crate::app::{App, DataSource, SPEEDS};

/// Below this the panels cannot show anything useful.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What drawing keeps between frames.
#[derive(Default)]
pub struct UiCache {
    pub scatter: scatter::ScatterCache,
    pub likelihood: panels::LikelihoodScale,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, cache: &mut UiCache) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // One line where it fits; wrapped on narrower screens so the needed size still shows.
        let text = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(app)), header);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let plot_title = if app.data.dim() == 1 {
        format!(" {} (histogram) ", app.data.columns[0])
    } else {
        format!(
            " {} vs {} ",
            app.data.columns[app.axes.1], app.data.columns[app.axes.0]
        )
    };
    let plot_block = Block::bordered().title(Span::styled(plot_title, theme::TITLE));
    frame.render_stateful_widget(
        scatter::ScatterPlot { app },
        plot_block.inner(left),
        &mut cache.scatter,
    );
    frame.render_widget(plot_block, left);

    // The table takes what it needs, short of squeezing the likelihood (6) and runs (4) panels.
    let table_height =
        panels::ParameterTable::height(app, right.width).min(right.height.saturating_sub(10));
    let [params, likelihood, history] = Layout::vertical([
        Constraint::Length(table_height),
        Constraint::Fill(3),
        Constraint::Fill(2),
    ])
    .areas(right);
    frame.render_widget(panels::ParameterTable { app }, params);
    frame.render_stateful_widget(
        panels::LikelihoodPanel { app },
        likelihood,
        &mut cache.likelihood,
    );
    frame.render_widget(panels::HistoryPanel { app }, history);

    let status_style = if app.needs_attention() || app.message.is_some() {
        theme::WARNING
    } else {
        ratatui::style::Style::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(app.status_text(), status_style)),
        status,
    );
    frame.render_widget(Paragraph::new(footer_line()), footer);

    if app.show_help {
        draw_help(frame, area);
    }
}

fn header_line(app: &App) -> Line<'static> {
    let source = match &app.source {
        DataSource::Scenario { .. } => app.source.describe(),
        DataSource::File { path } => path.clone(),
    };
    let speed = match app.iterations_per_second() {
        Some(n) => format!("{n} it/s"),
        None => "max speed".into(),
    };
    Line::from(vec![
        Span::styled("gmm-tui", theme::TITLE),
        Span::raw(format!(
            " · {source} · {} points · K={} {} · {speed}",
            app.data.n(),
            app.options.k,
            app.covariance_type()
        )),
    ])
}

fn footer_line() -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, word)) in FOOTER.iter().enumerate() {
        let separator = if i == 0 { "" } else { " · " };
        spans.push(Span::raw(separator));
        spans.push(Span::styled(*key, theme::KEY));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}

fn draw_help(frame: &mut Frame, area: Rect) {
    let width = 54.min(area.width);
    let height = (BINDINGS.len() as u16 + 5).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("  {keys:<8}"), theme::KEY),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::styled(
        format!("  speeds: {} it/s", speed_steps()),
        theme::DIM,
    ));
    lines.push(Line::styled("  Esc or ? closes this help", theme::DIM));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(" keys ", theme::TITLE))),
        popup,
    );
}

/// Speed steps as shown in the help, e.g. "1, 2, 5, 10, 30, 100, max".
fn speed_steps() -> String {
    SPEEDS
        .iter()
        .map(|s| s.map_or("max".to_string(), |n| n.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}
