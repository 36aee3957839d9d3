//! The heavy work — starting a restart (k-means++ and the first pass), the E-step pass of an
//! iteration, the pass that colours a past iteration or the best run, drawing new data — and
//! how each result is applied.
//!
//! One job runs at a time; requests made meanwhile wait in a short queue. A request is turned
//! into work only when it launches, from the state at that moment, and every result carries the
//! generation (data and model) and run it was for: a result for something no longer on screen is
//! dropped.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::core::em::{Evaluation, evaluate_model, principal_axis};
use crate::core::fit::{DataScale, data_scale};
use crate::core::scenario::Scenario;
use crate::core::{Dataset, EmRun, Gmm, RunStatus, Start};

use super::App;
use super::timeline::{View, ViewKey};
use super::work::Worker;

/// Work the app wants done.
#[derive(Clone, Debug)]
pub(super) enum Request {
    /// Restart `number` from `start`.
    Start {
        generation: u64,
        number: usize,
        start: Start,
    },
    /// The E-step that completes the current iteration of run `number`.
    Step { generation: u64, number: usize },
    /// Run `number`'s iteration `at`, its identical components spread to `model`.
    Nudge {
        generation: u64,
        number: usize,
        at: usize,
        model: Gmm,
        groups: Vec<Vec<usize>>,
        distance: f64,
    },
    /// The points of a model shown other than live.
    View { generation: u64, key: ViewKey },
    NewData {
        scenario: Scenario,
        points: usize,
        seed: u64,
    },
}

impl Request {
    /// Whether it was made for data or a model no longer current.
    fn stale(&self, generation: u64) -> bool {
        match self {
            Request::Start { generation: g, .. }
            | Request::Step { generation: g, .. }
            | Request::Nudge { generation: g, .. }
            | Request::View { generation: g, .. } => *g != generation,
            Request::NewData { .. } => false,
        }
    }
}

/// What came back.
enum Outcome {
    Started {
        generation: u64,
        number: usize,
        start: Start,
        result: Result<EmRun, String>,
    },
    Evaluated {
        request: Request,
        model: Gmm,
        /// The iteration the run was at when the pass began.
        from: usize,
        result: Result<Evaluation, usize>,
    },
    NewData {
        seed: u64,
        data: Dataset,
        derived: (DataScale, (Vec<f64>, f64)),
    },
}

/// The job in flight and the requests waiting.
#[derive(Default)]
pub(super) struct Jobs {
    worker: Worker<Outcome>,
    in_flight: Option<Request>,
    queue: VecDeque<Request>,
}

/// Requests waiting at most; older ones give way (a held key must not build a backlog).
const QUEUE: usize = 4;

impl Jobs {
    pub fn busy(&self) -> bool {
        self.worker.busy()
    }

    pub fn computing(&self) -> bool {
        self.worker.computing()
    }

    /// The run number being started, if a start is in flight or waiting.
    pub fn starting(&self) -> Option<usize> {
        self.in_flight
            .iter()
            .chain(&self.queue)
            .find_map(|r| match r {
                Request::Start { number, .. } => Some(*number),
                _ => None,
            })
    }

    /// Whether a step is in flight or waiting.
    pub fn stepping(&self) -> bool {
        self.in_flight
            .iter()
            .chain(&self.queue)
            .any(|r| matches!(r, Request::Step { .. }))
    }

    /// Whether a step waits in the queue behind the job in flight.
    pub fn step_waiting(&self) -> bool {
        self.queue.iter().any(|r| matches!(r, Request::Step { .. }))
    }

    /// What the job on a background thread is doing, in words, if one is.
    pub fn computing_what(&self) -> Option<&'static str> {
        if !self.worker.computing() {
            return None;
        }
        self.in_flight.as_ref().map(|r| match r {
            Request::Start { .. } => "starting a run",
            Request::Step { .. } => "computing the next iteration",
            Request::Nudge { .. } => "evaluating the nudge",
            Request::View { .. } => "colouring the points",
            Request::NewData { .. } => "drawing new data",
        })
    }

    /// Whether new data is being drawn.
    pub fn drawing_data(&self) -> bool {
        self.in_flight
            .iter()
            .chain(&self.queue)
            .any(|r| matches!(r, Request::NewData { .. }))
    }

    /// Whether the points of `key` are being computed or asked for.
    pub fn viewing(&self, generation: u64, key: &ViewKey) -> bool {
        self.in_flight.iter().chain(&self.queue).any(
            |r| matches!(r, Request::View { generation: g, key: k } if g == &generation && k == key),
        )
    }

    fn try_take(&mut self) -> Option<Result<Outcome, ()>> {
        let outcome = self.worker.try_take();
        if outcome.is_some() {
            self.in_flight = None;
        }
        outcome
    }

    fn wait(&mut self) -> Option<Result<Outcome, ()>> {
        let outcome = self.worker.wait();
        self.in_flight = None;
        outcome
    }
}

impl App {
    /// Asks for `request`: launched at once when nothing is in flight, else queued (one step at
    /// most waits; a view replaces a waiting view).
    pub(super) fn request(&mut self, request: Request) {
        if !self.jobs.busy() {
            self.launch(request);
            return;
        }
        let now = self.generation;
        let queue = &mut self.jobs.queue;
        queue.retain(|r| !r.stale(now));
        match &request {
            Request::Step { .. } if queue.iter().any(|r| matches!(r, Request::Step { .. })) => {
                return;
            }
            Request::View { .. } => queue.retain(|r| !matches!(r, Request::View { .. })),
            _ => {}
        }
        if queue.len() >= QUEUE {
            queue.pop_front();
        }
        queue.push_back(request);
    }

    /// Launches waiting requests while nothing is in flight.
    pub(super) fn launch_queued(&mut self) {
        while !self.jobs.busy() {
            let Some(request) = self.jobs.queue.pop_front() else {
                return;
            };
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
        changed
    }

    /// Waits for all background work, applying each result (tests and benchmarks).
    pub fn wait_work(&mut self) {
        self.poll_work();
        while let Some(outcome) = self.jobs.wait() {
            self.receive(outcome);
        }
    }

    fn receive(&mut self, outcome: Result<Outcome, ()>) {
        match outcome {
            Ok(outcome) => self.apply(outcome),
            Err(()) => self.fail("a background computation failed unexpectedly".into()),
        }
        self.sync_view();
        self.launch_queued();
    }

    /// Turns `request` into work, from the state now; a request gone stale is dropped.
    fn launch(&mut self, request: Request) {
        let data = Arc::clone(&self.data);
        let inline = data.n() * self.options.k <= self.background_above;
        if request.stale(self.generation) {
            return;
        }
        match &request {
            Request::Start {
                generation,
                number,
                start,
            } => {
                let (generation, number, start) = (*generation, *number, start.clone());
                let (k, covariance_type, settings) = (
                    self.options.k,
                    self.options.covariance_type,
                    self.options.settings,
                );
                self.jobs.worker.run(inline, move || {
                    let result = start
                        .model(&data, k, covariance_type, settings.reg_covar)
                        .map_err(|e| e.to_string())
                        .and_then(|model| {
                            EmRun::start(&data, model, settings, true).map_err(|c| {
                                format!(
                                    "the starting covariance of component {} is not positive definite",
                                    c + 1
                                )
                            })
                        });
                    Outcome::Started {
                        generation,
                        number,
                        start,
                        result,
                    }
                });
            }
            Request::Step { number, .. } => {
                let Some(run) = self.run.as_mut().filter(|r| r.number == *number) else {
                    return;
                };
                if run.em.status().is_finished() {
                    return;
                }
                let next = match &run.half {
                    Some(model) => Ok(model.clone()),
                    None => run.em.next_parameters(),
                };
                let from = run.em.iteration();
                if let Err(degenerate) = &next {
                    run.em.end(*degenerate);
                    run.half = None;
                }
                match next {
                    Ok(model) => self.evaluate(request.clone(), model, from, inline, data),
                    Err(_) => {
                        self.archive_if_finished();
                        return;
                    }
                }
            }
            Request::Nudge { model, .. } => {
                let from = self.run.as_ref().map_or(0, |r| r.em.iteration());
                self.evaluate(request.clone(), model.clone(), from, inline, data);
            }
            Request::View { key, .. } => {
                if self.wanted_view().as_ref() != Some(key) {
                    return;
                }
                let Some(model) = self.view_model(key).cloned() else {
                    return;
                };
                self.evaluate(request.clone(), model, 0, inline, data);
            }
            Request::NewData {
                scenario,
                points,
                seed,
            } => {
                let (scenario, points, seed) = (scenario.clone(), *points, *seed);
                let inline = points * self.options.k <= self.background_above;
                self.jobs.worker.run(inline, move || {
                    let data = scenario.generate(points, seed);
                    let derived = (data_scale(&data), principal_axis(&data));
                    Outcome::NewData {
                        seed,
                        data,
                        derived,
                    }
                });
            }
        }
        self.jobs.in_flight = Some(request);
    }

    /// One pass of `model` over the data, with every point's label and certainty.
    fn evaluate(
        &mut self,
        request: Request,
        model: Gmm,
        from: usize,
        inline: bool,
        data: Arc<Dataset>,
    ) {
        self.jobs.worker.run(inline, move || {
            let result = evaluate_model(&data, &model, true);
            Outcome::Evaluated {
                request,
                model,
                from,
                result,
            }
        });
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

    fn apply_evaluation(
        &mut self,
        request: Request,
        model: Gmm,
        from: usize,
        result: Result<Evaluation, usize>,
    ) {
        let current = |number: usize, generation: u64, app: &App| {
            generation == app.generation && app.run.as_ref().is_some_and(|r| r.number == number)
        };
        match request {
            Request::Step { generation, number } if current(number, generation, self) => {
                let run = self.run.as_mut().expect("checked above");
                if run.em.iteration() != from || run.em.status().is_finished() {
                    return;
                }
                let completes_half = run.half.take().is_some();
                run.after_e_step = completes_half && result.is_ok();
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
                    && self.wanted_view().as_ref() == Some(&key)
                {
                    self.view = Some(View::new(key, generation, evaluation));
                    self.touch();
                }
            }
            _ => {}
        }
    }
}
