//! Keys to actions. Only presses count (Windows also reports releases), and `Esc` only closes
//! what is open: over SSH a split arrow-key sequence arrives as a lone Esc. `[` and `]` scrub as
//! `←` and `→` do, for terminals that mangle arrows — and always, also while the arrows move the
//! inspector's cursor.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Direction};

/// Every key binding, for the help: (keys, what they do), each text at most 29 characters.
pub const BINDINGS: [(&str, &str); 25] = [
    ("space", "one EM iteration (½ with e)"),
    ("r", "run / pause at the speed"),
    ("i", "restart from a new start"),
    ("p", "nudge identical ones apart"),
    ("← → [ ]", "scrub back / forward"),
    ("e", "half-steps: M-step, E-step"),
    ("u", "shade points by certainty"),
    ("a", "every restart; again: fastest"),
    ("b", "show the best run / back"),
    ("m", "models: each K and type"),
    ("+ -", "more / fewer components"),
    ("c", "cycle covariance type"),
    ("< >", "slower (to ¼ it/s) / faster"),
    ("n", "new data (next seed)"),
    ("x y", "next dimension on x / y"),
    ("v", "inspect a point's E-step"),
    ("←↑↓→", "with v: move cursor (hjkl)"),
    ("1-9", "with v: mean to the cursor"),
    ("f g", "formulas · g: next component"),
    ("Tab", "runs: ↑↓ choose · Enter: show"),
    ("z", "chart: fit the runs' ends"),
    ("s", "save the screen: SVG and text"),
    ("? Esc", "help / close"),
    ("↑ ↓ j k", "scroll help (also PgUp PgDn)"),
    ("q", "quit (also Ctrl-C)"),
];

/// The footer's keys, most useful first; the footer shows as many as fit: (key, word).
pub const FOOTER: [(&str, &str); 16] = [
    ("space", "step"),
    ("r", "run"),
    ("i", "restart"),
    ("p", "nudge"),
    ("←→", "scrub"),
    ("a", "all"),
    ("b", "best"),
    ("v", "inspect"),
    ("f", "formulas"),
    ("m", "models"),
    ("e", "halves"),
    ("u", "certainty"),
    ("z", "zoom"),
    ("s", "save"),
    ("?", "help"),
    ("q", "quit"),
];

/// The footer while the inspector is on (`v`): its keys first.
pub const FOOTER_INSPECTOR: [(&str, &str); 9] = [
    ("←↑↓→", "move"),
    ("v Esc", "leave"),
    ("1-9", "place mean"),
    ("f", "formulas"),
    ("[ ]", "scrub"),
    ("space", "step"),
    ("s", "save"),
    ("?", "help"),
    ("q", "quit"),
];

/// The footer while the runs panel has the keys (Tab).
pub const FOOTER_RUNS: [(&str, &str); 8] = [
    ("↑↓", "choose"),
    ("Enter", "show"),
    ("Tab Esc", "back"),
    ("←→", "scrub"),
    ("z", "zoom"),
    ("s", "save"),
    ("?", "help"),
    ("q", "quit"),
];

/// What the screen's marks mean, for the help: (mark, meaning).
pub const LEGEND: [(&str, &str); 30] = [
    ("●1  1", "component colour and number"),
    ("1 2 3", "matched to truth or best run"),
    ("1≡2", "collapsed: identical, as one"),
    ("tr", "truth of the component above"),
    ("▶ ▷ *", "running · on screen · best"),
    ("rings", "each component's 1σ and 2σ"),
    ("faint", "truth 2σ rings; other runs"),
    ("grey", "undecided: shares under 60%"),
    ("dots", "more dots: more points there"),
    ("│", "iteration shown (scrubbed)"),
    ("↓ ↑", "curve below/above the chart"),
    ("N_k→", "points by colour = next π × N"),
    ("+ ◆", "inspector: cursor · its point"),
    ("hc", "start: mclust's hierarchical"),
    ("sem", "start: best of short EM runs"),
    ("sem hc", "sem screening hc starts"),
    ("km++", "k-means++ (skm++: scaled)"),
    ("kmeans", "k-means to convergence"),
    ("trap", "all start at one point"),
    ("placed", "means put with 1-9 (v)"),
    ("+p", "nudged apart with p"),
    ("12345…", "after a start: its seed"),
    ("verdict", "local -x: x below best's peak"),
    ("verdict", "spurious k: k on a point/line"),
    ("left", "stopped early (i, or 1-9)"),
    ("past", "scrubbed back from the end"),
    ("Δ nudge", "change includes p's nudge"),
    ("dₖ", "distance to μₖ in σ's (Σₖ)"),
    ("μy·e-3", "column ×10⁻³: 30.1 is 0.0301"),
    ("bg", "share of uniform outliers"),
];

/// Width of a help entry's key and its text; entries go two side by side where they fit.
pub const HELP_KEY: usize = 8;
pub const HELP_TEXT: usize = 29;
/// The help's width with two columns of entries: each a space, its key, its text and a space
/// (so no text touches the border), and the borders.
pub const HELP_TWO_COLUMNS: usize = 2 * (1 + HELP_KEY + HELP_TEXT + 1) + 2;

/// Columns of entries the help uses on a screen `width` wide.
pub fn help_columns(width: u16) -> usize {
    if usize::from(width) >= HELP_TWO_COLUMNS {
        2
    } else {
        1
    }
}

/// Lines of the help on a screen `width` wide: the keys, a blank line, the legend, the speeds.
pub fn help_line_count(width: u16) -> usize {
    let columns = help_columns(width);
    BINDINGS.len().div_ceil(columns) + 1 + LEGEND.len().div_ceil(columns) + 1
}

/// On a screen `width`×`height`: the help's lines shown at once, and how far it scrolls. When
/// it does not fit, its last row says how to scroll instead of showing a line.
pub fn help_window(width: u16, height: u16) -> (usize, usize) {
    let lines = help_line_count(width);
    let rows = usize::from(height.saturating_sub(2));
    if lines <= rows {
        return (lines, 0);
    }
    let shown = rows.saturating_sub(1).max(1);
    (shown, lines - shown)
}

/// The action a key asks for, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, KeyCode::Char('c')).then_some(Action::Quit);
    }
    Some(match key.code {
        KeyCode::Char(' ') => Action::Step,
        KeyCode::Char('r') => Action::ToggleRun,
        KeyCode::Char('i') => Action::Restart,
        KeyCode::Char('p') => Action::Nudge,
        KeyCode::Char('[') => Action::ScrubBack,
        KeyCode::Char(']') => Action::ScrubForward,
        KeyCode::Char('e') => Action::ToggleHalfSteps,
        KeyCode::Char('u') => Action::ToggleCertainty,
        KeyCode::Char('n') => Action::Reseed,
        KeyCode::Char('a') => Action::RunAllRestarts,
        KeyCode::Char('b') => Action::ToggleBest,
        KeyCode::Char('m') => Action::ToggleModels,
        KeyCode::Char('+') | KeyCode::Char('=') => Action::MoreComponents,
        KeyCode::Char('-') | KeyCode::Char('_') => Action::FewerComponents,
        KeyCode::Char('c') => Action::CycleCovariance,
        KeyCode::Char('<') | KeyCode::Char(',') => Action::Slower,
        KeyCode::Char('>') | KeyCode::Char('.') => Action::Faster,
        KeyCode::Char('x') => Action::NextXDimension,
        KeyCode::Char('y') => Action::NextYDimension,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Esc => Action::CloseOverlay,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('z') => Action::ToggleChartZoom,
        KeyCode::Char('s') => Action::SavePicture,
        KeyCode::Left | KeyCode::Char('h') => Action::Move(Direction::Left),
        KeyCode::Right | KeyCode::Char('l') => Action::Move(Direction::Right),
        KeyCode::Up | KeyCode::Char('k') => Action::Move(Direction::Up),
        KeyCode::Down | KeyCode::Char('j') => Action::Move(Direction::Down),
        KeyCode::Char('v') => Action::ToggleInspector,
        KeyCode::Char(c @ '1'..='9') => Action::PlaceMean(c as usize - '1' as usize),
        KeyCode::Char('f') => Action::ToggleFormulas,
        KeyCode::Char('g') => Action::NextFormulaComponent,
        KeyCode::Tab => Action::FocusRuns,
        KeyCode::Enter => Action::ShowChosenRun,
        _ => return None,
    })
}
