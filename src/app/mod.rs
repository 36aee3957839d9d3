//! The terminal app's state and the one place it changes. Keys become [`Action`]s ([`keys`]),
//! [`App::update`] applies them, [`App::advance`] moves a running app on by one tick, and
//! [`App::poll_work`] applies finished background work; `ui` only reads the state to draw, and
//! `crate::terminal` runs the loop.
//!
//! [`App`] composes parts that own their data behind small methods:
//! - [`Runs`] (`runs`): the run in progress, the history, the best run, the reference a new run is numbered after;
//! - [`Timeline`] (`timeline`): where the screen is — best view, the iteration scrubbed to,
//!   half-steps — and the points computed for it ([`Shown`], `view`); nudges;
//! - `Jobs` (`jobs`): the heavy work in flight and queued, and the job bodies (`worker`);
//! - `ModelTable` (`models`): the best run of every (K, covariance type) tried on this data;
//! - [`Plot`] (`plot`), [`Overlays`] (`overlays`), `Playback` (`playback`): axes and shading,
//!   help and model table, mode and speed;
//! - [`DataSource`] (`source`): where the points come from, and the plot's fixed ranges.
//!
//! The app's own files tie the parts together: `stepping` (space, r, ←/→, e, p, b), `restarts`
//! (i, a, n, +/-, c, and the runs and data that arrive), `background` (requests become work,
//! results change the state) and `status` (the status line and state words, read only).

mod action;
mod background;
mod chart;
mod focus;
mod formulas;
mod inspection;
mod inspector;
mod jobs;
pub mod keys;
mod models;
mod overlays;
mod picture;
mod playback;
mod plot;
pub mod position;
mod restarts;
mod runs;
mod source;
mod status;
mod stepping;
mod teaching;
mod timeline;
mod view;
mod worker;

use std::sync::Arc;

use crate::core::em::principal_axis;
use crate::core::fit::{DataScale, data_scale, same_optimum};
use crate::core::matching::match_truth;
use crate::core::{CovarianceType, Dataset, FitOptions, Gmm};

pub use action::{Action, Direction};
pub use chart::Chart;
pub use focus::Focus;
pub use formulas::Formulas;
pub use inspection::{Inspection, MStepFormula, Term, inspect};
pub use inspector::Inspector;
pub use models::ModelRow;
pub use overlays::Overlays;
pub use playback::{Mode, SPEEDS, rate_text};
pub use plot::Plot;
pub use runs::{BelowBest, CurrentRun, HistoryEntry, Runs, start_label, status_word};
pub use source::{Bounds, DataSource};
pub use timeline::{Showing, Timeline};
pub use view::{Phase, Shown};

use jobs::Jobs;
use models::ModelTable;
use overlays::help_page;
use playback::Playback;

/// The most components the app shows and computes responsively (each keeps a table row and a
/// label; a million points at K = 20 still step in ~65 ms). `gmm-tui fit` takes up to
/// [`crate::core::fit::MAX_COMPONENTS`].
pub const MAX_APP_COMPONENTS: usize = 20;

/// Work on more point-components (N·K) than this runs on a background thread by default: about
/// 3 ms of EM pass, below which a thread costs more than it saves.
pub const BACKGROUND_ABOVE: usize = 1_000_000;

/// The smallest screen the app draws on; below it keys other than quit are ignored, since
/// their effect could not be seen.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The app's whole state: what is fitted, the parts, and what the screen says.
pub struct App {
    data: Arc<Dataset>,
    source: DataSource,
    options: FitOptions,
    /// The data's scale: what tells identical and spurious components.
    scale: DataScale,
    /// The data's main axis and its standard deviation: where a nudge moves components.
    main_axis: (Vec<f64>, f64),
    /// Bumped when the data or the model changes, so late results of the old ones are dropped.
    generation: u64,
    runs: Runs,
    timeline: Timeline,
    jobs: Jobs,
    models: ModelTable,
    plot: Plot,
    overlays: Overlays,
    playback: Playback,
    chart: Chart,
    inspector: Inspector,
    formulas: Formulas,
    focus: Focus,
    /// The notice of the last action, shown in the status line until the next one.
    message: Option<String>,
    /// How the file was read, shown before the status until the first key.
    loading_notes: Option<String>,
    /// The terminal's size, once the loop has told it (`None`: unknown, taken as large enough).
    screen: Option<(u16, u16)>,
    /// `s` asked for the screen as a picture; the loop saves the next frame it draws.
    picture_wanted: bool,
    should_quit: bool,
    /// Work on more point-components (N·K) than this runs on a background thread.
    background_above: usize,
}

impl App {
    /// The app on `data`, with the first restart started and paused at iteration 0.
    pub fn new(data: Dataset, source: DataSource, mut options: FitOptions) -> App {
        let mut notice = None;
        if options.k > MAX_APP_COMPONENTS {
            notice = Some(format!(
                "the app shows up to {MAX_APP_COMPONENTS} components: K = {} lowered to \
                 {MAX_APP_COMPONENTS} (gmm-tui fit takes up to {})",
                options.k,
                crate::core::fit::MAX_COMPONENTS
            ));
            options.k = MAX_APP_COMPONENTS;
        }
        let mut app = App {
            scale: data_scale(&data),
            main_axis: principal_axis(&data),
            runs: Runs::new(same_optimum(&options.settings, data.n())),
            plot: Plot::new(data.dim()),
            data: Arc::new(data),
            source,
            options,
            generation: 0,
            timeline: Timeline::default(),
            jobs: Jobs::default(),
            models: ModelTable::default(),
            overlays: Overlays::default(),
            playback: Playback::default(),
            chart: Chart::default(),
            inspector: Inspector::default(),
            formulas: Formulas::default(),
            focus: Focus::default(),
            message: None,
            loading_notes: None,
            screen: None,
            picture_wanted: false,
            should_quit: false,
            background_above: BACKGROUND_ABOVE,
        };
        app.start_over();
        app.settle();
        app.message = notice;
        app
    }

    /// Applies one action. A notice from the previous action goes away. On a screen too small
    /// to draw on only quitting acts: anything else would change what cannot be seen.
    pub fn update(&mut self, action: Action) {
        if self.screen_too_small() && action != Action::Quit {
            return;
        }
        if action == Action::SavePicture {
            // The screen stays as it is, notice and help included: that is the picture.
            self.picture_wanted = true;
            return;
        }
        self.message = None;
        self.loading_notes = None;
        if !action.keeps_help_open() {
            self.overlays.close_help();
        }
        match action {
            Action::Step => self.step_key(),
            Action::ToggleRun => self.toggle_run(),
            Action::Restart => self.restart(),
            Action::Nudge => self.nudge(),
            Action::ScrubBack => self.scrub_back(),
            Action::ScrubForward => self.scrub_forward(),
            Action::ToggleHalfSteps => self.toggle_half_steps(),
            Action::ToggleCertainty => self.message = Some(self.plot.toggle_certainty().into()),
            Action::Reseed => self.reseed(),
            Action::RunAllRestarts => self.run_all(),
            Action::ToggleBest => self.toggle_best(),
            Action::ToggleModels => self.overlays.toggle_models(),
            Action::MoreComponents => self.set_components(self.options.k + 1),
            Action::FewerComponents => self.set_components(self.options.k.saturating_sub(1)),
            Action::CycleCovariance => self.cycle_covariance(),
            Action::Slower => self.message = Some(self.playback.change_speed(false)),
            Action::Faster => self.message = Some(self.playback.change_speed(true)),
            Action::NextXDimension => self.message = Some(self.plot.next_axis(0, &self.data)),
            Action::NextYDimension => self.message = Some(self.plot.next_axis(1, &self.data)),
            Action::ToggleHelp => self.overlays.toggle_help(),
            Action::PageUp => self.scroll_help(-(help_page(self.screen_or_largest()) as isize)),
            Action::PageDown => self.scroll_help(help_page(self.screen_or_largest()) as isize),
            Action::CloseOverlay => self.close_key(),
            Action::ToggleChartZoom => self.toggle_chart_zoom(),
            Action::SavePicture => {}
            Action::Quit => self.should_quit = true,
            Action::Move(direction) => self.move_key(direction),
            Action::ToggleInspector => self.toggle_inspector(),
            Action::PlaceMean(c) => self.place_mean(c),
            Action::ToggleFormulas => self.toggle_formulas(),
            Action::NextFormulaComponent => self.next_formula_component(),
            Action::FocusRuns => self.focus_runs(),
            Action::ShowChosenRun => self.show_chosen_run(),
        }
        self.settle();
    }

    /// One tick of the running mode: an iteration (or half of one, or one replayed), or, when
    /// running all restarts and the current run has ended, the next restart or the end of the
    /// batch. Does nothing while a job is in flight: the tick comes again.
    pub fn advance(&mut self) {
        if self.jobs.busy() {
            return;
        }
        match self.playback.mode() {
            Mode::Paused => {}
            Mode::Running => {
                if !self.forward() {
                    self.playback.pause();
                }
            }
            Mode::RunningAll => self.advance_all(),
        }
        self.settle();
    }

    /// How the data was read (columns skipped or ignored, rows dropped, no header row): shown
    /// in the status line at the start, beside any notice, since stderr is hidden behind the
    /// app's screen until it quits.
    pub fn tell_loading_notes(&mut self, notes: &[String]) {
        self.loading_notes = (!notes.is_empty()).then(|| notes.join(" · "));
    }

    /// The loop tells the terminal's size (at the start and on every resize).
    pub fn set_screen(&mut self, width: u16, height: u16) {
        self.screen = Some((width, height));
    }

    /// Work on more point-components (N·K) than `n` goes to a background thread (tests and
    /// benchmarks move it to try either way).
    pub fn set_background_above(&mut self, n: usize) {
        self.background_above = n;
    }

    /// The data fitted.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn source(&self) -> &DataSource {
        &self.source
    }

    pub fn options(&self) -> &FitOptions {
        &self.options
    }

    pub fn covariance_type(&self) -> CovarianceType {
        self.options.covariance_type
    }

    pub fn runs(&self) -> &Runs {
        &self.runs
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn plot(&self) -> &Plot {
        &self.plot
    }

    pub fn overlays(&self) -> &Overlays {
        &self.overlays
    }

    pub fn inspector(&self) -> &Inspector {
        &self.inspector
    }

    pub fn formulas(&self) -> &Formulas {
        &self.formulas
    }

    pub fn focus(&self) -> &Focus {
        &self.focus
    }

    pub fn mode(&self) -> Mode {
        self.playback.mode()
    }

    /// The notice of the last action, until the next.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    /// Whether the screen is below the smallest the app draws on.
    pub fn screen_too_small(&self) -> bool {
        self.screen
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    /// Whether EM should advance without a key.
    pub fn is_running(&self) -> bool {
        self.playback.is_running()
    }

    /// Iterations per second at the chosen speed, or `None` for as fast as possible. Running all
    /// restarts keeps the chosen speed, so restarts can be watched (`>` to the end is fastest).
    pub fn iterations_per_second(&self) -> Option<f64> {
        self.playback.iterations_per_second()
    }

    /// Whether a background thread is computing (the loop then polls for its result).
    pub fn is_computing(&self) -> bool {
        self.jobs.computing()
    }

    /// The run number being started in the background, if one is.
    pub fn starting(&self) -> Option<usize> {
        self.jobs.starting()
    }

    /// Whether every restart `--restarts` asks for has run and the current one has ended.
    pub fn all_restarts_done(&self) -> bool {
        self.runs.all_done(self.options.restarts)
    }

    /// What is on screen: the best run in best view, else the current run at the iteration
    /// shown.
    pub fn shown(&self) -> Option<Shown<'_>> {
        self.timeline
            .shown(&self.runs, self.scale.typical, self.generation)
    }

    /// The current run at the iteration it is at (or scrubbed to), whatever the view.
    pub fn run_shown(&self) -> Option<Shown<'_>> {
        self.timeline
            .run_shown(&self.runs, self.scale.typical, self.generation)
    }

    /// Every model tried on this data, lowest BIC first; the current model's row is live.
    pub fn model_rows(&self) -> Vec<ModelRow> {
        self.models.rows(self.current_model_row())
    }

    /// The current model's row: its best finished run so far.
    fn current_model_row(&self) -> Option<ModelRow> {
        let best = self.runs.best()?;
        Some(ModelRow::new(
            (self.options.k, self.options.covariance_type),
            (self.data.n(), self.data.dim()),
            best,
            self.runs.finished().count(),
        ))
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

    /// The note naming columns that `reg_covar` swamps, from the data scale the app keeps.
    pub fn reg_covar_note(&self) -> Option<String> {
        crate::core::fit::reg_covar_note(&self.data, &self.scale, self.options.settings.reg_covar)
    }

    /// Applies queued work and keeps the view's points in step with what is shown.
    fn settle(&mut self) {
        self.sync_view();
        self.poll_work();
        self.inspector.sync(&self.data, &self.plot);
    }

    /// Something on screen may have changed colour.
    fn touch(&mut self) {
        self.plot.touch();
    }

    /// The screen's size; before the loop has told it, as large as can be.
    fn screen_or_largest(&self) -> (u16, u16) {
        self.screen.unwrap_or((u16::MAX, u16::MAX))
    }

    /// Moves the help by `lines` (up when negative), within what it has to show.
    fn scroll_help(&mut self, lines: isize) {
        if !self.overlays.scroll_help(lines, self.screen_or_largest()) {
            self.message = Some(
                "↑ ↓ (j k, PgUp PgDn) scroll the help (?) where it does not fit, choose a run after Tab, move the inspector's cursor (v); ← → scrub".into(),
            );
        }
    }
}
