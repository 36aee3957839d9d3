//! The screen's layout holds still and its parts read whole: the plot keeps its rows whatever
//! the status says, the help keeps off its border, the too-small notice fits, histogram bars
//! are never broken by curves, and every part of the truth has a row.

use crate::common::{app, press, press_all, screen, text};
use ratatui::crossterm::event::KeyCode;

/// The left half of the screen: the plot with its border.
fn plot_half(screen: &str, width: usize) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().take(width / 2).collect())
        .collect()
}

#[test]
fn the_plot_keeps_its_rows_whatever_the_status_says() {
    // 120×40: after two steps the trap's message takes two lines; scrubbed to the same
    // iteration the status takes one. The plot must be the same, dot for dot.
    let mut stepped = app(&[]);
    press_all(&mut stepped, " ");
    let mut scrubbed = app(&[]);
    press_all(&mut scrubbed, "  ");
    press(&mut scrubbed, KeyCode::Left);
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        let a = text(&screen(&stepped, w, h));
        let b = text(&screen(&scrubbed, w, h));
        assert_ne!(
            stepped.status_text().len() > 100,
            scrubbed.status_text().len() > 100,
            "one long status, one short"
        );
        let rows = usize::from(h) - 3;
        assert_eq!(
            plot_half(&a, usize::from(w))[..rows],
            plot_half(&b, usize::from(w))[..rows],
            "at {w}×{h}"
        );
    }
}

#[test]
fn the_help_keeps_a_space_before_its_right_border() {
    let mut app = app(&[]);
    press(&mut app, KeyCode::Char('?'));
    for (w, h) in [(120, 40), (80, 24)] {
        let screen = text(&screen(&app, w, h));
        // The help is 80 wide, centred, below its titled top border.
        let left = usize::from(w - 80) / 2;
        let rows: Vec<Vec<char>> = screen
            .lines()
            .skip_while(|l| !l.contains("keys and legend"))
            .skip(1)
            .map(|l| l.chars().collect::<Vec<char>>())
            .take_while(|c| c[left] == '│')
            .collect();
        assert!(rows.len() > 10, "{screen}");
        for row in rows {
            let line: String = row.iter().collect();
            assert_eq!(row[left + 78], ' ', "at {w}×{h}: {line}");
        }
    }
}

#[test]
fn the_too_small_notice_fits_down_to_ten_by_five() {
    for (w, h) in [(10, 5), (20, 6), (40, 10), (59, 15)] {
        let screen = text(&screen(&app(&[]), w, h));
        let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&format!("{w}×{h}")), "{screen}");
        assert!(flat.contains("60×16"), "{screen}");
        assert!(flat.ends_with("q quits"), "{screen}");
    }
}

#[test]
fn the_m_half_says_when_its_log_likelihood_is_known() {
    let mut app = app(&[]);
    press_all(&mut app, "ie ");
    // Half way through iteration 0: θ₁ on screen, so not `iter 0`.
    for (w, h, said) in [
        (120, 40, "iter      0½   log L — (known after the E-step)"),
        (80, 24, "iter      0½   log L — (after E-step)"),
    ] {
        let screen = text(&screen(&app, w, h));
        assert!(screen.contains(said), "at {w}×{h}: {screen}");
    }
}

#[test]
fn the_outliers_background_has_a_truth_row() {
    let app = app(&["--scenario", "outliers"]);
    let screen = text(&screen(&app, 120, 40));
    let row = screen
        .lines()
        .find(|l| l.contains(" bg "))
        .expect("a background row");
    assert!(row.contains("0.080 uniform background"), "{row}");
}

#[test]
fn histogram_bars_are_never_broken_by_the_curves() {
    // Faithful's waiting times are whole minutes; the curves used to replace the dots of the
    // bar cells they crossed. Scanning each column upwards from the axis, once the bar ends
    // (a cell that is not the bar's) no bar cell follows.
    let faithful = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/faithful.csv");
    let mut app = app(&["--data", faithful, "--columns", "waiting"]);
    for keys in ["", " ", "r"] {
        press_all(&mut app, keys);
        let terminal = screen(&app, 80, 24);
        let buffer = terminal.backend().buffer();
        // The plot: inside the left panel's border, past the gutter, above the x axis.
        let (left, right, top, bottom) = (10u16, 39u16, 2u16, 19u16);
        let mut bars = 0;
        for x in left..right {
            let mut bar_ended = false;
            for y in (top..bottom).rev() {
                let cell = &buffer[(x, y)];
                // A component's number sits on its curve's peak: neither bar nor break.
                if cell.modifier.contains(ratatui::style::Modifier::REVERSED) {
                    continue;
                }
                let braille = cell
                    .symbol()
                    .chars()
                    .next()
                    .is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
                let bar = braille && !cell.modifier.contains(ratatui::style::Modifier::BOLD);
                if bar {
                    bars += 1;
                    assert!(!bar_ended, "column {x} row {y}: a bar cell above a break");
                } else {
                    bar_ended = true;
                }
            }
        }
        assert!(bars > 40, "{bars} bar cells");
    }
}

#[test]
fn at_60x16_the_runs_title_claims_a_star_only_where_one_is_shown() {
    // K = 3: the runs panel has one row, the run in progress; the best (run 1) is not shown,
    // so the title names it rather than pointing at a `*` nobody can see. (On the cigars, whose
    // first run is no trap: a collapsed best is named so, see `app_messages`.)
    let mut app = app(&["--scenario", "cigars", "-k", "3"]);
    press_all(&mut app, "ri");
    let small = text(&screen(&app, 60, 16));
    assert!(small.contains("runs (best 1, BIC"), "{small}");
    assert!(
        !small.contains("* best") && !small.contains("(* BIC"),
        "{small}"
    );
    let large = text(&screen(&app, 80, 24));
    assert!(large.contains("runs (* best, BIC"), "{large}");
    assert!(large.lines().any(|l| l.contains("│ * 1 ")), "{large}");
}

#[test]
fn at_60x16_a_scenarios_seed_never_reads_like_a_run_number() {
    // The header once shortened `scenario seed (seed 1)` to `seed #1`, and `#1` reads as run 1.
    let header = |args: &[&str]| {
        let app = app(args);
        let screen = text(&screen(&app, 60, 16));
        screen.lines().next().unwrap().trim_end().to_string()
    };
    for (scenario, name) in [("seed", "seed (seed 1)"), ("tiny", "tiny (seed 1)")] {
        let said = header(&["--scenario", scenario]);
        assert!(said.starts_with(&format!("gmm-tui · {name} · ")), "{said}");
    }
    // Longer names and seeds keep the seed too: the points and the speed take their short
    // forms first (after `n` the new seed is what changed).
    for (args, name) in [
        (&["--scenario", "outliers"][..], "outliers (seed 1)"),
        (&["--scenario", "overlap"], "overlap (seed 1)"),
        (
            &["--scenario", "seed", "--seed", "123456"],
            "seed (seed 123456)",
        ),
    ] {
        let said = header(args);
        assert_eq!(said.split(" · ").nth(1).unwrap(), name, "{said}");
        assert!(!said.contains('#'), "{said}");
    }
    // Wider, the whole name.
    let app = app(&["--scenario", "tiny"]);
    let wide = text(&screen(&app, 120, 40));
    assert!(
        wide.starts_with("gmm-tui · scenario tiny (seed 1) · "),
        "{wide}"
    );
}

#[test]
fn a_long_status_ends_with_an_ellipsis_above_the_keys() {
    // scales.csv (the first 100 rows of a file a tester made: incomes near 1e7 beside shares
    // near 1e-4) opens with a long note on its faint column: at 60×16 it needs four rows.
    let scales = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scales.csv");
    let app = app(&["--data", scales]);
    let status = app.status_text();
    for (w, h) in [(60, 16), (80, 24), (120, 40)] {
        let drawn = text(&screen(&app, w, h));
        let rows: Vec<&str> = drawn.lines().collect();
        let footer = rows[rows.len() - 1];
        assert!(
            footer.contains("? help") && footer.contains("q quit"),
            "{drawn}"
        );
        let shown: Vec<&str> = rows[rows.len() - 3..rows.len() - 1]
            .iter()
            .map(|r| r.trim_end())
            .collect();
        let words: Vec<&str> = shown.iter().flat_map(|r| r.split(' ')).collect();
        let joined = words.join(" ");
        match joined.strip_suffix('…') {
            // Cut: whole words of the status, in order, then the ellipsis.
            Some(start) => {
                assert!(w < 120, "at 120 wide the note fits: {drawn}");
                let start = start.trim_end();
                assert!(status.starts_with(start), "{start:?} / {status:?}");
                let next = status[start.len()..].chars().next();
                assert!(
                    matches!(next, Some(' ')),
                    "cut mid-word: {start:?} / {status:?}"
                );
            }
            None => assert_eq!(joined.trim(), status, "{drawn}"),
        }
    }
}
