//! The terminal app's state and the one function that changes it. Keys become [`Action`]s
//! ([`keys`]), [`App::update`] applies them, [`App::advance`] moves a running app on by one
//! tick, and `ui` only reads the state to draw. [`terminal`] owns the real terminal and the
//! event loop; heavy passes over the data run as background jobs ([`jobs`]).
//!
//! The modules, by what they decide:
//! - `runs`: starting, archiving and ranking runs (the star rule, colours across restarts);
//! - `timeline`: the iteration on screen — steps, half-steps, scrubbing, nudges;
//! - `jobs`: what is computed off the UI thread and how results are applied;
//! - `status`: the status line and state word in plain words;
//! - `models`: the best run of every (K, covariance type) tried on this data.

mod jobs;
pub mod keys;
mod models;
mod runs;
mod source;
mod status;
mod timeline;
mod work;

use std::sync::Arc;

use crate::core::fit::{DataScale, data_scale};
use crate::core::matching::match_truth;
use crate::core::{CovarianceType, Dataset, EmRun, FitOptions, Gmm, Nudge, RestartResult, Start};

pub use models::ModelRow;
pub use runs::start_label;
pub use source::{Bounds, DataSource, plot_bounds};
pub use status::status_word;
pub use timeline::{Phase, Shown};

/// The most components the app shows and computes responsively (each keeps a table row and a
/// label; a million points at K = 20 still step in ~65 ms). `gmm-tui fit` takes up to 255.
pub const MAX_COMPONENTS: usize = 20;

/// Work on more point-components (N·K) than this runs on a background thread by default: about
/// 3 ms of EM pass, below which a thread costs more than it saves.
pub const BACKGROUND_ABOVE: usize = 1_000_000;

/// The smallest screen the app draws on; below it keys other than quit are ignored, since
/// their effect could not be seen.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Everything a person can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Step,
    ToggleRun,
    Restart,
    Nudge,
    ScrubBack,
    ScrubForward,
    ToggleHalfSteps,
    ToggleCertainty,
    Reseed,
    RunAllRestarts,
    ToggleBest,
    ToggleModels,
    MoreComponents,
    FewerComponents,
    CycleCovariance,
    Slower,
    Faster,
    NextXDimension,
    NextYDimension,
    ToggleHelp,
    /// Scroll the help by a line or a page (it does not fit on small screens).
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    CloseOverlay,
    Quit,
}

/// Whether EM advances by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Paused,
    /// One run, at the chosen speed.
    Running,
    /// Every remaining restart to the end, one after another, at the chosen speed.
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

/// The run on screen.
#[derive(Clone, Debug)]
pub struct CurrentRun {
    pub em: EmRun,
    /// How it started, for the runs panel.
    pub start: Start,
    /// 1-based restart number on this data.
    pub number: usize,
    /// θ_{t+1} after the M-half of a half-stepped iteration, before its E-step.
    pub half: Option<Gmm>,
    /// The past iteration on screen when scrubbed back (`None`: the latest).
    pub scrub: Option<usize>,
    /// The latest iteration was completed by the E-step of a half-stepped one and nothing has
    /// moved since: only then may the status say "E-step done".
    pub after_e_step: bool,
    /// Whether it has been copied into the history (it is, once finished).
    archived: bool,
}

/// A run that has ended or was left for a restart.
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    pub number: usize,
    pub result: RestartResult,
    pub start: Start,
    /// Its nudges, earliest first.
    pub nudges: Vec<Nudge>,
    /// Palette slot of each component, so the run redraws in the colours it had.
    pub colors: Vec<usize>,
    /// Left unfinished by a restart: never the best.
    pub abandoned: bool,
}

/// The app's whole state.
pub struct App {
    pub data: Arc<Dataset>,
    pub source: DataSource,
    pub options: FitOptions,
    pub run: Option<CurrentRun>,
    pub history: Vec<HistoryEntry>,
    pub mode: Mode,
    pub speed: usize,
    pub show_help: bool,
    /// Lines of the help scrolled past (`↓`, `j`, PgDn).
    pub help_scroll: usize,
    /// The model table (`m`) over the screen.
    pub show_models: bool,
    pub show_best: bool,
    /// Points shaded by their largest responsibility (`u`).
    pub show_certainty: bool,
    /// Space does half an iteration (`e`).
    pub half_steps: bool,
    /// The two dimensions plotted.
    pub axes: (usize, usize),
    /// Palette slot of each component of the current run.
    pub colors: Vec<usize>,
    /// The notice of the last action, shown in the status line until the next one.
    pub message: Option<String>,
    /// How the file was read, shown before the status until the first key.
    loading_notes: Option<String>,
    pub should_quit: bool,
    /// The terminal's size, once the loop has told it (`None`: unknown, taken as large enough).
    pub screen: Option<(u16, u16)>,
    pub bounds: Bounds,
    /// Bumped whenever the points change, so drawing caches know to re-bin them.
    pub data_version: u64,
    /// Bumped whenever the point colours on screen may change.
    pub labels_version: u64,
    /// Work on more point-components (N·K) than this runs on a background thread.
    pub background_above: usize,
    /// The best run of every other model tried on this data (the current one is live).
    models: Vec<ModelRow>,
    /// Why EM cannot run on this data with these options, while that holds.
    problem: Option<String>,
    /// Points of a model on screen other than the live run's (best run, past iteration).
    view: Option<timeline::View>,
    jobs: jobs::Jobs,
    next_restart: usize,
    /// Bumped when the data or the model changes, so late results of the old ones are dropped.
    generation: u64,
    scale: DataScale,
    /// The data's main axis and its standard deviation: where a nudge moves components.
    axis: (Vec<f64>, f64),
}

impl App {
    /// The app on `data`, with the first restart started and paused at iteration 0.
    pub fn new(data: Dataset, source: DataSource, mut options: FitOptions) -> App {
        let mut notice = None;
        if options.k > MAX_COMPONENTS {
            notice = Some(format!(
                "the app shows up to {MAX_COMPONENTS} components: K = {} lowered to {MAX_COMPONENTS} (gmm-tui fit takes up to 255)",
                options.k
            ));
            options.k = MAX_COMPONENTS;
        }
        let mut app = App {
            bounds: Bounds(Vec::new()),
            scale: data_scale(&data),
            axis: crate::core::em::principal_axis(&data),
            axes: (0, usize::from(data.dim() > 1)),
            data: Arc::new(data),
            source,
            options,
            run: None,
            history: Vec::new(),
            mode: Mode::Paused,
            speed: DEFAULT_SPEED,
            show_help: false,
            help_scroll: 0,
            show_models: false,
            show_best: false,
            show_certainty: false,
            half_steps: false,
            colors: Vec::new(),
            message: None,
            loading_notes: None,
            should_quit: false,
            screen: None,
            data_version: 0,
            labels_version: 0,
            background_above: BACKGROUND_ABOVE,
            models: Vec::new(),
            problem: None,
            view: None,
            jobs: jobs::Jobs::default(),
            next_restart: 0,
            generation: 0,
        };
        app.start_over();
        app.settle();
        app.message = notice;
        app
    }

    /// The note naming columns that `reg_covar` swamps, from the data scale the app keeps.
    pub fn reg_covar_note(&self) -> Option<String> {
        crate::core::fit::reg_covar_note(&self.data, &self.scale, self.options.settings.reg_covar)
    }

    /// How the data was read (columns skipped or ignored, rows dropped, no header row): shown
    /// in the status line at the start, beside any notice, since stderr is hidden behind the
    /// app's screen until it quits.
    pub fn tell_loading_notes(&mut self, notes: &[String]) {
        self.loading_notes = (!notes.is_empty()).then(|| notes.join(" · "));
    }

    /// Applies one action. A notice from the previous action goes away. On a screen too small
    /// to draw on only quitting acts: anything else would change what cannot be seen.
    pub fn update(&mut self, action: Action) {
        if self.screen_too_small() && action != Action::Quit {
            return;
        }
        self.message = None;
        self.loading_notes = None;
        let scroll = matches!(
            action,
            Action::ScrollUp | Action::ScrollDown | Action::PageUp | Action::PageDown
        );
        if self.show_help
            && !scroll
            && !matches!(
                action,
                Action::ToggleHelp | Action::CloseOverlay | Action::Quit
            )
        {
            self.show_help = false;
        }
        match action {
            Action::Step => self.step_key(),
            Action::ToggleRun => self.toggle_run(),
            Action::Restart => self.restart(),
            Action::Nudge => self.nudge(),
            Action::ScrubBack => self.scrub_back(),
            Action::ScrubForward => self.scrub_forward(),
            Action::ToggleHalfSteps => self.toggle_half_steps(),
            Action::ToggleCertainty => {
                self.show_certainty = !self.show_certainty;
                self.touch();
                self.message = Some(if self.show_certainty {
                    "certainty: bright points are sure, grey ones undecided (largest responsibility under 60 %)".into()
                } else {
                    "points coloured by their most responsible component".into()
                });
            }
            Action::Reseed => self.reseed(),
            Action::RunAllRestarts => self.run_all(),
            Action::ToggleBest => self.toggle_best(),
            Action::ToggleModels => self.show_models = !self.show_models,
            Action::MoreComponents => self.set_components(self.options.k + 1),
            Action::FewerComponents => self.set_components(self.options.k.saturating_sub(1)),
            Action::CycleCovariance => self.cycle_covariance(),
            Action::Slower => self.set_speed(self.speed.saturating_sub(1)),
            Action::Faster => self.set_speed((self.speed + 1).min(SPEEDS.len() - 1)),
            Action::NextXDimension => self.next_axis(0),
            Action::NextYDimension => self.next_axis(1),
            Action::ToggleHelp => {
                self.show_help = !self.show_help;
                self.help_scroll = 0;
            }
            Action::ScrollUp => self.scroll_help(-1),
            Action::ScrollDown => self.scroll_help(1),
            Action::PageUp => self.scroll_help(-(self.help_page() as isize)),
            Action::PageDown => self.scroll_help(self.help_page() as isize),
            Action::CloseOverlay => {
                self.show_help = false;
                self.show_models = false;
            }
            Action::Quit => self.should_quit = true,
        }
        self.settle();
    }

    /// The loop tells the terminal's size (at the start and on every resize).
    pub fn set_screen(&mut self, width: u16, height: u16) {
        self.screen = Some((width, height));
    }

    /// Whether the screen is below the smallest the app draws on.
    pub fn screen_too_small(&self) -> bool {
        self.screen
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    /// Whether EM should advance without a key.
    pub fn is_running(&self) -> bool {
        self.mode != Mode::Paused
    }

    /// Iterations per second at the chosen speed, or `None` for as fast as possible. Running all
    /// restarts keeps the chosen speed, so restarts can be watched (`>` to the end is fastest).
    pub fn iterations_per_second(&self) -> Option<u32> {
        SPEEDS[self.speed]
    }

    /// One tick of the running mode: an iteration (or half of one, or one replayed), or, when
    /// running all restarts and the current run has ended, the next restart or the end of the
    /// batch. Does nothing while a job is in flight: the tick comes again.
    pub fn advance(&mut self) {
        if self.jobs.busy() {
            return;
        }
        match self.mode {
            Mode::Paused => {}
            Mode::Running => {
                if !self.forward() {
                    self.mode = Mode::Paused;
                }
            }
            Mode::RunningAll => self.advance_all(),
        }
        self.settle();
    }

    /// `<` `>`: the speed step, said in the status line, since the header drops the speed
    /// where it lacks room.
    fn set_speed(&mut self, speed: usize) {
        let limit = if speed == self.speed {
            if speed == 0 {
                " (the slowest)"
            } else {
                " (the fastest)"
            }
        } else {
            ""
        };
        self.speed = speed;
        self.message = Some(match self.iterations_per_second() {
            Some(1) => format!("speed: 1 iteration a second{limit}"),
            Some(n) => format!("speed: {n} iterations a second{limit}"),
            None => format!("speed: as fast as possible{limit}"),
        });
    }

    /// Whether a background thread is computing (the loop then polls for its result).
    pub fn is_computing(&self) -> bool {
        self.jobs.computing()
    }

    /// The scenario component each component of `model` unambiguously stands for
    /// (`match_truth`). A component holding less than one point's worth of responsibility
    /// (`sizes`, N_k) stands for none: an emptied component that happens to sit on a cluster
    /// would otherwise take the truth from the one that fits it.
    pub fn truth_matches(&self, model: &Gmm, sizes: &[f64]) -> Vec<Option<usize>> {
        let Some(scenario) = self.source.scenario() else {
            return vec![None; model.k()];
        };
        let truth: Vec<&[f64]> = scenario
            .components
            .iter()
            .map(|c| c.mean.as_slice())
            .collect();
        let holding: Vec<usize> = (0..model.k())
            .filter(|&c| sizes.get(c).is_none_or(|&n| n >= 1.0))
            .collect();
        let fitted: Vec<&[f64]> = holding.iter().map(|&c| model.mean(c)).collect();
        let mut matches = vec![None; model.k()];
        for (&c, t) in holding.iter().zip(match_truth(&fitted, &truth)) {
            matches[c] = t;
        }
        matches
    }

    pub fn covariance_type(&self) -> CovarianceType {
        self.options.covariance_type
    }

    /// Applies queued work and keeps the view's points in step with what is shown.
    fn settle(&mut self) {
        self.sync_view();
        self.poll_work();
    }

    /// Something on screen may have changed colour.
    fn touch(&mut self) {
        self.labels_version += 1;
    }

    /// Rows of the help a page key moves by.
    fn help_page(&self) -> usize {
        let (width, height) = self.screen.unwrap_or((u16::MAX, u16::MAX));
        keys::help_window(width, height).0.max(1)
    }

    /// Moves the help by `lines` (up when negative), within what it has to show.
    fn scroll_help(&mut self, lines: isize) {
        if !self.show_help {
            self.message = Some(
                "↑ ↓ (j k, PgUp PgDn) scroll the help (?) where it does not fit; ← → scrub".into(),
            );
            return;
        }
        let (width, height) = self.screen.unwrap_or((u16::MAX, u16::MAX));
        let most = keys::help_window(width, height).1;
        self.help_scroll = self.help_scroll.saturating_add_signed(lines).min(most);
    }

    /// `c`: the next covariance type, starting over. In one dimension full, diag and spherical
    /// are one model (a variance per component), so `c` switches between it and tied.
    fn cycle_covariance(&mut self) {
        self.save_model_row();
        let now = self.options.covariance_type;
        if self.data.dim() == 1 {
            self.options.covariance_type = if now == CovarianceType::Tied {
                CovarianceType::Full
            } else {
                CovarianceType::Tied
            };
            self.start_over();
            self.message = Some(format!(
                "covariance {}: in one dimension full, diag and spherical are one model (a variance each), so c switches between full and tied (one shared variance)",
                self.options.covariance_type
            ));
            return;
        }
        self.options.covariance_type = now.next();
        self.start_over();
    }

    fn next_axis(&mut self, which: usize) {
        let d = self.data.dim();
        if d <= 2 {
            self.message = Some(format!(
                "x and y choose among the dimensions of data with more than 2 columns; this data has {d}"
            ));
            return;
        }
        let (current, other) = if which == 0 {
            (self.axes.0, self.axes.1)
        } else {
            (self.axes.1, self.axes.0)
        };
        let mut next = (current + 1) % d;
        if next == other {
            next = (next + 1) % d;
        }
        if which == 0 {
            self.axes.0 = next;
        } else {
            self.axes.1 = next;
        }
        // The plot's title may have to shorten the names: say the new one in full. Numbered
        // among the columns used, which is not the file's numbering when a row index or a text
        // column was skipped: so said.
        let columns = &self.data.columns;
        self.message = Some(format!(
            "{} axis: {} ({} of the {d} columns used) · {} axis: {} ({})",
            ["x", "y"][which],
            columns[next],
            next + 1,
            ["y", "x"][which],
            columns[other],
            other + 1,
        ));
    }
}
