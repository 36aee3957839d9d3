//! The runs panel says which run is on screen at every size it shows: `▶` the run in progress,
//! `▷` the run on screen when it is another (once every run has finished, or in best view).

use crate::common::{TempDir, app, press, press_all, screen, text};
use gmm_tui::app::App;
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (60, 16)];

/// The runs panel's rows at `width`×`height`: each row's two marks and its run number.
fn runs_rows(app: &App, width: u16, height: u16) -> (Vec<(String, usize)>, String) {
    let screen = text(&screen(app, width, height));
    let rows = screen
        .lines()
        .skip_while(|l| !l.contains("├ runs"))
        .skip(1)
        .filter_map(|l| {
            let row = l.rsplit('│').nth(1)?;
            let marks: String = row.chars().take(2).collect();
            let number = row.chars().skip(2).collect::<String>();
            let number = number.split_whitespace().next()?.parse().ok()?;
            Some((marks, number))
        })
        .collect();
    (rows, screen)
}

/// The rows holding `mark`, by run number.
fn marked(rows: &[(String, usize)], mark: char) -> Vec<usize> {
    rows.iter()
        .filter(|(marks, _)| marks.contains(mark))
        .map(|(_, n)| *n)
        .collect()
}

#[test]
fn once_every_run_has_finished_the_run_on_screen_is_marked() {
    // `a a` on the seed data: every restart runs; nothing is in progress, run 10 is on screen.
    let mut app = app(&[]);
    press_all(&mut app, "aa");
    assert!(app.all_restarts_done());
    let best = app.runs().best().unwrap().number;
    assert_ne!(best, 10, "the best and the run on screen are two rows");
    for (w, h) in SIZES {
        let (rows, screen) = runs_rows(&app, w, h);
        assert_eq!(marked(&rows, '▶'), [0usize; 0], "{w}×{h}:\n{screen}");
        assert_eq!(marked(&rows, '▷'), [10], "{w}×{h}:\n{screen}");
    }
    // Best view: the best run is on screen, marked so (and starred).
    press(&mut app, KeyCode::Char('b'));
    assert!(app.showing_best());
    for (w, h) in SIZES {
        let (rows, screen) = runs_rows(&app, w, h);
        assert_eq!(marked(&rows, '▷'), [best], "{w}×{h}:\n{screen}");
        assert!(
            rows.contains(&("▷*".to_string(), best)),
            "{w}×{h}:\n{screen}"
        );
    }
    // The legend says what the mark means.
    press(&mut app, KeyCode::Char('?'));
    let help = text(&screen(&app, 120, 40));
    assert!(
        help.contains("▶ ▷ *") && help.contains("on screen"),
        "{help}"
    );
}

#[test]
fn in_best_view_the_run_in_progress_and_the_run_on_screen_are_told_apart() {
    // Run 1 ends (collapsed, the only finished run: the best); run 2 is in progress.
    let mut app = app(&[]);
    press_all(&mut app, "  i ");
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.shown().unwrap().number, 1);
    for (w, h) in SIZES {
        let (rows, screen) = runs_rows(&app, w, h);
        assert_eq!(marked(&rows, '▷'), [1], "{w}×{h}:\n{screen}");
        // At 60×16 the one row is the run on screen.
        if h > 16 {
            assert_eq!(marked(&rows, '▶'), [2], "{w}×{h}:\n{screen}");
        }
    }
    // Back to run 2, which is running and on screen: `▶` says both.
    press(&mut app, KeyCode::Char('b'));
    for (w, h) in SIZES {
        let (rows, screen) = runs_rows(&app, w, h);
        assert_eq!(marked(&rows, '▶'), [2], "{w}×{h}:\n{screen}");
        assert_eq!(marked(&rows, '▷'), [0usize; 0], "{w}×{h}:\n{screen}");
    }
}

#[test]
fn a_verdict_is_never_cut_even_beside_a_wide_log_likelihood() {
    // Two columns on a scale of 1e5: a log-likelihood of five digits before the point (10
    // characters) leaves a 60×16 row 8 for the verdict, one short of `converged`.
    let dir = TempDir::new("verdicts");
    let path = dir.join("wide.csv");
    let mut csv = String::from("a,b\n");
    for i in 0..400u64 {
        let (a, b) = ((i * 37) % 101, (i * 53) % 89);
        let (a, b) = (if i % 2 == 0 { a } else { a + 400 }, b);
        csv += &format!("{},{}\n", a * 10000, b * 10000);
    }
    std::fs::write(&path, csv).unwrap();
    let mut app = app(&["--data", path.to_str().unwrap(), "--restarts", "3"]);
    press_all(&mut app, "aa");
    assert!(app.all_restarts_done());
    let whole = [
        "converged",
        "conv.",
        "collapsed",
        "coll.",
        "max iter",
        "left",
    ];
    for (w, h) in SIZES {
        let screen = text(&screen(&app, w, h));
        let rows: Vec<&str> = screen
            .lines()
            .skip_while(|l| !l.contains("├ runs"))
            .skip(1)
            .filter_map(|l| l.rsplit('│').nth(1))
            .filter(|row| row.contains('-'))
            .collect();
        assert!(!rows.is_empty(), "{w}×{h}:\n{screen}");
        for row in rows {
            let last = row.split_whitespace().last().unwrap();
            assert!(
                whole.contains(&last),
                "{w}×{h}: verdict '{last}' in '{row}'\n{screen}"
            );
        }
    }
}
