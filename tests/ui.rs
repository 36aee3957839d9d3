//! The screen: widgets rendered into a ratatui buffer (colours checked where they carry
//! meaning) and whole-screen snapshots (insta; they compare text, not colour).

mod common;

use common::{app, press_all, screen, text};
use gmm_tui::ui::scatter::{ScatterCache, ScatterPlot};
use gmm_tui::ui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::StatefulWidget;

/// The cell where `point` is drawn in a plot of `area` (gutter of 9, axis row at the bottom).
fn plot_cell(app: &gmm_tui::app::App, area: Rect, point: (f64, f64)) -> (u16, u16) {
    let plot = Rect::new(area.x + 9, area.y, area.width - 9, area.height - 1);
    let ((x0, x1), (y0, y1)) = (app.bounds.0[0], app.bounds.0[1]);
    let col = ((point.0 - x0) / (x1 - x0) * f64::from(plot.width)) as u16;
    let row = ((y1 - point.1) / (y1 - y0) * f64::from(plot.height)) as u16;
    (plot.x + col, plot.y + row)
}

#[test]
fn scatter_marks_each_mean_with_its_number_in_its_colour_and_colours_points_by_component() {
    let mut app = app(&[]);
    press_all(&mut app, " ir"); // escape the trap: two separated components
    let area = Rect::new(0, 0, 60, 30);
    let mut buffer = Buffer::empty(area);
    ScatterPlot { app: &app }.render(area, &mut buffer, &mut ScatterCache::default());
    let model = app.run.as_ref().unwrap().em.model();
    for c in 0..2 {
        let (x, y) = plot_cell(&app, area, (model.mean(c)[0], model.mean(c)[1]));
        let cell = &buffer[(x, y)];
        assert_eq!(cell.symbol(), (c + 1).to_string(), "mean {c} at ({x},{y})");
        assert_eq!(cell.fg, theme::component(app.colors[c]));
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    // A point cell halfway between the mean and the 1σ ellipse of each component is braille, in
    // that component's colour.
    for c in 0..2 {
        let m = model.mean(c);
        let (x, y) = plot_cell(&app, area, (m[0] + 0.5, m[1] - 0.1));
        let cell = &buffer[(x, y)];
        let ch = cell.symbol().chars().next().unwrap();
        assert!(('\u{2801}'..='\u{28ff}').contains(&ch), "{ch:?}");
        assert_eq!(cell.fg, theme::component(app.colors[c]));
    }
    // Axis ranges are written beside the plot.
    let rows = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>();
    assert!(
        rows[0].starts_with(&gmm_tui::format::fixed(app.bounds.0[1].1, 8, 2)),
        "{}",
        rows[0]
    );
    assert!(
        rows.last().unwrap().contains(" x "),
        "{}",
        rows.last().unwrap()
    );
}

#[test]
fn truth_ellipses_are_faint_and_the_trap_ellipses_are_coloured() {
    let app = app(&[]);
    let area = Rect::new(0, 0, 60, 30);
    let mut buffer = Buffer::empty(area);
    ScatterPlot { app: &app }.render(area, &mut buffer, &mut ScatterCache::default());
    let colours: std::collections::HashSet<Color> = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::BOLD))
        .map(|c| c.fg)
        .collect();
    assert!(colours.contains(&theme::TRUTH), "truth ellipses drawn");
    assert!(colours.contains(&theme::component(0)) || colours.contains(&theme::component(1)));
}

#[test]
fn parameter_table_shows_weights_means_truth_and_marks_identical_components() {
    let app = app(&[]);
    let screen = text(&screen(&app, 120, 40));
    assert!(
        screen.contains("● 1  0.500   10.00   10.00   3.16   3.16  0.00  1000.0 ≡2"),
        "{screen}"
    );
    assert!(
        screen.contains(" tr  0.500    5.00    5.00   1.00   1.00  0.00"),
        "{screen}"
    );
    assert!(screen.contains(
        "components 1 and 2 are identical — EM cannot separate them; press i to restart"
    ));
}

#[test]
fn no_size_down_to_one_by_one_panics_and_small_ones_say_so() {
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
            if w >= 31 {
                let one_line = "terminal too small (need 60×16)";
                assert!(screen.starts_with(one_line), "{w}×{h}: {screen}");
            } else if w >= 10 && h >= 4 {
                let wrapped = ["terminal", "too", "small", "(need", "60×16)"];
                assert_eq!(words, wrapped, "{w}×{h}: the whole message, wrapped");
            } else {
                let start = words.first().copied().unwrap_or("");
                assert!("terminal".starts_with(start), "{w}×{h}: {screen}");
            }
        } else {
            assert!(screen.contains("gmm-tui"), "{w}×{h}");
        }
    }
}

#[test]
fn no_nan_reaches_the_screen_even_for_degenerate_runs() {
    let mut app = app(&[
        "--scenario",
        "tiny",
        "-k",
        "6",
        "--reg-covar",
        "0",
        "--max-iter",
        "400",
    ]);
    press_all(&mut app, "a");
    let screen = text(&screen(&app, 120, 40));
    assert!(
        !screen.contains("NaN") && !screen.contains("inf"),
        "{screen}"
    );
}

#[test]
fn main_view_after_the_story_at_80x24() {
    let mut app = app(&[]);
    press_all(&mut app, "  ir");
    insta::assert_snapshot!(screen(&app, 80, 24).backend());
}

#[test]
fn the_runs_panel_shows_the_best_runs_bic() {
    let mut app = app(&[]);
    press_all(&mut app, "  ir");
    let best = app.best_entry().unwrap();
    let (ll, p, n) = (best.result.log_likelihood, 11.0, 2000f64);
    let expected = format!("runs (* best, BIC {:.1})", -2.0 * ll + p * n.ln());
    assert!(
        text(&screen(&app, 120, 40)).contains(&expected),
        "{expected}"
    );
}

#[test]
fn main_view_after_the_story_at_120x40() {
    let mut app = app(&[]);
    press_all(&mut app, "  ira");
    insta::assert_snapshot!(screen(&app, 120, 40).backend());
}

#[test]
fn help_overlay() {
    let mut app = app(&[]);
    press_all(&mut app, "?");
    insta::assert_snapshot!(screen(&app, 80, 24).backend());
}

#[test]
fn too_small_screen() {
    insta::assert_snapshot!(screen(&app(&[]), 40, 10).backend());
}

#[test]
fn one_dimensional_data_is_a_histogram_with_each_components_density() {
    let path = std::env::temp_dir().join(format!("gmm-tui-ui-1d-{}.csv", std::process::id()));
    let values: String = (0..400)
        .map(|i| {
            format!(
                "{}\n",
                if i % 2 == 0 {
                    (i % 40) as f64 * 0.01
                } else {
                    6.0 + (i % 30) as f64 * 0.01
                }
            )
        })
        .collect();
    std::fs::write(&path, format!("v\n{values}")).unwrap();
    let mut app = app(&["--data", path.to_str().unwrap()]);
    press_all(&mut app, "r");
    let area = Rect::new(0, 0, 60, 20);
    let mut buffer = Buffer::empty(area);
    ScatterPlot { app: &app }.render(area, &mut buffer, &mut ScatterCache::default());
    let bottom = area.height - 2; // the plot's last row (the axis labels are below it)
    let bars: Vec<u16> = (9..area.width)
        .filter(|&x| buffer[(x, bottom)].symbol() != " ")
        .collect();
    // Two groups of values, around 0.2 and 6.15: bars at both ends and a gap between.
    assert!(bars.len() >= 2 && bars.len() < 20, "{bars:?}");
    assert!(
        bars.iter().any(|&x| x < 20) && bars.iter().any(|&x| x > 45),
        "{bars:?}"
    );
    // Mean markers are the reverse-video cells: one per component, each its number.
    let mut markers: Vec<String> = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .map(|c| c.symbol().to_string())
        .collect();
    markers.sort();
    assert_eq!(markers, ["1", "2"], "both means marked");
    let screen = text(&screen(&app, 120, 40));
    assert!(screen.contains("v (histogram)"), "{screen}");
    assert!(
        screen.contains("weight      μv     σv     N_k") && !screen.contains("ρ"),
        "{screen}"
    );
}
