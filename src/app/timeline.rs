//! The iteration on screen. Space moves it on by an iteration (or half of one, with `e`); `←`/`→`
//! scrub through the iterations the run has kept, replaying forward from the past; `p` nudges
//! identical components apart there. [`Shown`] is what the screen then draws.

use crate::core::em::{Evaluation, collapsed_groups, describe_group, spread_apart};
use crate::core::{Gmm, Nudge};

use super::jobs::Request;
use super::{App, Mode};

/// How far a nudge moves identical components apart, in standard deviations of the data along
/// its main axis. At the trap the likelihood is flat to second order, so a hair's breadth
/// separates far too slowly for the convergence test (measured on the seed scenario: 1e-3 stops
/// at once with the default tol and, without one, takes 135 to 2,000+ iterations or never
/// escapes); half a standard deviation escapes in about 20 iterations on every seed tried.
pub const NUDGE_SPREAD: f64 = 0.5;

/// Which point of an iteration the screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// θ_t with the points coloured by θ_t's responsibilities.
    Whole,
    /// θ_{t+1} (after the M-step) with the points still coloured by θ_t's responsibilities.
    AfterMStep,
}

/// Which model a [`View`] coloured the points for.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewKey {
    Best { number: usize },
    Iteration { number: usize, t: usize },
}

/// The points of a model on screen other than the live run's, from one evaluation pass.
pub struct View {
    pub key: ViewKey,
    generation: u64,
    labels: Vec<u8>,
    certainty: Vec<u8>,
    sizes: Vec<f64>,
}

impl View {
    pub fn new(key: ViewKey, generation: u64, evaluation: Evaluation) -> View {
        let points = evaluation
            .points
            .unwrap_or_else(|| crate::core::em::PointState {
                labels: Vec::new(),
                certainty: Vec::new(),
            });
        View {
            key,
            generation,
            labels: points.labels,
            certainty: points.certainty,
            sizes: evaluation.moments.nk,
        }
    }
}

/// What is on screen: a model, its points' colours and certainty, and its run's curve.
pub struct Shown<'a> {
    pub model: &'a Gmm,
    pub colors: &'a [usize],
    /// Each point's most responsible component (empty while none are known).
    pub labels: &'a [u8],
    /// Each point's largest responsibility, 0–255.
    pub certainty: &'a [u8],
    /// N_k of the responsibilities the colours show.
    pub sizes: &'a [f64],
    /// The whole run's log-likelihoods, the start's first.
    pub trace: &'a [f64],
    /// The iteration shown (the last, unless scrubbed back).
    pub iteration: usize,
    /// Its 1-based run number.
    pub number: usize,
    pub phase: Phase,
    /// The points still show another iteration: their pass is being computed.
    pub points_pending: bool,
    /// Groups of identical components (numbered from 0).
    pub groups: Vec<Vec<usize>>,
    /// The change of log-likelihood of the nudge that set the parameters shown, if one did:
    /// their Δ is the nudge's own, not EM's.
    pub nudge: Option<f64>,
}

impl Shown<'_> {
    /// The log-likelihood of the parameters shown; unknown after an M-half-step until its
    /// E-step evaluates them.
    pub fn log_likelihood(&self) -> Option<f64> {
        match self.phase {
            Phase::Whole => self.trace.get(self.iteration).copied(),
            Phase::AfterMStep => None,
        }
    }

    /// The change of the shown iteration over the one before it — or, where a nudge set its
    /// parameters, the nudge's own change (from the parameters it nudged), not EM's step into
    /// the iteration as well.
    pub fn change(&self) -> Option<f64> {
        let now = self.log_likelihood()?;
        if self.nudge.is_some() {
            return self.nudge;
        }
        let before = self.trace.get(self.iteration.checked_sub(1)?)?;
        Some(now - before)
    }

    /// The identical group holding component `c`, if any.
    pub fn group_of(&self, c: usize) -> Option<&[usize]> {
        self.groups
            .iter()
            .find(|g| g.contains(&c))
            .map(Vec::as_slice)
    }
}

type Points<'a> = (&'a [u8], &'a [u8], &'a [f64]);

/// What space does next at the latest iteration, for a status that has just moved there.
fn what_space_does(half_steps: bool) -> &'static str {
    if half_steps {
        "space: M-step"
    } else {
        "space steps a whole iteration"
    }
}

/// The change the nudge that set iteration `t` made, if one did.
fn nudge_at(nudges: &[Nudge], t: usize) -> Option<f64> {
    nudges.iter().find(|n| n.at == t).map(|n| n.change)
}

impl App {
    /// What is on screen: the best run in best view, else the current run at the iteration
    /// shown.
    pub fn shown(&self) -> Option<Shown<'_>> {
        if self.show_best
            && let Some(best) = self.best_entry()
        {
            let ((labels, certainty, sizes), pending) = self.points_of(ViewKey::Best {
                number: best.number,
            });
            let model = &best.result.model;
            let iteration = best.result.trace.len().saturating_sub(1);
            return Some(Shown {
                model,
                colors: &best.colors,
                labels,
                certainty,
                sizes,
                trace: &best.result.trace,
                iteration,
                number: best.number,
                phase: Phase::Whole,
                points_pending: pending,
                groups: collapsed_groups(model, self.scale.typical),
                nudge: nudge_at(&best.nudges, iteration),
            });
        }
        self.run_shown()
    }

    /// The current run at the iteration it is at (or scrubbed to), whatever the view: the runs
    /// panel describes it by its own state even while the best run is on screen.
    pub fn run_shown(&self) -> Option<Shown<'_>> {
        let run = self.run.as_ref()?;
        let (model, iteration, phase) = match (run.scrub, &run.half) {
            (Some(t), _) => (run.em.parameters_at(t)?, t, Phase::Whole),
            (None, Some(half)) => (half, run.em.iteration(), Phase::AfterMStep),
            (None, None) => (run.em.model(), run.em.iteration(), Phase::Whole),
        };
        let ((labels, certainty, sizes), pending) = match run.scrub {
            Some(t) => self.points_of(ViewKey::Iteration {
                number: run.number,
                t,
            }),
            None => (self.live_points().unwrap_or((&[], &[], &[])), false),
        };
        Some(Shown {
            model,
            colors: &self.colors,
            labels,
            certainty,
            sizes,
            trace: run.em.trace(),
            iteration,
            number: run.number,
            phase,
            points_pending: pending,
            groups: collapsed_groups(model, self.scale.typical),
            nudge: match phase {
                Phase::Whole => nudge_at(run.em.nudges(), iteration),
                Phase::AfterMStep => None,
            },
        })
    }

    /// The live run's points: labels, certainty and N_k of its latest E-step.
    fn live_points(&self) -> Option<Points<'_>> {
        self.run
            .as_ref()
            .and_then(|r| Some((r.em.labels()?, r.em.certainty()?, r.em.component_sizes())))
    }

    /// The points of the model `key` names, once computed; until then the live run's, marked
    /// pending.
    fn points_of(&self, key: ViewKey) -> (Points<'_>, bool) {
        match self
            .view
            .as_ref()
            .filter(|v| v.key == key && v.generation == self.generation)
        {
            Some(v) => ((&v.labels, &v.certainty, &v.sizes), false),
            None => (self.live_points().unwrap_or((&[], &[], &[])), true),
        }
    }

    /// The model whose points must be computed apart from the live run's, if one is shown.
    pub(super) fn wanted_view(&self) -> Option<ViewKey> {
        if self.show_best {
            return self
                .best_entry()
                .map(|b| ViewKey::Best { number: b.number });
        }
        let run = self.run.as_ref()?;
        run.scrub.map(|t| ViewKey::Iteration {
            number: run.number,
            t,
        })
    }

    pub(super) fn view_model(&self, key: &ViewKey) -> Option<&Gmm> {
        match key {
            ViewKey::Best { number } => self
                .history
                .iter()
                .find(|h| h.number == *number && !h.abandoned)
                .map(|h| &h.result.model),
            ViewKey::Iteration { number, t } => self
                .run
                .as_ref()
                .filter(|r| r.number == *number)
                .and_then(|r| r.em.parameters_at(*t)),
        }
    }

    /// Asks for the points of the shown model when they are not there yet.
    pub(super) fn sync_view(&mut self) {
        let Some(key) = self.wanted_view() else {
            return;
        };
        let have = self
            .view
            .as_ref()
            .is_some_and(|v| v.key == key && v.generation == self.generation);
        if !have && !self.jobs.viewing(self.generation, &key) {
            let generation = self.generation;
            self.request(Request::View { generation, key });
        }
    }

    /// Space: on by one iteration (or half of one), or replaying forward when scrubbed back.
    pub(super) fn step_key(&mut self) {
        if self.refuse_in_best_view("space") {
            return;
        }
        self.mode = Mode::Paused;
        if self.run.is_none() {
            self.message = self.not_running_note();
            return;
        }
        if self.jobs.busy() {
            self.queue_step();
            return;
        }
        let replaying = self.run.as_ref().is_some_and(|r| r.scrub.is_some());
        if !self.forward() {
            self.message = Some(self.ended_note());
        } else if replaying {
            self.say_if_back_at_latest();
        }
    }

    /// After a key replayed one kept iteration: once that reaches the latest, the status says
    /// so and what space does next there (the scrub note said "iteration t of n" until then).
    fn say_if_back_at_latest(&mut self) {
        let next = what_space_does(self.half_steps);
        let Some(run) = self.run.as_ref() else {
            return;
        };
        if run.scrub.is_some() || run.em.status().is_finished() {
            return;
        }
        self.message = Some(format!(
            "back at the latest iteration, {} — {next}, r runs",
            run.em.iteration()
        ));
    }

    /// Space while a pass computes: one more whole iteration waits for it (the status line
    /// says so); beyond that the key is dropped, so that a held key stops when it is let go.
    fn queue_step(&mut self) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let whole = !self.half_steps && run.scrub.is_none() && !run.em.status().is_finished();
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
            .run
            .as_ref()
            .is_some_and(|r| !collapsed_groups(r.em.model(), self.scale.typical).is_empty());
        if identical {
            "this run has ended: its components are identical, and EM cannot part them — p nudges them apart and goes on, i starts another".into()
        } else {
            "this run has ended — i starts another, ← scrubs back through it".into()
        }
    }

    /// One move forward; `false` when the run has ended and there is nothing to replay.
    pub(super) fn forward(&mut self) -> bool {
        if self.jobs.busy() {
            return true;
        }
        let half_steps = self.half_steps;
        let Some(run) = self.run.as_mut() else {
            return false;
        };
        if let Some(t) = run.scrub {
            run.scrub = (t + 1 < run.em.iteration()).then_some(t + 1);
            self.touch();
            return true;
        }
        if run.em.status().is_finished() {
            return false;
        }
        if half_steps && run.half.is_none() {
            run.after_e_step = false;
            match run.em.next_parameters() {
                Ok(model) => run.half = Some(model),
                Err(degenerate) => {
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
        if self.refuse_in_best_view("r") {
            return;
        }
        self.mode = match self.mode {
            Mode::Paused => {
                let ended = self
                    .run
                    .as_ref()
                    .is_some_and(|r| r.em.status().is_finished() && r.scrub.is_none());
                if ended || (self.run.is_none() && self.starting().is_none()) {
                    self.message =
                        Some(self.not_running_note().unwrap_or_else(|| self.ended_note()));
                    Mode::Paused
                } else {
                    Mode::Running
                }
            }
            Mode::Running | Mode::RunningAll => Mode::Paused,
        };
    }

    /// `←`/`[`: one iteration back (or back before a half-step's M-step).
    pub(super) fn scrub_back(&mut self) {
        if self.refuse_in_best_view("←") {
            return;
        }
        let Some(run) = self.run.as_mut() else {
            return;
        };
        self.mode = Mode::Paused;
        let next = what_space_does(self.half_steps);
        run.after_e_step = false;
        if run.half.is_some() {
            if self.jobs.stepping() {
                // The E-step already computes from the M-step's parameters.
                self.message =
                    Some("the E-step is being computed — ← again once it is done".into());
                return;
            }
            run.half = None;
            self.message = Some(format!(
                "back at iteration {}: the M-step is undone — {next}",
                run.em.iteration()
            ));
            self.touch();
            return;
        }
        let at = run.scrub.unwrap_or(run.em.iteration());
        if at == 0 {
            self.message = Some("iteration 0 is the start — → goes forward".into());
            return;
        }
        run.scrub = Some(at - 1);
        self.touch();
    }

    /// `→`/`]`: one iteration forward through the kept ones, or a new one at the end.
    pub(super) fn scrub_forward(&mut self) {
        if self.run.as_ref().is_some_and(|r| r.scrub.is_some()) && !self.show_best {
            self.mode = Mode::Paused;
            self.forward();
            self.say_if_back_at_latest();
        } else {
            self.step_key();
        }
    }

    /// `e`: half-steps on or off.
    pub(super) fn toggle_half_steps(&mut self) {
        self.half_steps = !self.half_steps;
        let pending = self.run.as_ref().is_some_and(|r| r.half.is_some());
        self.message = Some(match (self.half_steps, pending) {
            // Turned on again between the halves: the E-step is what comes next.
            (true, true) => "half-steps: space does the E-step next (points recolour), then M-steps and E-steps in turn".into(),
            (true, false) => "half-steps: space does the M-step (ellipses move to fit the colours), then the E-step (points recolour)".into(),
            (false, true) => "whole iterations again — space completes this one".into(),
            (false, false) => "whole iterations again".into(),
        });
    }

    /// `p`: identical components at the shown iteration move apart along the data's main axis,
    /// and the run goes on from there (later iterations are dropped).
    pub(super) fn nudge(&mut self) {
        if self.refuse_in_best_view("p") {
            return;
        }
        let Some(run) = &self.run else {
            self.message = self.not_running_note();
            return;
        };
        let at = run.scrub.unwrap_or(run.em.iteration());
        let Some(model) = run.em.parameters_at(at) else {
            return;
        };
        let groups = collapsed_groups(model, self.scale.typical);
        if groups.is_empty() {
            // Half way through an iteration the nudge would start from the last whole one.
            let whole = if run.half.is_some() && run.scrub.is_none() {
                ", the last whole one"
            } else {
                ""
            };
            self.message = Some(format!(
                "p nudges identical components apart — none are identical at iteration {at}{whole}"
            ));
            return;
        }
        let (axis, deviation) = &self.axis;
        // A pair moves NUDGE_SPREAD standard deviations apart; in a larger group neighbours are
        // that over √(m − 1) apart, so twenty identical components stay within the data.
        let mut nudged = model.clone();
        for group in &groups {
            let spacing = NUDGE_SPREAD * deviation / ((group.len() - 1) as f64).sqrt();
            nudged = spread_apart(&nudged, std::slice::from_ref(group), axis, spacing);
        }
        let distance = NUDGE_SPREAD * deviation;
        let request = Request::Nudge {
            generation: self.generation,
            number: run.number,
            at,
            model: nudged,
            groups,
            distance,
        };
        self.mode = Mode::Paused;
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
        self.unarchive();
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let dropped = run.em.iteration() > at;
        run.em.nudge(at, model, evaluation);
        run.scrub = None;
        run.half = None;
        run.after_e_step = false;
        let names: Vec<String> = groups.iter().map(|g| describe_group(g)).collect();
        let by = if groups.iter().all(|g| g.len() == 2) {
            format!("{distance:.2} apart")
        } else {
            "apart".to_string()
        };
        self.message = Some(format!(
            "{} nudged {by} along the data's main axis at iteration {at}{} — space or r: watch EM pull them apart",
            names.join(", "),
            if dropped {
                " (later iterations dropped)"
            } else {
                ""
            },
        ));
        self.touch();
    }

    /// In best view the stepping keys would act on a run that is not on screen: say so instead.
    /// (When the best is the current run after all, best view simply ends and the key acts.)
    fn refuse_in_best_view(&mut self, key: &str) -> bool {
        if !self.show_best {
            return false;
        }
        let best = self.best_entry().map(|b| b.number);
        if self.run.as_ref().map(|r| r.number) == best {
            self.leave_best_view();
            return false;
        }
        // Only what is sure: the key acts on the current run, whatever it does there (that run
        // may have ended, or have nothing to nudge).
        let current = self
            .run
            .as_ref()
            .map_or(String::new(), |r| format!(", run {}", r.number));
        self.message = Some(format!(
            "this is the best run, finished: {key} acts on the current run{current} — b goes back \
             to it"
        ));
        true
    }
}
