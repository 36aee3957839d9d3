//! Runs on this data and model: the run in progress, the history of runs that ended or were
//! left for a restart, and their ranking. The best run is the best *finished* one: a run left at
//! a restart never is, whatever its likelihood. A component's number is its colour: a new run's
//! components are numbered after a reference ([`Runs::numbering_model`], and the truth where
//! there is one) when it starts, so numbers and colours follow the clusters across restarts.

use crate::core::climb::{clearly_lower, climb_left};
use crate::core::fit::{BelowHighest, DataScale, below_highest, best_restart};
use crate::core::{EmRun, Gmm, Nudge, RestartResult, RunStatus, Start};
use crate::format::numbers;

use super::view::ViewKey;

/// The run in progress (or just ended), on screen unless the best run is.
#[derive(Clone, Debug)]
pub struct CurrentRun {
    pub em: EmRun,
    /// How it started, for the runs panel.
    pub start: Start,
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
    pub start: Start,
    /// Its nudges, earliest first.
    pub nudges: Vec<Nudge>,
    /// The run itself without its per-point labels: every iteration's parameters and the last
    /// sums, so that it can be scrubbed through and stepped by halves when picked again.
    pub em: EmRun,
    /// Left unfinished by a restart: never the best.
    pub abandoned: bool,
}

/// A converged run's distance below the best finished run ([`Runs::below_best`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BelowBest {
    /// The best's log-likelihood minus the run's.
    pub gap: f64,
    /// What the run could still gain at its last rate ([`climb_left`]).
    pub climb_left: f64,
    /// N·tol: runs within it reached the same optimum.
    pub same_optimum: f64,
}

impl BelowBest {
    /// Clearly lower than its own slow climb explains ([`clearly_lower`]): `local`. Otherwise
    /// the run stopped at tol partway up a flat climb, likely to the same peak.
    pub fn is_local(&self) -> bool {
        clearly_lower(self.gap, self.climb_left, self.same_optimum)
    }
}

/// Every run on this data and model.
pub struct Runs {
    current: Option<CurrentRun>,
    history: Vec<HistoryEntry>,
    /// The index of the next restart (from 0).
    next_restart: usize,
    /// Why EM cannot run on this data with these options, while that holds.
    problem: Option<String>,
    /// Finished runs within this log-likelihood of each other reached the same optimum (N·tol).
    same_optimum: f64,
}

impl Runs {
    pub fn new(same_optimum: f64) -> Runs {
        Runs {
            current: None,
            history: Vec::new(),
            next_restart: 0,
            problem: None,
            same_optimum,
        }
    }

    /// Forgets every run: new data or a new model, on which runs reach the same optimum within
    /// `same_optimum`.
    pub fn clear(&mut self, same_optimum: f64) {
        *self = Runs::new(same_optimum);
    }

    pub fn current(&self) -> Option<&CurrentRun> {
        self.current.as_ref()
    }

    pub fn current_mut(&mut self) -> Option<&mut CurrentRun> {
        self.current.as_mut()
    }

    /// Every run that has ended or was left, in the order they did.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Why EM cannot run on this data with these options, while that holds.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The index (from 0) of the restart to start next, counted as started.
    pub fn take_next_restart(&mut self) -> usize {
        self.next_restart += 1;
        self.next_restart - 1
    }

    /// A started run arrives (numbered already, see [`Runs::numbering_model`]): it becomes the
    /// current run.
    pub fn receive(&mut self, number: usize, start: Start, em: EmRun) {
        self.current = Some(CurrentRun {
            em,
            start,
            number,
            archived: false,
        });
    }

    /// EM cannot run: no current run, and `problem` says why.
    pub fn fail(&mut self, problem: String) {
        self.problem = Some(problem);
        self.current = None;
    }

    /// The current run goes to the history as left unfinished, unless it is there already.
    pub fn put_away_current(&mut self, scale: &DataScale) {
        if let Some(run) = self.current.take()
            && !run.archived
        {
            let entry = history_entry(&run, scale, true);
            self.history.push(entry);
        }
    }

    /// Copies the current run into the history once it has finished (once); whether it did
    /// so now.
    pub fn archive_if_finished(&mut self, scale: &DataScale) -> bool {
        let Some(run) = &mut self.current else {
            return false;
        };
        if !run.em.status().is_finished() || run.archived {
            return false;
        }
        run.archived = true;
        let entry = history_entry(run, scale, false);
        self.history.push(entry);
        true
    }

    /// A finished run is going on again (nudged): its history row goes until it ends anew.
    pub fn unarchive(&mut self) {
        let Some(run) = &mut self.current else { return };
        if run.archived {
            run.archived = false;
            if self.history.last().is_some_and(|h| h.number == run.number) {
                self.history.pop();
            }
        }
    }

    /// The run whose components a new run is numbered after, beyond the truth: the best
    /// finished run, else the latest run; never a collapsed one, whose identical components
    /// could stand for any cluster.
    pub fn numbering_model(&self) -> Option<&Gmm> {
        let apart = |h: &&HistoryEntry| h.result.collapsed.is_empty();
        self.best()
            .filter(apart)
            .or_else(|| self.history.iter().rev().find(apart))
            .map(|h| &h.result.model)
    }

    /// How far below the best finished run run `number` converged, when that is more than
    /// N·tol (runs within it reached the same optimum), and how much it could still have
    /// climbed at its last rate: whether that is a *local* stop or one partway up a slow climb
    /// is [`BelowBest::is_local`]. `None` for the best, for a run that did not converge, and for
    /// a collapsed or spurious one, whose own word says more.
    pub fn below_best(&self, number: usize) -> Option<BelowBest> {
        let best = self.best()?;
        let run = &self.finished().find(|h| h.number == number)?.result;
        if run.status != RunStatus::Converged
            || !run.collapsed.is_empty()
            || !run.spurious.is_empty()
        {
            return None;
        }
        let gap = best.result.log_likelihood - run.log_likelihood;
        (gap > self.same_optimum).then(|| BelowBest {
            gap,
            climb_left: climb_left(&run.trace),
            same_optimum: self.same_optimum,
        })
    }

    /// How far below the best run `number` stopped, when that is clearly more than it could
    /// still have climbed: `local` on screen.
    pub fn local_gap(&self, number: usize) -> Option<f64> {
        self.below_best(number)
            .filter(BelowBest::is_local)
            .map(|b| b.gap)
    }

    /// Whether the best finished run so far is a collapsed one: the best only for want of
    /// another, never the answer.
    pub fn best_is_collapsed(&self) -> bool {
        self.best().is_some_and(|b| !b.result.collapsed.is_empty())
    }

    /// What the best run is called where it is named: never the answer when collapsed.
    pub fn best_words(&self) -> &'static str {
        if self.best_is_collapsed() {
            "the best so far, but collapsed"
        } else {
            "the best finished run"
        }
    }

    /// Every run's number in the runs panel's order: the history's, then the current run's
    /// while it is not in the history yet.
    pub fn numbers(&self) -> Vec<usize> {
        let current = self
            .current
            .as_ref()
            .filter(|r| !self.history.iter().any(|h| h.number == r.number));
        self.history
            .iter()
            .map(|h| h.number)
            .chain(current.map(|r| r.number))
            .collect()
    }

    /// Runs that ended, not left by a restart.
    pub fn finished(&self) -> impl Iterator<Item = &HistoryEntry> {
        self.history.iter().filter(|h| !h.abandoned)
    }

    /// The finished run with the highest likelihood (non-degenerate first; of runs at the same
    /// optimum, the first). `None` before any run has finished.
    pub fn best(&self) -> Option<&HistoryEntry> {
        let finished: Vec<&HistoryEntry> = self.finished().collect();
        best_restart(finished.iter().map(|h| &h.result), self.same_optimum).map(|i| finished[i])
    }

    /// Why the best finished run is not the one that ends highest (the rule `fit` follows), with
    /// the higher run.
    fn below_highest(&self) -> Option<(BelowHighest, &HistoryEntry)> {
        let best = self.best()?;
        let finished = self
            .history
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.abandoned);
        let why = below_highest(
            finished.map(|(i, h)| (i, &h.result)),
            &best.result,
            self.same_optimum,
        )?;
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
    pub fn passed_over_note(&self) -> Option<String> {
        let best = self.best()?;
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
                Some(format!(
                    "run {} ends {} higher: the same optimum within N·tol ({}); the first to \
                     reach it is starred",
                    higher.number,
                    at_least_a_digit(numbers::change(above, best.result.log_likelihood)),
                    // Rounded, so 300 × 1e-3 reads 0.3.
                    crate::format::shortest((self.same_optimum * 1e9).round() / 1e9),
                ))
            }
            _ => None,
        }
    }

    /// Whether `restarts` runs have ended or been left and the current one has ended too.
    pub fn all_done(&self, restarts: usize) -> bool {
        let ended = self
            .current
            .as_ref()
            .is_none_or(|r| r.em.status().is_finished());
        ended && self.history.len() >= restarts
    }

    /// What `a` has left to do once every one of `restarts` has run.
    pub fn all_done_note(&self, restarts: usize) -> String {
        let best = self.best().map_or(String::new(), |b| {
            let best = if self.best_is_collapsed() {
                format!("the best so far is run {}, collapsed", b.number)
            } else {
                format!("the best is run {}", b.number)
            };
            // Why the star is not on the highest run comes first: the keys are in the footer
            // too, and two 80-column rows hold the reason or the keys, not both.
            match self.passed_over_note() {
                Some(note) => format!(" — {best}; {note}; b shows it"),
                None => format!(" — {best} (b shows it, m compares models); i starts one more"),
            }
        });
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

    /// Run `number`'s EM run: the current run's, else the history's.
    pub fn em_of(&self, number: usize) -> Option<&EmRun> {
        match &self.current {
            Some(run) if run.number == number => Some(&run.em),
            _ => self
                .history
                .iter()
                .find(|h| h.number == number)
                .map(|h| &h.em),
        }
    }

    /// The model `key` names: iteration `t` of run `number`.
    pub fn model_for(&self, key: &ViewKey) -> Option<&Gmm> {
        self.em_of(key.number)?.parameters_at(key.t)
    }
}

/// A positive amount as written, or `< 0.0001` where it rounds to nothing at its places
/// (`0.0000 higher` read as no difference at all).
fn at_least_a_digit(shown: String) -> String {
    if shown.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        return shown;
    }
    match shown.split_once('.') {
        Some((_, places)) => format!("< 0.{}1", "0".repeat(places.len().saturating_sub(1))),
        None => "< 1".into(),
    }
}

/// The history row of `run`.
fn history_entry(run: &CurrentRun, scale: &DataScale, abandoned: bool) -> HistoryEntry {
    HistoryEntry {
        number: run.number,
        result: RestartResult::from_run(run.start.describe(), &run.em, scale, 0.0),
        start: run.start.clone(),
        nudges: run.em.nudges().to_vec(),
        em: run.em.without_points(),
        abandoned,
    }
}

/// How a run started, in as few words as `long` allows: "trap (10, 10)" or "trap",
/// "km++ 3203108257" or "km++"; a nudge is added ("nudged at 2" or "+p").
pub fn start_label(start: &Start, nudges: &[Nudge], long: bool) -> String {
    let base = match (start, long) {
        (Start::KMeansPlusPlus { seed }, true) => format!("km++ {seed}"),
        (Start::KMeansPlusPlus { .. }, false) => "km++".into(),
        (Start::ScaledKMeansPlusPlus { seed }, true) => format!("skm++ {seed}"),
        (Start::ScaledKMeansPlusPlus { .. }, false) => "skm++".into(),
        (Start::KMeans { seed }, true) => format!("kmeans {seed}"),
        (Start::KMeans { .. }, false) => "kmeans".into(),
        (Start::Hc { seed: Some(seed) }, true) => format!("hc {seed}"),
        (Start::Hc { .. }, _) => "hc".into(),
        (Start::SmallEm { seed, screen }, true) if screen.agglomerates() => {
            format!("sem hc {seed}")
        }
        (Start::SmallEm { seed, .. }, true) => format!("sem {seed}"),
        (Start::SmallEm { screen, .. }, false) if screen.agglomerates() => "sem hc".into(),
        (Start::SmallEm { .. }, false) => "sem".into(),
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
        (Start::Placed { .. }, _) => "placed".into(),
    };
    match (nudges.last(), long) {
        (None, _) => base,
        (Some(nudge), true) => format!("{base}, nudged at {}", nudge.at),
        (Some(_), false) => format!("{base}+p"),
    }
}

/// "converged", "max iter": a finished status in one or two words.
pub fn status_word(status: RunStatus) -> String {
    match status {
        RunStatus::Converged => "converged".into(),
        RunStatus::MaxIterReached => "max iter".into(),
        RunStatus::Running => "running".into(),
        RunStatus::EmptyComponent(c) => format!("empty {}", c + 1),
        RunStatus::SingularCovariance(c) => format!("singular {}", c + 1),
    }
}
