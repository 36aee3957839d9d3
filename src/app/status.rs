//! The status line and the state word, in plain words: what is on screen and what to press.

use crate::core::RunStatus;
use crate::core::em::{describe_group, nearly_identical_groups};
use crate::core::spurious::{SpuriousComponent, spurious_components};
use crate::format::numbers;

use super::App;
use super::playback::Mode;
use super::runs::{HistoryEntry, status_word};
use super::view::{Phase, Shown};

/// Marks an aside in a status: a clause the screen shows only where the whole status fits
/// with it, and drops whole rather than cut (the trap's "a fixed point of EM…").
const ASIDE: char = '\u{1f}';

impl App {
    /// The status line, with its aside, if any.
    pub fn status_text(&self) -> String {
        asides(&self.marked_status(), true)
    }

    /// The status line without its aside: what a screen too small for all of it shows.
    pub fn status_without_aside(&self) -> String {
        asides(&self.marked_status(), false)
    }

    fn marked_status(&self) -> String {
        let status = self.current_status();
        match &self.loading_notes {
            Some(notes) => format!("{notes} · {status}"),
            None => status,
        }
    }

    /// What the status line says of the state, or the last action's notice: the first of a
    /// flat list that holds, most pressing first — the notice, work in progress, a problem,
    /// which view is on screen, then the run's own state. It stays one long function on
    /// purpose: the order is the decision, and split into parts it could no longer be read top
    /// to bottom in one place.
    fn current_status(&self) -> String {
        if let Some(message) = &self.message {
            return message.clone();
        }
        if self.jobs.drawing_data() {
            return "drawing new data…".into();
        }
        let n = crate::format::count(self.data.n());
        if let Some(number) = self.starting() {
            return format!("starting run {number} on {n} points…");
        }
        if let Some(problem) = self.runs.problem() {
            // The one way out from the keyboard, where there is one.
            return if self.options.k > 1 {
                format!(
                    "{problem} — - for fewer components (K = {} now)",
                    self.options.k
                )
            } else {
                problem.to_string()
            };
        }
        if let (Mode::Paused, Some(what)) = (self.playback.mode(), self.jobs.computing_what()) {
            let queued = if self.jobs.step_waiting() {
                " (one more iteration queued)"
            } else {
                ""
            };
            return format!("{what} on {n} points…{queued}");
        }
        let (Some(run), Some(shown)) = (self.runs.current(), self.shown()) else {
            return "no run".into();
        };
        if let Some(entry) = self.picked_entry() {
            return self.picked_note(entry, &shown, run.number);
        }
        if shown.points_pending {
            return format!("colouring the points of iteration {}…", shown.iteration);
        }
        if self.timeline.scrub().is_some() {
            return scrubbed_note(&shown, run.em.iteration());
        }
        if shown.phase == Phase::AfterMStep {
            return if shown.groups.is_empty() {
                "M-step done: each ellipse refitted to the points' shares (their colours) — space: E-step".into()
            } else {
                "M-step done: the identical ellipses refitted to the same shares of every point, so they still coincide — space: E-step".into()
            };
        }
        if let Some(group) = shown.groups.first() {
            return identical_note(&shown, group);
        }
        let status = run.em.status();
        if status.is_degenerate() {
            return status.describe();
        }
        let half_steps = self.timeline.half_steps();
        match self.playback.mode() {
            Mode::RunningAll => self.running_all_note(status.is_finished()),
            _ if status.is_finished() => self.finished_note(status, run.number),
            Mode::Running => "running — r pauses, ← scrubs back".into(),
            Mode::Paused if half_steps && self.timeline.after_e_step() => {
                "E-step done: the points recoloured by the moved ellipses — space: M-step".into()
            }
            Mode::Paused if half_steps && shown.iteration == 0 => {
                "paused at the start, in half-steps — space: M-step, r runs".into()
            }
            Mode::Paused if half_steps => format!(
                "paused at iteration {}, in half-steps — space: M-step, r runs, ← scrubs back",
                shown.iteration
            ),
            Mode::Paused if shown.iteration == 0 => {
                "paused at the start — space steps one iteration, r runs".into()
            }
            Mode::Paused => "paused — space steps, r runs, ← scrubs back".into(),
        }
    }

    /// Running every restart: which one, and what the keys do now — `a` again offers the
    /// fastest speed only while it is not on already. Between two restarts (the current one
    /// `finished`, the next about to start) it is still the batch that runs, not a finished
    /// run waiting for `a`.
    fn running_all_note(&self, finished: bool) -> String {
        let which = format!(
            "running all restarts ({} of {})",
            (self.runs.history().len() + usize::from(!finished)).min(self.options.restarts),
            self.options.restarts
        );
        match self.iterations_per_second() {
            Some(_) => format!("{which} — a again: fastest, r pauses"),
            None => format!("{which} as fast as possible — r pauses"),
        }
    }

    /// The current run (`number`) has finished with `status`: how, and what can come next.
    fn finished_note(&self, status: RunStatus, number: usize) -> String {
        let spurious = self.spurious();
        if !spurious.is_empty() {
            return format!(
                "{}, but {} — i starts another",
                status_word(status),
                describe_spurious(&spurious)
            );
        }
        if let Some(group) = self.runs.current().and_then(|run| {
            nearly_identical_groups(run.em.model(), self.scale.typical)
                .into_iter()
                .next()
        }) {
            return format!(
                "{}, but {} are nearly identical (within 1% of the data's spread): stopped by \
                 the collapsed fixed point, which EM leaves only slowly — p: nudge apart · i: \
                 restart",
                status_word(status),
                describe_group(&group)
            );
        }
        let best_is_shown = self.runs.best().map(|b| b.number) == Some(number);
        let next = match (self.all_restarts_done(), best_is_shown) {
            (false, _) => "a: all restarts · m: models".to_string(),
            (true, false) => "b: the best · m: models".to_string(),
            (true, true) => "m: models".to_string(),
        };
        // Why the star is not on the highest run, where it is not.
        let passed = match (self.runs.passed_over_note(), self.runs.best()) {
            (Some(note), Some(best)) => format!(" — the best is run {}: {note}", best.number),
            _ => String::new(),
        };
        // A run below the best says how far, and what that means.
        let how = self
            .below_best_note(number)
            .unwrap_or_else(|| status.describe());
        // The keys last, where the status line never cuts them.
        format!("{how}{passed} — i: another start · {next}")
    }

    /// A word for the state of what is shown: start, paused, running, converged, collapsed, …
    pub fn state_word(&self) -> &'static str {
        if self.starting().is_none()
            && let (Some(picked), Some(shown)) = (self.picked_entry(), self.shown())
        {
            let spurious = !picked.result.spurious.is_empty();
            let local = self.runs.local_gap(picked.number).is_some();
            let scrubbed = self.timeline.position().is_some();
            return self.word_for(&shown, picked.result.status, (spurious, local), scrubbed);
        }
        self.run_state_word()
    }

    /// The current run's own state word, also while the best run is on screen (the runs
    /// panel's row for the run in progress).
    pub fn run_state_word(&self) -> &'static str {
        if self.starting().is_some() {
            return "starting";
        }
        let (Some(run), Some(shown)) = (self.runs.current(), self.run_shown()) else {
            return "error";
        };
        let status = run.em.status();
        // With a history run on screen `spurious()` is that run's; a finished current run is in
        // the history by then and described by its own row there.
        let spurious =
            self.timeline.picked().is_none() && status.is_finished() && !self.spurious().is_empty();
        let local = status.is_finished() && self.runs.local_gap(run.number).is_some();
        let scrubbed = self.timeline.scrub().is_some();
        self.word_for(&shown, status, (spurious, local), scrubbed)
    }

    /// The state word of `shown`, a run whose status is `status` and which ended `spurious`
    /// or at a `local` optimum. "collapsed" is the one word for identical components, here and
    /// in the runs panel alike.
    fn word_for(
        &self,
        shown: &Shown,
        status: RunStatus,
        (spurious, local): (bool, bool),
        scrubbed: bool,
    ) -> &'static str {
        if scrubbed {
            "past"
        } else if shown.phase == Phase::AfterMStep {
            "M-step"
        } else if status.is_degenerate() {
            "degenerate"
        } else if !shown.groups.is_empty() && shown.iteration > 0 {
            "collapsed"
        } else if spurious {
            "spurious"
        } else if local {
            "local"
        } else if status == RunStatus::Converged {
            "converged"
        } else if status.is_finished() {
            "max iter"
        } else if self.is_running() {
            "running"
        } else if shown.iteration == 0 {
            "start"
        } else {
            "paused"
        }
    }

    /// Whether what is shown cannot usefully go on: identical components, a degenerate or
    /// spurious end, or no run at all. The screen shows these as warnings.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self.state_word(),
            "collapsed" | "degenerate" | "spurious" | "error"
        )
    }

    /// The history run on screen, if one is (picked, or the best with `b`).
    pub fn picked_entry(&self) -> Option<&HistoryEntry> {
        let number = self.timeline.picked()?;
        self.runs.history().iter().find(|h| h.number == number)
    }

    /// Whether the run on screen is the best finished run from the history (`b`).
    pub fn showing_best(&self) -> bool {
        let best = self.runs.best().map(|b| b.number);
        self.timeline.picked().is_some_and(|n| Some(n) == best)
    }

    /// What the status says while history run `entry` is on screen, the current run being run
    /// `current`: where on it, and what it ended as — in the runs panel's words (a collapsed
    /// best is the best *so far*, a run below the best a local optimum). The keys last, where
    /// the status line never cuts them.
    fn picked_note(&self, entry: &HistoryEntry, shown: &Shown, current: usize) -> String {
        let back = format!("b: back to run {current}");
        let number = entry.number;
        let latest = entry.em.iteration();
        if shown.points_pending {
            return format!(
                "colouring the points of run {number}, iteration {}…",
                shown.iteration
            );
        }
        if shown.phase == Phase::AfterMStep {
            return format!(
                "run {number}: {} — →: E-step · {back}",
                half_note(shown, latest)
            );
        }
        if shown.iteration < latest {
            return format!(
                "run {number}, iteration {} of {latest} — ← →: step through it · space: replay · \
                 {back}",
                shown.iteration
            );
        }
        let how = if self.showing_best() {
            self.runs.best_words().to_string()
        } else if entry.abandoned {
            "left unfinished by a restart".to_string()
        } else if let Some(below) = self.below_best_note(number) {
            below
        } else if !entry.result.collapsed.is_empty() {
            "collapsed: its components are identical".to_string()
        } else if !entry.result.spurious.is_empty() {
            describe_spurious(&entry.result.spurious)
        } else {
            status_word(entry.result.status)
        };
        format!("showing run {number}, {how} — ←: scrub back · {back}")
    }

    /// For a run that converged more than N·tol below the best: how far, and what that means —
    /// a local stop where the gap is clearly more than its own climb had left, else a stop at
    /// tol partway up a flat climb (see [`crate::core::climb`]).
    fn below_best_note(&self, number: usize) -> Option<String> {
        let below = self.runs.below_best(number)?;
        let best = self.runs.best()?;
        let of = best.result.log_likelihood;
        let gap = numbers::change(below.gap, of);
        let run = best.number;
        // What the gap means first, the estimate last: where the line runs short, the
        // estimate goes.
        Some(if below.is_local() {
            format!(
                "local: {gap} below the best (run {run}): a lower peak, or a flat pass a smaller \
                 --tol may cross (its climb had ≈{} left)",
                numbers::change(below.climb_left, of)
            )
        } else {
            let left = if below.climb_left.is_finite() {
                format!(
                    " (≈{} more at its rate)",
                    numbers::change(below.climb_left, of)
                )
            } else {
                String::new()
            };
            // Not "it reaches the same peak": its rate promises less than the gap, and a flat
            // climb's rate creeps up; only a smaller tol tells (docs/decisions.md).
            format!(
                "converged {gap} below the best (run {run}), stopped by tol on a flat climb{left}: \
                 a smaller --tol shows whether it reaches the best's peak"
            )
        })
    }

    /// Why space or r cannot act: the run is still starting, or EM cannot run.
    pub(super) fn not_running_note(&self) -> Option<String> {
        if let Some(number) = self.starting() {
            return Some(format!("run {number} is still starting"));
        }
        self.runs.problem().map(str::to_string)
    }

    /// Components of the finished run on screen that shrank onto a point or a line.
    pub fn spurious(&self) -> Vec<SpuriousComponent> {
        if self.timeline.picked().is_some() {
            return self
                .picked_entry()
                .map_or_else(Vec::new, |h| h.result.spurious.clone());
        }
        let Some(run) = self.runs.current() else {
            return Vec::new();
        };
        if !run.em.status().is_finished() {
            return Vec::new();
        }
        spurious_components(
            run.em.model(),
            run.em.component_sizes(),
            self.options.settings.reg_covar,
            &self.scale.variances,
        )
    }
}

/// The current run scrubbed back from its latest iteration `latest` to `shown`.
fn scrubbed_note(shown: &Shown, latest: usize) -> String {
    if shown.phase == Phase::AfterMStep {
        return format!("{} — → or space: its E-step", half_note(shown, latest));
    }
    let nudged = if shown.nudge.is_some() {
        " — nudged here: Δ is the nudge's change, not EM's"
    } else if shown.groups.is_empty() {
        " — ← → step through the run, space replays"
    } else {
        " — ← → step through the run, space replays, p nudges here"
    };
    format!("iteration {} of {latest}{nudged}", shown.iteration)
}

/// A place half way through an iteration of a run whose last is `latest`, scrubbed back to.
fn half_note(shown: &Shown, latest: usize) -> String {
    let t = shown.iteration;
    format!(
        "iteration {t}½ of {latest}: M-step done, the points still coloured by iteration {t}'s E-step"
    )
}

/// Every spurious component, for the status line: the first in full ("component 3 collapsed
/// onto a line (spurious)"), then the others by number.
fn describe_spurious(spurious: &[SpuriousComponent]) -> String {
    let Some((first, rest)) = spurious.split_first() else {
        return String::new();
    };
    let others: Vec<usize> = rest.iter().map(|s| s.component).collect();
    match others.len() {
        0 => first.describe(),
        1 => format!("{}; so is {}", first.describe(), describe_group(&others)),
        _ => format!("{}; so are {}", first.describe(), describe_group(&others)),
    }
}

/// `text` with its asides (between [`ASIDE`] marks) kept or left out, the marks dropped.
fn asides(text: &str, keep: bool) -> String {
    text.split(ASIDE)
        .enumerate()
        .filter(|(i, _)| keep || i % 2 == 0)
        .map(|(_, part)| part)
        .collect()
}

/// What identical components mean, at the start and after it.
fn identical_note(shown: &Shown, group: &[usize]) -> String {
    let k = shown.model.k();
    let who = if group.len() == k && k == 2 {
        "both components".to_string()
    } else if group.len() == k {
        format!("all {k} components")
    } else {
        describe_group(group)
    };
    if shown.iteration == 0 {
        let mean = shown.model.mean(group[0]);
        let at: Vec<String> = mean.iter().map(|v| trimmed(*v)).collect();
        return format!(
            "{who} start at ({}) with the same spread — space: watch EM keep them together",
            at.join(", ")
        );
    }
    let split = if group.len() == 2 {
        "every point is split 50/50 between them"
    } else {
        "every point splits equally among them"
    };
    // All K as one: the mixture's density is one Gaussian's, the data's mean and covariance
    // after one M-step — EM's fixed point, and exactly the one-component fit.
    let fixed = if group.len() == k {
        format!(
            "{ASIDE}: a fixed point of EM, exactly the one-component fit (its log L is K = 1's){ASIDE}"
        )
    } else {
        String::new()
    };
    format!(
        "collapsed: {who} are identical — {split}, so EM moves them as one{fixed} — p: nudge \
         apart · i: restart"
    )
}

/// A coordinate with at most two decimals and no trailing zeros: "10", "2.5".
fn trimmed(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}
