//! Where on the runs the screen is: which run (the current one, or one from the history — the
//! best with `b`, any with Tab, ↑/↓, Enter), which place on it (its latest iteration, or one
//! scrubbed back to with `←`/`→`, by halves with half-steps), and the points computed for a model
//! other than the live run's. [`Timeline::shown`] puts these together into what the screen draws.

use crate::core::em::{collapsed_groups, describe_group, spread_apart};
use crate::core::{EmRun, Gmm, Nudge};

use super::position::{Position, Track};
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
    /// A run from the history (the best with `b`, any with Tab, ↑/↓, Enter), at its end
    /// (`at` is `None`) or a place scrubbed back to.
    Run { number: usize, at: Option<Position> },
}

/// The position on screen and what it has computed for it.
#[derive(Default)]
pub struct Timeline {
    /// Space does half an iteration (`e`).
    half_steps: bool,
    showing: Showing,
    /// The current run's place on screen when scrubbed back (`None`: the latest).
    scrub: Option<Position>,
    /// θ_{t+1} after the M-half of the current run's half-stepped iteration, before its E-step.
    half: Option<Gmm>,
    /// The latest iteration was completed by the E-step of a half-stepped one and nothing has
    /// moved since: only then may the status say "E-step done".
    after_e_step: bool,
    /// Points of a model on screen other than the live run's (a history run, a past iteration).
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

    /// The history run on screen, if one is (`None`: the current run).
    pub fn picked(&self) -> Option<usize> {
        match self.showing {
            Showing::Current => None,
            Showing::Run { number, .. } => Some(number),
        }
    }

    /// The current run's past iteration on screen, when scrubbed back.
    pub fn scrub(&self) -> Option<usize> {
        self.scrub.map(|p| p.t)
    }

    /// The place on the run on screen when it is not that run's end (or latest iteration).
    pub fn position(&self) -> Option<Position> {
        match self.showing {
            Showing::Current => self.scrub,
            Showing::Run { at, .. } => at,
        }
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

    /// Another run on screen (or the same one from its end); whether that changed what is on
    /// screen.
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
                "half-steps: the colours already are the E-step of the parameters shown, so space does the M-step next (ellipses refit), then the E-step (points recolour)"
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

    /// `←` on the run on screen, whose timeline is `track`: back before the M-half of the
    /// current run's half-step (unless its E-step is already `computing`), else one place back
    /// (by halves with half-steps).
    pub fn back(&mut self, track: Track, computing: bool) -> Back {
        self.after_e_step = false;
        if self.half.is_some() && self.showing == Showing::Current {
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
                "back at iteration {}: the M-step is undone — {}",
                track.latest,
                self.what_space_does()
            );
            return Back {
                moved: true,
                note: Some(note),
            };
        }
        let at = self.position().unwrap_or(Position::whole(track.latest));
        let Some(back) = track.back(at, self.half_steps) else {
            let note = "iteration 0 is the start — → goes forward";
            return Back {
                moved: false,
                note: Some(note.into()),
            };
        };
        self.set_position(Some(back));
        Back {
            moved: true,
            note: None,
        }
    }

    /// Scrubbed back on the run on screen (its timeline `track`): one place forward (at its
    /// end after the last). `false` when not scrubbed back.
    pub fn replay(&mut self, track: Track) -> bool {
        let Some(at) = self.position() else {
            return false;
        };
        self.set_position(track.forward(at, self.half_steps));
        true
    }

    fn set_position(&mut self, at: Option<Position>) {
        match &mut self.showing {
            Showing::Current => self.scrub = at,
            Showing::Run { at: place, .. } => *place = at,
        }
    }

    /// The model whose points must be computed apart from the live run's, if one is shown.
    pub fn wanted_view(&self, runs: &Runs) -> Option<ViewKey> {
        match self.showing {
            Showing::Run { number, at } => {
                let last = runs.em_of(number)?.iteration();
                let t = at.map_or(last, |p| p.t);
                Some(ViewKey { number, t })
            }
            Showing::Current => {
                let number = runs.current()?.number;
                self.scrub.map(|p| ViewKey { number, t: p.t })
            }
        }
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

    /// What is on screen: the history run picked, else the current run at the place shown.
    /// `typical` is the data's typical scale (identical components are told within it),
    /// `generation` the data and model now.
    pub fn shown<'a>(&'a self, runs: &'a Runs, typical: f64, generation: u64) -> Option<Shown<'a>> {
        if let Showing::Run { number, at } = self.showing
            && let Some(entry) = runs.history().iter().find(|h| h.number == number)
        {
            let at = at.unwrap_or(Position::whole(entry.em.iteration()));
            return self.shown_at((number, &entry.em), at, runs, (typical, generation));
        }
        self.run_shown(runs, typical, generation)
    }

    /// The current run at the iteration it is at (or scrubbed to), whatever the view: the runs
    /// panel describes it by its own state even while another run is on screen.
    pub fn run_shown<'a>(
        &'a self,
        runs: &'a Runs,
        typical: f64,
        generation: u64,
    ) -> Option<Shown<'a>> {
        let run = runs.current()?;
        let place = (run.number, &run.em);
        if let Some(at) = self.scrub {
            return self.shown_at(place, at, runs, (typical, generation));
        }
        let (model, phase) = match &self.half {
            Some(half) => (half, Phase::AfterMStep),
            None => (run.em.model(), Phase::Whole),
        };
        let iteration = run.em.iteration();
        let points = live_points(runs).unwrap_or(NO_POINTS);
        Some(Shown {
            model,
            labels: points.labels,
            certainty: points.certainty,
            sizes: points.moments.map_or(&[], |m| m.nk.as_slice()),
            moments: points.moments,
            trace: run.em.trace(),
            iteration,
            number: run.number,
            phase,
            points_pending: false,
            groups: collapsed_groups(model, typical),
            nudge: match phase {
                Phase::Whole => nudge_at(run.em.nudges(), iteration),
                Phase::AfterMStep => None,
            },
        })
    }

    /// Run (`number`, its EM run) at place `at`, its points from the view of
    /// iteration `at.t` (the live run's, marked pending, until it is computed).
    fn shown_at<'a>(
        &'a self,
        (number, em): (usize, &'a EmRun),
        at: Position,
        runs: &'a Runs,
        (typical, generation): (f64, u64),
    ) -> Option<Shown<'a>> {
        let model = em.parameters_at(at.t + usize::from(at.half))?;
        let key = ViewKey { number, t: at.t };
        let (points, pending) = self.points_of(&key, runs, generation);
        let phase = if at.half {
            Phase::AfterMStep
        } else {
            Phase::Whole
        };
        Some(Shown {
            model,
            labels: points.labels,
            certainty: points.certainty,
            sizes: points.moments.map_or(&[], |m| m.nk.as_slice()),
            // The live run's sums stand in for the sizes meanwhile, never for an M-step.
            moments: points.moments.filter(|_| !pending),
            trace: em.trace(),
            iteration: at.t,
            number,
            phase,
            points_pending: pending,
            groups: collapsed_groups(model, typical),
            nudge: (!at.half).then(|| nudge_at(em.nudges(), at.t)).flatten(),
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

/// The live run's points: labels, certainty and sums of its latest E-step.
fn live_points(runs: &Runs) -> Option<Points<'_>> {
    let em = &runs.current()?.em;
    Some(Points {
        labels: em.labels()?,
        certainty: em.certainty()?,
        moments: Some(em.moments()),
    })
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
