//! The model table (`m`), over the screen: the best finished run of every (K, covariance type)
//! tried on this data, lowest BIC first and starred, the current model marked `▶`. It stays
//! open while `+`, `-`, `c` and `a` fill it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, ModelRow};

use super::{blocks, theme};
use crate::format::fixed;
use crate::format::numbers;

/// A column: its header, its name where a note says it was left out, the narrowest it is
/// drawn, and a row's text in it.
struct Column {
    header: &'static str,
    name: &'static str,
    min: usize,
    left_aligned: bool,
    cell: fn(&ModelRow) -> String,
}

const fn right(header: &'static str, min: usize, cell: fn(&ModelRow) -> String) -> Column {
    Column {
        header,
        name: header,
        min,
        left_aligned: false,
        cell,
    }
}

const COLUMNS: [Column; 8] = [
    right("K", 3, |r| r.k.to_string()),
    right("type", 9, |r| r.covariance_type.name().to_string()),
    right("log L", 10, |r| numbers::log_likelihood(r.log_likelihood)),
    right("params", 6, |r| r.n_parameters.to_string()),
    right("BIC", 9, |r| fixed(r.bic, 12, 1).trim_start().to_string()),
    right("AIC", 9, |r| fixed(r.aic, 12, 1).trim_start().to_string()),
    right("runs", 4, |r| r.runs.to_string()),
    Column {
        header: "",
        name: "notes",
        min: 0,
        left_aligned: true,
        cell: |r| r.note.to_string(),
    },
];

/// What a narrow screen leaves out, first first: AIC says little beside BIC, and how many runs
/// a model had less than what went wrong with its best.
const DROPPED_FIRST: [&str; 3] = ["AIC", "runs", "notes"];

/// The table over `area`: a header, a row a model (as many as fit, then `… N more`), the
/// columns left out on a narrow screen named, in a box titled with its legend.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rows = app.model_rows();
    let (columns, dropped) = fitting_columns(&rows, usize::from(area.width.saturating_sub(2)));
    let header: String = columns.iter().map(|&(c, w)| c.pad(c.header, w)).collect();
    let mut lines = vec![Line::styled(format!("  {header}"), theme::DIM)];
    let left_out = (!dropped.is_empty() && !rows.is_empty()).then(|| {
        Line::styled(
            format!("  {}: on a wider terminal", dropped.join(", ")),
            theme::DIM,
        )
    });
    let room =
        usize::from(area.height.saturating_sub(3)).saturating_sub(usize::from(left_out.is_some()));
    let shown_rows = if rows.len() > room {
        room.saturating_sub(1)
    } else {
        rows.len()
    };
    let lowest = rows.first().map(|r| r.bic);
    let current =
        |row: &ModelRow| row.k == app.options().k && row.covariance_type == app.covariance_type();
    for row in rows.iter().take(shown_rows) {
        lines.push(row_line(
            row,
            &columns,
            Some(row.bic) == lowest,
            current(row),
        ));
    }
    if shown_rows < rows.len() {
        lines.push(Line::styled(
            format!("  … {} more", rows.len() - shown_rows),
            theme::DIM,
        ));
    }
    lines.extend(left_out);
    if rows.is_empty() {
        lines.push(Line::raw(
            "  no finished run yet: each model's best appears here",
        ));
        lines.push(Line::raw("  as its runs finish (a runs every restart)"));
    }
    let width = (inner_width(&columns).max(56) + 2).min(usize::from(area.width)) as u16;
    blocks::popup(frame, area, width, title(width), lines);
}

impl Column {
    /// `text` in this column `width` wide, after a space.
    fn pad(&self, text: &str, width: usize) -> String {
        if self.left_aligned {
            format!(" {text:<width$}")
        } else {
            format!(" {text:>width$}")
        }
    }
}

/// The table's width inside its border with `columns`: the marks, and each column after a
/// space.
fn inner_width(columns: &[(&Column, usize)]) -> usize {
    2 + columns.iter().map(|c| c.1 + 1).sum::<usize>()
}

/// The columns that fit `max_width` with their widths — each as wide as its header and its
/// widest cell, the notes only where there are — and the names of those left out
/// ([`DROPPED_FIRST`] first).
fn fitting_columns(
    rows: &[ModelRow],
    max_width: usize,
) -> (Vec<(&'static Column, usize)>, Vec<&'static str>) {
    let mut columns: Vec<(&Column, usize)> = COLUMNS
        .iter()
        .map(|c| {
            let cells = rows.iter().map(|r| (c.cell)(r).chars().count());
            let width = cells.chain([c.min, c.header.len()]).max().unwrap_or(0);
            (c, width)
        })
        .filter(|(_, width)| *width > 0)
        .collect();
    let mut dropped = Vec::new();
    for name in DROPPED_FIRST {
        if inner_width(&columns) <= max_width {
            break;
        }
        if let Some(i) = columns.iter().position(|(c, _)| c.name == name) {
            columns.remove(i);
            dropped.push(name);
        }
    }
    (columns, dropped)
}

/// A model's row: `*` for the lowest BIC, `▶` (and bold) for the current model.
fn row_line(
    row: &ModelRow,
    columns: &[(&Column, usize)],
    lowest: bool,
    current: bool,
) -> Line<'static> {
    let mark = format!(
        "{}{}",
        if lowest { '*' } else { ' ' },
        if current { '▶' } else { ' ' }
    );
    let cells: String = columns
        .iter()
        .map(|&(c, w)| c.pad(&(c.cell)(row), w))
        .collect();
    let style = if current { theme::KEY } else { Style::new() };
    Line::styled(format!("{mark}{cells}"), style)
}

/// The box's title for a box `width` wide: its long form where the border has room for it (a
/// 60-column screen has not), and the legend.
fn title(width: u16) -> Line<'static> {
    let long = usize::from(width) >= 2 + 59;
    Line::from(vec![
        Span::styled(
            if long {
                " models on this data "
            } else {
                " models "
            },
            theme::TITLE,
        ),
        Span::styled("· * lowest BIC · ▶ current · m closes ", theme::DIM),
    ])
}
