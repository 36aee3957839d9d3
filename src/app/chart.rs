//! The log-likelihood chart's range, `z`: the whole curve of the run on screen and where the
//! others ended (the default), or fitted to where the finished runs ended — at a million points
//! ten restarts end within 26 of each other on an axis a hundred thousand tall, one flat line,
//! until `z` spreads them apart.

use crate::format::numbers;

use super::App;

/// Whether the chart is fitted to the finished runs' ends.
#[derive(Default)]
pub struct Chart {
    fitted_to_ends: bool,
}

impl Chart {
    /// Whether `z` has fitted the range to the finished runs' ends (the chart falls back to
    /// its whole range while no run it could fit has finished).
    pub fn fitted_to_ends(&self) -> bool {
        self.fitted_to_ends
    }
}

impl App {
    /// The log-likelihoods where the finished runs ended, but collapsed ones (a trap is not
    /// an optimum to compare): what `z` fits the chart to.
    pub fn finished_ends(&self) -> Vec<f64> {
        self.runs
            .finished()
            .filter(|h| h.result.collapsed.is_empty())
            .map(|h| h.result.log_likelihood)
            .filter(|v| v.is_finite())
            .collect()
    }

    /// `z`: the chart fitted to the finished runs' ends, or back to the whole curves.
    pub(super) fn toggle_chart_zoom(&mut self) {
        if self.chart.fitted_to_ends {
            self.chart.fitted_to_ends = false;
            self.message = Some("chart: the whole curves again — z fits the runs' ends".into());
            return;
        }
        let ends = self.finished_ends();
        let (lo, hi) = ends
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let (low, high) = (numbers::log_likelihood(lo), numbers::log_likelihood(hi));
        // A collapsed run has ended too, but is no optimum to compare: say why it is left out.
        let collapsed = self.runs.finished().any(|h| !h.result.collapsed.is_empty());
        self.message = Some(match ends.len() {
            0 if collapsed => "z fits the chart to where finished runs ended — none has yet but \
                               collapsed ones, no optimum to compare (a runs every restart)"
                .into(),
            0 => "z fits the chart to where finished runs ended — none has yet (a runs every \
                  restart)"
                .into(),
            1 => format!(
                "chart fitted to where the one finished run ended, {high} — z again: whole curves"
            ),
            // Apart by less than the last digit shown: the same optimum, said once.
            n if low == high => format!(
                "chart fitted to where the {n} finished runs ended, all at {high} — z again: \
                 whole curves"
            ),
            n => format!(
                "chart fitted to where the {n} finished runs ended, {} to {} ({} apart) — z \
                 again: whole curves",
                low,
                high,
                numbers::change(hi - lo, hi)
            ),
        });
        self.chart.fitted_to_ends = !ends.is_empty();
    }

    pub fn chart(&self) -> &Chart {
        &self.chart
    }
}
