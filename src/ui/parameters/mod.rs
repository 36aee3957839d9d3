//! The parameter table: per component its weight, mean, σ's and correlation on the plotted axes
//! (`x`, `y`: the plot's title names them) and N_k; the truth under the component it matches,
//! or apart when no match is unambiguous, and a scenario's uniform background (`bg`) last;
//! identical components as one row (`1≡2`), whose weight reads as what each holds (`2×.500`).
//!
//! Narrower panels drop columns rather than cut numbers; fewer rows drop the truth, then the
//! second line of each component, then components beyond those that fit (the title then says
//! how many are shown: `parameters (3 of 20)`). These choices are made for the data and K —
//! room for K components and every truth, the lead as wide as any group of K can be named — not
//! for the frame: the table keeps its shape when components collapse into one row or part.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Shown};
use crate::core::Gmm;

pub mod columns;

use columns::{Column, Forms, LEAD, Value, layout_for};

use super::components::{color_of, component_label, drawn};
use super::theme;
use crate::format::fixed;
use crate::format::numbers;

/// One row's numbers: weight, mean and covariance block on the axes, N_k.
struct Numbers {
    weight: f64,
    /// Each member's weight, for a group of identical components (empty for one component).
    member_weights: Vec<f64>,
    mean: (f64, f64),
    cov: (f64, f64, f64),
    size: Option<f64>,
    /// Each member's N_k, for a group of identical components (empty for one component).
    member_sizes: Vec<f64>,
}

impl Numbers {
    fn of(model: &Gmm, members: &[usize], axes: (usize, usize), sizes: &[f64]) -> Numbers {
        let c = members[0];
        let (a, b, d) = (axes.0, axes.1, model.dim);
        let (m, s) = (model.mean(c), model.covariance(c));
        let size = members
            .iter()
            .map(|&j| sizes.get(j).copied())
            .sum::<Option<f64>>();
        let member_weights: Vec<f64> = members.iter().map(|&j| model.weights[j]).collect();
        let member_sizes: Vec<f64> = members
            .iter()
            .filter_map(|&j| sizes.get(j).copied())
            .collect();
        Numbers {
            weight: member_weights.iter().sum(),
            member_weights: if members.len() > 1 {
                member_weights
            } else {
                Vec::new()
            },
            mean: (m[a], m[b]),
            cov: (s[a * d + a], s[a * d + b], s[b * d + b]),
            size,
            member_sizes: if members.len() > 1 {
                member_sizes
            } else {
                Vec::new()
            },
        }
    }

    /// The number a column shows.
    fn value(&self, value: Value) -> Option<f64> {
        let (sx, sy) = (self.cov.0.max(0.0).sqrt(), self.cov.2.max(0.0).sqrt());
        Some(match value {
            Value::Weight => self.weight,
            Value::MeanX => self.mean.0,
            Value::MeanY => self.mean.1,
            Value::SigmaX => sx,
            Value::SigmaY => sy,
            Value::Rho if sx > 0.0 && sy > 0.0 => self.cov.1 / (sx * sy),
            Value::Rho => 0.0,
            Value::Size => return self.size,
        })
    }

    /// The row's cells, each column in its form (`forms`).
    fn cells(&self, columns: &[Column], data_points: usize, forms: &Forms) -> String {
        columns
            .iter()
            .map(|c| match self.value(c.value) {
                Some(_) if c.value == Value::Weight && !self.member_weights.is_empty() => {
                    let room = c.width - 1;
                    let text = group_weight(&self.member_weights, room, c.decimals);
                    format!(" {text:>room$}")
                }
                Some(_) if c.value == Value::Size && !self.member_sizes.is_empty() => {
                    let room = c.width - 1;
                    let text = group_size(&self.member_sizes, data_points, room);
                    format!(" {text:>room$}")
                }
                Some(v) if c.value == Value::Size => format!(
                    " {:>width$}",
                    numbers::points(v, data_points, c.width - 1),
                    width = c.width - 1
                ),
                Some(v) => forms.cell(c, v),
                None => " ".repeat(c.width),
            })
            .collect()
    }
}

/// A component (or a group of identical ones) and the truth it matches.
struct Entry {
    members: Vec<usize>,
    truth: Option<usize>,
}

pub struct ParameterTable<'a> {
    app: &'a App,
    layout: Vec<Vec<Column>>,
    /// Width of the leads: 3, or as wide as the longest name a group of K can have ("1≡2≡3").
    lead: usize,
    /// K: the table is laid out for K components, whether or not some are drawn as one.
    k: usize,
}

/// Which parts of the table are drawn.
#[derive(Clone, Copy)]
struct Parts {
    truth: bool,
    second_lines: bool,
    /// Components shown (the title counts the rest).
    entries: usize,
}

impl<'a> ParameterTable<'a> {
    pub fn new(app: &'a App, width: u16) -> Self {
        let k = app.options().k;
        let lead = lead_width(k);
        let width = usize::from(width).saturating_sub(lead - LEAD);
        ParameterTable {
            app,
            layout: layout_for(width, app.data().dim(), app.data().n(), k),
            lead,
            k,
        }
    }

    /// Rows for the header and one row for each of the first three components.
    pub fn min_rows(&self) -> u16 {
        (1 + self.k.min(3)) as u16
    }

    /// The panel's title for `height` rows: how many components it shows when not all fit.
    pub fn title(&self, height: u16) -> String {
        let all = self.entries().len();
        let shown = self.parts_for(usize::from(height)).entries.min(all);
        if shown < all {
            format!(" parameters ({shown} of {all}) ")
        } else {
            " parameters ".into()
        }
    }

    /// Rows for everything.
    pub fn full_rows(&self) -> u16 {
        self.rows(self.full_parts()) as u16
    }

    fn full_parts(&self) -> Parts {
        Parts {
            truth: true,
            second_lines: true,
            entries: self.k,
        }
    }

    fn entries(&self) -> Vec<Entry> {
        let Some(shown) = self.app.shown() else {
            return Vec::new();
        };
        let truth = self.app.truth_matches(shown.model, shown.sizes);
        // A group of identical components stands for no truth: none is told apart.
        drawn(&shown)
            .into_iter()
            .map(|d| Entry {
                truth: match d.members.as_slice() {
                    &[c] => truth[c],
                    _ => None,
                },
                members: d.members,
            })
            .collect()
    }

    /// Truth components no shown component stands for.
    fn unmatched_truth(&self, entries: &[Entry]) -> Vec<usize> {
        let Some(scenario) = self.app.source().scenario() else {
            return Vec::new();
        };
        (0..scenario.components.len())
            .filter(|t| !entries.iter().any(|e| e.truth == Some(*t)))
            .collect()
    }

    /// Rows for `parts`: the headers, the lines of K components (drawn as one or not, so
    /// that whether the second lines fit is the same whatever collapsed), and with the truth
    /// each true component's line and the line that names the unmatched ones. The truth goes
    /// before the second lines, and its rows alone depend on the run: so the lines a component
    /// takes are chosen for the data and K.
    fn rows(&self, parts: Parts) -> usize {
        let lines = if parts.second_lines {
            self.layout.len()
        } else {
            1
        };
        let mut rows = lines + parts.entries.min(self.k) * lines;
        let entries = self.entries();
        let unmatched = self.unmatched_truth(&entries).len();
        if parts.truth {
            rows += entries.iter().filter(|e| e.truth.is_some()).count();
            rows += if unmatched > 0 { 1 + unmatched } else { 0 };
        }
        if parts.truth && self.background().is_some() {
            rows += 1;
        }
        rows
    }

    /// The share of the scenario's points drawn uniformly rather than from a component: part
    /// of the truth no component stands for (the components' weights sum to the rest).
    fn background(&self) -> Option<f64> {
        self.app
            .source()
            .scenario()
            .map(|s| s.outlier_fraction)
            .filter(|&f| f > 0.0)
    }

    /// The most that fits in `height` rows.
    fn parts_for(&self, height: usize) -> Parts {
        let full = self.full_parts();
        let candidates = [
            full,
            Parts {
                truth: false,
                ..full
            },
            Parts {
                second_lines: false,
                ..full
            },
            Parts {
                truth: false,
                second_lines: false,
                ..full
            },
        ];
        if let Some(parts) = candidates.into_iter().find(|p| self.rows(*p) <= height) {
            return parts;
        }
        let entries = height.saturating_sub(1);
        Parts {
            truth: false,
            second_lines: false,
            entries,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let Some(shown) = self.app.shown() else {
            return;
        };
        let parts = self.parts_for(usize::from(area.height));
        let lines = self.lines(&shown, parts);
        Paragraph::new(lines).render(area, buf);
    }

    fn lines(&self, shown: &Shown, parts: Parts) -> Vec<Line<'static>> {
        let layout = if parts.second_lines {
            &self.layout[..]
        } else {
            &self.layout[..1]
        };
        let entries = self.entries();
        let axes = self.app.plot().axes();
        let mut rows: Vec<Numbers> = entries
            .iter()
            .map(|e| Numbers::of(shown.model, &e.members, axes, shown.sizes))
            .collect();
        if parts.truth {
            rows.extend(self.truth_numbers());
        }
        let forms = Forms::new(&self.layout, |value| {
            rows.iter().filter_map(|r| r.value(value)).collect()
        });
        let mut lines: Vec<Line> = layout
            .iter()
            .enumerate()
            .map(|(row, columns)| {
                let header = forms.header_line(columns);
                let lead = if row == 0 { " #" } else { "" };
                Line::styled(
                    format!("{lead:<width$}{header}", width = self.lead),
                    theme::DIM,
                )
            })
            .collect();
        for (entry, numbers) in entries.iter().zip(&rows).take(parts.entries) {
            for (row, columns) in layout.iter().enumerate() {
                let mut spans = if row > 0 {
                    vec![Span::raw(" ".repeat(self.lead))]
                } else {
                    lead(&entry.members, self.lead)
                };
                spans.push(Span::raw(numbers.cells(
                    columns,
                    self.app.data().n(),
                    &forms,
                )));
                lines.push(Line::from(spans));
            }
            if let (true, Some(t)) = (parts.truth, entry.truth) {
                lines.push(self.truth_line(t, &layout[0], &forms));
            }
        }
        let unmatched = self.unmatched_truth(&entries);
        if parts.truth && !unmatched.is_empty() {
            lines.push(Line::styled(
                "  truth, matched to no component:",
                theme::DIM,
            ));
            for t in unmatched {
                lines.push(self.truth_line(t, &layout[0], &forms));
            }
        }
        if let (true, Some(share), Some(weight)) =
            (parts.truth, self.background(), layout[0].first())
        {
            lines.push(Line::styled(
                format!(
                    "{:<lead$} {} uniform background",
                    " bg",
                    fixed(share, weight.width - 1, weight.decimals),
                    lead = self.lead
                ),
                theme::DIM,
            ));
        }
        lines
    }

    /// Each truth component's numbers on the plotted axes.
    fn truth_numbers(&self) -> Vec<Numbers> {
        let Some(scenario) = self.app.source().scenario() else {
            return Vec::new();
        };
        let (a, b) = self.app.plot().axes();
        scenario
            .components
            .iter()
            .map(|truth| {
                let d = truth.mean.len();
                Numbers {
                    weight: truth.weight,
                    member_weights: Vec::new(),
                    mean: (truth.mean[a], truth.mean[b]),
                    cov: (
                        truth.covariance[a * d + a],
                        truth.covariance[a * d + b],
                        truth.covariance[b * d + b],
                    ),
                    size: None,
                    member_sizes: Vec::new(),
                }
            })
            .collect()
    }

    fn truth_line(&self, t: usize, columns: &[Column], forms: &Forms) -> Line<'static> {
        let Some(numbers) = self.truth_numbers().into_iter().nth(t) else {
            return Line::default();
        };
        let columns: Vec<Column> = columns
            .iter()
            .copied()
            .filter(|c| c.value != Value::Size)
            .collect();
        let lead = format!("{:<width$}", " tr", width = self.lead);
        Line::styled(
            format!(
                "{lead}{}",
                numbers.cells(&columns, self.app.data().n(), forms)
            ),
            theme::DIM,
        )
    }
}

/// "●12" in the component's colour, or "1≡2" in the shared style for identical ones, padded
/// to `width`.
fn lead(members: &[usize], width: usize) -> Vec<Span<'static>> {
    if members.len() > 1 {
        let style = Style::new().fg(theme::SHARED).add_modifier(Modifier::BOLD);
        return vec![Span::styled(
            format!("{:<width$}", component_label(members)),
            style,
        )];
    }
    let c = members[0];
    let color = color_of(c);
    vec![
        Span::styled("●", Style::new().fg(color)),
        Span::styled(
            format!("{:<1$}", format!("{:>2}", c + 1), width - 1),
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ),
    ]
}

/// The widest lead any group of identical components among `k` can need: every group's name
/// is at most as long as that of a run of consecutive numbers of its size (`18≡19≡20`).
pub fn lead_width(k: usize) -> usize {
    (0..k)
        .flat_map(|first| (first + 2..=k).map(move |end| (first..end).collect::<Vec<_>>()))
        .map(|group| component_label(&group).chars().count())
        .fold(LEAD, usize::max)
}

/// A group's weight as what each member holds — `2×0.500`, `2×.500`, `2×.5`: the fullest form
/// that fits `room` — and members of unequal weights as their sum marked `Σ`. Never the sum
/// alone, which read as one component's weight (the trap's `1≡2` showed 1.000 where each has
/// ½).
pub fn group_weight(weights: &[f64], room: usize, decimals: usize) -> String {
    let m = weights.len();
    let (lo, hi) = weights
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &w| {
            (l.min(w), h.max(w))
        });
    let equal = hi - lo < 0.5 * 10f64.powi(-(decimals as i32));
    let (prefix, value) = if equal {
        (format!("{m}×"), weights[0])
    } else {
        ("Σ".to_string(), weights.iter().sum())
    };
    // Places that keep the members' total right to a tenth: `3×.3` (0.9 in all) is left out
    // for `3×.33`, unless no number of places does.
    let honest = |places: &usize| {
        let scale = 10f64.powi(*places as i32);
        !equal || m as f64 * (value - (value * scale).round() / scale).abs() < 0.05
    };
    let all_places: Vec<usize> = (1..=decimals.max(1)).rev().collect();
    let places: Vec<usize> = if all_places.iter().any(honest) {
        all_places.into_iter().filter(honest).collect()
    } else {
        all_places
    };
    let forms: Vec<String> = places
        .into_iter()
        .flat_map(|places| {
            let full = format!("{value:.places$}");
            let short = match full.strip_prefix("0.") {
                Some(rest) => format!(".{rest}"),
                None => full.clone(),
            };
            [format!("{prefix}{full}"), format!("{prefix}{short}")]
        })
        .collect();
    forms
        .iter()
        .find(|f| f.chars().count() <= room)
        .or(forms.last())
        .cloned()
        .unwrap_or_default()
}

/// A group's N_k as what each member holds — `2×1000.0`, `2×1000` where the decimal does not
/// fit — as its weight is written: the sum alone (`2000.0`) read as one component's N_k beside
/// the formulas' N_k of one member. Members of unequal N_k as their sum marked `Σ`.
pub fn group_size(sizes: &[f64], data_points: usize, room: usize) -> String {
    let m = sizes.len();
    let each = sizes[0];
    let sum: f64 = sizes.iter().sum();
    let mut forms = Vec::new();
    if sizes.iter().all(|s| (s - each).abs() < 0.05) {
        forms.push(format!(
            "{m}×{}",
            numbers::points(each, data_points, usize::MAX)
        ));
        forms.push(format!("{m}×{}", crate::format::plain(each, 0)));
    }
    forms
        .into_iter()
        .find(|f| f.chars().count() <= room)
        .unwrap_or_else(|| {
            format!(
                "Σ{}",
                numbers::points(sum, data_points, room.saturating_sub(1))
            )
        })
}
