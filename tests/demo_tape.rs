//! demo.tape replayed through the app: its launch command parses, every key it presses means
//! something, and each `# screen:` line holds on the screen at that point.

use crate::common::{app, press, screen, text};
use ratatui::crossterm::event::KeyCode;

/// The quoted argument of a VHS command: `Type "abc"` → `abc`.
fn quoted(line: &str) -> &str {
    line.split_once('"')
        .and_then(|(_, rest)| rest.rsplit_once('"'))
        .map_or("", |(s, _)| s)
}

#[test]
fn the_tape_tells_the_story_on_the_current_app() {
    let tape = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo.tape")).unwrap();
    let mut lines = tape.lines().map(str::trim);
    let launch = lines
        .by_ref()
        .find(|l| l.starts_with("Type \"gmm-tui"))
        .expect("a launch line");
    let args: Vec<&str> = quoted(launch).split_whitespace().skip(1).collect();
    let mut app = app(&args);
    let (mut keys, mut checks) = (0, 0);
    for line in lines {
        let (command, _) = line.split_once(' ').unwrap_or((line, ""));
        match command {
            "Space" => press(&mut app, KeyCode::Char(' ')),
            "Escape" => press(&mut app, KeyCode::Esc),
            "Left" | "Right" => {
                let code = if command == "Left" {
                    KeyCode::Left
                } else {
                    KeyCode::Right
                };
                let times: usize = line[command.len()..].trim().parse().unwrap_or(1);
                (0..times).for_each(|_| press(&mut app, code));
            }
            "Type" => quoted(line)
                .chars()
                .for_each(|c| press(&mut app, KeyCode::Char(c))),
            "#" if line.starts_with("# screen:") => {
                let expected = line.trim_start_matches("# screen:").trim();
                let shown = text(&screen(&app, 140, 45));
                assert!(
                    shown.contains(expected),
                    "after {keys} keys, expected {expected:?} on:\n{shown}"
                );
                checks += 1;
                continue;
            }
            "Enter" | "Sleep" | "Show" | "Hide" | "#" | "" | "Output" | "Require" | "Set" => {
                continue;
            }
            other => panic!("the replay does not know the VHS command {other:?}"),
        }
        keys += 1;
    }
    assert!(checks >= 5, "the tape checks the story at each step");
    assert!(app.should_quit(), "the tape ends by quitting");
    let best = app.runs().best().unwrap();
    assert!(best.result.collapsed.is_empty());
}
