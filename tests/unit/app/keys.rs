//! Tests of `src/app/keys.rs`.

use gmm_tui::app::keys::*;
use gmm_tui::app::{Action, Direction};
use ratatui::crossterm::event::KeyEventState;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn key(code: KeyCode, modifiers: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
    KeyEvent {
        code,
        modifiers,
        kind,
        state: KeyEventState::NONE,
    }
}

#[test]
fn esc_only_closes_and_releases_are_ignored() {
    let press = |c| key(c, KeyModifiers::NONE, KeyEventKind::Press);
    assert_eq!(action_for(press(KeyCode::Esc)), Some(Action::CloseOverlay));
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
    assert_eq!(action_for(press(KeyCode::Char('Z'))), None);
}

#[test]
fn brackets_scrub_like_arrows() {
    let press = |c| key(c, KeyModifiers::NONE, KeyEventKind::Press);
    assert_eq!(
        action_for(press(KeyCode::Char('['))),
        Some(Action::ScrubBack)
    );
    // Arrows move the inspector's cursor when it is on, and scrub otherwise (`App::update`).
    assert_eq!(
        action_for(press(KeyCode::Left)),
        Some(Action::Move(Direction::Left))
    );
    assert_eq!(
        action_for(press(KeyCode::Char('h'))),
        Some(Action::Move(Direction::Left))
    );
}

/// Every help entry's key leaves a space before its text, and every text fits its column: a
/// stranger read `local -xended x below the best peak` where an 8-character key met its text.
#[test]
fn help_keys_and_texts_fit_their_columns() {
    for (key, text) in BINDINGS.iter().chain(&LEGEND) {
        assert!(key.chars().count() < HELP_KEY, "key {key:?}");
        assert!(text.chars().count() <= HELP_TEXT, "text {text:?}");
    }
}
