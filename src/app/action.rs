//! Everything a person can ask for. Keys become actions (`keys`), and [`crate::app::App::update`]
//! applies them: tests and the event loop drive the app by the same path.

/// Everything a person can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Step,
    ToggleRun,
    Restart,
    Nudge,
    ScrubBack,
    ScrubForward,
    ToggleHalfSteps,
    ToggleCertainty,
    Reseed,
    RunAllRestarts,
    ToggleBest,
    ToggleModels,
    MoreComponents,
    FewerComponents,
    CycleCovariance,
    Slower,
    Faster,
    NextXDimension,
    NextYDimension,
    ToggleHelp,
    /// Scroll the help by a line or a page (it does not fit on small screens).
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    CloseOverlay,
    Quit,
}

impl Action {
    /// Whether the help stays open for this action (scrolling it, closing it, quitting);
    /// any other key closes it and acts.
    pub fn keeps_help_open(self) -> bool {
        matches!(
            self,
            Action::ScrollUp
                | Action::ScrollDown
                | Action::PageUp
                | Action::PageDown
                | Action::ToggleHelp
                | Action::CloseOverlay
                | Action::Quit
        )
    }
}
