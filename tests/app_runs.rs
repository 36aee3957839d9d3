//! Runs through the app's key path: restarts and the history, the best run (`b`), running every
//! restart (`a`) at the chosen speed, a cluster's number across restarts, and the same runs from
//! background work as from inline work.

use std::time::{Duration, Instant};

use crate::common::{app, iteration, press, press_all, screen, text};
use gmm_tui::app::{Action, Mode};
use gmm_tui::core::Start;
use gmm_tui::terminal::pacer::Pacer;
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_run_left_before_it_finished_is_never_starred() {
    let mut app = app(&[]);
    // `i` at iteration 0, as the opening invites: run 1 is left, unfinished.
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.runs().history().len(), 1);
    assert!(app.runs().history()[0].abandoned);
    assert!(app.runs().best().is_none(), "no finished run: no best");
    let shown = text(&screen(&app, 120, 40));
    assert!(
        !shown.contains("BIC"),
        "no BIC without a finished run:\n{shown}"
    );
    assert!(
        !runs_row(&shown, 1).contains('*'),
        "run 1 is not starred:\n{shown}"
    );
    // Run 2 finishes: it is the best, though run 1 was left higher or lower.
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.runs().best().unwrap().number, 2);
    // Starred, and on screen though no longer running.
    let shown = text(&screen(&app, 120, 40));
    assert!(runs_row(&shown, 2).starts_with("▷* 2"), "{shown}");
}

#[test]
fn restart_pushes_a_history_row_and_starts_run_two() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char(' '));
    assert!(app.runs().history().is_empty());
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.runs().history().len(), 1);
    assert_eq!(app.runs().history()[0].number, 1);
    let run = app.runs().current().unwrap();
    assert_eq!((run.number, run.em.iteration()), (2, 0));
    // The default's first start after the trap: mclust's hierarchical agglomeration.
    assert!(matches!(run.start, Start::Hc { .. }));
}

#[test]
fn run_all_keeps_the_chosen_speed_through_the_loops_pacer() {
    let mut app = app(&["--restarts", "5"]);
    assert_eq!(app.iterations_per_second(), Some(10.0));
    let start = Instant::now();
    let mut pacer = Pacer::new(start);
    app.update(Action::RunAllRestarts);
    // One simulated second of the loop, looking every millisecond: ten ticks at 10 it/s.
    let mut ticks = 0;
    for ms in 0..1000 {
        let now = start + Duration::from_millis(ms);
        if app.is_running() && pacer.due(now, app.iterations_per_second()) {
            app.advance();
            app.wait_work();
            ticks += 1;
        }
    }
    assert_eq!(ticks, 10);
    assert_eq!(
        app.mode(),
        Mode::RunningAll,
        "five restarts take longer than ten ticks"
    );
    assert!(app.runs().history().len() < 5);
    // `a` again: the fastest speed, where every look is a tick and the rest finish within a few
    // milliseconds.
    app.update(Action::RunAllRestarts);
    assert_eq!(app.iterations_per_second(), None);
    assert_eq!(app.mode(), Mode::RunningAll);
    let resume = start + Duration::from_secs(1);
    for ms in 0..200 {
        let now = resume + Duration::from_millis(ms);
        if app.is_running() && pacer.due(now, app.iterations_per_second()) {
            app.advance();
            app.wait_work();
        }
    }
    assert_eq!((app.mode(), app.runs().history().len()), (Mode::Paused, 5));
}

#[test]
fn slower_goes_down_to_a_quarter_iteration_a_second_a_lecture_s_pace() {
    // A k-means++ start (`i`), which takes more than two iterations, unlike the trap.
    let mut app = app(&[]);
    // 10 → 5 → 2 → 1 → ½ → ¼ it/s.
    press_all(&mut app, "i<<<");
    assert_eq!(app.iterations_per_second(), Some(1.0));
    press(&mut app, KeyCode::Char('<'));
    assert_eq!(
        app.message(),
        Some("speed: one iteration every 2 seconds (½ it/s)")
    );
    press(&mut app, KeyCode::Char('<'));
    assert_eq!(app.iterations_per_second(), Some(0.25));
    let header = text(&screen(&app, 80, 24))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(header.contains("¼ it/s"), "{header}");
    press(&mut app, KeyCode::Char('<'));
    assert_eq!(
        app.message(),
        Some("speed: one iteration every 4 seconds (¼ it/s) (the slowest)")
    );
    // Eight simulated seconds of the loop, running: two ticks, at 0 and 4 s.
    let start = Instant::now();
    let mut pacer = Pacer::new(start);
    app.update(Action::ToggleRun);
    let mut ticks = 0;
    for ms in 0..8000 {
        if app.is_running()
            && pacer.due(
                start + Duration::from_millis(ms),
                app.iterations_per_second(),
            )
        {
            app.advance();
            app.wait_work();
            ticks += 1;
        }
    }
    assert_eq!(ticks, 2);
    assert_eq!(app.runs().current().unwrap().em.iteration(), 2);
}

#[test]
fn run_all_finishes_every_restart_and_b_shows_the_best() {
    let mut app = app(&["--restarts", "4"]);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.runs().history().len(), 4);
    assert_eq!(app.mode(), Mode::Paused);
    assert!(
        app.status_text().contains("the best is run"),
        "{}",
        app.status_text()
    );
    press(&mut app, KeyCode::Char('b'));
    assert!(app.showing_best());
    let best = app.runs().best().unwrap().number;
    assert_eq!(app.shown().unwrap().number, best);
    // Space does not silently step another run from here.
    let before = iteration(&app);
    press(&mut app, KeyCode::Char(' '));
    assert!(app.showing_best());
    assert_eq!(iteration(&app), before);
    // What is sure, not a promise about the current run (it may have ended).
    let current = app.runs().current().unwrap().number;
    assert_eq!(
        app.status_text(),
        format!(
            "this is run {best}, the best finished run: space acts on the current run, run \
             {current} — b: back to it"
        ),
    );
    press(&mut app, KeyCode::Char('b'));
    assert!(!app.showing_best());
}

#[test]
fn a_cluster_keeps_its_number_across_ten_restarts() {
    // Without numbering, k-means++ orders the components as it drew them: after `p r`
    // component 1 was the (0,0) cluster, after `i r` the (5,5) one.
    for scenario in ["seed", "overlap"] {
        let mut app = app(&["--scenario", scenario, "--restarts", "10"]);
        press(&mut app, KeyCode::Char('a'));
        let truth = app.source().scenario().unwrap().components.clone();
        let finished: Vec<_> = app
            .runs()
            .finished()
            .filter(|h| h.result.collapsed.is_empty())
            .collect();
        assert!(finished.len() >= 9, "{scenario}: {} runs", finished.len());
        for h in finished {
            let model = &h.result.model;
            for c in 0..model.k() {
                let distance = |t: usize| {
                    let mean = model.mean(c);
                    truth[t]
                        .mean
                        .iter()
                        .zip(mean)
                        .map(|(a, b)| (a - b).powi(2))
                        .sum::<f64>()
                };
                let nearest = (0..truth.len()).min_by(|&a, &b| distance(a).total_cmp(&distance(b)));
                assert_eq!(
                    nearest,
                    Some(c),
                    "{scenario}, run {}: component {} ends nearest truth {:?}",
                    h.number,
                    c + 1,
                    nearest.map(|t| t + 1)
                );
            }
        }
    }
}

#[test]
fn background_work_gives_the_same_runs_as_inline_work() {
    let story = |background: bool| {
        let mut app = app(&["--restarts", "3"]);
        if background {
            app.set_background_above(0);
        }
        press_all(&mut app, "   p");
        press(&mut app, KeyCode::Char('r'));
        press_all(&mut app, "ia");
        press_all(&mut app, "[[e ");
        let lls: Vec<f64> = app
            .runs()
            .history()
            .iter()
            .map(|h| h.result.log_likelihood)
            .collect();
        (lls, app.shown().unwrap().model.clone())
    };
    assert_eq!(story(false), story(true));
}

/// The runs row of run `number` on `screen`: its two marks (`▶` or `▷`; `*`), then the number.
fn runs_row(screen: &str, number: usize) -> String {
    screen
        .lines()
        .find_map(|l| {
            let row = l.rsplit('│').nth(1)?;
            let marks: String = row.chars().take(2).collect();
            let rest: String = row.chars().skip(2).collect();
            let n = rest.split_whitespace().next()?;
            let marked = marks.chars().all(|c| matches!(c, ' ' | '*' | '▶' | '▷'));
            (marked && n == number.to_string()).then(|| row.to_string())
        })
        .unwrap_or_else(|| panic!("no row for run {number}:\n{screen}"))
}

#[test]
fn every_spurious_component_is_named_and_none_is_cut_to_another_number() {
    // The report's story: twenty components in the trap, nudged, run to the end. Components
    // 10, 11 and 12 end spurious; the runs row used to read "spurious 1" (10, cut).
    let mut app = app(&["-k", "20"]);
    press_all(&mut app, " p>>>>r");
    let spurious: Vec<usize> = app.spurious().iter().map(|s| s.component + 1).collect();
    assert_eq!(spurious, [10, 11, 12]);
    let status = app.status_text();
    assert!(
        status.contains("component 10 rests on 1.9 points")
            && status.contains("so are components 11 and 12"),
        "{status}"
    );
    for (w, h, verdict) in [
        (120, 40, "spurious 10,11,12"),
        (170, 40, "spurious 10,11,12"),
        (80, 24, "3 spurious"),
        (60, 16, "spurious"),
    ] {
        let screen = text(&screen(&app, w, h));
        let row = runs_row(&screen, 1);
        assert!(row.trim_end().ends_with(verdict), "{w}×{h}: {row:?}");
    }
    // Two clusters, each on a line of its own (y is 1 in one, 3 in the other): a restart puts
    // a component on each line, and both are spurious, as `fit` reports them.
    let path = crate::common::scratch().join("lines.csv");
    let rows: String = (0..60)
        .map(|i| {
            let (x0, y) = if i < 30 { (4.0, 1.0) } else { (14.0, 3.0) };
            format!("{},{y}\n", x0 + f64::from(i % 30) * 0.12)
        })
        .collect();
    std::fs::write(&path, format!("length,level\n{rows}")).unwrap();
    let mut app = crate::common::app(&["--data", path.to_str().unwrap()]);
    press_all(&mut app, "ir");
    assert!(
        app.status_text().contains("so is component 2"),
        "{}",
        app.status_text()
    );
    let screen = text(&screen(&app, 120, 40));
    assert!(runs_row(&screen, 2).contains("spurious 1,2"), "{screen}");
}

#[test]
fn b_on_the_best_run_already_shown_says_so_and_keys_keep_working() {
    let mut app = app(&[]);
    press_all(&mut app, "ir");
    assert_eq!(app.runs().best().unwrap().number, 2);
    press(&mut app, KeyCode::Char('b'));
    assert!(!app.showing_best());
    assert!(
        app.message().unwrap().contains("nothing else to show"),
        "{:?}",
        app.message()
    );
    let last = iteration(&app);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.shown().unwrap().iteration, last - 1, "← scrubs");
    press(&mut app, KeyCode::Char('b'));
    assert!(
        app.message()
            .unwrap()
            .contains("→ or space goes to its end")
    );
}

#[test]
fn space_while_a_pass_computes_queues_one_more_iteration() {
    let mut app = app(&["--points", "200000"]);
    app.set_background_above(0);
    app.wait_work();
    // Three presses in quick succession: while the first pass computes (a pass over 200,000
    // points takes milliseconds, the presses microseconds) the second waits for it and the
    // third is dropped, so a held key stops when it is let go. Whatever the timing, the second
    // press is never lost.
    for _ in 0..3 {
        app.update(Action::Step);
    }
    crate::common::settle(&mut app);
    assert!((2..=3).contains(&iteration(&app)), "{}", iteration(&app));
}

#[test]
fn in_best_view_the_run_in_progress_keeps_its_own_state_word() {
    // Run 1 (the trap) ends collapsed and is the best; run 2 is scrubbed back, then `b` shows
    // run 1: run 2's row must still say `past`, not the trap's `identical`.
    let mut app = app(&["-k", "5"]);
    press_all(&mut app, "ri  ");
    press(&mut app, KeyCode::Left);
    let before = runs_row(&text(&screen(&app, 100, 30)), 2);
    assert!(before.trim_end().ends_with(" past"), "{before}");
    press(&mut app, KeyCode::Char('b'));
    assert!(app.showing_best());
    assert_eq!(app.runs().best().unwrap().number, 1);
    assert_eq!(app.state_word(), "collapsed");
    let after = runs_row(&text(&screen(&app, 100, 30)), 2);
    assert!(
        after.contains('▶') && after.trim_end().ends_with(" past"),
        "{after}"
    );
}
