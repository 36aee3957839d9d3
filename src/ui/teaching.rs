//! The right column while the understanding tools are on: the inspector's panel (`v`) and the
//! formulas' (`f`) under the parameters, above the log-likelihood and the runs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::app::{App, Inspection, MStepFormula};

use super::blocks::{Stack, panel};
use super::parameters::ParameterTable;
use super::{fill, formulas, inspector, likelihood, runs};

/// The column's panels, in their order: parameters, inspector, formulas, log-likelihood, runs.
const PANELS: usize = 5;
const TABLE: usize = 0;
const INSPECTOR: usize = 1;
const FORMULAS: usize = 2;
const LIKELIHOOD: usize = 3;
const RUNS: usize = 4;

/// The right column with the inspector's panel and the formulas' under the parameters: their
/// minimums come first after the table's and before the runs' row, then their full rows; the
/// log-likelihood gets what is left from three rows on (else it is left out until they close:
/// its value is in the runs panel), and the rest goes as without them.
pub(super) fn draw_column(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    (table, runs_need): (&ParameterTable<'_>, u16),
) {
    let column = Column {
        app,
        table,
        inspection: app.inspection(),
        formula: app.formula(),
        width: area.width,
    };
    let rows = column.rows(area.height, runs_need);
    let drawn: Vec<usize> = (0..PANELS).filter(|&p| rows[p] > 0).collect();
    let last = drawn.len().saturating_sub(1);
    let constraints: Vec<Constraint> = drawn
        .iter()
        .enumerate()
        .map(|(i, &p)| Constraint::Length(rows[p] + if i == last { 2 } else { 1 }))
        .collect();
    let areas = Layout::vertical(constraints).split(area);
    for (i, (&p, &place)) in drawn.iter().zip(areas.iter()).enumerate() {
        let stack = match i {
            0 => Stack::First,
            _ if i == last => Stack::Last,
            _ => Stack::Middle,
        };
        column.render(p, rows[p], (stack, place), buf);
    }
}

/// What the column draws from.
struct Column<'a> {
    app: &'a App,
    table: &'a ParameterTable<'a>,
    inspection: Option<Inspection>,
    formula: Option<MStepFormula>,
    width: u16,
}

impl Column<'_> {
    /// Each panel's rows in `height` (0: not drawn). Where even the minimums do not fit (60×16
    /// with both panels), the curve goes, then the table, then the inspector's panel (its marks
    /// stay on the plot, and the formulas write out its point's γ).
    fn rows(&self, height: u16, runs_need: u16) -> [u16; PANELS] {
        let app = self.app;
        let inspection = self.inspection.as_ref();
        let inspect = app.inspector().on().then(|| {
            (
                inspector::min_rows(inspection),
                inspector::full_rows(inspection),
            )
        });
        let form = app.formulas().open().then(|| {
            let inner_width = self.width.saturating_sub(2);
            let (full, m_step) = formulas::rows(app, self.formula.as_ref(), inner_width);
            (m_step, full)
        });
        let mut present = [true, inspect.is_some(), form.is_some(), true, true];
        let (inspect, form) = (inspect.unwrap_or((0, 0)), form.unwrap_or((0, 0)));
        let table = self.table;
        let steps = [
            (TABLE, table.min_rows()),
            (INSPECTOR, inspect.0),
            (FORMULAS, form.0),
            (RUNS, runs_need.min(1)),
            (INSPECTOR, inspect.1),
            (FORMULAS, form.1),
            (LIKELIHOOD, 3),
            (RUNS, runs_need.min(2)),
            (TABLE, table.full_rows()),
            (LIKELIHOOD, 6),
            (RUNS, runs_need.min(5)),
            (LIKELIHOOD, 8),
            (RUNS, runs_need),
            (LIKELIHOOD, u16::MAX),
        ];
        let minimums = [table.min_rows(), inspect.0, form.0, 3, 1];
        let fits = |present: &[bool; PANELS]| {
            let needed: u16 = (0..PANELS)
                .filter(|&p| present[p])
                .map(|p| minimums[p] + 1)
                .sum();
            needed < height
        };
        for panel in [LIKELIHOOD, TABLE, INSPECTOR] {
            if fits(&present) || (panel == INSPECTOR && !present[FORMULAS]) {
                break;
            }
            present[panel] = false;
        }
        let mut rows = fill(height, &steps, present);
        if present[LIKELIHOOD] && rows[LIKELIHOOD] < 3 {
            present[LIKELIHOOD] = false;
            rows = fill(height, &steps, present);
        }
        std::array::from_fn(|p| if present[p] { rows[p] } else { 0 })
    }

    /// Panel `p`, `rows` inner rows, drawn at `place` in the stack.
    fn render(&self, p: usize, rows: u16, (stack, place): (Stack, Rect), buf: &mut Buffer) {
        let (app, inspection, width) = (self.app, self.inspection.as_ref(), self.width);
        match p {
            TABLE => {
                let inner = panel(&self.table.title(rows), stack, place, buf);
                self.table.render(inner, buf);
            }
            INSPECTOR => {
                let title = inspector::title(inspection, rows);
                let inner = panel(&title, stack, place, buf);
                inspector::InspectorPanel { app, inspection }.render(inner, buf);
            }
            FORMULAS => {
                let formula = self.formula.as_ref();
                let title = formulas::title(formula, inspection, width);
                let inner = panel(&title, stack, place, buf);
                formulas::FormulaPanel { app, formula }.render(inner, buf);
            }
            LIKELIHOOD => {
                let inner = panel(&likelihood::title(app, width), stack, place, buf);
                likelihood::LikelihoodPanel { app }.render(inner, buf);
            }
            _ => {
                let inner = panel(&runs::title(app, width, rows), stack, place, buf);
                runs::RunsPanel { app }.render(inner, buf);
            }
        }
    }
}
