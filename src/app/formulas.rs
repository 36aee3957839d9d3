//! The M-step formulas panel (`f`) and which component it writes out: the one the user chose
//! with `g`, else the inspected point's most responsible one (`inspection`).

/// Whether the formulas are on screen, and the component chosen for them.
#[derive(Default)]
pub struct Formulas {
    open: bool,
    /// Chosen with `g` (from 0); forgotten when the inspector's cursor moves, so the panel
    /// follows the point again.
    chosen: Option<usize>,
}

impl Formulas {
    pub fn open(&self) -> bool {
        self.open
    }

    pub fn chosen(&self) -> Option<usize> {
        self.chosen
    }

    /// `f`: the panel on or off.
    pub fn toggle(&mut self) -> bool {
        self.open = !self.open;
        self.open
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// `g`: the component after `now`, among `k`.
    pub fn choose_next(&mut self, now: usize, k: usize) -> usize {
        let next = (now + 1) % k.max(1);
        self.chosen = Some(next);
        next
    }

    /// The panel follows the inspected point again.
    pub fn follow_point(&mut self) {
        self.chosen = None;
    }
}
