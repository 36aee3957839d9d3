//! The heavy work — starting a restart (k-means++ and the first pass), the E-step pass of an
//! iteration, the pass that colours a past iteration or the best run, drawing new data — as
//! requests, the job in flight and the queue behind it, and the job bodies themselves.
//!
//! One job runs at a time; requests made meanwhile wait in a short queue. A request is turned
//! into work only when it launches, from the state at that moment, and every result carries the
//! generation (data and model) and run it was for: a result for something no longer on screen is
//! dropped. Which state a request reads and how a result changes the app is the app's business
//! (`background.rs`); here is only the queue and the work.

use std::collections::VecDeque;

use crate::core::em::{Evaluation, evaluate_model, principal_axis};
use crate::core::fit::{DataScale, data_scale};
use crate::core::matching::number_like;
use crate::core::scenario::Scenario;
use crate::core::{Dataset, EmRun, FitOptions, Gmm, Start};

use super::view::ViewKey;
use super::worker::Worker;

/// Work the app wants done.
#[derive(Clone, Debug)]
pub enum Request {
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
    pub fn stale(&self, generation: u64) -> bool {
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
pub enum Outcome {
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

/// A job as launched: run inline or on a thread, it gives its outcome.
pub type Job = Box<dyn FnOnce() -> Outcome + Send>;

/// The job in flight and the requests waiting.
#[derive(Default)]
pub struct Jobs {
    worker: Worker<Outcome>,
    in_flight: Option<Request>,
    queue: VecDeque<Request>,
}

/// Requests waiting at most; older ones give way (a held key must not build a backlog).
const QUEUE: usize = 4;

impl Jobs {
    /// Whether a job is in flight or its result not yet taken.
    pub fn busy(&self) -> bool {
        self.worker.busy()
    }

    /// Whether a background thread is computing.
    pub fn computing(&self) -> bool {
        self.worker.computing()
    }

    /// The request in flight, then those waiting.
    fn all(&self) -> impl Iterator<Item = &Request> {
        self.in_flight.iter().chain(&self.queue)
    }

    /// The run number being started, if a start is in flight or waiting.
    pub fn starting(&self) -> Option<usize> {
        self.all().find_map(|r| match r {
            Request::Start { number, .. } => Some(*number),
            _ => None,
        })
    }

    /// Whether a step is in flight or waiting.
    pub fn stepping(&self) -> bool {
        self.all().any(|r| matches!(r, Request::Step { .. }))
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
        self.all().any(|r| matches!(r, Request::NewData { .. }))
    }

    /// Whether the points of `key` are being computed or asked for.
    pub fn viewing(&self, generation: u64, key: &ViewKey) -> bool {
        self.all().any(
            |r| matches!(r, Request::View { generation: g, key: k } if g == &generation && k == key),
        )
    }

    /// Queues `request` behind the job in flight, for data and model `generation`: requests
    /// gone stale go, one step at most waits, a view replaces a waiting view, and the oldest
    /// gives way past [`QUEUE`].
    pub fn queue(&mut self, request: Request, generation: u64) {
        let queue = &mut self.queue;
        queue.retain(|r| !r.stale(generation));
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

    /// The oldest waiting request, once nothing is in flight.
    pub fn next_queued(&mut self) -> Option<Request> {
        if self.busy() {
            return None;
        }
        self.queue.pop_front()
    }

    /// Runs `job` for `request`: at once when `inline`, else on a thread.
    pub fn launch(&mut self, request: Request, inline: bool, job: Job) {
        self.worker.run(inline, job);
        self.in_flight = Some(request);
    }

    /// The outcome of the job in flight if it is there, without waiting. `Err(())` when the job
    /// died (a panic).
    pub fn try_take(&mut self) -> Option<Result<Outcome, ()>> {
        let outcome = self.worker.try_take();
        if outcome.is_some() {
            self.in_flight = None;
        }
        outcome
    }

    /// The outcome of the job in flight, waiting for it; `None` when nothing is in flight.
    pub fn wait(&mut self) -> Option<Result<Outcome, ()>> {
        let outcome = self.worker.wait();
        self.in_flight = None;
        outcome
    }
}

/// The means a new run's components are numbered after, and the data's variances that weigh
/// each dimension's distances (see [`number_like`]).
pub struct Numbering {
    pub reference: Vec<Vec<f64>>,
    pub variances: Vec<f64>,
}

impl Numbering {
    /// `model`'s components renumbered after the reference.
    fn apply(&self, model: Gmm) -> Gmm {
        let reference: Vec<&[f64]> = self.reference.iter().map(Vec::as_slice).collect();
        let means: Vec<&[f64]> = (0..model.k()).map(|c| model.mean(c)).collect();
        model.reordered(&number_like(&means, &reference, &self.variances))
    }
}

/// Restart `number`'s job: its starting model (k-means++ alone takes ~400 ms on a million
/// points), numbered after `numbering` when the start drew its own means (means given by hand
/// keep the numbers they were given), and EM's first pass from it.
pub fn start_run(
    data: &Dataset,
    (generation, number, start): (u64, usize, Start),
    options: &FitOptions,
    numbering: &Numbering,
) -> Outcome {
    // Every start but those given by hand draws its own order (k-means++, scaled, k-means, hc,
    // random, and any start added later): those are numbered.
    let given = matches!(
        start,
        Start::Collapsed { .. } | Start::Explicit { .. } | Start::Placed { .. }
    );
    let drawn = !given;
    let result = start
        .model(
            data,
            options.k,
            options.covariance_type,
            options.settings.reg_covar,
        )
        .map(|model| if drawn { numbering.apply(model) } else { model })
        .map_err(|e| e.to_string())
        .and_then(|model| {
            EmRun::start(data, model, options.settings, true).map_err(|c| {
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
}

/// One pass of `model` over the data, with every point's label and certainty; `from` is the
/// iteration the run was at.
pub fn evaluate(data: &Dataset, request: Request, model: Gmm, from: usize) -> Outcome {
    let result = evaluate_model(data, &model, true);
    Outcome::Evaluated {
        request,
        model,
        from,
        result,
    }
}

/// `points` new points from `scenario` with `seed`, and what the app derives from them.
pub fn new_data(scenario: &Scenario, points: usize, seed: u64) -> Outcome {
    let data = scenario.generate(points, seed);
    let derived = (data_scale(&data), principal_axis(&data));
    Outcome::NewData {
        seed,
        data,
        derived,
    }
}
