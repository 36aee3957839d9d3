//! The model table (`m`), over the screen: the best finished run of every (K, covariance type)
//! tried on this data, lowest BIC first and starred, the current model marked `▶`. It stays
//! open while `+`, `-`, `c` and `a` fill it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, ModelRow};

use super::{numbers, theme};
use crate::format::fixed;

/// A column: header, width, and its text for a row. Dropped from the end of `OPTIONAL` first
/// when the screen is narrow.
type Cell = fn(&ModelRow) -> String;

const ALWAYS: [(&str, usize, Cell); 6] = [
    ("K", 3, |r| format!("{:>3}", r.k)),
    ("type", 10, |r| format!("{:>10}", r.covariance_type.name())),
    ("log L", 13, |r| {
        format!("{:>13}", numbers::log_likelihood(r.log_likelihood))
    }),
    ("params", 7, |r| format!("{:>7}", r.n_parameters)),
    ("BIC", 12, |r| fixed(r.bic, 12, 1)),
    ("AIC", 12, |r| fixed(r.aic, 12, 1)),
];
const OPTIONAL: [(&str, usize, Cell); 2] = [
    ("runs", 5, |r| format!("{:>5}", r.runs)),
    ("", 11, |r| format!(" {:<10}", r.note)),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rows = app.model_rows();
    let max_width = usize::from(area.width.saturating_sub(2));
    let mut columns: Vec<(&str, usize, Cell)> = ALWAYS.to_vec();
    for optional in OPTIONAL {
        let width: usize = 2 + columns.iter().map(|c| c.1 + 1).sum::<usize>();
        if width + optional.1 < max_width {
            columns.push(optional);
        }
    }
    let inner_width = 2 + columns.iter().map(|c| c.1 + 1).sum::<usize>();
    let header: String = columns
        .iter()
        .map(|(h, w, _)| format!(" {h:>w$}"))
        .collect();
    let mut lines = vec![Line::styled(format!("  {header}"), theme::DIM)];
    let room = usize::from(area.height.saturating_sub(3));
    let shown_rows = if rows.len() > room {
        room.saturating_sub(1)
    } else {
        rows.len()
    };
    let lowest = rows.first().map(|r| r.bic);
    for row in rows.iter().take(shown_rows) {
        let current = row.k == app.options.k && row.covariance_type == app.covariance_type();
        let mark = format!(
            "{}{}",
            if Some(row.bic) == lowest { '*' } else { ' ' },
            if current { '▶' } else { ' ' }
        );
        let cells: String = columns
            .iter()
            .map(|(_, _, cell)| format!(" {}", cell(row)))
            .collect();
        let style = if current { theme::KEY } else { Style::new() };
        lines.push(Line::styled(format!("{mark}{cells}"), style));
    }
    if shown_rows < rows.len() {
        lines.push(Line::styled(
            format!("  … {} more", rows.len() - shown_rows),
            theme::DIM,
        ));
    }
    if rows.is_empty() {
        lines.push(Line::raw(
            "  no finished run yet: each model's best appears here",
        ));
        lines.push(Line::raw("  as its runs finish (a runs every restart)"));
    }
    let width = (inner_width.max(56) + 2).min(usize::from(area.width)) as u16;
    let title = Line::from(vec![
        Span::styled(" models on this data ", theme::TITLE),
        Span::styled("· * lowest BIC · ▶ current · m closes ", theme::DIM),
    ]);
    super::popup(frame, area, width, title, lines);
}
