//! The model table (`m`) says what it leaves out on a narrow screen and what went wrong with
//! each model's best run, a run stopped at the iteration cap included.

use crate::common::{app, press_all, screen, text};

/// The table's rows on screen: the lines between its top and bottom borders.
fn table(app: &gmm_tui::app::App, width: u16, height: u16) -> Vec<String> {
    text(&screen(app, width, height))
        .lines()
        .skip_while(|l| !l.contains("┌ models"))
        .skip(1)
        .take_while(|l| !l.contains('└'))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_narrow_table_names_the_columns_it_leaves_out() {
    let mut app = app(&[]);
    press_all(&mut app, "a+ac am");
    let wide = table(&app, 120, 40).join("\n");
    assert!(wide.contains("AIC") && wide.contains("runs"), "{wide}");
    assert!(!wide.contains("wider terminal"), "{wide}");
    for (w, h) in [(60, 16), (80, 24)] {
        let rows = table(&app, w, h);
        let all = rows.join("\n");
        let header = &rows[0];
        let missing: Vec<&str> = ["AIC", "runs"]
            .into_iter()
            .filter(|c| !header.contains(c))
            .collect();
        if missing.is_empty() {
            assert!(!all.contains("wider terminal"), "at {w}×{h}:\n{all}");
        } else {
            let note = format!("{}: on a wider terminal", missing.join(", "));
            assert!(all.contains(&note), "at {w}×{h}:\n{all}");
        }
        assert!(header.contains("BIC"), "BIC is never left out:\n{all}");
    }
    let narrow = text(&screen(&app, 60, 16));
    assert!(
        narrow.contains("m closes"),
        "the title is not cut:\n{narrow}"
    );
    assert!(
        !table(&app, 60, 16)[0].contains("AIC"),
        "60 columns have no room for AIC"
    );
}

#[test]
fn a_best_run_stopped_at_the_cap_is_noted() {
    // Five iterations are too few for K = 20 on the seed data: every run stops at the cap.
    let mut app = app(&["-k", "20", "--max-iter", "5", "--restarts", "2"]);
    press_all(&mut app, "am");
    assert_eq!(app.model_rows()[0].note, "max iter");
    for (w, h) in [(60, 16), (120, 40)] {
        let rows = table(&app, w, h);
        assert!(
            rows.iter()
                .any(|r| r.contains("20") && r.contains("max iter")),
            "at {w}×{h}:\n{}",
            rows.join("\n")
        );
    }
}
