//! The terminal app's state and the one function that changes it. Keys become [`Action`]s
//! ([`keys`]), [`App::update`] applies them, [`App::advance`] runs EM while the app is running, and
//! `ui` only reads the state to draw. [`terminal`] owns the real terminal and the event loop.

pub mod keys;
pub mod terminal;

use crate::core::em::{collapsed_groups, describe_group};
use crate::core::fit::{best_restart, data_scale, same_optimum};
use crate::core::matching::{match_nearest, match_truth};
use crate::core::scenario::Scenario;
use crate::core::{CovarianceType, Dataset, EmRun, EmSettings, FitOptions, RestartResult};

/// Everything a person can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Step,
    ToggleRun,
    Restart,
    Reseed,
    RunAllRestarts,
    ToggleBest,
    MoreComponents,
    FewerComponents,
    CycleCovariance,
    Slower,
    Faster,
    NextXDimension,
    NextYDimension,
    ToggleHelp,
    CloseHelp,
    Quit,
}

/// Whether EM advances by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Paused,
    /// One run, at the chosen speed.
    Running,
    /// Every remaining restart to the end, one after another, at full speed.
    RunningAll,
}

/// Iterations per second at each speed step; `None` is as fast as the machine goes.
pub const SPEEDS: [Option<u32>; 7] = [
    Some(1),
    Some(2),
    Some(5),
    Some(10),
    Some(30),
    Some(100),
    None,
];
const DEFAULT_SPEED: usize = 3;

/// Where the points come from, kept so that `n` can draw new ones.
#[derive(Clone, Debug)]
pub enum DataSource {
    Scenario {
        scenario: Scenario,
        points: usize,
        seed: u64,
    },
    File {
        path: String,
    },
}

impl DataSource {
    /// "scenario seed (seed 1)" or the file path.
    pub fn describe(&self) -> String {
        match self {
            DataSource::Scenario { scenario, seed, .. } => {
                format!("scenario {} (seed {seed})", scenario.name)
            }
            DataSource::File { path } => path.clone(),
        }
    }

    pub fn scenario(&self) -> Option<&Scenario> {
        match self {
            DataSource::Scenario { scenario, .. } => Some(scenario),
            DataSource::File { .. } => None,
        }
    }
}

/// The run on screen.
#[derive(Clone, Debug)]
pub struct CurrentRun {
    pub em: EmRun,
    /// How it started, for the history.
    pub init: String,
    /// 1-based restart number on this data.
    pub number: usize,
    /// Whether it has been copied into the history (it is, once finished).
    archived: bool,
}

/// A run that has ended or was left for a restart.
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    pub number: usize,
    pub result: RestartResult,
    /// Palette slot of each component, so the run redraws in the colours it had.
    pub colors: Vec<usize>,
    /// Left unfinished by a restart.
    pub abandoned: bool,
}

/// Axis range of every dimension, fixed per data set so that frames do not rescale.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds(pub Vec<(f64, f64)>);

/// The app's whole state.
pub struct App {
    pub data: Dataset,
    pub source: DataSource,
    pub options: FitOptions,
    pub run: Option<CurrentRun>,
    pub history: Vec<HistoryEntry>,
    pub mode: Mode,
    pub speed: usize,
    pub show_help: bool,
    pub show_best: bool,
    /// The two dimensions plotted.
    pub axes: (usize, usize),
    /// Palette slot of each component of the current run.
    pub colors: Vec<usize>,
    /// The last problem or notice, shown in the status line.
    pub message: Option<String>,
    pub should_quit: bool,
    pub bounds: Bounds,
    /// The best run's point labels and component sizes while it is shown (`b`).
    pub best_view: Option<BestView>,
    /// Bumped whenever the points change, so drawing caches know to re-bin them.
    pub data_version: u64,
    /// Bumped whenever the point colours may change.
    pub labels_version: u64,
    next_restart: usize,
    scale: f64,
}

impl App {
    /// The app on `data`, with the first restart started and paused at iteration 0.
    pub fn new(data: Dataset, source: DataSource, options: FitOptions) -> App {
        let mut app = App {
            bounds: Bounds(Vec::new()),
            scale: data_scale(&data),
            axes: (0, usize::from(data.dim() > 1)),
            data,
            source,
            options,
            run: None,
            history: Vec::new(),
            mode: Mode::Paused,
            speed: DEFAULT_SPEED,
            show_help: false,
            show_best: false,
            colors: Vec::new(),
            message: None,
            should_quit: false,
            best_view: None,
            data_version: 0,
            labels_version: 0,
            next_restart: 0,
        };
        app.start_over();
        app
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if self.show_help
            && !matches!(
                action,
                Action::ToggleHelp | Action::CloseHelp | Action::Quit
            )
        {
            self.show_help = false;
        }
        match action {
            Action::Step => {
                self.mode = Mode::Paused;
                self.leave_best_view();
                // A step on an ended run does nothing; say so, unless the status line already
                // explains it (a collapse says why and what to press).
                if self.current_finished() && self.collapsed().is_empty() {
                    self.message = Some("this run has ended — press i to restart".into());
                }
                self.step_once();
            }
            Action::ToggleRun => {
                self.leave_best_view();
                self.mode = match self.mode {
                    Mode::Paused if self.current_finished() => {
                        self.message = Some("this run has ended — press i to restart".into());
                        Mode::Paused
                    }
                    Mode::Paused => Mode::Running,
                    Mode::Running | Mode::RunningAll => Mode::Paused,
                };
            }
            Action::Restart => {
                self.leave_best_view();
                self.start_next_restart();
            }
            Action::Reseed => self.reseed(),
            Action::RunAllRestarts => {
                self.leave_best_view();
                self.mode = Mode::RunningAll;
                self.message = None;
            }
            Action::ToggleBest => self.toggle_best(),
            Action::MoreComponents => self.set_components(self.options.k + 1),
            Action::FewerComponents => self.set_components(self.options.k.saturating_sub(1)),
            Action::CycleCovariance => {
                self.options.covariance_type = self.options.covariance_type.next();
                self.start_over();
            }
            Action::Slower => self.speed = self.speed.saturating_sub(1),
            Action::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Action::NextXDimension => self.axes.0 = self.next_dimension(self.axes.0, self.axes.1),
            Action::NextYDimension => self.axes.1 = self.next_dimension(self.axes.1, self.axes.0),
            Action::ToggleHelp => self.show_help = !self.show_help,
            Action::CloseHelp => self.show_help = false,
            Action::Quit => self.should_quit = true,
        }
    }

    /// Whether EM should advance without a key.
    pub fn is_running(&self) -> bool {
        self.mode != Mode::Paused
    }

    /// Iterations per second, or `None` for as fast as possible (also while running all).
    pub fn iterations_per_second(&self) -> Option<u32> {
        match self.mode {
            Mode::RunningAll => None,
            _ => SPEEDS[self.speed],
        }
    }

    /// One step of the running mode: an EM iteration, or, when running all restarts and the
    /// current run has ended, the next restart (or the end of the batch).
    pub fn advance(&mut self) {
        match self.mode {
            Mode::Paused => {}
            Mode::Running => {
                self.step_once();
                if self.current_finished() || self.run.is_none() {
                    self.mode = Mode::Paused;
                }
            }
            Mode::RunningAll => {
                if self.run.is_none() {
                    self.mode = Mode::Paused;
                } else if !self.current_finished() {
                    self.step_once();
                } else if self.history.len() < self.options.restarts {
                    self.start_next_restart();
                } else {
                    self.mode = Mode::Paused;
                    if let Some(best) = self.best_entry() {
                        self.message = Some(format!(
                            "{} runs done — the best is run {} (press b to show it)",
                            self.history.len(),
                            best.number
                        ));
                    }
                }
            }
        }
    }

    /// The finished or abandoned run with the highest likelihood (non-degenerate first).
    pub fn best_entry(&self) -> Option<&HistoryEntry> {
        best_restart(self.history.iter().map(|h| &h.result), self.same_optimum())
            .map(|i| &self.history[i])
    }

    fn same_optimum(&self) -> f64 {
        same_optimum(&self.options.settings, self.data.n())
    }

    /// Identical components of the current run, numbered from 0.
    pub fn collapsed(&self) -> Vec<Vec<usize>> {
        self.run
            .as_ref()
            .map_or_else(Vec::new, |r| collapsed_groups(r.em.model(), self.scale))
    }

    /// The status line in plain words.
    pub fn status_text(&self) -> String {
        if let Some(message) = &self.message {
            return message.clone();
        }
        let Some(run) = &self.run else {
            return "no run".into();
        };
        if self.show_best
            && let Some(best) = self.best_entry()
        {
            return format!(
                "showing the best run, {} ({}) — press b to go back",
                best.number, best.result.init
            );
        }
        let collapsed = self.collapsed();
        if let Some(group) = collapsed.first() {
            return format!(
                "{} are identical — EM cannot separate them; press i to restart",
                describe_group(group)
            );
        }
        let status = run.em.status();
        match (self.mode, status.is_finished()) {
            (_, true) => format!(
                "{} — press i for another start, a for all restarts",
                status.describe()
            ),
            (Mode::Paused, false) => "paused — space steps one iteration, r runs".into(),
            (Mode::Running, false) => "running".into(),
            (Mode::RunningAll, false) => format!(
                "running all restarts ({} of {})",
                self.history.len() + 1,
                self.options.restarts
            ),
        }
    }

    /// Whether the run cannot usefully go on: collapsed, degenerate, or no run at all (EM could
    /// not start). The screen shows these states as warnings.
    pub fn needs_attention(&self) -> bool {
        self.run
            .as_ref()
            .is_none_or(|r| r.em.status().is_degenerate())
            || !self.collapsed().is_empty()
    }

    /// A word for the run's state: paused / running / converged / collapsed / degenerate / …
    pub fn state_word(&self) -> &'static str {
        let Some(run) = &self.run else { return "error" };
        let status = run.em.status();
        if status.is_degenerate() {
            "degenerate"
        } else if !self.collapsed().is_empty() {
            "collapsed"
        } else if status == crate::core::RunStatus::Converged {
            "converged"
        } else if status.is_finished() {
            "max iter"
        } else if self.is_running() {
            "running"
        } else {
            "paused"
        }
    }

    fn current_finished(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.em.status().is_finished())
    }

    fn step_once(&mut self) {
        let Some(run) = &mut self.run else { return };
        if run.em.status().is_finished() {
            return;
        }
        run.em.step(&self.data);
        self.labels_version += 1;
        self.archive_if_finished();
    }

    /// Copies a finished run into the history (once).
    fn archive_if_finished(&mut self) {
        let Some(run) = &mut self.run else { return };
        if run.em.status().is_finished() && !run.archived {
            run.archived = true;
            let entry = history_entry(run, &self.colors, self.scale, false);
            self.history.push(entry);
        }
    }

    /// Forgets every run on this data and starts again from restart 1 (the trap, if any).
    fn start_over(&mut self) {
        self.history.clear();
        self.next_restart = 0;
        self.show_best = false;
        self.best_view = None;
        self.colors.clear();
        self.run = None;
        self.bounds = plot_bounds(&self.data, &self.options);
        self.data_version += 1;
        self.start_next_restart();
    }

    /// Moves the current run to the history and starts the next restart.
    fn start_next_restart(&mut self) {
        if let Some(run) = self.run.take()
            && !run.archived
        {
            let entry = history_entry(&run, &self.colors, self.scale, true);
            self.history.push(entry);
        }
        self.message = None;
        if let Err(e) = self.options.validate(&self.data) {
            self.fail(e.to_string());
            return;
        }
        let r = self.next_restart;
        self.next_restart += 1;
        let start = self.options.start(&self.data, r);
        let model = match start.model(&self.data, self.options.k, self.options.covariance_type) {
            Ok(model) => model,
            Err(e) => return self.fail(e.to_string()),
        };
        let previous_means = self
            .history
            .last()
            .map(|h| (h.result.model.clone(), h.colors.clone()));
        match EmRun::start(&self.data, model, self.options.settings, true) {
            Ok(em) => {
                self.colors = match previous_means {
                    Some((old, old_colors)) => match_colors(&old, &old_colors, em.model()),
                    None => (0..self.options.k).collect(),
                };
                self.run = Some(CurrentRun {
                    em,
                    init: start.describe(),
                    number: r + 1,
                    archived: false,
                });
                self.labels_version += 1;
                self.archive_if_finished();
            }
            Err(c) => self.fail(format!(
                "the starting covariance of component {} is not positive definite",
                c + 1
            )),
        }
    }

    fn fail(&mut self, message: String) {
        self.run = None;
        self.mode = Mode::Paused;
        self.message = Some(format!("cannot fit: {message}"));
    }

    fn reseed(&mut self) {
        self.leave_best_view();
        let DataSource::Scenario {
            scenario,
            points,
            seed,
        } = &mut self.source
        else {
            self.message =
                Some("the data comes from a file: n draws new data only for scenarios".into());
            return;
        };
        *seed = seed.wrapping_add(1);
        self.options.seed = *seed;
        self.data = scenario.generate(*points, *seed);
        self.scale = data_scale(&self.data);
        self.start_over();
    }

    fn set_components(&mut self, k: usize) {
        if k == 0 || k > self.data.n().min(255) {
            self.message = Some(format!(
                "K must stay between 1 and {}",
                self.data.n().min(255)
            ));
            return;
        }
        self.options.k = k;
        self.start_over();
    }

    fn toggle_best(&mut self) {
        if self.show_best {
            self.leave_best_view();
            return;
        }
        let Some(best) = self.best_entry() else {
            self.message =
                Some("no finished run yet — the best run appears after the first".into());
            return;
        };
        let settings = EmSettings {
            max_iter: 0,
            ..self.options.settings
        };
        // A zero-iteration run of the best parameters gives their labels and sizes.
        self.best_view = EmRun::start(&self.data, best.result.model.clone(), settings, true)
            .ok()
            .and_then(|run| {
                Some(BestView {
                    labels: run.labels()?.to_vec(),
                    sizes: run.component_sizes().to_vec(),
                })
            });
        self.show_best = true;
        self.mode = Mode::Paused;
        self.message = None;
        self.labels_version += 1;
    }

    fn leave_best_view(&mut self) {
        if self.show_best {
            self.show_best = false;
            self.best_view = None;
            self.labels_version += 1;
        }
    }

    fn next_dimension(&self, current: usize, other: usize) -> usize {
        let d = self.data.dim();
        if d <= 2 {
            return current;
        }
        let mut next = (current + 1) % d;
        if next == other {
            next = (next + 1) % d;
        }
        next
    }

    /// What is on screen: the best run in best view, else the current run.
    pub fn shown(&self) -> Option<Shown<'_>> {
        if self.show_best
            && let (Some(best), Some(view)) = (self.best_entry(), &self.best_view)
        {
            return Some(Shown {
                model: &best.result.model,
                colors: &best.colors,
                labels: &view.labels,
                sizes: &view.sizes,
                trace: &best.result.trace,
                number: best.number,
            });
        }
        let run = self.run.as_ref()?;
        Some(Shown {
            model: run.em.model(),
            colors: &self.colors,
            labels: run.em.labels()?,
            sizes: run.em.component_sizes(),
            trace: run.em.trace(),
            number: run.number,
        })
    }

    /// For each component of `model`, the scenario component it unambiguously stands for.
    pub fn truth_matches(&self, model: &crate::core::Gmm) -> Vec<Option<usize>> {
        let Some(scenario) = self.source.scenario() else {
            return vec![None; model.k()];
        };
        let truth: Vec<&[f64]> = scenario
            .components
            .iter()
            .map(|c| c.mean.as_slice())
            .collect();
        match_truth(&means(model), &truth)
    }

    pub fn covariance_type(&self) -> CovarianceType {
        self.options.covariance_type
    }
}

/// The history row of `run`: its result and the colours it was drawn in.
fn history_entry(run: &CurrentRun, colors: &[usize], scale: f64, abandoned: bool) -> HistoryEntry {
    HistoryEntry {
        number: run.number,
        result: RestartResult::from_run(run.init.clone(), &run.em, scale, 0.0),
        colors: colors.to_vec(),
        abandoned,
    }
}

/// The run on screen: its model, colours, point labels, N_k and log-likelihood trace.
pub struct Shown<'a> {
    pub model: &'a crate::core::Gmm,
    pub colors: &'a [usize],
    pub labels: &'a [u8],
    pub sizes: &'a [f64],
    pub trace: &'a [f64],
    /// Its 1-based run number.
    pub number: usize,
}

/// What best view needs beyond the history entry.
#[derive(Clone, Debug)]
pub struct BestView {
    pub labels: Vec<u8>,
    pub sizes: Vec<f64>,
}

fn means(model: &crate::core::Gmm) -> Vec<&[f64]> {
    (0..model.k()).map(|c| model.mean(c)).collect()
}

/// Palette slots for `new`'s components: the slot of the nearest old component, and the lowest
/// free slots for components beyond the old count.
fn match_colors(
    old: &crate::core::Gmm,
    old_colors: &[usize],
    new: &crate::core::Gmm,
) -> Vec<usize> {
    let matched: Vec<Option<usize>> = match_nearest(&means(new), &means(old))
        .into_iter()
        .map(|j| j.and_then(|j| old_colors.get(j).copied()))
        .collect();
    let used = matched.clone();
    let mut free = (0..).filter(|s| !used.contains(&Some(*s)));
    matched
        .into_iter()
        .map(|c| c.unwrap_or_else(|| free.next().expect("slots are unbounded")))
        .collect()
}

/// The data's range in every dimension, widened to show the first start's means (the trap may
/// sit outside the data), with 5% margins.
fn plot_bounds(data: &Dataset, options: &FitOptions) -> Bounds {
    let mut bounds = data.bounds();
    if let Ok(model) = options
        .start(data, 0)
        .model(data, options.k, options.covariance_type)
    {
        for c in 0..model.k() {
            for (a, (lo, hi)) in bounds.iter_mut().enumerate() {
                *lo = lo.min(model.mean(c)[a]);
                *hi = hi.max(model.mean(c)[a]);
            }
        }
    }
    Bounds(
        bounds
            .into_iter()
            .map(|(lo, hi)| {
                let pad = ((hi - lo) * 0.05).max(1e-9 * hi.abs().max(1.0));
                (lo - pad, hi + pad)
            })
            .collect(),
    )
}
