//! The point inspector (`v`): its panel — the nearest point, then per component
//! ln πₖ + ln N(x | μₖ, Σₖ), the Mahalanobis distance dₖ and the responsibility γₖ, and a line on
//! why the γ are what they are — and its marks on the plot: the cursor `+` and the point `◆`
//! (on the histogram's axis row in one dimension).
//!
//! Where rows run short (60×16) the column header goes first, then the why line, then the
//! components the point belongs to least (the title says how many are shown).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Inspection, Phase};
use crate::format::{fixed, significant};

use super::components::{color_of, component_label};
use super::overlay::Overlay;
use super::theme;

/// Widths of the columns ln πN, d and γ: wide, and for a panel under [`WIDE_FROM`] columns.
const WIDE: (usize, usize, usize) = (11, 8, 7);
const NARROW: (usize, usize, usize) = (8, 6, 6);
const WIDE_FROM: u16 = 34;

/// The panel's title, with how many components are shown when not all fit.
pub fn title(inspection: Option<&Inspection>, height: u16) -> String {
    let Some(inspection) = inspection else {
        return " inspector ".into();
    };
    let k = inspection.terms.len();
    let shown = component_rows(inspection, height).len();
    if shown < k {
        format!(" inspector ({shown} of {k}) ")
    } else {
        " inspector ".into()
    }
}

/// Rows the panel wants: the point, a header, a row per component, the why line.
pub fn full_rows(inspection: Option<&Inspection>) -> u16 {
    inspection.map_or(1, |i| 3 + i.terms.len() as u16)
}

/// Rows it needs at least: the point and two components (or all, if fewer).
pub fn min_rows(inspection: Option<&Inspection>) -> u16 {
    inspection.map_or(1, |i| 1 + i.terms.len().min(2) as u16)
}

pub struct InspectorPanel<'a> {
    pub app: &'a App,
    pub inspection: Option<&'a Inspection>,
}

impl Widget for InspectorPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(inspection) = self.inspection else {
            let text = if self.app.inspector().on() {
                "no density here: a covariance is singular"
            } else {
                ""
            };
            Paragraph::new(Line::styled(text, theme::DIM)).render(area, buf);
            return;
        };
        let lines = lines(self.app, inspection, area.width, area.height);
        Paragraph::new(lines).render(area, buf);
    }
}

/// The components shown in `height` rows: all when they fit, else the most responsible ones
/// (in number order).
fn component_rows(inspection: &Inspection, height: u16) -> Vec<usize> {
    let k = inspection.terms.len();
    let room = usize::from(height.saturating_sub(1)).max(1);
    if k <= room {
        return (0..k).collect();
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (
            inspection.terms[a].responsibility,
            inspection.terms[b].responsibility,
        );
        gb.total_cmp(&ga).then(a.cmp(&b))
    });
    order.truncate(room);
    order.sort_unstable();
    order
}

fn lines(app: &App, inspection: &Inspection, width: u16, height: u16) -> Vec<Line<'static>> {
    let (lw, dw, gw) = if width >= WIDE_FROM { WIDE } else { NARROW };
    let rows = component_rows(inspection, height);
    let spare = usize::from(height).saturating_sub(1 + rows.len());
    let mut lines = vec![point_line(app, inspection, usize::from(width))];
    if spare >= 2 {
        let header = if width >= WIDE_FROM {
            format!(" k {:>lw$}{:>dw$}{:>gw$}", "ln πₖN(x)", "dₖ", "γₖ")
        } else {
            format!(" k {:>lw$}{:>dw$}{:>gw$}", "ln πN", "d", "γ")
        };
        lines.push(Line::styled(header, theme::DIM));
    }
    for c in rows {
        let term = &inspection.terms[c];
        let color = color_of(c);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>3}", c + 1),
                Style::new().fg(color).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                "{}{}{}",
                significant(term.log_weighted, lw, 3),
                fixed(term.distance, dw, 2),
                fixed(term.responsibility, gw, 3),
            )),
        ]));
    }
    if spare >= 1 {
        lines.push(Line::styled(
            why(app, inspection, usize::from(width)),
            theme::DIM,
        ));
    }
    lines
}

/// "x₁₇ = (2.31, 4.02)", with the plotted columns named where the data has more than two.
fn point_line(app: &App, inspection: &Inspection, width: usize) -> Line<'static> {
    let (a, b) = app.plot().axes();
    let x = &inspection.point;
    let value = |v: f64| significant(v, 10, 2).trim().to_string();
    let at = if app.data().dim() == 1 {
        value(x[a])
    } else {
        format!("({}, {})", value(x[a]), value(x[b]))
    };
    let columns = &app.data().columns;
    let forms = [
        format!("point {} = {at}", inspection.index + 1),
        format!("x = {at}"),
    ];
    let mut text = forms
        .iter()
        .find(|f| f.chars().count() <= width)
        .unwrap_or(&forms[1])
        .clone();
    if app.data().dim() > 2 {
        let on = format!(" on {}, {}", columns[a], columns[b]);
        let numbers = format!(" on columns {}, {}", a + 1, b + 1);
        if let Some(extra) = [on, numbers]
            .into_iter()
            .find(|e| text.chars().count() + e.chars().count() <= width)
        {
            text += &extra;
        }
    }
    Line::raw(text)
}

/// Why the γ are what they are, in the longest form that fits.
fn why(app: &App, inspection: &Inspection, width: usize) -> String {
    let forms: Vec<String> = if let Some(group) = inspection.identical.first() {
        let label = component_label(group);
        // All K identical after an M-step: the one-component fit, a fixed point EM never
        // leaves (at the start they are only identical).
        let all = group.len() == app.options().k && app.shown().is_some_and(|s| s.iteration > 0);
        let fixed = format!(
            "{label} collapsed: identical densities, so γ splits equally — EM's fixed point, the K = 1 fit"
        );
        all.then_some(fixed)
            .into_iter()
            .chain([
                format!("{label} collapsed: identical densities, so γ splits equally"),
                format!("{label} collapsed: γ split equally"),
                format!("{label} collapsed: equal γ"),
            ])
            .collect()
    } else if inspection.phase == Phase::AfterMStep {
        vec![
            "γ under the M-step's θ: the E-step to come".into(),
            "γ of the E-step to come".into(),
        ]
    } else if app.timeline().half_steps() {
        vec![
            "these γ are what the next M-step uses".into(),
            "next M-step uses these γ".into(),
        ]
    } else {
        let lp = significant(inspection.log_density, 10, 3)
            .trim()
            .to_string();
        vec![
            format!("γₖ = exp(ln πₖN − ln p(x)), ln p(x) = {lp}"),
            format!("ln p(x) = {lp}"),
        ]
    };
    forms
        .iter()
        .find(|f| f.chars().count() <= width)
        .unwrap_or(&forms[forms.len() - 1])
        .clone()
}

/// The cursor `+` and the inspected point `◆` over the plot (`overlay`'s), in 2-D at their
/// places, in one dimension on the plot's bottom row (the histogram's axis) — never over a
/// component's label, which tells more.
pub fn mark(app: &App, inspection: Option<&Inspection>, overlay: &Overlay, buf: &mut Buffer) {
    if !app.inspector().on() {
        return;
    }
    let (a, b) = app.plot().axes();
    let one_d = app.data().dim() == 1;
    let place = |x: f64, y: f64| -> Option<(u16, u16)> {
        if one_d {
            let (col, _) = overlay.cell_of(x, overlay_bottom(overlay))?;
            Some((col, overlay.plot.bottom() - 1))
        } else {
            overlay.cell_of(x, y)
        }
    };
    let (cx, cy) = app.inspector().cursor();
    let style = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let point = inspection.map(|i| (i.point[a], if one_d { 0.0 } else { i.point[b] }));
    let marks = [(Some((cx, cy)), "+"), (point, "◆")];
    for (at, symbol) in marks {
        if let Some((x, y)) = at.and_then(|(px, py)| place(px, py))
            && !overlay.covers_label(x, y)
        {
            buf[(x, y)].set_symbol(symbol).set_style(style);
        }
    }
}

/// A y just above the bottom of `overlay`'s range: its bottom row.
fn overlay_bottom(overlay: &Overlay) -> f64 {
    let (y0, y1) = overlay.y_range();
    y0 + (y1 - y0) * 1e-6
}
