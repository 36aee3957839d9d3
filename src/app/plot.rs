//! How the points are plotted: the two dimensions on the axes (`x`, `y`), their fixed ranges,
//! shading by certainty (`u`), and the counters drawing caches key on — one bumped when the
//! points or their bins change, one when their colours may.

use crate::core::Dataset;

use super::source::Bounds;

/// The plot's settings and versions.
pub struct Plot {
    /// The two dimensions plotted.
    axes: (usize, usize),
    /// Axis range of every dimension.
    bounds: Bounds,
    /// Points shaded by their largest responsibility (`u`).
    certainty: bool,
    /// Bumped whenever the points or their ranges change, so drawing caches re-bin them.
    data_version: u64,
    /// Bumped whenever the point colours on screen may change.
    labels_version: u64,
}

impl Plot {
    /// The first two dimensions of data in `dim` dimensions (the one twice in one dimension).
    pub fn new(dim: usize) -> Plot {
        Plot {
            axes: (0, usize::from(dim > 1)),
            bounds: Bounds(Vec::new()),
            certainty: false,
            data_version: 0,
            labels_version: 0,
        }
    }

    pub fn axes(&self) -> (usize, usize) {
        self.axes
    }

    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }

    /// Whether points are shaded by certainty.
    pub fn certainty(&self) -> bool {
        self.certainty
    }

    pub fn data_version(&self) -> u64 {
        self.data_version
    }

    pub fn labels_version(&self) -> u64 {
        self.labels_version
    }

    /// New points or ranges: drawing bins the points again.
    pub fn rebin(&mut self, bounds: Bounds) {
        self.bounds = bounds;
        self.data_version += 1;
    }

    /// Something on screen may have changed colour.
    pub fn touch(&mut self) {
        self.labels_version += 1;
    }

    /// `u`: shading by certainty on or off, said in words.
    pub fn toggle_certainty(&mut self) -> &'static str {
        self.certainty = !self.certainty;
        self.touch();
        if self.certainty {
            "certainty: bright points are sure, grey ones undecided (largest responsibility under 60 %)"
        } else {
            "points coloured by their most responsible component"
        }
    }

    /// `x` (`which` 0) or `y` (1): the next dimension of `data` on that axis, skipping the one on
    /// the other, said in full.
    pub fn next_axis(&mut self, which: usize, data: &Dataset) -> String {
        let d = data.dim();
        if d <= 2 {
            return format!(
                "x and y choose among the dimensions of data with more than 2 columns; this data has {d}"
            );
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
        let columns = &data.columns;
        format!(
            "{} axis: {} ({} of the {d} columns used) · {} axis: {} ({})",
            ["x", "y"][which],
            columns[next],
            next + 1,
            ["y", "x"][which],
            columns[other],
            other + 1,
        )
    }
}
