//! The understanding tools' keys: `v` (the point inspector) and the arrows that move its cursor,
//! `1`–`9` (a component's mean to the cursor: a start placed by hand), `f` and `g` (the M-step
//! formulas and their component), Tab, `↑`/`↓` and Enter (pick any run to show), and what Esc
//! closes — each of these parts ([`super::inspector`], [`super::formulas`], [`super::focus`])
//! asked in turn.

use crate::core::Start;
use crate::format::significant;

use super::App;
use super::action::Direction;
use super::jobs::Request;

impl App {
    /// An arrow or `h j k l`: scrolls the help while it is open (↑ ↓), chooses a run while the
    /// runs panel has the keys (↑ ↓; ← → scrub there, as its footer says), moves the inspector's
    /// cursor while it is on, else scrubs (← →).
    pub(super) fn move_key(&mut self, direction: Direction) {
        let up = direction == Direction::Up;
        let vertical = up || direction == Direction::Down;
        if vertical && self.overlays.help_open() {
            self.scroll_help(if up { -1 } else { 1 });
        } else if vertical && self.focus.on_runs() {
            self.focus.choose(&self.runs.numbers(), up);
        } else if self.inspector.on() && !self.focus.on_runs() {
            if self
                .inspector
                .move_cursor(direction, &self.plot, self.data.dim() == 1)
            {
                self.formulas.follow_point();
            } else {
                self.message = Some(
                    "in one dimension the cursor moves along the histogram's axis: ← → (h l)"
                        .into(),
                );
            }
        } else if direction == Direction::Left {
            self.scrub_back();
        } else if direction == Direction::Right {
            self.scrub_forward();
        } else {
            self.scroll_help(if up { -1 } else { 1 });
        }
    }

    /// `v`: the point inspector on or off.
    pub(super) fn toggle_inspector(&mut self) {
        let on = self.inspector.toggle(&self.data, &self.plot);
        self.focus.to_plot();
        self.message = Some(if on {
            "inspector: arrows or h j k l move the cursor to a point, its E-step in numbers; 1–9 put a mean there; v/Esc: off".into()
        } else {
            "inspector off — ← → scrub again".into()
        });
    }

    /// A digit: component `c`'s mean to the inspector's cursor (on the plotted axes; its other
    /// coordinates stay), the rest as the start of the run on screen, and that a new start —
    /// or, while the current run is such a start not yet stepped, that start changed.
    pub(super) fn place_mean(&mut self, c: usize) {
        let k = self.options.k;
        if !self.inspector.on() {
            self.message = Some(
                "1–9 move a component's mean to the inspector's cursor — v turns the inspector on"
                    .into(),
            );
            return;
        }
        if c >= k {
            let keys = if k == 1 {
                "1".into()
            } else {
                format!("1–{k}")
            };
            self.message = Some(format!("K = {k}: {keys} place a mean (+ adds a component)"));
            return;
        }
        if let Some(note) = self.not_running_note() {
            self.message = Some(note);
            return;
        }
        let Some(start) = self
            .shown()
            .and_then(|s| self.runs.em_of(s.number))
            .and_then(|em| em.parameters_at(0))
        else {
            return;
        };
        let mut model = start.clone();
        let (d, (a, b), (x, y)) = (model.dim, self.plot.axes(), self.inspector.cursor());
        model.means[c * d + a] = x;
        if d > 1 {
            model.means[c * d + b] = y;
        }
        let unstepped_placed = self.timeline.picked().is_none()
            && self.runs.current().is_some_and(|r| {
                matches!(r.start, Start::Placed { .. })
                    && r.em.iteration() == 0
                    && !r.em.status().is_finished()
            });
        self.leave_picked_view();
        self.playback.pause();
        let number = match self.runs.current() {
            Some(run) if unstepped_placed => run.number,
            _ => {
                self.put_away_current_run();
                self.runs.take_next_restart() + 1
            }
        };
        self.request(Request::Start {
            generation: self.generation,
            number,
            start: Start::Placed { model },
        });
        let at = if d > 1 {
            format!("({}, {})", coordinate(x), coordinate(y))
        } else {
            coordinate(x)
        };
        let more = if k == 1 {
            String::new()
        } else {
            format!("; 1–{k} place more")
        };
        self.message = Some(format!(
            "component {}'s mean to {at}: run {number} starts there (placed) — space steps, r runs{more}",
            c + 1
        ));
    }

    /// `f`: the M-step formulas on or off.
    pub(super) fn toggle_formulas(&mut self) {
        // Which parameters the numbers are: the table's after a half-step's M-half, else the
        // next iteration's — the panel beside the table must never pass for it.
        self.message = Some(if self.formulas.toggle() {
            let whose = if self.formula().is_some_and(|f| f.done) {
                "the M-step just done, giving the table's parameters"
            } else {
                "the M-step from this iteration's γ, giving the next iteration's table"
            };
            format!("formulas: {whose} — g: next component, v: one point's E-step")
        } else {
            "formulas closed".into()
        });
    }

    /// `g`: the formulas' next component.
    pub(super) fn next_formula_component(&mut self) {
        if !self.formulas.open() {
            self.message =
                Some("g chooses the component the formulas write out — f opens them".into());
            return;
        }
        let now = self.formula().map_or(0, |f| f.component);
        self.formulas.choose_next(now, self.options.k);
    }

    /// Tab: the keys to the runs panel (↑ ↓ choose, Enter shows) or back to the plot.
    pub(super) fn focus_runs(&mut self) {
        let Some(shown) = self.shown().map(|s| s.number) else {
            return;
        };
        self.message = Some(if self.focus.toggle(shown) {
            "runs: ↑ ↓ choose a run, Enter shows it — Tab or Esc gives the keys back to the plot"
                .into()
        } else {
            "keys back to the plot".into()
        });
    }

    /// Enter: the run chosen in the runs panel on screen.
    pub(super) fn show_chosen_run(&mut self) {
        let Some(number) = self.focus.chosen() else {
            self.message =
                Some("Enter shows the run chosen in the runs panel — Tab gives it the keys".into());
            return;
        };
        let current = self.runs.current().map(|r| r.number);
        if current == Some(number) {
            self.leave_picked_view();
            self.message = Some(format!("run {number}, the current run, on screen"));
            return;
        }
        self.show_run(number);
        let back = current.map_or(String::new(), |n| format!(" · b: back to run {n}"));
        self.message = Some(format!(
            "run {number} on screen: ← → scrub it (by halves with e), v and f inspect it — Tab: keys to the plot{back}"
        ));
    }

    /// Esc: the first open thing closed — the help and model table, the runs panel's keys,
    /// the inspector, the formulas. Never more: over SSH a split arrow key arrives as an Esc.
    pub(super) fn close_key(&mut self) {
        if self.overlays.help_open() || self.overlays.models_open() {
            self.overlays.close_all();
        } else if self.focus.on_runs() {
            self.focus.to_plot();
        } else if self.inspector.on() {
            self.inspector.turn_off();
        } else {
            self.formulas.close();
        }
    }
}

/// A coordinate for a notice, three significant digits.
fn coordinate(v: f64) -> String {
    significant(v, 10, 2).trim().to_string()
}
