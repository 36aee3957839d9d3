//! Drawing. Reads the [`App`], writes a frame; the only state kept here is [`UiCache`], what
//! drawing can reuse between frames.
//!
//! ```text
//! header: data · points · K and type · speed   (parts shortened or dropped to fit, never cut)
//! ┌ plot: x and y named in full ─┐┌ parameters (one row per component) ┐
//! │ points by density, coloured  │├ log-likelihood: value, Δ, state,   ┤
//! │ by component; 1σ/2σ rings;   ││ every run's curve                  │
//! │ faint truth                  │├ runs: current ▶, best *, … N more  ┤
//! └──────────────────────────────┘└────────────────────────────────────┘
//! status line in plain words (two rows, ending with … where it goes on)
//! footer: the main keys that fit
//! ```
//! The help (`?`) and the model table (`m`) are drawn over it.
//!
//! The panels: `scatter` (the plot; `histogram` for one-dimensional data, `overlay` for the
//! rings, curves, labels and axes over the points), `parameters`, `likelihood`, `runs`, the
//! status rows (`status`), and over them `help` and `models`. Shared by them: `blocks` (panels
//! and popups), `braille` (2×4-dot cells), `components` (each component's label, colour and
//! points' style) and `theme` (the 16 colours).

pub mod blocks;
pub mod braille;
pub mod components;
mod formulas;
mod help;
pub mod histogram;
mod inspector;
pub mod likelihood;
mod models;
pub mod overlay;
pub mod parameters;
pub mod picture;
pub mod runs;
pub mod scatter;
pub mod status;
mod teaching;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::keys::{FOOTER, FOOTER_INSPECTOR, FOOTER_RUNS};
use crate::app::{App, DataSource};
pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

use blocks::{Stack, panel};

/// Rows the status line keeps, above the keys footer.
const STATUS_ROWS: u16 = 2;

/// What drawing keeps between frames.
#[derive(Default)]
pub struct UiCache {
    pub scatter: scatter::ScatterCache,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, cache: &mut UiCache) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new(too_small_text(area.width, area.height)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    // The status keeps two rows and the footer one whatever the status says, so the panels
    // (and every dot of the plot) stay put while stepping, and the keys stay in sight; a status
    // longer than its rows ends with `…`.
    let [header, body, status_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(STATUS_ROWS),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(app, header.width)), header);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    scatter::render_plot(frame, left, app, &mut cache.scatter);
    draw_right_column(frame.buffer_mut(), right, app);

    let status_style = if app.needs_attention() || app.message().is_some() {
        theme::WARNING
    } else {
        ratatui::style::Style::new()
    };
    // The status with its aside where all of it fits, else without.
    let full = app.status_text();
    let status = if status::wrap(&full, area.width).len() <= usize::from(STATUS_ROWS) {
        full
    } else {
        app.status_without_aside()
    };
    let rows = status::fit(&status, area.width, usize::from(STATUS_ROWS));
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| Line::styled(row, status_style))
        .collect();
    frame.render_widget(Paragraph::new(lines), status_area);
    frame.render_widget(Paragraph::new(footer_line(app, footer.width)), footer);

    if app.overlays().models_open() {
        models::draw(frame, body, app);
    }
    if app.overlays().help_open() {
        help::draw(frame, area, app.overlays().help_scroll());
    }
}

/// Parameters, log-likelihood and runs, stacked with shared borders. Each keeps its minimum —
/// a row per component (up to 3), the values and a row of curve, the current run — then the
/// best run, three rows of curve and its axis, the parameters their full rows, the runs five
/// rows, the curve five, the runs all theirs, and the curve the rest. The inspector's and the
/// formulas' panels, when on, go under the parameters ([`teaching::draw_column`]).
fn draw_right_column(buf: &mut Buffer, area: Rect, app: &App) {
    let inner_width = area.width.saturating_sub(2);
    let table = parameters::ParameterTable::new(app, inner_width);
    let runs_need = runs::rows_needed(app);
    if app.inspector().on() || app.formulas().open() {
        teaching::draw_column(buf, area, app, (&table, runs_need));
        return;
    }
    let inner = area.height.saturating_sub(4);
    let [p, l, r] = share_rows(inner, (table.min_rows(), table.full_rows()), runs_need);
    let [params, like, history] = Layout::vertical([
        Constraint::Length(p + 1),
        Constraint::Length(l + 1),
        Constraint::Length(r + 2),
    ])
    .areas(area);
    let title = table.title(p);
    table.render(panel(&title, Stack::First, params, buf), buf);
    let inner = panel(
        &likelihood::title(app, area.width),
        Stack::Middle,
        like,
        buf,
    );
    likelihood::LikelihoodPanel { app }.render(inner, buf);
    let title = runs::title(app, area.width, r);
    let inner = panel(&title, Stack::Last, history, buf);
    runs::RunsPanel { app }.render(inner, buf);
}

/// Rows for each of the `present` panels stacked in `height` rows (a border above each and
/// one below the last), given out by `steps` in order: (panel, rows it grows to).
fn fill<const N: usize>(height: u16, steps: &[(usize, u16)], present: [bool; N]) -> [u16; N] {
    let borders = present.iter().filter(|&&p| p).count() as u16 + 1;
    let total = height.saturating_sub(borders);
    let mut rows = [0u16; N];
    for &(panel, want) in steps.iter().filter(|(p, _)| present[*p]) {
        let free = total - rows.iter().sum::<u16>();
        rows[panel] += want.saturating_sub(rows[panel]).min(free);
    }
    rows
}

/// Rows for (parameters, likelihood, runs) out of `total` inner rows.
pub fn share_rows(total: u16, params: (u16, u16), runs_need: u16) -> [u16; 3] {
    let (params_min, params_full) = params;
    // (panel, rows it grows to), in order of priority.
    // The log-likelihood panel's first two rows are its values; then come the curve's rows,
    // the last of them (from 3 rows of curve on) the iteration axis.
    let steps = [
        (0, params_min),
        (1, 3),
        (2, runs_need.min(1)),
        (2, runs_need.min(2)),
        (1, 6),
        (0, params_full),
        (2, runs_need.min(5)),
        (1, 8),
        (2, runs_need),
        (1, u16::MAX),
    ];
    fill(total + 4, &steps, [true; 3])
}

/// What a screen too small to draw on says: the longest form that fits, so both sizes and
/// `q quits` show down to 10×5. The app ignores keys but quit meanwhile (they would act
/// unseen), and says so.
fn too_small_text(width: u16, height: u16) -> String {
    let size = format!("{width}×{height}");
    let need = format!("{MIN_WIDTH}×{MIN_HEIGHT}");
    let forms = [
        format!(
            "terminal too small: {size}, need {need} — other keys do nothing until it is larger; q quits"
        ),
        format!("terminal too small: {size}, need {need}; q quits"),
        format!("too small: {size}, need {need}; q quits"),
        format!("{size} < {need}; q quits"),
    ];
    let fits = |text: &String| {
        text.split(' ')
            .all(|w| w.chars().count() <= usize::from(width))
            && status::wrap(text, width).len() <= usize::from(height)
    };
    forms.iter().find(|t| fits(t)).unwrap_or(&forms[3]).clone()
}

/// The header: data, points, model, speed — in their long forms while they fit; then the
/// data's name shortened from the middle (its start and its end, the extension, kept) before
/// the speed and the points take short forms, then the speed, the points and the data
/// dropped. The model (K and covariance type) always stays. Nothing is cut. A scenario's seed
/// stays while any form of the rest lets it: after `n` the new seed is the news.
fn header_line(app: &App, width: u16) -> Line<'static> {
    let (source, with_seed) = match &app.source() {
        // Short of room the seed number goes, rather than shrink to `#1`: that reads as a run.
        DataSource::Scenario { scenario, seed, .. } => (
            vec![
                format!("scenario {} (seed {seed})", scenario.name),
                format!("{} (seed {seed})", scenario.name),
                scenario.name.to_string(),
            ],
            2,
        ),
        // A file's name is shortened from the middle before the rest gives way (no seed).
        DataSource::File { path } => (vec![path.clone(), file_name(path)], 0),
    };
    let n = crate::format::count(app.data().n());
    let points = [format!("{n} points"), format!("N={n}")];
    let model = format!("K={} {}", app.options().k, app.covariance_type());
    let speed = match app.iterations_per_second().map(crate::app::rate_text) {
        Some(n) => [format!("{n} it/s"), format!("{n}/s")],
        None => ["max speed".to_string(), "max".to_string()],
    };
    let parts = HeaderParts {
        points,
        model,
        speed,
    };
    parts
        .fit(&source[..with_seed], false, usize::from(width))
        .or_else(|| parts.fit(&source, true, usize::from(width)))
        .unwrap_or_else(|| header_spans(std::slice::from_ref(&parts.model)))
}

/// The header's parts beside the data's name, each in its forms, fullest first.
struct HeaderParts {
    points: [String; 2],
    model: String,
    speed: [String; 2],
}

impl HeaderParts {
    /// The header with the fullest of `names` that fits `width` beside the fullest forms of
    /// the rest that leave it room (the last name shortened from the middle if `shorten`);
    /// `None` when no name fits even beside the model alone.
    fn fit(&self, names: &[String], shorten: bool, width: usize) -> Option<Line<'static>> {
        let length = |parts: &[&String]| -> usize {
            "gmm-tui".len() + parts.iter().map(|p| p.chars().count() + 3).sum::<usize>()
        };
        // The forms of points and speed, fullest first (None: dropped).
        let others = [
            (Some(0), Some(0)),
            (Some(0), Some(1)),
            (Some(1), Some(1)),
            (Some(1), None),
            (None, None),
        ];
        others.into_iter().find_map(|(p, sp)| {
            let rest: Vec<&String> = [
                p.map(|p| &self.points[p]),
                Some(&self.model),
                sp.map(|s| &self.speed[s]),
            ]
            .into_iter()
            .flatten()
            .collect();
            let room = width.saturating_sub(length(&rest) + 3);
            let name = names
                .iter()
                .find(|s| s.chars().count() <= room)
                .cloned()
                .or_else(|| {
                    let short = names.last().filter(|_| shorten)?;
                    (room >= 12).then(|| scatter::shorten(std::slice::from_ref(short), 0, room))
                })?;
            let mut parts = vec![name];
            parts.extend(rest.into_iter().cloned());
            Some(header_spans(&parts))
        })
    }
}

fn header_spans(parts: &[String]) -> Line<'static> {
    let mut spans = vec![Span::styled("gmm-tui", theme::TITLE)];
    for part in parts {
        spans.push(Span::raw(format!(" · {part}")));
    }
    Line::from(spans)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The footer: the keys that fit, most useful first; help and quit always, last. `a` goes once
/// every restart has run (it would only say so).
fn footer_line(app: &App, width: u16) -> Line<'static> {
    let width = usize::from(width);
    // The keys of what has them: the runs panel (Tab), the inspector (v), else the plot.
    let footer: &[(&str, &str)] = if app.focus().on_runs() {
        &FOOTER_RUNS
    } else if app.inspector().on() {
        &FOOTER_INSPECTOR
    } else {
        &FOOTER
    };
    let always = |(k, _): &&(&str, &str)| matches!(*k, "?" | "q");
    let offered = |(k, _): &&(&str, &str)| *k != "a" || !app.all_restarts_done();
    let entry_len = |(k, w): &(&str, &str)| k.chars().count() + 1 + w.chars().count() + 3;
    let last: Vec<(&str, &str)> = footer.iter().filter(always).copied().collect();
    let mut used: usize = last.iter().map(entry_len).sum();
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for entry in footer.iter().filter(|e| !always(e) && offered(e)) {
        if used + entry_len(entry) > width + 3 {
            break;
        }
        used += entry_len(entry);
        shown.push(*entry);
    }
    shown.extend(last);
    let mut spans = Vec::new();
    for (i, (key, word)) in shown.iter().enumerate() {
        let separator = if i == 0 { "" } else { " · " };
        spans.push(Span::raw(separator));
        spans.push(Span::styled(*key, theme::KEY));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}
