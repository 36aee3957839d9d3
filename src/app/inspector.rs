//! The point inspector (`v`): a cursor on the plotted axes and the data point nearest it, whose
//! E-step the screen then writes out in numbers (`inspection`).
//!
//! The nearest point is found when the cursor, the axes or the data change — one pass over two
//! columns, about a millisecond at a million points — and kept, so that a frame only reads it.

use crate::core::Dataset;

use super::action::Direction;
use super::plot::Plot;

/// The cursor moves by this share of the axis's range per key: about a cell of the plot at
/// 80×24 and a cell and a half at 120×40 across (cells are twice as tall as wide, so half as
/// many rows as columns).
const STEPS_ACROSS: f64 = 30.0;
const STEPS_UP: f64 = 15.0;

/// What a nearest point was found for: the data version, the axes and the cursor.
type FoundFor = (u64, (usize, usize), (f64, f64));

/// The inspector's cursor and the point nearest it.
#[derive(Default)]
pub struct Inspector {
    on: bool,
    /// The cursor on the plotted axes, in data units (the second unused in one dimension).
    cursor: (f64, f64),
    /// The data version and axes the cursor was placed for; on others it starts again at the
    /// data's centre.
    placed_for: Option<(u64, (usize, usize))>,
    /// The index of the data point nearest the cursor, and what it was found for.
    nearest: Option<usize>,
    found_for: Option<FoundFor>,
}

impl Inspector {
    pub fn on(&self) -> bool {
        self.on
    }

    /// The cursor on the plotted axes, in data units.
    pub fn cursor(&self) -> (f64, f64) {
        self.cursor
    }

    /// The index of the data point nearest the cursor, while the inspector is on and the point
    /// was found on `plot`'s data and axes (new data arrives between keys).
    pub fn nearest(&self, plot: &Plot) -> Option<usize> {
        let current = Some((plot.data_version(), plot.axes(), self.cursor));
        self.nearest
            .filter(|_| self.on && self.found_for == current)
    }

    /// `v`: on (the cursor where it was, or at the data's centre on new data or axes) or off.
    pub fn toggle(&mut self, data: &Dataset, plot: &Plot) -> bool {
        self.on = !self.on;
        let placed_for = Some((plot.data_version(), plot.axes()));
        if self.on && self.placed_for != placed_for {
            let mean = data.mean();
            let (a, b) = plot.axes();
            self.cursor = (mean[a], mean[b]);
            self.placed_for = placed_for;
        }
        self.on
    }

    pub fn turn_off(&mut self) {
        self.on = false;
    }

    /// One step of the cursor towards `direction`, kept within the plot's ranges. In one
    /// dimension up and down move nothing (the cursor is on the histogram's axis): `false`.
    pub fn move_cursor(
        &mut self,
        direction: Direction,
        plot: &Plot,
        one_dimensional: bool,
    ) -> bool {
        let (a, b) = plot.axes();
        let ((x0, x1), (y0, y1)) = (plot.bounds().0[a], plot.bounds().0[b]);
        let (dx, dy) = ((x1 - x0) / STEPS_ACROSS, (y1 - y0) / STEPS_UP);
        let (x, y) = &mut self.cursor;
        match direction {
            Direction::Left => *x = (*x - dx).max(x0),
            Direction::Right => *x = (*x + dx).min(x1),
            _ if one_dimensional => return false,
            Direction::Up => *y = (*y + dy).min(y1),
            Direction::Down => *y = (*y - dy).max(y0),
        }
        true
    }

    /// Finds the point nearest the cursor again if the cursor, the axes or the data changed.
    pub fn sync(&mut self, data: &Dataset, plot: &Plot) {
        if !self.on {
            return;
        }
        let key = (plot.data_version(), plot.axes(), self.cursor);
        if self.found_for == Some(key) {
            return;
        }
        self.nearest = nearest_point(data, plot, self.cursor);
        self.found_for = Some(key);
    }
}

/// The index of the point of `data` nearest `cursor` on `plot`'s axes, distances measured in
/// each axis's share of its range (as far apart as they look on a square plot); in one
/// dimension along x alone.
pub fn nearest_point(data: &Dataset, plot: &Plot, cursor: (f64, f64)) -> Option<usize> {
    let (a, b) = plot.axes();
    let ((x0, x1), (y0, y1)) = (plot.bounds().0[a], plot.bounds().0[b]);
    let (sx, sy) = (1.0 / (x1 - x0), 1.0 / (y1 - y0));
    let xs = data.column(a);
    let mut best = (f64::INFINITY, None);
    if data.dim() == 1 {
        for (i, &x) in xs.iter().enumerate() {
            let d = ((x - cursor.0) * sx).abs();
            if d < best.0 {
                best = (d, Some(i));
            }
        }
        return best.1;
    }
    for (i, (&x, &y)) in xs.iter().zip(data.column(b)).enumerate() {
        let (dx, dy) = ((x - cursor.0) * sx, (y - cursor.1) * sy);
        let d = dx * dx + dy * dy;
        if d < best.0 {
            best = (d, Some(i));
        }
    }
    best.1
}
