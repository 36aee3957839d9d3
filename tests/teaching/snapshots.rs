//! Whole screens of the understanding tools at 80×24, 120×40 and 60×16 (insta; text, not
//! colour): the inspector in the trap and after the escape, the formulas, a picked earlier run.

use ratatui::crossterm::event::KeyCode;

use crate::common::{app, press, screen};

/// Keys as typed, with `<` `>` `^` `_` for the arrows, `\t` for Tab and `\n` for Enter.
fn keys(typed: &str) -> Vec<KeyCode> {
    typed
        .chars()
        .map(|c| match c {
            '<' => KeyCode::Left,
            '>' => KeyCode::Right,
            '^' => KeyCode::Up,
            '_' => KeyCode::Down,
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        })
        .collect()
}

fn snapshot(name: &str, args: &[&str], typed: &str) {
    for (w, h) in [(80, 24), (120, 40), (60, 16)] {
        let mut app = app(args);
        for key in keys(typed) {
            press(&mut app, key);
        }
        insta::assert_snapshot!(format!("{name}_at_{w}x{h}"), screen(&app, w, h).backend());
    }
}

#[test]
fn snapshot_the_inspector_in_the_trap() {
    snapshot("inspector_in_the_trap", &[], "  v>>");
}

#[test]
fn snapshot_the_inspector_after_the_escape() {
    snapshot("inspector_after_the_escape", &[], "   prv>>>^");
}

#[test]
fn snapshot_the_formulas() {
    snapshot("formulas", &[], "   p  f");
}

#[test]
fn snapshot_the_formulas_with_the_inspector() {
    snapshot("formulas_with_the_inspector", &[], "   p  fv<<");
}

#[test]
fn snapshot_a_picked_earlier_run() {
    snapshot("picked_earlier_run", &["--restarts", "3"], "a\t^^\n\t<");
}
