//! Starting runs and starting over: `i` (the next restart), `a` (every remaining restart), `n`
//! (new data), `+`/`-` (K) and `c` (covariance type); and what arrives from the jobs — a
//! started run, new data — or stops EM altogether.

use std::sync::Arc;

use crate::core::fit::{DataScale, same_optimum};
use crate::core::{CovarianceType, Dataset, EmRun, Start};

use super::jobs::Request;
use super::playback::Mode;
use super::source::plot_bounds;
use super::{App, DataSource, MAX_APP_COMPONENTS};

impl App {
    /// Forgets every run on this data and model and starts again from restart 1 (the trap, if
    /// any).
    pub(super) fn start_over(&mut self) {
        self.runs
            .clear(same_optimum(&self.options.settings, self.data.n()));
        self.timeline.start_over();
        self.playback.pause();
        self.plot.rebin(plot_bounds(&self.data, &self.options));
        self.generation += 1;
        self.touch();
        self.start_next_restart();
    }

    /// Asks for the next restart; the current run must have been put away.
    fn start_next_restart(&mut self) {
        if let Err(e) = self.options.validate(&self.data) {
            self.fail(e.to_string());
            return;
        }
        let r = self.runs.take_next_restart();
        let start = self.start_for(r);
        self.request(Request::Start {
            generation: self.generation,
            number: r + 1,
            start,
        });
    }

    /// The start of restart `r`. An explicit start made for another K gives way to the
    /// restarts' method (K changed with `+`/`-`).
    fn start_for(&self, r: usize) -> Start {
        let start = self.options.start(&self.data, r);
        match &start {
            Start::Explicit { weights, .. } if weights.len() != self.options.k => {
                self.options.seeded_start(&self.data, r)
            }
            _ => start,
        }
    }

    /// A started run arrives: it becomes the current run, in the colours of the previous run's
    /// nearest components.
    pub(super) fn receive_run(&mut self, number: usize, start: Start, em: EmRun) {
        self.runs.receive(number, start, em);
        self.timeline.to_latest();
        self.touch();
        self.archive_if_finished();
    }

    /// EM cannot run: say why and stop.
    pub(super) fn fail(&mut self, problem: String) {
        self.runs.fail(problem);
        self.timeline.to_latest();
        self.playback.pause();
    }

    /// Copies a finished run into the history (once), and stops a single run's running.
    pub(super) fn archive_if_finished(&mut self) {
        if self.runs.archive_if_finished(&self.scale) && self.playback.mode() == Mode::Running {
            self.playback.pause();
        }
    }

    /// `i`: the current run goes to the history (as left, if unfinished) and the next starts.
    pub(super) fn restart(&mut self) {
        self.leave_picked_view();
        if let Some(number) = self.starting() {
            self.message = Some(format!("run {number} is still starting"));
            return;
        }
        if let Some(problem) = self.runs.problem() {
            self.message = Some(problem.to_string());
            return;
        }
        self.put_away_current_run();
        self.start_next_restart();
    }

    pub(super) fn put_away_current_run(&mut self) {
        self.runs.put_away_current(&self.scale);
        self.timeline.to_latest();
        self.timeline.forget_view();
    }

    /// `a`: every remaining restart, one after another, at the chosen speed; `a` again while
    /// they run: as fast as possible.
    pub(super) fn run_all(&mut self) {
        self.leave_picked_view();
        if let Some(problem) = self.runs.problem() {
            self.message = Some(problem.to_string());
            return;
        }
        if self.playback.mode() == Mode::RunningAll {
            // Watching restarts at the chosen speed; the fastest is this one key away.
            self.playback.fastest();
            return;
        }
        if self.all_restarts_done() {
            self.message = Some(self.runs.all_done_note(self.options.restarts));
            return;
        }
        self.playback.set_mode(Mode::RunningAll);
    }

    /// A tick of `a`: the current run goes on, or once it has ended the next restart starts, or
    /// once every restart has run the batch ends.
    pub(super) fn advance_all(&mut self) {
        let finished = self
            .runs
            .current()
            .map(|r| r.em.status().is_finished() && self.timeline.scrub().is_none());
        match finished {
            None => self.playback.pause(),
            Some(false) => {
                self.forward();
            }
            Some(true) if self.runs.history().len() < self.options.restarts => {
                self.put_away_current_run();
                self.start_next_restart();
            }
            Some(true) => {
                self.playback.pause();
                self.message = Some(self.runs.all_done_note(self.options.restarts));
            }
        }
    }

    /// `n`: the scenario drawn again with the next seed, and start over (in the background).
    pub(super) fn reseed(&mut self) {
        let DataSource::Scenario {
            scenario,
            points,
            seed,
        } = &self.source
        else {
            self.message =
                Some("the data comes from a file: n draws new data only for scenarios".into());
            return;
        };
        self.playback.pause();
        let request = Request::NewData {
            scenario: scenario.clone(),
            points: *points,
            seed: seed.wrapping_add(1),
        };
        self.request(request);
    }

    /// New points have arrived: the history and model table go with the old ones.
    pub(super) fn receive_data(
        &mut self,
        seed: u64,
        data: Dataset,
        derived: (DataScale, (Vec<f64>, f64)),
    ) {
        if let DataSource::Scenario { seed: current, .. } = &mut self.source {
            *current = seed;
        }
        self.options.seed = seed;
        self.data = Arc::new(data);
        (self.scale, self.main_axis) = derived;
        self.models.clear();
        self.start_over();
    }

    /// `+` / `-`: K within 1 and the most the data and the app allow. A K already above the
    /// most (started with `-k` larger than the data) comes down to it in one `-`, so the way
    /// out the status offers works.
    pub(super) fn set_components(&mut self, k: usize) {
        let n = self.data.n();
        let most = n.min(MAX_APP_COMPONENTS);
        let clamped = k > most && k < self.options.k;
        let k = if clamped { most } else { k };
        if k == 0 || k > most {
            self.message = Some(if n < MAX_APP_COMPONENTS {
                format!(
                    "K stays between 1 and {n}: the data has {n} points, one at least for each component"
                )
            } else {
                format!(
                    "K stays between 1 and {MAX_APP_COMPONENTS} in the app (gmm-tui fit takes up to {})",
                    crate::core::fit::MAX_COMPONENTS
                )
            });
            return;
        }
        self.save_model_row();
        self.options.k = k;
        self.start_over();
        if clamped && self.message.is_none() {
            self.message = Some(format!(
                "K = {k}, the most the data's {n} points allow (one at least for each component)"
            ));
        }
    }

    /// `c`: the next covariance type, starting over. In one dimension full, diag and spherical
    /// are one model (a variance per component), so `c` switches between it and tied.
    pub(super) fn cycle_covariance(&mut self) {
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

    /// Keeps the current model's best before `+`, `-` or `c` start over.
    fn save_model_row(&mut self) {
        if let Some(row) = self.current_model_row() {
            self.models.save(row);
        }
    }
}
