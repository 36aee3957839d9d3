//! The help (`?`): every key, then what the screen's marks mean, in two columns where they fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::SPEEDS;
use crate::app::keys::{BINDINGS, LEGEND};

use super::theme;

/// One entry's width in a two-column layout: key, text, gap.
const KEY: usize = 8;
const TEXT: usize = 29;

pub fn draw(frame: &mut Frame, area: Rect) {
    let two_columns = area.width >= (2 * (KEY + TEXT) + 4) as u16;
    let columns = if two_columns { 2 } else { 1 };
    let mut lines = grid(&BINDINGS, columns, theme::KEY);
    lines.push(Line::raw(""));
    lines.extend(grid(&LEGEND, columns, theme::TITLE));
    lines.push(Line::styled(
        format!("  speeds: {} it/s · Esc or ? closes", speed_steps()),
        theme::DIM,
    ));
    let width = if two_columns {
        (2 * (KEY + TEXT) + 4) as u16
    } else {
        area.width
    };
    let room = usize::from(area.height.saturating_sub(2));
    if lines.len() > room {
        let hidden = lines.len() + 1 - room;
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::styled(
            format!("  … {hidden} more lines on a larger terminal"),
            theme::DIM,
        ));
    }
    let title = Line::from(Span::styled(" keys and legend ", theme::TITLE));
    super::popup(frame, area, width, title, lines);
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
                    spans.push(Span::styled(format!(" {key:<KEY$}"), key_style));
                    spans.push(Span::raw(format!("{text:<TEXT$} ")));
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// Speed steps as shown in the help, e.g. "1, 2, 5, 10, 30, 100, max".
fn speed_steps() -> String {
    SPEEDS
        .iter()
        .map(|s| s.map_or("max".to_string(), |n| n.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}
