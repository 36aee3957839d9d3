//! The keys that move along the run on screen: space (an iteration, or half of one), `r` (run or
//! pause), `←`/`→` (scrub), `p` (nudge identical components apart), `b` (the best run, or back).
//! Each reads the timeline and the run on screen — the current one, or one picked from the
//! history, which these keys replay and scrub as they do the current run — and asks the jobs for
//! the pass an iteration needs.

use crate::core::Gmm;
use crate::core::em::{Evaluation, collapsed_groups, nearly_identical_groups};

use super::App;
use super::jobs::Request;
use super::playback::Mode;
use super::position::Track;
use super::runs::Runs;
use super::timeline::{Showing, Timeline, nudge_note, nudged};

impl App {
    /// Space: on by one iteration (or half of one), or replaying forward when scrubbed back.
    pub(super) fn step_key(&mut self) {
        if self.timeline.picked().is_some() && self.timeline.position().is_some() {
            self.playback.pause();
            self.forward();
            return;
        }
        if self.refuse_in_picked_view("space") {
            return;
        }
        self.playback.pause();
        if self.runs.current().is_none() {
            self.message = self.not_running_note();
            return;
        }
        if self.jobs.busy() {
            self.queue_step();
            return;
        }
        let replaying = self.timeline.scrub().is_some();
        if !self.forward() {
            self.message = Some(self.ended_note());
        } else if replaying {
            self.say_if_back_at_latest();
        }
    }

    /// After a key replayed one kept iteration: once that reaches the latest, the status says
    /// so and what space does next there (the scrub note said "iteration t of n" until then).
    fn say_if_back_at_latest(&mut self) {
        let next = self.timeline.what_space_does();
        let Some(run) = self.runs.current() else {
            return;
        };
        if self.timeline.scrub().is_some() || run.em.status().is_finished() {
            return;
        }
        self.message = Some(format!(
            "back at the latest iteration, {} — {next}, r runs",
            run.em.iteration()
        ));
    }

    /// `e`: half-steps on or off, and what that means now: the colours on screen already are
    /// the E-step of the parameters shown, so a half-step begins with the M-step — and in the
    /// trap that M-step moves the identical components as one.
    pub(super) fn toggle_half_steps(&mut self) {
        let note = self.timeline.toggle_half_steps();
        let trapped = self.shown().is_some_and(|s| !s.groups.is_empty());
        let turned_on = self.timeline.half_steps() && self.timeline.half().is_none();
        self.message = Some(if turned_on && trapped {
            // Short enough for 80×24's two rows: why nothing moves matters more here than what
            // each half does, which the next two presses show.
            "half-steps: the colours already are the E-step, so the M-step comes next — it moves \
             the identical components as one, so nothing seems to change"
                .into()
        } else {
            note.to_string()
        });
    }

    /// Space while a pass computes: one more whole iteration waits for it (the status line
    /// says so); beyond that the key is dropped, so that a held key stops when it is let go.
    fn queue_step(&mut self) {
        let Some(run) = self.runs.current() else {
            return;
        };
        let whole = !self.timeline.half_steps()
            && self.timeline.scrub().is_none()
            && !run.em.status().is_finished();
        if whole && !self.jobs.step_waiting() {
            let request = Request::Step {
                generation: self.generation,
                number: run.number,
            };
            self.request(request);
        }
    }

    /// Why the run cannot go on, and what can: identical components are EM's fixed point, which
    /// only a nudge (or a new start) leaves.
    pub(super) fn ended_note(&self) -> String {
        let identical = self
            .runs
            .current()
            .is_some_and(|r| !collapsed_groups(r.em.model(), self.scale.typical).is_empty());
        if identical {
            "this run has ended collapsed: its components are identical, and EM cannot part them — p: nudge apart and go on · i: another start".into()
        } else {
            "this run has ended — i: another start · ←: scrub back through it".into()
        }
    }

    /// One move forward — a kept iteration replayed, the M-half of a half-step, or the pass of
    /// a whole iteration (or of the E-half) asked for; `false` when the run has ended and there
    /// is nothing to replay.
    pub(super) fn forward(&mut self) -> bool {
        if self.jobs.busy() {
            return true;
        }
        if let Some(track) = picked_track(&self.timeline, &self.runs) {
            let moved = self.timeline.replay(track);
            if moved {
                self.touch();
            }
            return moved;
        }
        let Some(run) = self.runs.current_mut() else {
            return false;
        };
        let track = Track {
            latest: run.em.iteration(),
            nudges: run.em.nudges(),
        };
        if self.timeline.replay(track) {
            self.touch();
            return true;
        }
        if run.em.status().is_finished() {
            return false;
        }
        if self.timeline.half_steps() && self.timeline.half().is_none() {
            match run.em.next_parameters() {
                Ok(model) => self.timeline.set_half(Some(model)),
                Err(degenerate) => {
                    self.timeline.set_half(None);
                    run.em.end(degenerate);
                    self.archive_if_finished();
                }
            }
            self.touch();
            return true;
        }
        let request = Request::Step {
            generation: self.generation,
            number: run.number,
        };
        self.request(request);
        true
    }

    /// `r`: run or pause.
    pub(super) fn toggle_run(&mut self) {
        let replaying_picked =
            self.timeline.picked().is_some() && self.timeline.position().is_some();
        if !replaying_picked && self.refuse_in_picked_view("r") {
            return;
        }
        let mode = match self.playback.mode() {
            Mode::Paused if replaying_picked => Mode::Running,
            Mode::Paused => {
                let ended = self.runs.current().is_some_and(|r| {
                    r.em.status().is_finished() && self.timeline.scrub().is_none()
                });
                if ended || (self.runs.current().is_none() && self.starting().is_none()) {
                    self.message =
                        Some(self.not_running_note().unwrap_or_else(|| self.ended_note()));
                    Mode::Paused
                } else {
                    Mode::Running
                }
            }
            Mode::Running | Mode::RunningAll => Mode::Paused,
        };
        self.playback.set_mode(mode);
    }

    /// `←`/`[`: one iteration back (or back before a half-step's M-step).
    pub(super) fn scrub_back(&mut self) {
        let track = match picked_track(&self.timeline, &self.runs) {
            Some(track) => track,
            None => {
                let Some(run) = self.runs.current() else {
                    return;
                };
                Track {
                    latest: run.em.iteration(),
                    nudges: run.em.nudges(),
                }
            }
        };
        self.playback.pause();
        let back = self.timeline.back(track, self.jobs.stepping());
        if let Some(note) = back.note {
            self.message = Some(note);
        }
        if back.moved {
            self.touch();
        }
    }

    /// `→`/`]`: one iteration forward through the kept ones, or a new one at the end.
    pub(super) fn scrub_forward(&mut self) {
        if let Some(number) = self.timeline.picked() {
            self.playback.pause();
            if !self.forward() {
                self.message = Some(format!(
                    "run {number} ends here — ←: scrub back · b: back to the current run"
                ));
            }
            return;
        }
        if self.runs.current().is_some() && self.timeline.scrub().is_some() {
            self.playback.pause();
            self.forward();
            self.say_if_back_at_latest();
        } else {
            self.step_key();
        }
    }

    /// `p`: identical components at the shown iteration move apart along the data's main axis,
    /// and the run goes on from there (later iterations are dropped).
    pub(super) fn nudge(&mut self) {
        if self.refuse_in_picked_view("p") {
            return;
        }
        let Some(run) = self.runs.current() else {
            self.message = self.not_running_note();
            return;
        };
        let at = self.timeline.scrub().unwrap_or(run.em.iteration());
        let Some(model) = run.em.parameters_at(at) else {
            return;
        };
        let mut groups = collapsed_groups(model, self.scale.typical);
        if groups.is_empty() {
            // Nearly identical ones leave the fixed point too slowly to watch: nudged as well.
            groups = nearly_identical_groups(model, self.scale.typical);
        }
        if groups.is_empty() {
            // Half way through an iteration the nudge would start from the last whole one.
            let whole = if self.timeline.half().is_some() && self.timeline.scrub().is_none() {
                ", the last whole one"
            } else {
                ""
            };
            self.message = Some(format!(
                "p nudges identical components apart — none are identical, or nearly, at \
                 iteration {at}{whole}"
            ));
            return;
        }
        let (model, distance) = nudged(model, &groups, (&self.main_axis.0, self.main_axis.1));
        let request = Request::Nudge {
            generation: self.generation,
            number: run.number,
            at,
            model,
            groups,
            distance,
        };
        self.playback.pause();
        self.request(request);
    }

    /// The nudged parameters, evaluated: the run goes on from them.
    pub(super) fn receive_nudge(
        &mut self,
        at: usize,
        model: Gmm,
        evaluation: Evaluation,
        groups: &[Vec<usize>],
        distance: f64,
    ) {
        self.runs.unarchive();
        let Some(run) = self.runs.current_mut() else {
            return;
        };
        let dropped = run.em.iteration() > at;
        run.em.nudge(at, model, evaluation);
        self.timeline.to_latest();
        self.message = Some(nudge_note(groups, distance, at, dropped));
        self.touch();
    }

    /// `b`: the best finished run on screen, or back to the current run from any run picked.
    pub(super) fn toggle_best(&mut self) {
        if self.timeline.picked().is_some() {
            self.leave_picked_view();
            return;
        }
        let Some(best) = self.runs.best().map(|b| b.number) else {
            self.message =
                Some("no finished run yet — the best run appears after the first".into());
            return;
        };
        if self.runs.current().is_some_and(|r| r.number == best) {
            let end = if self.timeline.scrub().is_some() {
                " (→ or space goes to its end)"
            } else {
                ""
            };
            self.message = Some(format!(
                "run {best} on screen is {}{end} — b has nothing else to show",
                self.runs.best_words()
            ));
            return;
        }
        self.show_run(best);
    }

    /// History run `number` on screen, from its end (the current run's own place is kept).
    pub(super) fn show_run(&mut self, number: usize) {
        self.timeline.show(Showing::Run { number, at: None });
        self.playback.pause();
        self.touch();
    }

    pub(super) fn leave_picked_view(&mut self) {
        if self.timeline.show(Showing::Current) {
            self.touch();
        }
    }

    /// With a history run on screen the keys that change a run would act on one that is not on
    /// screen: say so instead.
    fn refuse_in_picked_view(&mut self, key: &str) -> bool {
        let Some(picked) = self.timeline.picked() else {
            return false;
        };
        let best = self.runs.best().map(|b| b.number);
        let current = self.runs.current().map(|r| r.number);
        if current == Some(picked) {
            self.leave_picked_view();
            return false;
        }
        // Only what is sure: the key acts on the current run, whatever it does there (that run
        // may have ended, or have nothing to nudge).
        let current = current.map_or(String::new(), |n| format!(", run {n}"));
        let this = if best == Some(picked) {
            format!("this is run {picked}, {}", self.runs.best_words())
        } else {
            format!("this is run {picked}, from the history")
        };
        self.message = Some(format!(
            "{this}: {key} acts on the current run{current} — b: back to it"
        ));
        true
    }
}

/// The timeline of the history run on screen, if one is.
fn picked_track<'a>(timeline: &Timeline, runs: &'a Runs) -> Option<Track<'a>> {
    let em = runs.em_of(timeline.picked()?)?;
    Some(Track {
        latest: em.iteration(),
        nudges: em.nudges(),
    })
}
