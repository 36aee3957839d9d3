//! Runs on this data: starting them, moving them to the history, and ranking them. The best run
//! is the best *finished* one: a run left at a restart never is, whatever its likelihood.

use crate::core::fit::{
    BelowHighest, DataScale, below_highest, best_restart, restart_seed, same_optimum,
};
use crate::core::matching::match_nearest;
use crate::format::numbers;
use crate::core::{Gmm, InitMethod, Nudge, RestartResult, Start};

use super::jobs::Request;
use super::{App, CurrentRun, DataSource, HistoryEntry, MAX_COMPONENTS, Mode, plot_bounds};

impl App {
    /// The finished run with the highest likelihood (non-degenerate first; of runs at the same
    /// optimum, the first). `None` before any run has finished.
    pub fn best_entry(&self) -> Option<&HistoryEntry> {
        let finished: Vec<&HistoryEntry> = self.history.iter().filter(|h| !h.abandoned).collect();
        let same = same_optimum(&self.options.settings, self.data.n());
        best_restart(finished.iter().map(|h| &h.result), same).map(|i| finished[i])
    }

    /// Why the best finished run is not the one that ends highest (the rule `fit` follows), with
    /// the higher run.
    fn below_highest(&self) -> Option<(BelowHighest, &HistoryEntry)> {
        let best = self.best_entry()?;
        let same = same_optimum(&self.options.settings, self.data.n());
        let finished = self
            .history
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.abandoned);
        let why = below_highest(finished.map(|(i, h)| (i, &h.result)), &best.result, same)?;
        let (BelowHighest::PassedOver { higher } | BelowHighest::SameOptimum { higher, .. }) = why;
        Some((why, &self.history[higher]))
    }

    /// The finished run with a clearly higher likelihood than the best, passed over for a
    /// spurious component or a degenerate end (as `fit` passes it over), and the reason.
    pub fn passed_over(&self) -> Option<(&HistoryEntry, &'static str)> {
        match self.below_highest()? {
            (BelowHighest::PassedOver { .. }, higher) => Some((higher, higher.result.flaw())),
            _ => None,
        }
    }

    /// Why the best is not the highest run, when it is not: "run 7 has a higher log-likelihood
    /// (-132.494) but a spurious component".
    /// A higher run within N·tol of the best is the same optimum, and the first to reach it is
    /// starred: "run 7 ends 0.0012 higher, the same optimum within N·tol (0.3), so the first
    /// run to reach it is starred".
    pub(super) fn passed_over_note(&self) -> Option<String> {
        let best = self.best_entry()?;
        match self.below_highest()? {
            (BelowHighest::PassedOver { .. }, higher) => Some(format!(
                "run {} has a higher log-likelihood ({}) but {}",
                higher.number,
                numbers::log_likelihood(higher.result.log_likelihood),
                higher.result.flaw()
            )),
            // Only where the screen shows it higher: a difference below the last digit shown
            // needs no explaining.
            (BelowHighest::SameOptimum { above, .. }, higher)
                if numbers::log_likelihood(higher.result.log_likelihood)
                    != numbers::log_likelihood(best.result.log_likelihood) =>
            {
                let same = same_optimum(&self.options.settings, self.data.n());
                Some(format!(
                    "run {} ends {} higher, the same optimum within N·tol ({}), so the first run \
                     to reach it is starred",
                    higher.number,
                    numbers::change(above, best.result.log_likelihood),
                    // Rounded, so 300 × 1e-3 reads 0.3.
                    crate::format::shortest((same * 1e9).round() / 1e9),
                ))
            }
            _ => None,
        }
    }

    /// The run number being started in the background, if one is.
    pub fn starting(&self) -> Option<usize> {
        self.jobs.starting()
    }

    /// Forgets every run on this data and model and starts again from restart 1 (the trap, if
    /// any).
    pub(super) fn start_over(&mut self) {
        self.history.clear();
        self.next_restart = 0;
        self.show_best = false;
        self.view = None;
        self.colors.clear();
        self.run = None;
        self.problem = None;
        self.mode = Mode::Paused;
        self.bounds = plot_bounds(&self.data, &self.options);
        self.data_version += 1;
        self.generation += 1;
        self.touch();
        self.start_next_restart();
    }

    /// Asks for the next restart; the current run must have been put away.
    pub(super) fn start_next_restart(&mut self) {
        if let Err(e) = self.options.validate(&self.data) {
            self.fail(e.to_string());
            return;
        }
        let r = self.next_restart;
        self.next_restart += 1;
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
                let seed = restart_seed(self.options.seed, r);
                match self.options.method {
                    InitMethod::Random => Start::Random { seed },
                    _ => Start::KMeansPlusPlus { seed },
                }
            }
            _ => start,
        }
    }

    /// A started run arrives: it becomes the current run, in the colours of the previous run's
    /// nearest components.
    pub(super) fn receive_run(&mut self, number: usize, start: Start, em: crate::core::EmRun) {
        self.colors = match self.history.last() {
            Some(previous) => match_colors(&previous.result.model, &previous.colors, em.model()),
            None => (0..self.options.k).collect(),
        };
        self.run = Some(CurrentRun {
            em,
            start,
            number,
            half: None,
            scrub: None,
            after_e_step: false,
            archived: false,
        });
        self.touch();
        self.archive_if_finished();
    }

    /// EM cannot run: say why and stop.
    pub(super) fn fail(&mut self, problem: String) {
        self.problem = Some(problem);
        self.run = None;
        self.mode = Mode::Paused;
    }

    pub(super) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// `i`: the current run goes to the history (as left, if unfinished) and the next starts.
    pub(super) fn restart(&mut self) {
        self.leave_best_view();
        if let Some(number) = self.starting() {
            self.message = Some(format!("run {number} is still starting"));
            return;
        }
        if self.problem.is_some() {
            self.message = self.problem.clone();
            return;
        }
        self.put_away_current_run();
        self.start_next_restart();
    }

    fn put_away_current_run(&mut self) {
        if let Some(run) = self.run.take()
            && !run.archived
        {
            let entry = history_entry(&run, &self.colors, &self.scale, true);
            self.history.push(entry);
        }
        self.view = None;
    }

    /// Copies a finished run into the history (once), and stops a single run's running.
    pub(super) fn archive_if_finished(&mut self) {
        let Some(run) = &mut self.run else { return };
        if run.em.status().is_finished() && !run.archived {
            run.archived = true;
            let entry = history_entry(run, &self.colors, &self.scale, false);
            self.history.push(entry);
            if self.mode == Mode::Running {
                self.mode = Mode::Paused;
            }
        }
    }

    /// A finished run is going on again (nudged): its history row goes until it ends anew.
    pub(super) fn unarchive(&mut self) {
        let Some(run) = &mut self.run else { return };
        if run.archived {
            run.archived = false;
            if self.history.last().is_some_and(|h| h.number == run.number) {
                self.history.pop();
            }
        }
    }

    /// `a`: every remaining restart, one after another, at the chosen speed; `a` again while
    /// they run: as fast as possible.
    pub(super) fn run_all(&mut self) {
        self.leave_best_view();
        if self.problem.is_some() {
            self.message = self.problem.clone();
            return;
        }
        if self.mode == Mode::RunningAll {
            // Watching restarts at the chosen speed; the fastest is this one key away.
            self.speed = super::SPEEDS.len() - 1;
            return;
        }
        if self.all_restarts_done() {
            self.message = Some(self.all_done_note());
            return;
        }
        self.mode = Mode::RunningAll;
    }

    /// Whether every restart `--restarts` asks for has run and the current one has ended.
    pub fn all_restarts_done(&self) -> bool {
        let ended = self
            .run
            .as_ref()
            .is_none_or(|r| r.em.status().is_finished());
        ended && self.history.len() >= self.options.restarts
    }

    /// What `a` has left to do once every restart has run.
    fn all_done_note(&self) -> String {
        let best = self.best_entry().map_or(String::new(), |b| {
            let passed = self
                .passed_over_note()
                .map_or(String::new(), |note| format!("; {note}"));
            format!(
                " — the best is run {}{passed} (b shows it, m compares models); i starts one more",
                b.number
            )
        });
        let restarts = self.options.restarts;
        let more = self.history.len().saturating_sub(restarts);
        let left = self.history.iter().filter(|h| h.abandoned).count();
        // Runs `i` left at a restart did not end: they are counted apart from the finished.
        let runs = match (left, more) {
            (0, 0) => format!("all {restarts} restarts have run"),
            (0, _) => format!(
                "all {} runs have ended ({restarts} restarts and {more} more)",
                self.history.len()
            ),
            _ => format!(
                "no restart is left to run: {} finished, {left} left unfinished by i",
                self.history.len() - left
            ),
        };
        format!("{runs}{best}")
    }

    pub(super) fn advance_all(&mut self) {
        let finished = self
            .run
            .as_ref()
            .map(|r| r.em.status().is_finished() && r.scrub.is_none());
        match finished {
            None => self.mode = Mode::Paused,
            Some(false) => {
                self.forward();
            }
            Some(true) if self.history.len() < self.options.restarts => {
                self.put_away_current_run();
                self.start_next_restart();
            }
            Some(true) => {
                self.mode = Mode::Paused;
                self.message = Some(self.all_done_note());
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
        self.mode = Mode::Paused;
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
        data: crate::core::Dataset,
        derived: (DataScale, (Vec<f64>, f64)),
    ) {
        if let DataSource::Scenario { seed: current, .. } = &mut self.source {
            *current = seed;
        }
        self.options.seed = seed;
        self.data = std::sync::Arc::new(data);
        (self.scale, self.axis) = derived;
        self.models.clear();
        self.start_over();
    }

    /// `+` / `-`: K within 1 and the most the data and the app allow. A K already above the
    /// most (started with `-k` larger than the data) comes down to it in one `-`, so the way
    /// out the status offers works.
    pub(super) fn set_components(&mut self, k: usize) {
        let n = self.data.n();
        let most = n.min(MAX_COMPONENTS);
        let clamped = k > most && k < self.options.k;
        let k = if clamped { most } else { k };
        if k == 0 || k > most {
            self.message = Some(if n < MAX_COMPONENTS {
                format!(
                    "K stays between 1 and {n}: the data has {n} points, one at least for each component"
                )
            } else {
                format!(
                    "K stays between 1 and {MAX_COMPONENTS} in the app (gmm-tui fit takes up to 255)"
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

    pub(super) fn toggle_best(&mut self) {
        if self.show_best {
            self.leave_best_view();
            return;
        }
        let Some(best) = self.best_entry().map(|b| b.number) else {
            self.message =
                Some("no finished run yet — the best run appears after the first".into());
            return;
        };
        if let Some(run) = self.run.as_ref().filter(|r| r.number == best) {
            let end = if run.scrub.is_some() {
                " (→ or space goes to its end)"
            } else {
                ""
            };
            self.message = Some(format!(
                "run {best} on screen is the best finished run{end} — b has nothing else to show"
            ));
            return;
        }
        self.show_best = true;
        self.mode = Mode::Paused;
        self.touch();
    }

    pub(super) fn leave_best_view(&mut self) {
        if self.show_best {
            self.show_best = false;
            self.touch();
        }
    }
}

/// The history row of `run`: its result and the colours it was drawn in.
fn history_entry(
    run: &CurrentRun,
    colors: &[usize],
    scale: &DataScale,
    abandoned: bool,
) -> HistoryEntry {
    HistoryEntry {
        number: run.number,
        result: RestartResult::from_run(run.start.describe(), &run.em, scale, 0.0),
        start: run.start.clone(),
        nudges: run.em.nudges().to_vec(),
        colors: colors.to_vec(),
        abandoned,
    }
}

/// How a run started, in as few words as `long` allows: "trap (10, 10)" or "trap",
/// "km++ 3203108257" or "km++"; a nudge is added ("nudged at 2" or "+p").
pub fn start_label(start: &Start, nudges: &[Nudge], long: bool) -> String {
    let base = match (start, long) {
        (Start::KMeansPlusPlus { seed }, true) => format!("km++ {seed}"),
        (Start::KMeansPlusPlus { .. }, false) => "km++".into(),
        (Start::Random { seed }, true) => format!("random {seed}"),
        (Start::Random { .. }, false) => "random".into(),
        (Start::Collapsed { point, .. }, true) => format!(
            "trap ({})",
            point
                .iter()
                .map(|v| format!("{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Start::Collapsed { .. }, false) => "trap".into(),
        (Start::Explicit { .. }, true) => "given means".into(),
        (Start::Explicit { .. }, false) => "given".into(),
    };
    match (nudges.last(), long) {
        (None, _) => base,
        (Some(nudge), true) => format!("{base}, nudged at {}", nudge.at),
        (Some(_), false) => format!("{base}+p"),
    }
}

fn means(model: &Gmm) -> Vec<&[f64]> {
    (0..model.k()).map(|c| model.mean(c)).collect()
}

/// Palette slots for `new`'s components: the slot of the nearest old component, and the lowest
/// free slots for components beyond the old count.
fn match_colors(old: &Gmm, old_colors: &[usize], new: &Gmm) -> Vec<usize> {
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
