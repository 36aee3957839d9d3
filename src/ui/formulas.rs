//! The M-step formulas (`f`): the iteration's M-step for one component written out with its own
//! numbers — N_k, π_k, μ_k and Σ_k in the covariance type's own form — and the E-step that gives
//! the γ, with the inspected point's numbers when the inspector is on.
//!
//! Each formula and its value share a line where they fit, else the value goes under it. Where
//! rows run short, the E-step's lines go first: the M-step is what the panel is for.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Inspection, MStepFormula};
use crate::core::{CovarianceType, RunStatus};
use crate::format::significant;

use super::components::component_label;
use super::theme;

/// The panel's title, in the longest form that fits `width`: the iteration, whether the M-step
/// is done (its results are the table's) or to come (they are the *next* iteration's table,
/// computed from the γ on screen — never to be read as the table's own numbers), the component
/// and what chose it.
pub fn title(
    formula: Option<&MStepFormula>,
    inspection: Option<&Inspection>,
    width: u16,
) -> String {
    let Some(f) = formula else {
        return " M-step ".into();
    };
    let step = format!("M-step {}→{}", f.from, f.from + 1);
    let c = f.component + 1;
    let chooser = match (f.follows_point, inspection) {
        (true, Some(i)) => format!(", point {}'s", i.index + 1),
        _ => String::new(),
    };
    let [long, medium, shorter, short] = match (f.done, f.after_end) {
        (true, _) => [" done: the table's parameters", " done", " done", " done"],
        (_, true) => [" past the end", " past the end", " past the end", ""],
        _ => [
            ": next parameters from these γ",
            ": next θ from these γ",
            ": next θ",
            " (next)",
        ],
    };
    // The point that chose the component goes before the words "from these γ" do: the status
    // line says those too.
    let forms = [
        format!(" {step}{long} · component {c}{chooser} (g: next) "),
        format!(" {step}{long} · comp. {c}{chooser} (g) "),
        format!(" {step}{medium} · comp. {c}{chooser} (g) "),
        format!(" {step}{shorter} · comp. {c}{chooser} (g) "),
        format!(" {step}{medium} · comp. {c} (g) "),
        format!(" {step}{shorter} · comp. {c} (g) "),
        format!(" {step}{short} · comp. {c} (g) "),
        format!(" {step}{short} · {c} (g) "),
    ];
    forms
        .iter()
        .find(|t| t.chars().count() + 2 <= usize::from(width))
        .unwrap_or(&forms[7])
        .clone()
}

/// Rows the panel wants at `width`, and rows for the M-step alone.
pub fn rows(app: &App, formula: Option<&MStepFormula>, width: u16) -> (u16, u16) {
    let Some(f) = formula else { return (1, 1) };
    let count = |groups: Vec<Vec<Line>>| groups.iter().map(Vec::len).sum::<usize>() as u16;
    let m = count(m_step_lines(app, f, usize::from(width)));
    let e = count(vec![e_step_lines(app, f, usize::from(width))]);
    (m + e, m)
}

pub struct FormulaPanel<'a> {
    pub app: &'a App,
    pub formula: Option<&'a MStepFormula>,
}

impl Widget for FormulaPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(f) = self.formula else {
            let note = Line::styled("the E-step's sums are being computed…", theme::DIM);
            Paragraph::new(note).render(area, buf);
            return;
        };
        let width = usize::from(area.width);
        let mut groups = m_step_lines(self.app, f, width);
        groups.push(e_step_lines(self.app, f, width));
        // Whole formulas with their numbers, as many as fit: never a formula without them.
        let mut lines = Vec::new();
        for group in groups {
            if lines.len() + group.len() > usize::from(area.height) {
                break;
            }
            lines.extend(group);
        }
        Paragraph::new(lines).render(area, buf);
    }
}

/// A value with `decimals` places where it reads with three significant digits (more or
/// fewer where it is small or large); with no decimals asked, two places plain, the narrowest
/// form (a small value may read `0.00`).
fn value(v: f64, decimals: usize) -> String {
    if decimals == 0 {
        return crate::format::fixed(v, 9, 2).trim().to_string();
    }
    significant(v, 10, decimals).trim().to_string()
}

/// "(2.501, 2.499)": values on the plotted axes (one in one dimension).
fn pair(app: &App, values: &[f64], of: impl Fn(usize) -> usize, decimals: usize) -> String {
    let (a, b) = app.plot().axes();
    if app.data().dim() == 1 {
        value(values[of(a)], decimals)
    } else {
        format!(
            "({}, {})",
            value(values[of(a)], decimals),
            value(values[of(b)], decimals)
        )
    }
}

/// The first of `forms` (fullest first) that fits `width`, else the last.
fn first_fitting(forms: &[String], width: usize) -> String {
    forms
        .iter()
        .find(|f| f.chars().count() <= width)
        .unwrap_or(&forms[forms.len() - 1])
        .clone()
}

/// `formula = numbers` on one line where it fits `width`, else the numbers under the formula:
/// the fullest formula that fits on a line of its own comes first; each part in the first of its
/// forms (fullest first) that fits.
fn with_value(formulas: &[String], numbers: &[String], width: usize) -> Vec<Line<'static>> {
    let fits = |text: &String| text.chars().count() <= width;
    let under: Vec<String> = numbers
        .iter()
        .flat_map(|n| [format!("    = {n}"), format!("  = {n}")])
        .collect();
    for formula in formulas {
        if let Some(one) = numbers
            .iter()
            .map(|n| format!("{formula} = {n}"))
            .find(fits)
        {
            return vec![Line::raw(one)];
        }
        if fits(formula) {
            return vec![
                Line::raw(formula.clone()),
                Line::raw(first_fitting(&under, width)),
            ];
        }
    }
    vec![
        Line::raw(first_fitting(formulas, width)),
        Line::raw(first_fitting(&under, width)),
    ]
}

fn texts(forms: &[&str]) -> Vec<String> {
    forms.iter().map(|f| f.to_string()).collect()
}

/// The M-step's formulas, each with its numbers, in groups that stay together.
fn m_step_lines(app: &App, f: &MStepFormula, width: usize) -> Vec<Vec<Line<'static>>> {
    let nk = [value(f.nk, 3)];
    let mut groups = vec![with_value(&texts(&["N_k = Σᵢ γᵢₖ"]), &nk, width)];
    let Some(((weight, mean), covariance)) = f.weight().zip(f.mean()).zip(f.covariance()) else {
        let why = match &f.next {
            Err(RunStatus::EmptyComponent(c)) => {
                format!("the M-step fails: component {} lost all its points", c + 1)
            }
            Err(status) => status.describe(),
            Ok(_) => String::new(),
        };
        groups.push(vec![Line::styled(why, theme::WARNING)]);
        return groups;
    };
    let ratio = [
        format!("{} / {} = {}", value(f.nk, 3), f.n, value(weight, 3)),
        value(weight, 3),
    ];
    groups.push(with_value(&texts(&["π_k = N_k / N"]), &ratio, width));
    let on = if app.data().dim() > 2 {
        " (on x, y)"
    } else {
        ""
    };
    let formulas = [
        format!("μ_k = Σᵢ γᵢₖ xᵢ / N_k{on}"),
        "μ_k = Σᵢγᵢₖxᵢ/N_k".to_string(),
    ];
    let means = [3, 2, 0].map(|places| pair(app, mean, |a| a, places));
    groups.push(with_value(&formulas, &means, width));
    let reg = crate::format::shortest(f.reg_covar);
    let d = app.data().dim();
    let numbers =
        [3, 2, 0].map(|places| covariance_numbers(app, f.covariance_type, &covariance, d, places));
    let numbers = [
        format!("{} (reg {reg})", numbers[0]),
        numbers[0].clone(),
        numbers[1].clone(),
        numbers[2].clone(),
    ];
    let formulas = texts(covariance_formulas(f.covariance_type, d));
    groups.push(with_value(&formulas, &numbers, width));
    if let Some(group) = f.identical.as_ref().filter(|g| g.len() > 1) {
        let label = component_label(group);
        let forms = [
            format!("{label} collapsed: the same numbers"),
            format!("{label}: the same numbers"),
        ];
        groups.push(vec![Line::styled(first_fitting(&forms, width), theme::DIM)]);
    }
    groups
}

/// Σ_k's formula in the covariance type's own form, fullest first (`+ reg` is on the fullest).
fn covariance_formulas(covariance_type: CovarianceType, d: usize) -> &'static [&'static str] {
    match covariance_type {
        CovarianceType::Tied if d == 1 => &[
            "σ² = Σₖ Σᵢ γᵢₖ (xᵢ−μₖ)² / N + reg",
            "σ² = ΣₖΣᵢγᵢₖ(xᵢ−μₖ)²/N",
        ],
        _ if d == 1 => &[
            "σ²_k = Σᵢ γᵢₖ (xᵢ−μ_k)² / N_k + reg",
            "σ²_k = Σᵢγᵢₖ(xᵢ−μ_k)²/N_k",
        ],
        CovarianceType::Full => &[
            "Σ_k = Σᵢγᵢₖ(xᵢ−μ_k)(xᵢ−μ_k)ᵀ/N_k + reg",
            "Σ_k = Σᵢγᵢₖ(xᵢ−μ_k)(·)ᵀ/N_k + reg",
            "Σ_k = Σᵢγᵢₖ(xᵢ−μ_k)(·)ᵀ/N_k",
        ],
        CovarianceType::Tied => &[
            "Σ = Σₖ Σᵢγᵢₖ(xᵢ−μₖ)(xᵢ−μₖ)ᵀ/N + reg",
            "Σ = ΣₖΣᵢγᵢₖ(xᵢ−μₖ)(·)ᵀ/N + reg",
            "Σ = ΣₖΣᵢγᵢₖ(xᵢ−μₖ)(·)ᵀ/N",
        ],
        CovarianceType::Diag => &[
            "σ²_k,d = Σᵢ γᵢₖ (xᵢd−μ_kd)² / N_k + reg",
            "σ²_kd = Σᵢγᵢₖ(xᵢd−μ_kd)²/N_k",
        ],
        CovarianceType::Spherical => &[
            "σ²_k = Σᵢ γᵢₖ ‖xᵢ−μ_k‖² / (D·N_k) + reg",
            "σ²_k = Σᵢγᵢₖ‖xᵢ−μ_k‖²/(D·N_k)",
        ],
    }
}

/// Σ_k's numbers on the plotted axes with `places` decimals: the 2×2 block, the two variances
/// (diag) or the one variance (spherical, one dimension).
fn covariance_numbers(
    app: &App,
    covariance_type: CovarianceType,
    covariance: &[f64],
    d: usize,
    places: usize,
) -> String {
    let (a, b) = app.plot().axes();
    let at = |i: usize, j: usize| value(covariance[i * d + j], places);
    match covariance_type {
        _ if d == 1 => at(0, 0),
        CovarianceType::Spherical => at(0, 0),
        CovarianceType::Diag => pair(app, covariance, |a| a * d + a, places),
        CovarianceType::Full | CovarianceType::Tied => {
            format!("[{} {}; {} {}]", at(a, a), at(a, b), at(b, a), at(b, b))
        }
    }
}

/// The E-step that gives the γ: its formula, and the inspected point's numbers for the
/// component (or where to get them).
fn e_step_lines(app: &App, f: &MStepFormula, width: usize) -> Vec<Line<'static>> {
    let formula = first_fitting(
        &texts(&[
            "γᵢₖ = πₖN(xᵢ|θₖ) / Σⱼ πⱼN(xᵢ|θⱼ)",
            "γᵢₖ = πₖNₖ(xᵢ)/Σⱼ πⱼNⱼ(xᵢ)",
        ]),
        width,
    );
    let Some(inspection) = app.inspection() else {
        let hint = first_fitting(
            &texts(&["  (v: a point's γᵢₖ in numbers)", "  (v: a point's γ)"]),
            width,
        );
        return vec![Line::raw(formula), Line::styled(hint, theme::DIM)];
    };
    let Some(term) = inspection.terms.get(f.component) else {
        return vec![Line::raw(formula)];
    };
    let gamma = crate::format::plain(term.responsibility, 3);
    // γ = exp(ln πN − ln p) with both logs as shown: `=` where those rounded numbers give the
    // γ shown, `≈` where rounding hides the difference (exp(-5.97 − (-5.97)) ≈ 0.999).
    let numbers = |places: usize, subtract: bool| {
        let (a, b) = (
            value(term.log_weighted, places),
            value(inspection.log_density, places),
        );
        let exact = match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => crate::format::plain((x - y).exp(), 3) == gamma,
            _ => false,
        };
        let equals = if exact { "=" } else { "≈" };
        match b.strip_prefix('-') {
            Some(_) if subtract => format!("exp({a} − ({b})) {equals} {gamma}"),
            Some(positive) => format!("exp({a} + {positive}) {equals} {gamma}"),
            None => format!("exp({a} − {b}) {equals} {gamma}"),
        }
    };
    let point = inspection.index + 1;
    let forms = [
        format!("  point {point}: {}", numbers(3, true)),
        format!("  {}", numbers(3, true)),
        format!("  {}", numbers(2, true)),
        numbers(2, true),
        format!("  {}", numbers(2, false)),
        numbers(2, false),
        format!("  γ = {gamma}"),
    ];
    vec![Line::raw(formula), Line::raw(first_fitting(&forms, width))]
}
