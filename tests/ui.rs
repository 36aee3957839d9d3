//! The screen: widgets rendered into a ratatui buffer (colours checked where they carry
//! meaning) and whole-screen snapshots (insta; they compare text, not colour).

use crate::common::{TempDir, app, press, press_all, screen, text};
use gmm_tui::app::App;
use gmm_tui::ui::scatter::{ScatterCache, ScatterPlot};
use gmm_tui::ui::theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::StatefulWidget;

/// The plot alone, rendered into a `width`×`height` buffer.
fn plot(app: &App, width: u16, height: u16) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    ScatterPlot { app }.render(area, &mut buffer, &mut ScatterCache::default());
    buffer
}

/// The cell where `point` is drawn in a plot of `area` (gutter of 9, axis row at the bottom).
fn plot_cell(app: &App, area: Rect, point: (f64, f64)) -> (u16, u16) {
    let plot = Rect::new(area.x + 9, area.y, area.width - 9, area.height - 1);
    let ((x0, x1), (y0, y1)) = gmm_tui::ui::scatter::view(app, plot.width, plot.height);
    let col = ((point.0 - x0) / (x1 - x0) * f64::from(plot.width)) as u16;
    let row = ((y1 - point.1) / (y1 - y0) * f64::from(plot.height)) as u16;
    (plot.x + col, plot.y + row)
}

fn is_braille(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

/// Cells showing points: braille, not bold (ellipses and curves are bold).
fn point_cells(buffer: &Buffer) -> Vec<&ratatui::buffer::Cell> {
    buffer
        .content()
        .iter()
        .filter(|c| is_braille(c.symbol()) && !c.modifier.contains(Modifier::BOLD))
        .collect()
}

/// The reverse-video labels, each run of consecutive cells read as one word.
fn labels(buffer: &Buffer) -> Vec<String> {
    let mut words = Vec::new();
    for y in 0..buffer.area.height {
        let mut word = String::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED) {
                word += cell.symbol();
            } else if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.sort();
    words
}

#[test]
fn each_mean_is_marked_by_its_number_in_its_colour_and_points_by_their_component() {
    let mut app = app(&[]);
    press_all(&mut app, " ir"); // escape the trap: two separated components
    let area = Rect::new(0, 0, 60, 30);
    let buffer = plot(&app, 60, 30);
    let model = app.runs().current().unwrap().em.model();
    for c in 0..2 {
        let (x, y) = plot_cell(&app, area, (model.mean(c)[0], model.mean(c)[1]));
        let cell = &buffer[(x, y)];
        assert_eq!(cell.symbol(), (c + 1).to_string(), "mean {c} at ({x},{y})");
        assert_eq!(cell.fg, theme::component(c));
    }
    // A point cell between the mean and the 1σ ellipse is in that component's colour.
    for c in 0..2 {
        let m = model.mean(c);
        let (x, y) = plot_cell(&app, area, (m[0] + 0.5, m[1] - 0.1));
        assert!(is_braille(buffer[(x, y)].symbol()));
        assert_eq!(buffer[(x, y)].fg, theme::component(c));
    }
    assert_eq!(labels(&buffer), ["1", "2"]);
}

#[test]
fn identical_components_read_as_one_shared_thing_with_undecided_points() {
    let mut app = app(&[]);
    press_all(&mut app, "  ");
    let buffer = plot(&app, 60, 30);
    assert_eq!(labels(&buffer), ["1≡2"], "one label at the shared mean");
    let bold: std::collections::HashSet<Color> = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::BOLD) && is_braille(c.symbol()))
        .map(|c| c.fg)
        .collect();
    assert!(
        bold.contains(&theme::SHARED),
        "the ellipses once, in the shared style"
    );
    assert!(bold.contains(&theme::TRUTH), "and the truth faint");
    assert!(!bold.contains(&theme::component(0)));
    assert!(!bold.contains(&theme::component(1)));
    let points = point_cells(&buffer);
    assert!(points.len() > 50);
    assert!(
        points.iter().all(|c| c.fg == theme::UNDECIDED),
        "every point undecided, none in component 1's colour"
    );
}

#[test]
fn certainty_shades_sure_points_bold_and_overlap_grey() {
    let mut app = app(&["--scenario", "overlap"]);
    press(&mut app, KeyCode::Char('r'));
    let plain = plot(&app, 60, 30);
    assert!(point_cells(&plain).iter().all(|c| c.fg != theme::UNDECIDED));
    press(&mut app, KeyCode::Char('u'));
    let shaded = plot(&app, 60, 30);
    let cells: Vec<_> = shaded
        .content()
        .iter()
        .filter(|c| is_braille(c.symbol()) && c.fg != theme::TRUTH)
        .collect();
    let undecided = cells.iter().filter(|c| c.fg == theme::UNDECIDED).count();
    let sure = cells
        .iter()
        .filter(|c| c.fg != theme::UNDECIDED && c.modifier.contains(Modifier::BOLD))
        .count();
    assert!(
        undecided > 5 && sure > 5,
        "{undecided} undecided, {sure} sure"
    );
}

#[test]
fn dense_cores_look_denser_than_tails_at_scale() {
    let app = app(&["--points", "200000"]);
    let buffer = plot(&app, 60, 30);
    let dots: Vec<u32> = point_cells(&buffer)
        .iter()
        .map(|c| c.symbol().chars().next().unwrap() as u32 - 0x2800)
        .map(u32::count_ones)
        .collect();
    let full = dots.iter().filter(|&&n| n == 8).count();
    let sparse = dots.iter().filter(|&&n| n <= 2).count();
    assert!(full > 0, "the cores are solid");
    assert!(
        full * 10 <= dots.len(),
        "{full} of {} cells solid",
        dots.len()
    );
    assert!(
        sparse * 4 >= dots.len(),
        "{sparse} of {} cells sparse",
        dots.len()
    );
}

#[test]
fn the_table_shows_identical_components_once_and_the_truth_apart() {
    let app = app(&[]);
    let shown = text(&screen(&app, 120, 40));
    assert!(
        shown.contains("1≡2 2×.500   10.00   10.00   3.16   3.16  0.00  2×1000.0"),
        "{shown}"
    );
    assert!(shown.contains("truth, matched to no component:"), "{shown}");
    assert!(
        shown.contains(" tr  0.500    5.00    5.00   1.00   1.00  0.00"),
        "{shown}"
    );
    let mut app = app_escaped();
    press(&mut app, KeyCode::Char(' '));
    let shown = text(&screen(&app, 120, 40));
    assert!(!shown.contains("matched to no component"), "{shown}");
    let rows: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("●") || l.contains(" tr "))
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(
        rows[1].contains(" tr ") && rows[3].contains(" tr "),
        "truth under each: {rows:?}"
    );
}

#[test]
fn one_component_between_two_clusters_matches_neither_truth() {
    let mut app = app(&["-k", "1"]);
    press(&mut app, KeyCode::Char(' '));
    let shown = app.shown().unwrap();
    let (model, sizes) = (shown.model.clone(), shown.sizes.to_vec());
    assert_eq!(app.truth_matches(&model, &sizes), vec![None]);
    let shown = text(&screen(&app, 120, 40));
    assert!(shown.contains("truth, matched to no component:"), "{shown}");
}

fn app_escaped() -> App {
    let mut app = app(&[]);
    press_all(&mut app, " ir");
    app
}

#[test]
fn labels_are_never_cut_in_the_middle() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris, "-k", "3"]);
    press_all(&mut app, "ir");
    let shown = text(&screen(&app, 80, 24));
    assert!(
        shown.contains("x: sepal_length · y: sepal_width"),
        "{shown}"
    );
    // K = 3 leaves room for a group's name ("1≡2≡3"): two lines a component at 80×24.
    assert!(shown.contains("π    μx    μy    N_k→"), "{shown}");
    assert!(shown.contains("σx    σy     ρ"), "{shown}");
    assert!(shown.contains("sem"), "{shown}");
    let mut app = crate::common::app(&["--init", "kmeans++"]);
    press(&mut app, KeyCode::Char('i'));
    let wide = text(&screen(&app, 120, 40));
    let seed = app.runs().current().map(|r| r.start.clone()).unwrap();
    let gmm_tui::core::Start::KMeansPlusPlus { seed } = seed else {
        panic!("k-means++")
    };
    assert!(
        wide.contains(&format!("km++ {seed}")),
        "the whole seed:\n{wide}"
    );
    for (w, h) in [(60, 16), (80, 24), (120, 40)] {
        let header = text(&screen(&app, w, h))
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(
            header.trim_end().ends_with("10 it/s") || header.trim_end().ends_with("10/s"),
            "{w}×{h}: {header}"
        );
    }
}

#[test]
fn at_80x24_the_runs_keep_the_best_and_current_and_the_curve_keeps_three_rows() {
    let mut app = app(&[]);
    press_all(&mut app, "  ira");
    let screen = text(&screen(&app, 80, 24));
    let best = app.runs().best().unwrap().number;
    assert!(screen.contains(&format!("*{best:>2} ")), "{screen}");
    assert!(screen.contains(" 10 sem"), "the current run:\n{screen}");
    assert!(screen.contains("… "), "hidden runs counted:\n{screen}");
    // The curve: rows between the Δ line and the axis line.
    let lines: Vec<&str> = screen.lines().collect();
    let delta = lines.iter().position(|l| l.contains("Δ ")).unwrap();
    let axis = lines.iter().position(|l| l.contains("iteration")).unwrap();
    assert!(axis - delta > 3, "three curve rows between:\n{screen}");
}

#[test]
fn at_60x16_each_of_three_components_keeps_a_row() {
    let mut app = app(&["-k", "3"]);
    press_all(&mut app, "ir");
    let screen = text(&screen(&app, 60, 16));
    assert_eq!(screen.matches('●').count(), 3, "{screen}");
}

#[test]
fn twenty_components_keep_their_labels_and_the_table_says_how_many_more() {
    let mut app = app(&["-k", "20"]);
    press(&mut app, KeyCode::Char('i'));
    let screen = text(&screen(&app, 80, 24));
    // The title counts the rows that fit: "parameters (7 of 20)", and 7 rows are there.
    let shown: usize = screen
        .split_once("parameters (")
        .and_then(|(_, rest)| rest.split_once(" of 20)"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in the title:\n{screen}"));
    assert_eq!(screen.matches('●').count(), shown, "{screen}");
    for (w, h) in [(100, 50), (40, 20)] {
        let words = labels(&plot(&app, w, h));
        // Labels never run together into a number that names no component ("1" + "2").
        for word in &words {
            let n: usize = word.parse().unwrap_or(0);
            assert!((1..=20).contains(&n), "{w}×{h}: {word:?} in {words:?}");
        }
        if w == 100 {
            assert!(words.contains(&"20".to_string()), "{words:?}");
        }
    }
}

#[test]
fn the_chart_overlays_every_run_current_bright_best_marked_others_faint() {
    let mut app = app(&[]);
    press_all(&mut app, "  ir");
    press_all(&mut app, "i ");
    let terminal = screen(&app, 120, 40);
    let buffer = terminal.backend().buffer();
    let chart: Vec<&ratatui::buffer::Cell> = (0..40)
        .flat_map(|y| (61..120).map(move |x| (x, y)))
        .map(|(x, y)| &buffer[(x, y)])
        .collect();
    let colours = |c: Color| {
        chart
            .iter()
            .filter(|cell| is_braille(cell.symbol()) && cell.fg == c)
            .count()
    };
    assert!(colours(theme::CURVE) > 0, "the run on screen");
    assert!(colours(theme::BEST_CURVE) > 0, "the best run");
    // The collapsed run ended far below the optima compared: out of view, marked by its arrow.
    assert!(
        chart
            .iter()
            .any(|c| c.symbol() == "↓" && c.fg == theme::OTHER_CURVE),
        "the collapsed run's arrow"
    );
    assert!(
        chart.iter().any(|c| c.symbol() == "*"),
        "the best run's end"
    );
    press(&mut app, KeyCode::Left);
    let terminal = screen(&app, 120, 40);
    let marks = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.symbol() == "│" && c.fg == theme::MARK)
        .count();
    assert!(marks > 3, "the iteration shown is marked");
}

#[test]
fn integer_data_gets_a_solid_histogram_whose_bars_match_the_curves() {
    // Faithful-like waiting times: whole minutes around 54 and 80.
    let values: String = (0..600)
        .map(|i| {
            let centre = if i % 3 == 0 { 54.0 } else { 80.0 };
            let spread = ((i * 7919 % 1000) as f64 / 1000.0 - 0.5) * 2.0;
            let wobble = ((i * 104_729 % 1000) as f64 / 1000.0 - 0.5) * 2.0;
            format!("{}\n", (centre + 4.0 * (spread + wobble)).round())
        })
        .collect();
    let path = crate::common::scratch().join("ui-1d.csv");
    std::fs::write(&path, format!("waiting\n{values}")).unwrap();
    let mut app = app(&["--data", path.to_str().unwrap()]);
    press(&mut app, KeyCode::Char('r'));
    let buffer = plot(&app, 70, 24);
    let bottom = 22; // the plot's last row (the axis labels are below it)
    let bars: Vec<u16> = (9..70)
        .filter(|&x| buffer[(x, bottom)].symbol() != " ")
        .collect();
    // Two humps, each a solid block: no picket fence of empty columns between whole values.
    let blocks = 1 + bars.windows(2).filter(|w| w[1] > w[0] + 1).count();
    assert_eq!(blocks, 2, "{bars:?}");
    // The tallest bar and the tallest curve reach the same height, give or take two rows.
    let top_of = |bold: bool| {
        (0..bottom)
            .find(|&y| {
                (9..70).any(|x| {
                    let cell = &buffer[(x, y)];
                    is_braille(cell.symbol()) && cell.modifier.contains(Modifier::BOLD) == bold
                })
            })
            .unwrap()
    };
    assert!(
        top_of(true).abs_diff(top_of(false)) <= 2,
        "curve {} bars {}",
        top_of(true),
        top_of(false)
    );
    assert_eq!(labels(&buffer), ["1", "2"]);
    let screen = text(&screen(&app, 120, 40));
    assert!(screen.contains("x: waiting · histogram"), "{screen}");
}

#[test]
fn no_size_down_to_one_by_one_panics_and_small_ones_say_both_sizes() {
    let app = app(&[]);
    for (w, h) in [
        (1, 1),
        (2, 1),
        (10, 5),
        (59, 30),
        (120, 15),
        (60, 16),
        (61, 17),
        (300, 100),
    ] {
        let screen = text(&screen(&app, w, h));
        if w < 60 || h < 16 {
            let words: Vec<&str> = screen.split_whitespace().collect();
            if w >= 10 {
                let size = format!("{w}×{h},");
                assert!(words.contains(&size.as_str()), "{w}×{h}: {screen}");
                assert!(
                    words.iter().any(|w| w.starts_with("60×16")),
                    "{w}×{h}: {screen}"
                );
            }
        } else {
            assert!(screen.contains("gmm-tui"), "{w}×{h}");
        }
    }
}

#[test]
fn no_nan_infinity_or_negative_zero_reaches_the_screen() {
    let degenerate = [
        "--scenario",
        "tiny",
        "-k",
        "6",
        "--reg-covar",
        "0",
        "--max-iter",
        "400",
    ];
    let cases: [(&[&str], &str); 4] = [
        (&degenerate, "a"),
        (&[], "   p r[[e u"),
        (
            &["--scenario", "cigars", "--covariance", "spherical"],
            "ramb",
        ),
        (&["--points", "1", "-k", "1"], " r"),
    ];
    for (args, keys) in cases {
        let mut app = app(args);
        press_all(&mut app, keys);
        for (w, h) in [(60, 16), (80, 24), (120, 40)] {
            let screen = text(&screen(&app, w, h));
            for bad in ["NaN", "inf", "-0.00", "-0.0 ", " -0 "] {
                assert!(
                    !screen.contains(bad),
                    "{bad:?} in {args:?} {keys:?}:\n{screen}"
                );
            }
        }
    }
}

fn snapshot(name: &str, keys: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app(&[]);
        for c in keys.chars() {
            let code = match c {
                '<' => KeyCode::Left,
                c => KeyCode::Char(c),
            };
            press(&mut app, code);
        }
        insta::assert_snapshot!(format!("{name}_at_{w}x{h}"), screen(&app, w, h).backend());
    }
}

#[test]
fn snapshot_the_opening_screen() {
    snapshot("opening_screen", "");
}

#[test]
fn snapshot_the_trap_after_three_steps() {
    snapshot("trap_after_three_steps", "   ");
}

#[test]
fn snapshot_after_a_nudge_and_run() {
    snapshot("after_a_nudge_and_run", "   pr");
}

#[test]
fn snapshot_scrubbed_back() {
    snapshot("scrubbed_back", "   pr<<<<<<<<<<<<");
}

#[test]
fn snapshot_the_model_table() {
    snapshot("model_table", "a+ac am");
}

#[test]
fn snapshot_the_help_with_its_legend() {
    snapshot("help_with_legend", "   pr?");
}

#[test]
fn snapshot_the_story_told_in_the_readme() {
    snapshot("story", "   pria");
}

#[test]
fn too_small_screen() {
    insta::assert_snapshot!(screen(&app(&[]), 40, 10).backend());
}

/// The README's text screenshot is the story snapshot at 80×24, so it cannot go stale.
#[test]
fn the_readme_screenshot_is_the_story_snapshot() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let block = readme
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a text block at the top of the README");
    let snap = std::fs::read_to_string(format!(
        "{root}/tests/snapshots/integration__ui__story_at_80x24.snap"
    ))
    .unwrap();
    let lines: Vec<String> = snap
        .lines()
        .skip_while(|l| !l.starts_with('"'))
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect();
    let readme_lines: Vec<&str> = block.lines().map(str::trim_end).collect();
    assert_eq!(
        readme_lines, lines,
        "update the README's screenshot from the snapshot"
    );
}

/// The rows of the right column's log-likelihood panel holding curve dots (not the axis line).
fn curve_rows(screen: &str) -> usize {
    let lines: Vec<&str> = screen.lines().collect();
    let delta = lines.iter().position(|l| l.contains("Δ ")).unwrap();
    let end = lines
        .iter()
        .skip(delta)
        .position(|l| l.contains("├ runs") || l.contains("iteration"))
        .unwrap();
    end - 1
}

#[test]
fn small_screens_keep_every_panel_the_whole_status_and_the_model() {
    // 60×16, K = 5, after a step and a nudge: the nudge's notice takes three lines.
    let mut app = app(&["-k", "5"]);
    press_all(&mut app, " p");
    let screen = text(&screen(&app, 60, 16));
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[0].contains("K=5 full"),
        "the covariance type stays:\n{screen}"
    );
    assert!(
        screen.contains("watch EM pull them") && screen.contains("apart"),
        "{screen}"
    );
    assert!(
        screen.contains("▶  1"),
        "the current run keeps its row:\n{screen}"
    );
    assert!(curve_rows(&screen) >= 1, "a row of curve:\n{screen}");
    assert!(screen.contains("parameters (3 of 5)"), "{screen}");
    // 80×24 at K = 20: three rows of curve above its axis, as the README says.
    let mut app = crate::common::app(&["-k", "20"]);
    press(&mut app, KeyCode::Char('i'));
    let shown = text(&crate::common::screen(&app, 80, 24));
    assert!(curve_rows(&shown) >= 3, "{shown}");
    // 100×30 has room for N_k beside the σ's and ρ.
    let shown = text(&crate::common::screen(&app_escaped(), 100, 30));
    assert!(shown.contains("ρ      N_k→"), "{shown}");
}

#[test]
fn one_log_likelihood_reads_the_same_in_every_panel() {
    let app = app(&[]);
    for (w, h) in [(60, 16), (80, 24), (120, 40)] {
        let screen = text(&screen(&app, w, h));
        let value = screen
            .split("log L")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap();
        assert_eq!(value, "-21025.273", "{w}×{h}:\n{screen}");
        let row = screen.lines().find(|l| l.contains("▶ ")).unwrap();
        assert!(row.contains(" -21025.273 "), "{w}×{h}: {row}");
    }
}

#[test]
fn chart_labels_keep_a_space_from_the_border_and_counts_are_whole() {
    let mut app = app(&["--points", "200000"]);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char(' '));
    let screen = text(&screen(&app, 80, 24));
    let labels: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.split("││").nth(1))
        .filter(|inner| inner.trim_start().starts_with('-') && !inner.contains("Δ"))
        .collect();
    assert!(!labels.is_empty(), "{screen}");
    for inner in labels {
        assert!(
            inner.starts_with(' '),
            "a label touches the border: {inner:?}"
        );
    }
    // A histogram counts points: its axis is in whole numbers.
    let faithful = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/faithful.csv");
    let app = crate::common::app(&["--data", faithful, "--columns", "waiting"]);
    let buffer = plot(&app, 60, 20);
    for y in [0, 18] {
        let label: String = (0..9).map(|x| buffer[(x, y)].symbol()).collect();
        let label = label.trim();
        assert!(label.parse::<u32>().is_ok(), "row {y}: {label:?}");
    }
}

#[test]
fn shortened_column_names_still_tell_the_columns_apart() {
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris]);
    let mut titles = Vec::new();
    for _ in 0..3 {
        let screen = text(&screen(&app, 60, 16));
        titles.push(screen.lines().nth(1).unwrap().to_string());
        press(&mut app, KeyCode::Char('x'));
        let message = app.message().unwrap().to_string();
        assert!(
            message.contains("x axis:") && message.contains("of the 4 columns used"),
            "{message}"
        );
    }
    let x_names: Vec<String> = titles
        .iter()
        .map(|t| {
            t.split("x: ")
                .nth(1)
                .unwrap()
                .split(" · ")
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(x_names, ["sep…gth", "pet…gth", "pet…dth"], "{titles:?}");
    // Names that differ only in the middle fall back to the column's number.
    let columns: Vec<String> = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]
        .map(String::from)
        .to_vec();
    let short = |c| gmm_tui::ui::scatter::shorten(&columns, c, 7);
    assert_eq!(short(0), "#1 bil…");
    assert_eq!(short(2), "fli…_mm");
    assert_eq!(
        gmm_tui::ui::scatter::shorten(&columns, 1, 20),
        "bill_depth_mm"
    );
}

#[test]
fn a_long_file_name_is_shortened_before_the_points_and_speed_go() {
    let dir = TempDir::new("long");
    let name = "measurements_of_the_old_faithful_geyser_eruptions_recorded_2024.csv";
    assert_eq!(name.len(), 67);
    let file = dir.join(name);
    let rows: String = (0..150)
        .map(|i| format!("{},{}\n", i % 13, (i * 7) % 11))
        .collect();
    std::fs::write(&file, format!("x,y\n{rows}")).unwrap();
    let mut app = app(&[
        "--data",
        file.to_str().unwrap(),
        "-k",
        "3",
        "--covariance",
        "spherical",
    ]);
    for width in [60, 80, 100] {
        let screen = text(&screen(&app, width, 24));
        let header = screen.lines().next().unwrap();
        assert!(header.contains("K=3 spherical"), "{header}");
        assert!(header.contains("150"), "{header}");
        assert!(
            header.contains("10 it/s") || header.contains("10/s"),
            "{header}"
        );
        assert!(header.contains('…') && header.contains(".csv"), "{header}");
    }
    // The full name where it fits.
    let wide = text(&screen(&app, 200, 24));
    assert!(wide.lines().next().unwrap().contains(name), "{wide}");
    // `>` says the speed whatever the header shows.
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(app.status_text(), "speed: 30 iterations a second");
}

#[test]
fn whole_number_histograms_fill_the_plot_at_every_width() {
    // Whole numbers 0–29: the x axis once ran to 56.50 at 80 wide, bars filling 45 %.
    let dir = TempDir::new("whole");
    let file = dir.join("whole.csv");
    let rows: String = (0..300).map(|i| format!("{}\n", (i * 7) % 30)).collect();
    std::fs::write(&file, format!("x\n{rows}")).unwrap();
    let app = app(&["--data", file.to_str().unwrap(), "-k", "2"]);
    for width in [60, 70, 80, 90, 100, 120] {
        let screen = text(&screen(&app, width, 24));
        // The x axis: the plot's last row, its two ends the first and last numbers on it.
        let axis = screen
            .lines()
            .find(|l| l.contains(" x ") && l.starts_with('│'))
            .unwrap_or_else(|| panic!("{screen}"));
        let plot = axis.split('│').nth(1).unwrap();
        let ends: Vec<f64> = plot
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (left, right) = (ends[0], ends[ends.len() - 1]);
        assert!(left <= -0.5 && right >= 29.5, "{screen}");
        assert!(
            30.0 / (right - left) >= 0.75,
            "{width}: {left}..{right}\n{screen}"
        );
    }
}

/// A stranger saw spherical components drawn as ovals: where the two columns share a unit the
/// plot keeps one scale (a braille dot spans as much of x as of y, whatever the panel's shape),
/// and the data still fits; columns in very different units (dollars beside a share) keep
/// their own ranges, or one would be a line.
#[test]
fn one_scale_on_both_axes_where_the_columns_share_a_unit() {
    let seed = app(&[]);
    let ((bx0, bx1), (by0, by1)) = (seed.plot().bounds().0[0], seed.plot().bounds().0[1]);
    for (w, h) in [(60, 30), (100, 20), (30, 40)] {
        let ((x0, x1), (y0, y1)) = gmm_tui::ui::scatter::view(&seed, w, h);
        let (per_x, per_y) = ((x1 - x0) / f64::from(2 * w), (y1 - y0) / f64::from(4 * h));
        assert!(
            (per_x / per_y - 1.0).abs() < 1e-12,
            "{w}×{h}: {per_x} vs {per_y}"
        );
        assert!(x0 <= bx0 && x1 >= bx1 && y0 <= by0 && y1 >= by1, "{w}×{h}");
        assert!(x0 == bx0 || y0 == by0, "{w}×{h}: only one axis widens");
    }
    let path = crate::common::scratch_dir("units").join("income.csv");
    let rows: String = (0..60)
        .map(|i| {
            format!(
                "{},{}\n",
                30_000 + 1_000 * (i % 40),
                0.2 + 0.01 * f64::from(i % 30)
            )
        })
        .collect();
    std::fs::write(&path, format!("income,share\n{rows}")).unwrap();
    let incomes = app(&["--data", path.to_str().unwrap()]);
    let view = gmm_tui::ui::scatter::view(&incomes, 60, 30);
    assert_eq!(
        view,
        (incomes.plot().bounds().0[0], incomes.plot().bounds().0[1])
    );
}
