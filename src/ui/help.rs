//! The help (`?`): every key, then what the screen's marks mean, in two columns where they fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keys::{
    BINDINGS, HELP_KEY, HELP_TEXT, HELP_TWO_COLUMNS, LEGEND, help_columns, help_window,
};
use crate::app::{SPEEDS, rate_text};

use super::{blocks, theme};

/// The help over `area`, scrolled down by `scroll` lines when it does not fit (the app keeps
/// `scroll` within [`help_window`]'s limit); its last row then says how to scroll, how to close it,
/// and that `q` quits.
pub fn draw(frame: &mut Frame, area: Rect, scroll: usize) {
    let columns = help_columns(area.width);
    let mut lines = grid(&BINDINGS, columns, theme::KEY);
    lines.push(Line::raw(""));
    lines.extend(grid(&LEGEND, columns, theme::TITLE));
    lines.push(Line::styled(
        format!("  speeds: {} it/s · Esc or ? closes", speed_steps()),
        theme::DIM,
    ));
    let width = if columns == 2 {
        HELP_TWO_COLUMNS as u16
    } else {
        area.width
    };
    let (shown, most) = help_window(area.width, area.height);
    if most > 0 {
        let scroll = scroll.min(most);
        let below = lines.len() - scroll - shown;
        lines = lines.into_iter().skip(scroll).take(shown).collect();
        let position = if below > 0 {
            format!("↓ {below} more")
        } else {
            format!("↑ {scroll} above")
        };
        lines.push(Line::styled(
            format!("  {position} (↑↓ PgUp PgDn) · Esc/? closes · q quits"),
            theme::DIM,
        ));
    }
    let title = Line::from(Span::styled(" keys and legend ", theme::TITLE));
    blocks::popup(frame, area, width, title, lines);
}

/// `entries` as lines of `columns` (key, text) cells, filled column by column.
fn grid(
    entries: &[(&str, &str)],
    columns: usize,
    key_style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let rows = entries.len().div_ceil(columns);
    (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some((key, text)) = entries.get(c * rows + r) {
                    spans.push(Span::styled(format!(" {key:<HELP_KEY$}"), key_style));
                    spans.push(Span::raw(format!("{text:<HELP_TEXT$} ")));
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// Speed steps as shown in the help, e.g. "¼, ½, 1, 2, 5, 10, 30, 100, max".
fn speed_steps() -> String {
    SPEEDS
        .iter()
        .map(|s| s.map_or("max".to_string(), rate_text))
        .collect::<Vec<_>>()
        .join(", ")
}
