//! What is drawn over the screen: the help (`?`, scrolled where it does not fit) and the model
//! table (`m`).

use super::keys::help_window;

/// Which overlays are open, and how far the help is scrolled.
#[derive(Default)]
pub struct Overlays {
    help: bool,
    /// Lines of the help scrolled past (`↓`, `j`, PgDn).
    help_scroll: usize,
    /// The model table (`m`) over the screen.
    models: bool,
}

impl Overlays {
    pub fn help_open(&self) -> bool {
        self.help
    }

    /// Lines of the help scrolled past.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    pub fn models_open(&self) -> bool {
        self.models
    }

    /// `?`: the help, from its top, or closed.
    pub fn toggle_help(&mut self) {
        self.help = !self.help;
        self.help_scroll = 0;
    }

    pub fn close_help(&mut self) {
        self.help = false;
    }

    /// `m`: the model table, or closed.
    pub fn toggle_models(&mut self) {
        self.models = !self.models;
    }

    /// `Esc`: everything closed.
    pub fn close_all(&mut self) {
        self.help = false;
        self.models = false;
    }

    /// Moves the help by `lines` (up when negative) within what it has to show on a screen
    /// `width`×`height`; `false` when the help is closed.
    pub fn scroll_help(&mut self, lines: isize, (width, height): (u16, u16)) -> bool {
        if !self.help {
            return false;
        }
        let most = help_window(width, height).1;
        self.help_scroll = self.help_scroll.saturating_add_signed(lines).min(most);
        true
    }
}

/// Rows of the help a page key moves by on a screen `width`×`height`.
pub fn help_page((width, height): (u16, u16)) -> usize {
    help_window(width, height).0.max(1)
}
