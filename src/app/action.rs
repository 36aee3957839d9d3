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
    /// Scroll the help by a page (it does not fit on small screens).
    PageUp,
    PageDown,
    CloseOverlay,
    Quit,
    /// `z`: the likelihood chart fitted to the finished runs' ends, or whole.
    ToggleChartZoom,
    /// `s`: the screen saved as an SVG picture and as text.
    SavePicture,
    // The understanding tools: the point inspector, starts placed by hand, the M-step formulas,
    // picking any run.
    /// An arrow or `h j k l`: by what is open, scrolls the help, chooses a run, moves the
    /// inspector's cursor, or scrubs (`←`/`→`).
    Move(Direction),
    ToggleInspector,
    /// Component `c`'s mean (from 0) to the inspector's cursor: a new start.
    PlaceMean(usize),
    ToggleFormulas,
    NextFormulaComponent,
    /// The keys to the runs panel (to choose a run), or back to the plot.
    FocusRuns,
    /// The run chosen in the runs panel on screen.
    ShowChosenRun,
}

/// Where an arrow points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Action {
    /// Whether the help stays open for this action (scrolling it, closing it, quitting);
    /// any other key closes it and acts.
    pub fn keeps_help_open(self) -> bool {
        matches!(
            self,
            Action::Move(Direction::Up | Direction::Down)
                | Action::PageUp
                | Action::PageDown
                | Action::ToggleHelp
                | Action::CloseOverlay
                | Action::Quit
        )
    }
}
