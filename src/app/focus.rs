//! Where ↑/↓ and Enter go: to the plot (the default), or to the runs panel (Tab), where they
//! choose a run and show it.

/// The keys' focus, and the run chosen in the runs panel while it has them.
#[derive(Default)]
pub struct Focus {
    /// The runs panel has the keys; the run chosen there (its number).
    chosen: Option<usize>,
}

impl Focus {
    /// The run chosen in the runs panel, while it has the keys.
    pub fn chosen(&self) -> Option<usize> {
        self.chosen
    }

    pub fn on_runs(&self) -> bool {
        self.chosen.is_some()
    }

    /// Tab: the keys to the runs panel, on run `shown` (the one on screen), or back.
    pub fn toggle(&mut self, shown: usize) -> bool {
        self.chosen = match self.chosen {
            Some(_) => None,
            None => Some(shown),
        };
        self.on_runs()
    }

    pub fn to_plot(&mut self) {
        self.chosen = None;
    }

    /// ↑ (`earlier`) or ↓: the run before or after the chosen one in `order` (the panel's
    /// order), staying at either end.
    pub fn choose(&mut self, order: &[usize], earlier: bool) {
        let Some(now) = self.chosen else { return };
        let at = order.iter().position(|&n| n == now).unwrap_or(order.len());
        let next = if earlier {
            at.saturating_sub(1)
        } else {
            (at + 1).min(order.len().saturating_sub(1))
        };
        if let Some(&number) = order.get(next) {
            self.chosen = Some(number);
        }
    }
}
