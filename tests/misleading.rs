//! The screens that misled (issue 14), each through the real key path: a merged row's weight
//! read as one component's, a local optimum called converged like the rest, the collapsed trap
//! starred "best", numbers that swapped clusters between runs, a half-step that began with an
//! unexplained M-step, two names for one state, a table whose layout changed with the frame,
//! keys cut off the status at 60×16, and the chart's `↓` unexplained.

mod second_look;

use crate::common::{app, press, press_all, screen, text};
use gmm_tui::app::App;
use ratatui::crossterm::event::KeyCode;

/// The right half of each screen row (the panels beside the plot), with its border.
fn right_column(screen: &str, width: usize) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().skip(width / 2).collect::<String>())
        .collect()
}

#[test]
fn a_merged_row_shows_each_member_s_weight_never_the_sum_alone() {
    let app = app(&[]);
    for (w, h, weight) in [(120, 40, "2×.500"), (80, 24, "2×.5"), (60, 16, "2×.5")] {
        let screen = text(&screen(&app, w, h));
        let row = right_column(&screen, usize::from(w))
            .into_iter()
            .find(|l| l.contains("1≡2"))
            .unwrap_or_else(|| panic!("a 1≡2 row at {w}×{h}:\n{screen}"));
        assert!(row.contains(&format!("1≡2 {weight} ")), "{w}×{h}: {row}");
        assert!(!row.contains("1.0"), "{w}×{h}: {row}");
    }
}

/// The tiny scenario from random starts: run 2 converges to -8580.237, 158 below run 1's
/// -8422.015 — a local optimum.
fn local_optimum() -> App {
    let mut app = app(&["--scenario", "tiny", "--init", "random"]);
    press_all(&mut app, "rir");
    app
}

#[test]
fn a_run_that_converged_below_the_best_is_named_a_local_optimum() {
    let app = local_optimum();
    let runs = app.runs();
    assert_eq!(runs.best().unwrap().number, 1);
    let gap = runs
        .local_gap(2)
        .expect("run 2 stopped clearly below the best");
    assert!((gap - 158.222).abs() < 0.01, "{gap}");
    assert_eq!(runs.below_best(1), None, "the best is no local optimum");
    assert_eq!(app.state_word(), "local");
    let status = app.status_text();
    assert!(
        status.starts_with(
            "local: 158.222 below the best (run 1): a lower peak, or a flat pass a smaller --tol"
        ),
        "{status}"
    );
    assert!(
        status.ends_with("— i: another start · a: all restarts · m: models"),
        "{status}"
    );
    for (w, h, row) in [
        (120, 40, "local -158.222"),
        (80, 24, "local -158"),
        (60, 16, "local"),
    ] {
        let screen = text(&screen(&app, w, h));
        let line = screen
            .lines()
            .find(|l| l.contains("▷ 2 ") || l.contains("▷  2 "))
            .unwrap_or_else(|| panic!("run 2's row at {w}×{h}:\n{screen}"));
        assert!(line.contains(row), "{w}×{h}: {line}");
        assert!(!line.contains("conv"), "{w}×{h}: {line}");
    }
}

#[test]
fn snapshot_a_local_optimum_row() {
    let app = local_optimum();
    for (w, h) in [(80, 24), (120, 40), (60, 16)] {
        insta::assert_snapshot!(
            format!("local_optimum_at_{w}x{h}"),
            screen(&app, w, h).backend()
        );
    }
}

#[test]
fn a_collapsed_best_is_never_presented_as_the_answer() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    assert!(app.runs().best_is_collapsed());
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let screen = text(&screen(&app, w, h));
        let title = screen.lines().find(|l| l.contains("runs")).unwrap();
        assert!(title.contains("collapsed"), "{w}×{h}: {title}");
        assert!(
            !title.contains("* best,") && !title.contains("BIC"),
            "{w}×{h}: {title}"
        );
    }
    assert!(
        app.status_text().starts_with("collapsed: "),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Char('b'));
    assert!(
        app.message()
            .unwrap()
            .contains("the best so far, but collapsed"),
        "{:?}",
        app.message()
    );
    // Picked from the history while a new run is current, its plot says so too.
    press(&mut app, KeyCode::Char('i'));
    press_all(&mut app, "b");
    assert!(app.showing_best());
    for (w, h, named) in [
        (120, 40, "run 1, best so far: collapsed"),
        (80, 24, "run 1, collapsed"),
    ] {
        let plot = text(&screen(&app, w, h));
        let title = plot.lines().nth(1).unwrap();
        assert!(title.contains(named), "{w}×{h}: {title}");
        assert!(!title.contains("the best"), "{w}×{h}: {title}");
    }
    press_all(&mut app, "b");
    // Every restart run: the best is a sound run, starred as usual.
    press(&mut app, KeyCode::Char('a'));
    assert!(!app.runs().best_is_collapsed());
    assert!(text(&screen(&app, 80, 24)).contains("runs (* best, BIC"));
}

#[test]
fn the_same_cluster_keeps_its_number_after_a_nudge_and_after_a_restart() {
    // The steps: after `p r` component 1 was the (0,0) cluster, after `i r` (5,5).
    let mut app = app(&[]);
    let near_origin = |app: &App| {
        let mean = app.runs().current().unwrap().em.model().mean(0).to_vec();
        mean[0].abs() < 1.0 && mean[1].abs() < 1.0
    };
    press_all(&mut app, "  pr");
    let first = near_origin(&app);
    press_all(&mut app, "ir");
    assert_eq!(near_origin(&app), first);
    assert!(
        first,
        "numbered as the truth: component 1 is the (0,0) cluster"
    );
}

#[test]
fn half_steps_say_the_colours_are_already_the_e_step_and_why_the_trap_does_not_move() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('e'));
    let note = app.message().unwrap().to_string();
    assert!(
        note.contains("the colours already are the E-step"),
        "{note}"
    );
    assert!(
        note.contains("nothing seems to change"),
        "in the trap: {note}"
    );
    press(&mut app, KeyCode::Char(' '));
    let status = app.status_text();
    assert!(
        status.starts_with("M-step done: the identical ellipses refitted to the same shares"),
        "{status}"
    );
    // Away from the trap, no word of it.
    let mut app = crate::common::app(&[]);
    press_all(&mut app, "ie");
    let note = app.message().unwrap().to_string();
    assert!(
        note.contains("the colours already are the E-step"),
        "{note}"
    );
    assert!(!note.contains("nothing seems to change"), "{note}");
}

#[test]
fn one_word_names_the_collapsed_state_in_every_panel() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    assert_eq!(app.state_word(), "collapsed");
    let screen = text(&screen(&app, 80, 24));
    let column = right_column(&screen, 80);
    let state = column.iter().find(|l| l.starts_with("│Δ ")).unwrap();
    let row = column.iter().find(|l| l.contains(" trap ")).unwrap();
    assert!(
        state.contains("collapsed") && row.contains("collapsed"),
        "{state}\n{row}"
    );
    // The status joins the two words in one phrase: the state, then what it means.
    assert!(
        app.status_text()
            .starts_with("collapsed: both components are identical")
    );
}

/// The parameter table's header lines: the columns and how many lines a component takes.
fn table_headers(app: &App, width: u16, height: u16) -> Vec<String> {
    let screen = text(&screen(app, width, height));
    right_column(&screen, usize::from(width))
        .into_iter()
        .skip_while(|l| !l.contains("parameters"))
        .skip(1)
        .take_while(|l| !l.contains("●") && !l.contains("≡"))
        .collect()
}

#[test]
fn the_table_keeps_its_layout_for_the_data_and_k() {
    // K = 3 at 80×24: in the trap two lines a component, after `a` one line without N_k.
    let mut app = app(&["-k", "3"]);
    for (w, h) in [(80, 24), (120, 40), (60, 16)] {
        let trap = table_headers(&app, w, h);
        let mut escaped = crate::common::app(&["-k", "3"]);
        press(&mut escaped, KeyCode::Char('a'));
        assert_eq!(table_headers(&escaped, w, h), trap, "at {w}×{h}");
    }
    press_all(&mut app, "  ");
    assert_eq!(
        table_headers(&app, 80, 24).len(),
        2,
        "{:?}",
        table_headers(&app, 80, 24)
    );
}

/// Keys a status offers at its end: "p: nudge apart · i: restart".
fn offered_keys(status: &str) -> Option<&str> {
    let (_, tail) = status.rsplit_once(" — ")?;
    tail.split(" · ")
        .all(|o| {
            o.split_once(": ")
                .is_some_and(|(k, _)| k.chars().count() <= 10)
        })
        .then_some(tail)
}

#[test]
fn at_60x16_the_status_never_cuts_the_keys_it_offers() {
    let mut checked = 0;
    for (args, keys) in [
        (&[][..], "   p r [ ] e ie a"),
        (&["--scenario", "tiny", "--init", "random"][..], "r i r b a"),
        (&["-k", "3"][..], "  a"),
    ] {
        let mut app = app(args);
        for key in keys.split(' ') {
            press_all(&mut app, key);
            let status = app.status_text();
            let Some(offer) = offered_keys(&status) else {
                continue;
            };
            let screen = text(&screen(&app, 60, 16));
            let rows: Vec<&str> = screen.lines().collect();
            let shown = rows[13..15]
                .iter()
                .map(|r| r.trim())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                shown.contains(offer),
                "{args:?} {key:?}: {offer:?} in\n{shown}\nof {status}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} statuses offered keys");
}

#[test]
fn the_help_s_legend_explains_the_chart_s_arrows() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('?'));
    let help = text(&screen(&app, 120, 40));
    assert!(
        help.contains("↓ ↑     curve below/above the chart"),
        "{help}"
    );
    assert!(help.contains("matched to truth or best run"), "{help}");
}
