//! Keys to actions. Only presses count (Windows also reports releases), and `Esc` only closes
//! the help: over SSH a split arrow-key sequence arrives as a lone Esc.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;

/// Every key binding, for the help overlay and the footer: (keys, what they do).
pub const BINDINGS: [(&str, &str); 14] = [
    ("space", "one EM iteration"),
    ("r", "run / pause"),
    ("i", "restart from a new initialisation"),
    ("n", "new data from a fresh seed, start over"),
    ("a", "run all restarts, keep the best"),
    ("b", "show the best run / back"),
    ("+ -", "more / fewer components"),
    ("c", "cycle covariance type"),
    ("< >", "slower / faster"),
    ("x y", "next dimension on x / y axis (D > 2)"),
    ("?", "help"),
    ("Esc", "close help"),
    ("q", "quit"),
    ("Ctrl-C", "quit"),
];

/// The footer's short list: (key, word).
pub const FOOTER: [(&str, &str); 8] = [
    ("space", "step"),
    ("r", "run"),
    ("i", "restart"),
    ("n", "new data"),
    ("a", "all"),
    ("b", "best"),
    ("?", "help"),
    ("q", "quit"),
];

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
        KeyCode::Char('n') => Action::Reseed,
        KeyCode::Char('a') => Action::RunAllRestarts,
        KeyCode::Char('b') => Action::ToggleBest,
        KeyCode::Char('+') | KeyCode::Char('=') => Action::MoreComponents,
        KeyCode::Char('-') | KeyCode::Char('_') => Action::FewerComponents,
        KeyCode::Char('c') => Action::CycleCovariance,
        KeyCode::Char('<') | KeyCode::Char(',') => Action::Slower,
        KeyCode::Char('>') | KeyCode::Char('.') => Action::Faster,
        KeyCode::Char('x') => Action::NextXDimension,
        KeyCode::Char('y') => Action::NextYDimension,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Esc => Action::CloseHelp,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn key(code: KeyCode, modifiers: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn esc_only_closes_help_and_releases_are_ignored() {
        let press = |c| key(c, KeyModifiers::NONE, KeyEventKind::Press);
        assert_eq!(action_for(press(KeyCode::Esc)), Some(Action::CloseHelp));
        assert_eq!(
            action_for(key(
                KeyCode::Char('q'),
                KeyModifiers::NONE,
                KeyEventKind::Release
            )),
            None
        );
        assert_eq!(
            action_for(key(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
                KeyEventKind::Press
            )),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(press(KeyCode::Char('c'))),
            Some(Action::CycleCovariance)
        );
        assert_eq!(action_for(press(KeyCode::Char(' '))), Some(Action::Step));
        assert_eq!(action_for(press(KeyCode::Char('['))), None);
    }
}
