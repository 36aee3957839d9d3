//! Where on the runs the screen is: which run (the current one, or the best in best view), which
//! of its iterations (the latest, or one scrubbed back to with `←`/`→`), which half of it
//! (half-steps, `e`), and the points computed for a model other than the live run's.
//! [`Timeline::shown`] puts these together into what the screen draws.

use crate::core::em::{collapsed_groups, describe_group, spread_apart};
use crate::core::{Gmm, Nudge};

use super::runs::Runs;
use super::view::{NO_POINTS, Phase, Points, Shown, View, ViewKey};

/// How far a nudge moves identical components apart, in standard deviations of the data along
/// its main axis. At the trap the likelihood is flat to second order, so a hair's breadth
/// separates far too slowly for the convergence test (measured on the seed scenario: 1e-3 stops
/// at once with the default tol and, without one, takes 135 to 2,000+ iterations or never
/// escapes); half a standard deviation escapes in about 20 iterations on every seed tried.
pub const NUDGE_SPREAD: f64 = 0.5;

/// Which run is on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Showing {
    /// The current run, at its latest iteration or one scrubbed back to.
    #[default]
    Current,
    /// The best finished run, at its end (`b`).
    Best,
}

/// The position on screen and what it has computed for it.
#[derive(Default)]
pub struct Timeline {
    /// Space does half an iteration (`e`).
    half_steps: bool,
    showing: Showing,
    /// The current run's past iteration on screen when scrubbed back (`None`: the latest).
    scrub: Option<usize>,
    /// θ_{t+1} after the M-half of the current run's half-stepped iteration, before its E-step.
    half: Option<Gmm>,
    /// The latest iteration was completed by the E-step of a half-stepped one and nothing has
    /// moved since: only then may the status say "E-step done".
    after_e_step: bool,
    /// Points of a model on screen other than the live run's (best run, past iteration).
    view: Option<View>,
}

/// A move back along the timeline: whether the screen moved, and what to say of it.
pub struct Back {
    pub moved: bool,
    pub note: Option<String>,
}

impl Timeline {
    /// Whether space does half an iteration.
    pub fn half_steps(&self) -> bool {
        self.half_steps
    }

    pub fn showing_best(&self) -> bool {
        self.showing == Showing::Best
    }

    /// The current run's past iteration on screen, when scrubbed back.
    pub fn scrub(&self) -> Option<usize> {
        self.scrub
    }

    /// The M-half of the current run's iteration, while its E-step is to come.
    pub fn half(&self) -> Option<&Gmm> {
        self.half.as_ref()
    }

    /// Whether the latest move was the E-step completing a half-stepped iteration.
    pub fn after_e_step(&self) -> bool {
        self.after_e_step
    }

    /// What space does next at the latest iteration, for a status that has just moved there.
    pub fn what_space_does(&self) -> &'static str {
        if self.half_steps {
            "space: M-step"
        } else {
            "space steps a whole iteration"
        }
    }

    /// Everything forgotten but the half-step setting: new data or a new model.
    pub fn start_over(&mut self) {
        *self = Timeline {
            half_steps: self.half_steps,
            ..Timeline::default()
        };
    }

    /// At the latest iteration of the current run, whole: a new run has arrived, or the run
    /// goes on from a nudge.
    pub fn to_latest(&mut self) {
        self.scrub = None;
        self.half = None;
        self.after_e_step = false;
    }

    /// The points computed for another model are no longer wanted (the run was put away).
    pub fn forget_view(&mut self) {
        self.view = None;
    }

    /// Best view on or off; whether that changed what is on screen.
    pub fn show(&mut self, showing: Showing) -> bool {
        let changed = self.showing != showing;
        self.showing = showing;
        changed
    }

    /// `e`: half-steps on or off, and what that means now.
    pub fn toggle_half_steps(&mut self) -> &'static str {
        self.half_steps = !self.half_steps;
        match (self.half_steps, self.half.is_some()) {
            // Turned on again between the halves: the E-step is what comes next.
            (true, true) => {
                "half-steps: space does the E-step next (points recolour), then M-steps and E-steps in turn"
            }
            (true, false) => {
                "half-steps: space does the M-step (ellipses move to fit the colours), then the E-step (points recolour)"
            }
            (false, true) => "whole iterations again — space completes this one",
            (false, false) => "whole iterations again",
        }
    }

    /// The M-half of an iteration is done (`Some`), or could not be (`None`: the run ends).
    pub fn set_half(&mut self, model: Option<Gmm>) {
        self.after_e_step = false;
        self.half = model;
    }

    /// The E-step of the iteration has come back, `evaluated` or not: an M-half before it is
    /// complete.
    pub fn complete_half(&mut self, evaluated: bool) {
        let completes_half = self.half.take().is_some();
        self.after_e_step = completes_half && evaluated;
    }

    /// `←` on a run at iteration `latest`: back before the M-half of a half-step (unless its
    /// E-step is already `computing`), else one iteration back.
    pub fn back(&mut self, latest: usize, computing: bool) -> Back {
        self.after_e_step = false;
        if self.half.is_some() {
            if computing {
                // The E-step already computes from the M-step's parameters.
                let note = "the E-step is being computed — ← again once it is done";
                return Back {
                    moved: false,
                    note: Some(note.into()),
                };
            }
            self.half = None;
            let note = format!(
                "back at iteration {latest}: the M-step is undone — {}",
                self.what_space_does()
            );
            return Back {
                moved: true,
                note: Some(note),
            };
        }
        let at = self.scrub.unwrap_or(latest);
        if at == 0 {
            let note = "iteration 0 is the start — → goes forward";
            return Back {
                moved: false,
                note: Some(note.into()),
            };
        }
        self.scrub = Some(at - 1);
        Back {
            moved: true,
            note: None,
        }
    }

    /// Scrubbed back on a run at iteration `latest`: one kept iteration forward (back at the
    /// latest after it). `false` when not scrubbed back.
    pub fn replay(&mut self, latest: usize) -> bool {
        let Some(t) = self.scrub else {
            return false;
        };
        self.scrub = (t + 1 < latest).then_some(t + 1);
        true
    }

    /// The model whose points must be computed apart from the live run's, if one is shown.
    pub fn wanted_view(&self, runs: &Runs) -> Option<ViewKey> {
        if self.showing_best() {
            return runs.best().map(|b| ViewKey::Best { number: b.number });
        }
        let run = runs.current()?;
        self.scrub.map(|t| ViewKey::Iteration {
            number: run.number,
            t,
        })
    }

    /// The wanted view's key when its points are not there yet.
    pub fn missing_view(&self, runs: &Runs, generation: u64) -> Option<ViewKey> {
        let key = self.wanted_view(runs)?;
        let have = self
            .view
            .as_ref()
            .is_some_and(|v| v.is_for(&key, generation));
        (!have).then_some(key)
    }

    /// The points of a shown model have been computed.
    pub fn keep_view(&mut self, view: View) {
        self.view = Some(view);
    }

    /// What is on screen: the best run in best view, else the current run at the iteration
    /// shown. `typical` is the data's typical scale (identical components are told within it),
    /// `generation` the data and model now.
    pub fn shown<'a>(&'a self, runs: &'a Runs, typical: f64, generation: u64) -> Option<Shown<'a>> {
        if self.showing_best()
            && let Some(best) = runs.best()
        {
            let key = ViewKey::Best {
                number: best.number,
            };
            let ((labels, certainty, sizes), pending) = self.points_of(&key, runs, generation);
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
                groups: collapsed_groups(model, typical),
                nudge: nudge_at(&best.nudges, iteration),
            });
        }
        self.run_shown(runs, typical, generation)
    }

    /// The current run at the iteration it is at (or scrubbed to), whatever the view: the runs
    /// panel describes it by its own state even while the best run is on screen.
    pub fn run_shown<'a>(
        &'a self,
        runs: &'a Runs,
        typical: f64,
        generation: u64,
    ) -> Option<Shown<'a>> {
        let run = runs.current()?;
        let (model, iteration, phase) = match (self.scrub, &self.half) {
            (Some(t), _) => (run.em.parameters_at(t)?, t, Phase::Whole),
            (None, Some(half)) => (half, run.em.iteration(), Phase::AfterMStep),
            (None, None) => (run.em.model(), run.em.iteration(), Phase::Whole),
        };
        let ((labels, certainty, sizes), pending) = match self.scrub {
            Some(t) => {
                let key = ViewKey::Iteration {
                    number: run.number,
                    t,
                };
                self.points_of(&key, runs, generation)
            }
            None => (live_points(runs).unwrap_or(NO_POINTS), false),
        };
        Some(Shown {
            model,
            colors: runs.colors(),
            labels,
            certainty,
            sizes,
            trace: run.em.trace(),
            iteration,
            number: run.number,
            phase,
            points_pending: pending,
            groups: collapsed_groups(model, typical),
            nudge: match phase {
                Phase::Whole => nudge_at(run.em.nudges(), iteration),
                Phase::AfterMStep => None,
            },
        })
    }

    /// The points of the model `key` names, once computed; until then the live run's, marked
    /// pending.
    fn points_of<'a>(
        &'a self,
        key: &ViewKey,
        runs: &'a Runs,
        generation: u64,
    ) -> (Points<'a>, bool) {
        match self.view.as_ref().filter(|v| v.is_for(key, generation)) {
            Some(v) => (v.points(), false),
            None => (live_points(runs).unwrap_or(NO_POINTS), true),
        }
    }
}

/// The live run's points: labels, certainty and N_k of its latest E-step.
fn live_points(runs: &Runs) -> Option<Points<'_>> {
    let em = &runs.current()?.em;
    Some((em.labels()?, em.certainty()?, em.component_sizes()))
}

/// The change the nudge that set iteration `t` made, if one did.
fn nudge_at(nudges: &[Nudge], t: usize) -> Option<f64> {
    nudges.iter().find(|n| n.at == t).map(|n| n.change)
}

/// `model` with each group of identical components in `groups` spread apart along the data's
/// main `axis` (its standard deviation along it `deviation`), and how far a pair moves apart.
/// A pair moves [`NUDGE_SPREAD`] standard deviations apart; in a larger group neighbours are
/// that over √(m − 1) apart, so twenty identical components stay within the data.
pub fn nudged(model: &Gmm, groups: &[Vec<usize>], (axis, deviation): (&[f64], f64)) -> (Gmm, f64) {
    let mut nudged = model.clone();
    for group in groups {
        let spacing = NUDGE_SPREAD * deviation / ((group.len() - 1) as f64).sqrt();
        nudged = spread_apart(&nudged, std::slice::from_ref(group), axis, spacing);
    }
    (nudged, NUDGE_SPREAD * deviation)
}

/// What a nudge of `groups` at iteration `at` did: how far apart (a pair `distance`), and
/// whether later iterations were `dropped`.
pub fn nudge_note(groups: &[Vec<usize>], distance: f64, at: usize, dropped: bool) -> String {
    let names: Vec<String> = groups.iter().map(|g| describe_group(g)).collect();
    let by = if groups.iter().all(|g| g.len() == 2) {
        format!("{distance:.2} apart")
    } else {
        "apart".to_string()
    };
    format!(
        "{} nudged {by} along the data's main axis at iteration {at}{} — space or r: watch EM pull them apart",
        names.join(", "),
        if dropped {
            " (later iterations dropped)"
        } else {
            ""
        },
    )
}
