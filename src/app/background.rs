//! The app's side of its background work (`jobs`): asking for work, turning a request into a job
//! from the state at the moment it launches, and applying each outcome to the state — or
//! dropping it, when it was for data, a model or a run no longer current.

use std::sync::Arc;

use crate::core::em::Evaluation;
use crate::core::{Gmm, RunStatus};

use super::App;
use super::jobs::{self, Job, Outcome, Request};
use super::view::{View, ViewKey};

impl App {
    /// Asks for `request`: launched at once when nothing is in flight, else queued (one step at
    /// most waits; a view replaces a waiting view).
    pub(super) fn request(&mut self, request: Request) {
        if self.jobs.busy() {
            self.jobs.queue(request, self.generation);
        } else {
            self.launch(request);
        }
    }

    /// Applies finished background work; returns whether anything changed.
    pub fn poll_work(&mut self) -> bool {
        let mut changed = false;
        while let Some(outcome) = self.jobs.try_take() {
            self.receive(outcome);
            changed = true;
        }
        if changed {
            // New data moves the points under the inspector's cursor.
            self.inspector.sync(&self.data, &self.plot);
        }
        changed
    }

    /// Waits for all background work, applying each result (tests and benchmarks).
    pub fn wait_work(&mut self) {
        self.poll_work();
        while let Some(outcome) = self.jobs.wait() {
            self.receive(outcome);
        }
        self.inspector.sync(&self.data, &self.plot);
    }

    /// Asks for the points of the shown model when they are not there yet.
    pub(super) fn sync_view(&mut self) {
        if let Some(key) = self.timeline.missing_view(&self.runs, self.generation)
            && !self.jobs.viewing(self.generation, &key)
        {
            let generation = self.generation;
            self.request(Request::View { generation, key });
        }
    }

    fn receive(&mut self, outcome: Result<Outcome, ()>) {
        match outcome {
            Ok(outcome) => self.apply(outcome),
            Err(()) => self.fail("a background computation failed unexpectedly".into()),
        }
        self.sync_view();
        while let Some(request) = self.jobs.next_queued() {
            self.launch(request);
        }
    }

    /// Turns `request` into a job from the state now and launches it; a request gone stale, or
    /// with nothing left to do, is dropped.
    fn launch(&mut self, request: Request) {
        if request.stale(self.generation) {
            return;
        }
        let data = Arc::clone(&self.data);
        let job: Job = match &request {
            Request::Start {
                generation,
                number,
                start,
            } => {
                let started = (*generation, *number, start.clone());
                let options = self.options.clone();
                let numbering = self.numbering();
                Box::new(move || jobs::start_run(&data, started, &options, &numbering))
            }
            Request::Step { number, .. } => {
                let Some((model, from)) = self.next_step(*number) else {
                    return;
                };
                let request = request.clone();
                Box::new(move || jobs::evaluate(&data, request, model, from))
            }
            Request::Nudge { model, .. } => {
                let from = self.runs.current().map_or(0, |r| r.em.iteration());
                let (request, model) = (request.clone(), model.clone());
                Box::new(move || jobs::evaluate(&data, request, model, from))
            }
            Request::View { key, .. } => {
                let Some(model) = self.wanted_model(key) else {
                    return;
                };
                let request = request.clone();
                Box::new(move || jobs::evaluate(&data, request, model, 0))
            }
            Request::NewData {
                scenario,
                points,
                seed,
            } => {
                let (scenario, points, seed) = (scenario.clone(), *points, *seed);
                Box::new(move || jobs::new_data(&scenario, points, seed))
            }
        };
        // New data is as large as the data it replaces, whatever that was.
        let points = match &request {
            Request::NewData { points, .. } => *points,
            _ => self.data.n(),
        };
        let inline = points * self.options.k <= self.background_above;
        self.jobs.launch(request, inline, job);
    }

    /// What a new run is numbered after: the scenario's truth for as many components as it
    /// has, then the components beyond those of the run [`super::Runs::numbering_model`] names
    /// (all of them where there is no truth). So a cluster keeps its number, and its colour,
    /// from run to run, and the number of the truth (`tr`) it stands for.
    fn numbering(&self) -> jobs::Numbering {
        let d = self.data.dim();
        let mut reference: Vec<Vec<f64>> = self
            .source
            .scenario()
            .filter(|s| s.dim() == d)
            .map(|s| s.components.iter().map(|c| c.mean.clone()).collect())
            .unwrap_or_default();
        if let Some(model) = self.runs.numbering_model() {
            let from = reference.len();
            reference.extend((from..model.k()).map(|c| model.mean(c).to_vec()));
        }
        jobs::Numbering {
            reference,
            variances: self.scale.variances.clone(),
        }
    }

    /// The parameters whose E-step completes run `number`'s iteration — the M-half's when one
    /// is done, else the M-step's computed now — and the iteration they follow. `None` when the
    /// run has ended, or ends now (a degenerate M-step).
    fn next_step(&mut self, number: usize) -> Option<(Gmm, usize)> {
        let run = self.runs.current_mut().filter(|r| r.number == number)?;
        if run.em.status().is_finished() {
            return None;
        }
        let from = run.em.iteration();
        let next = match self.timeline.half() {
            Some(model) => Ok(model.clone()),
            None => run.em.next_parameters(),
        };
        match next {
            Ok(model) => Some((model, from)),
            Err(degenerate) => {
                run.em.end(degenerate);
                self.archive_if_finished();
                None
            }
        }
    }

    /// The model of the view `key`, while it is still the one wanted on screen.
    fn wanted_model(&self, key: &ViewKey) -> Option<Gmm> {
        if self.timeline.wanted_view(&self.runs).as_ref() != Some(key) {
            return None;
        }
        self.runs.model_for(key).cloned()
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Started {
                generation,
                number,
                start,
                result,
            } => {
                if generation != self.generation {
                    return;
                }
                match result {
                    Ok(em) => self.receive_run(number, start, em),
                    Err(problem) => self.fail(problem),
                }
            }
            Outcome::Evaluated {
                request,
                model,
                from,
                result,
            } => self.apply_evaluation(request, model, from, result),
            Outcome::NewData {
                seed,
                data,
                derived,
            } => self.receive_data(seed, data, derived),
        }
    }

    /// A pass has come back: the E-step of the current run's iteration, a nudge to go on from,
    /// or the points of a model shown — each only while what it was for is still current.
    fn apply_evaluation(
        &mut self,
        request: Request,
        model: Gmm,
        from: usize,
        result: Result<Evaluation, usize>,
    ) {
        let current = |number: usize, generation: u64, app: &App| {
            generation == app.generation && app.runs.current().is_some_and(|r| r.number == number)
        };
        match request {
            Request::Step { generation, number } if current(number, generation, self) => {
                self.complete_step(model, from, result);
            }
            Request::Nudge {
                generation,
                number,
                at,
                groups,
                distance,
                ..
            } if current(number, generation, self) => match result {
                Ok(evaluation) => self.receive_nudge(at, model, evaluation, &groups, distance),
                Err(c) => {
                    self.message = Some(format!(
                        "the nudge left component {} without a valid covariance",
                        c + 1
                    ));
                }
            },
            Request::View { generation, key } if generation == self.generation => {
                if let Ok(evaluation) = result
                    && self.timeline.wanted_view(&self.runs).as_ref() == Some(&key)
                {
                    self.timeline
                        .keep_view(View::new(key, generation, evaluation));
                    self.touch();
                }
            }
            _ => {}
        }
    }

    /// The E-step pass of the current run's iteration (from iteration `from`, to `model`) has
    /// come back: the run advances to it, or ends on a singular covariance.
    fn complete_step(&mut self, model: Gmm, from: usize, result: Result<Evaluation, usize>) {
        let Some(run) = self.runs.current_mut() else {
            return;
        };
        if run.em.iteration() != from || run.em.status().is_finished() {
            return;
        }
        self.timeline.complete_half(result.is_ok());
        match result {
            Ok(evaluation) => {
                run.em.advance(model, evaluation);
            }
            Err(c) => {
                run.em.end(RunStatus::SingularCovariance(c));
            }
        }
        self.touch();
        self.archive_if_finished();
    }
}
