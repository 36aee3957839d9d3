//! The runs panel: every run on this data and model — its start, iterations, final
//! log-likelihood and verdict — the best finished one starred (its BIC in the title), the run in
//! progress `▶`, and the run on screen `▷` when it is another (the best in best view, or the
//! current run once it has finished). When rows run short the run on screen, the current run and
//! the best stay, with `… N more` for the rest. A run that converged below the best by clearly
//! more than its own slow climb had left is `local` (and how far below, where it fits); a
//! collapsed best is "best so far: collapsed",
//! never presented as the answer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, HistoryEntry, start_label, status_word};
use crate::core::RunStatus;
use crate::core::model::bic;

use super::theme;
use crate::format::numbers;
use crate::format::plain;

/// The title: the best finished run's BIC, to compare K's (`+`/`-`) and covariance types (`c`),
/// in the longest form that fits `width`. Where the panel's `height` rows leave the starred row
/// out (one row at 60×16), the title names the best run instead of pointing at a `*`.
pub fn title(app: &App, width: u16, height: u16) -> String {
    let Some(best) = app.runs().best() else {
        return " runs ".to_string();
    };
    let r = &best.result;
    let b = bic(r.log_likelihood, r.model.n_parameters(), app.data().n());
    let all = rows(app);
    let starred = keep(&all, app, usize::from(height))
        .iter()
        .any(|&i| all[i].number == best.number);
    let n = best.number;
    let forms = match (starred, app.runs().best_is_collapsed()) {
        (true, false) => vec![
            format!(" runs (* best, BIC {}) ", plain(b, 1)),
            format!(" runs (* BIC {}) ", plain(b, 0)),
        ],
        (false, false) => vec![
            format!(" runs (best: run {n}, BIC {}) ", plain(b, 1)),
            format!(" runs (best {n}, BIC {}) ", plain(b, 0)),
        ],
        // The trap is the best only for want of another: said, and never shortened to "best".
        (true, true) => vec![
            " runs (* best so far: collapsed) ".to_string(),
            " runs (* so far: collapsed) ".to_string(),
            " runs (* collapsed) ".to_string(),
        ],
        (false, true) => vec![
            format!(" runs (best so far: run {n}, collapsed) "),
            format!(" runs (best {n}: collapsed) "),
        ],
    };
    forms
        .into_iter()
        .chain([" runs ".to_string()])
        .find(|t| t.chars().count() + 2 <= usize::from(width))
        .unwrap_or_default()
}

/// One line of the panel.
struct Row {
    number: usize,
    /// `▶` for the run in progress, `▷` for the run on screen when it is another.
    place: char,
    /// `*` for the best finished run.
    star: char,
    start: [String; 2],
    iterations: usize,
    log_likelihood: f64,
    /// The verdict in forms from the fullest to the shortest; the row shows the fullest that fits.
    verdict: Vec<String>,
    style: Style,
}

fn rows(app: &App) -> Vec<Row> {
    let best = app.runs().best().map(|b| b.number);
    let shown = app.shown().map(|s| s.number);
    let star = |number| if Some(number) == best { '*' } else { ' ' };
    let place = |number| if Some(number) == shown { '▷' } else { ' ' };
    // The run on screen bold; the one chosen while the panel has the keys (Tab) reversed.
    let chosen = app.focus().chosen();
    let style = |number: usize| {
        let style = if Some(number) == shown {
            theme::KEY
        } else {
            Style::new()
        };
        if Some(number) == chosen {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        }
    };
    let mut rows: Vec<Row> = app
        .runs()
        .history()
        .iter()
        .map(|h| Row {
            number: h.number,
            place: place(h.number),
            star: star(h.number),
            start: [
                start_label(&h.start, &h.nudges, true),
                start_label(&h.start, &h.nudges, false),
            ],
            iterations: h.result.iterations,
            log_likelihood: h.result.log_likelihood,
            verdict: verdict(app, h),
            style: style(h.number),
        })
        .collect();
    if let Some(run) = app
        .runs()
        .current()
        .filter(|r| !app.runs().history().iter().any(|h| h.number == r.number))
    {
        rows.push(Row {
            number: run.number,
            place: '▶',
            star: ' ',
            start: [
                start_label(&run.start, run.em.nudges(), true),
                start_label(&run.start, run.em.nudges(), false),
            ],
            iterations: run.em.iteration(),
            log_likelihood: run.em.log_likelihood(),
            verdict: vec![app.run_state_word().to_string()],
            style: style(run.number),
        });
    }
    rows
}

fn verdict(app: &App, h: &HistoryEntry) -> Vec<String> {
    let r = &h.result;
    if h.abandoned {
        vec!["left".into()]
    } else if let Some(gap) = app.runs().local_gap(h.number) {
        // How far below, as the log-likelihood panel writes a change. A run stopped by tol
        // partway up a slow climb is `converged`, as `fit` says: its gap is no lower peak.
        // The whole-number form only where it is not "-0" (a gap under one half).
        let of = h.result.log_likelihood;
        let mut forms = vec![
            format!("local, {} below", numbers::change(gap, of)),
            format!("local -{}", numbers::change(gap, of)),
        ];
        if gap >= 0.5 {
            forms.push(format!("local -{}", plain(gap, 0)));
        }
        forms.push("local".into());
        forms
    } else if !r.collapsed.is_empty() {
        vec!["collapsed".into(), "coll.".into()]
    } else if !r.status.is_degenerate() && !r.spurious.is_empty() {
        // Every spurious component by number ("spurious 10", "spurious 1,2"), or how many.
        let numbers: Vec<String> = r
            .spurious
            .iter()
            .map(|s| (s.component + 1).to_string())
            .collect();
        let mut forms = vec![format!("spurious {}", numbers.join(","))];
        if numbers.len() > 1 {
            forms.push(format!("{} spurious", numbers.len()));
        }
        forms.push("spurious".into());
        forms
    } else {
        // A short form for the narrowest panel (60×16 leaves 8 characters), never a cut word.
        let short = match r.status {
            RunStatus::Converged => Some("conv.".to_string()),
            RunStatus::SingularCovariance(c) => Some(format!("sing. {}", c + 1)),
            _ => None,
        };
        std::iter::once(status_word(r.status))
            .chain(short)
            .collect()
    }
}

/// Rows the panel would use to show every run.
pub fn rows_needed(app: &App) -> u16 {
    rows(app).len() as u16
}

pub struct RunsPanel<'a> {
    pub app: &'a App,
}

impl Widget for RunsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let all = rows(app);
        let keep = keep(&all, app, usize::from(area.height));
        let width = usize::from(area.width);
        let kept = || keep.iter().map(|&i| &all[i]);
        // Place 1, star 1, number 2, iterations 5 (4 when narrow), log L as wide as its widest
        // (the same text as in the log-likelihood panel), then the start and the verdict share
        // the rest: the start what the fullest verdicts leave it (if a short form fits), the
        // verdict the rest, each row in its fullest form that fits.
        let narrow = width < 36;
        let number_width = 2;
        let iterations_width = if narrow { 4 } else { 5 };
        let log_likelihoods: Vec<String> = all
            .iter()
            .map(|r| numbers::log_likelihood(r.log_likelihood))
            .collect();
        let ll_width = keep
            .iter()
            .map(|&i| log_likelihoods[i].chars().count())
            .fold(9, usize::max);
        let before_verdict = 2 + number_width + iterations_width + 1 + ll_width + 1;
        let verdict_cap = if width >= 50 { 17 } else { 11 };
        let verdict_want = kept()
            .map(|r| r.verdict[0].chars().count().min(verdict_cap))
            .fold(9, usize::max);
        let start_width = width
            .saturating_sub(before_verdict + verdict_want + 1)
            .min(width);
        let start_width = if start_width >= 4 { start_width } else { 0 };
        let verdict_room =
            width.saturating_sub(before_verdict + start_width + usize::from(start_width > 0));
        let mut lines = Vec::new();
        let hidden = all.len() - keep.len();
        // The count stands where the hidden runs are: between runs 1 and 8, not above run 1.
        let gap_at = (0..=keep.len()).find(|&p| match p {
            0 => keep.first().is_some_and(|&i| i > 0),
            p => keep.get(p).copied().unwrap_or(all.len()) > keep[p - 1] + 1,
        });
        for (p, &i) in keep.iter().enumerate() {
            if hidden > 0 && area.height > 2 && gap_at == Some(p) {
                lines.push(Line::styled(format!("  … {hidden} more"), theme::DIM));
            }
            let row = &all[i];
            let start = row
                .start
                .iter()
                .find(|s| s.chars().count() <= start_width)
                .cloned()
                .unwrap_or_default();
            let start = if start_width > 0 {
                format!(" {start:<start_width$}")
            } else {
                String::new()
            };
            let verdict = row
                .verdict
                .iter()
                .find(|v| v.chars().count() <= verdict_room)
                .or(row.verdict.last())
                .cloned()
                .unwrap_or_default();
            let text = format!(
                "{}{}{:>number_width$}{start}{:>iterations_width$} {:>ll_width$} {verdict}",
                row.place, row.star, row.number, row.iterations, log_likelihoods[i],
            );
            lines.push(Line::styled(text, row.style));
        }
        if hidden > 0 && area.height > 2 && gap_at == Some(keep.len()) {
            lines.push(Line::styled(format!("  … {hidden} more"), theme::DIM));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

/// Indices of the rows to show in `height` lines: all when they fit; else the run chosen (Tab),
/// the run on screen, the current run and the best first, then the most recent, with a line left for `… N more` when
/// there are three lines or more (in two, those runs matter more than the count).
fn keep(rows: &[Row], app: &App, height: usize) -> Vec<usize> {
    if rows.len() <= height {
        return (0..rows.len()).collect();
    }
    let room = if height > 2 { height - 1 } else { height };
    let best = app.runs().best().map(|b| b.number);
    let current = app.runs().current().map(|r| r.number);
    let shown = app.shown().map(|s| s.number);
    let picking = app.focus().chosen();
    let mut chosen: Vec<usize> = Vec::new();
    let take = |i: usize, chosen: &mut Vec<usize>| {
        if chosen.len() < room && !chosen.contains(&i) {
            chosen.push(i);
        }
    };
    for wanted in [picking, shown, current, best].into_iter().flatten() {
        if let Some(i) = rows.iter().position(|r| r.number == wanted) {
            take(i, &mut chosen);
        }
    }
    for i in (0..rows.len()).rev() {
        take(i, &mut chosen);
    }
    chosen.sort_unstable();
    chosen
}
