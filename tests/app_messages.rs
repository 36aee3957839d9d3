//! What the app says, and offers, is true: the status line, the footer and the truth rows, in
//! the cases a new user met (each named by what they did).

use crate::common::{TempDir, app, press, press_all, screen, text};
use gmm_tui::app::keys;
use ratatui::crossterm::event::KeyCode;

fn status(app: &gmm_tui::app::App) -> String {
    app.status_text()
}

fn footer(app: &gmm_tui::app::App, width: u16, height: u16) -> String {
    text(&screen(app, width, height))
        .lines()
        .last()
        .unwrap()
        .to_string()
}

#[test]
fn the_status_says_why_a_higher_run_is_not_the_best() {
    // iris, K = 4 from random points: run 4 climbs far higher than the best on a component
    // collapsed onto a 3-dimensional subspace; `fit` says so. (The default's screen passes
    // such starts over, so it is not the default here.)
    let iris = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iris.csv");
    let mut app = app(&["--data", iris, "-k", "4", "--init", "random"]);
    press_all(&mut app, "a");
    let (higher, reason) = app.runs().passed_over().expect("a higher run passed over");
    let best = app.runs().best().unwrap();
    assert!(higher.result.log_likelihood > best.result.log_likelihood);
    assert!(!higher.result.spurious.is_empty());
    assert_eq!(reason, "a spurious component");
    let expected = format!(
        "the best is run {}; run {} has a higher log-likelihood ({:.3}) but a spurious component",
        best.number, higher.number, higher.result.log_likelihood
    );
    let higher = higher.number;
    assert!(status(&app).contains(&expected), "{}", status(&app));
    // Asked again (`a`), and once the notice is gone (a scrub and back), still said.
    press_all(&mut app, "a");
    assert!(status(&app).contains(&expected), "{}", status(&app));
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char(']'));
    assert!(
        status(&app).contains(&format!("run {higher} has a higher")),
        "{}",
        status(&app)
    );
}

#[test]
fn no_note_when_the_best_is_the_highest() {
    let mut app = app(&[]);
    press_all(&mut app, "a");
    assert!(app.runs().passed_over().is_none());
    assert!(
        !status(&app).contains("higher log-likelihood"),
        "{}",
        status(&app)
    );
}

#[test]
fn one_component_at_the_trap_stands_for_no_truth() {
    // K = 1 at (10, 10): exactly half as far from (5, 5) as from (0, 0).
    let app = app(&["-k", "1"]);
    let shown = app.shown().unwrap();
    assert_eq!(app.truth_matches(shown.model, shown.sizes), vec![None]);
    let screen = text(&screen(&app, 80, 24));
    assert!(
        screen.contains("truth, matched to no component"),
        "{screen}"
    );
}

#[test]
fn the_scrub_hint_offers_the_nudge_only_where_components_are_identical() {
    let mut app = app(&[]);
    press_all(&mut app, "  i r");
    press(&mut app, KeyCode::Left);
    let said = status(&app);
    assert!(said.contains("space replays"), "{said}");
    assert!(!said.contains("p nudges"), "{said}");
    // The trap, scrubbed back: identical, so `p` is offered and acts.
    let mut trap = crate::common::app(&[]);
    press_all(&mut trap, "   ");
    press(&mut trap, KeyCode::Left);
    assert!(status(&trap).contains("p nudges here"), "{}", status(&trap));
}

#[test]
fn a_is_offered_until_every_restart_has_run_and_the_count_is_of_runs() {
    let mut app = app(&[]);
    assert!(footer(&app, 80, 24).contains("a all"));
    press_all(&mut app, "a");
    for (w, h) in [(80, 24), (120, 40)] {
        assert!(
            !footer(&app, w, h).contains("a all"),
            "{}",
            footer(&app, w, h)
        );
    }
    assert!(status(&app).starts_with("all 10 restarts have run"));
    press_all(&mut app, "ia");
    assert_eq!(app.runs().history().len(), 11);
    assert!(
        status(&app).starts_with("all 11 runs have ended (10 restarts and 1 more)"),
        "{}",
        status(&app)
    );
}

#[test]
fn a_counts_runs_left_by_i_apart_from_the_finished() {
    // Twelve restarts left at iteration 0, then `a` twice: only the current run finishes.
    let mut app = app(&[]);
    press_all(&mut app, "iiiiiiiiiiii");
    press_all(&mut app, "aa");
    assert_eq!(app.runs().history().len(), 13);
    assert_eq!(
        app.runs().history().iter().filter(|h| h.abandoned).count(),
        12
    );
    assert!(
        status(&app).starts_with("no restart is left to run: 1 finished, 12 left unfinished by i"),
        "{}",
        status(&app)
    );
    let drawn = text(&screen(&app, 120, 40));
    assert!(drawn.contains("1 finished, 12 left unfinished"), "{drawn}");
    assert!(!drawn.contains("runs have ended"), "{drawn}");
}

#[test]
fn x_numbers_the_column_among_those_used() {
    // A pandas file: its row index is skipped, so the file's column 3 is not the 3rd used.
    let penguins = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/penguins_pandas.csv"
    );
    let mut app = app(&["--data", penguins, "--drop-invalid"]);
    press(&mut app, KeyCode::Char('x'));
    let said = app.message().unwrap().to_string();
    assert!(said.contains("(3 of the 5 columns used)"), "{said}");
}

#[test]
fn data_em_cannot_start_on_is_drawn_and_the_way_out_named() {
    let dir = TempDir::new("dup");
    let file = dir.join("dup.csv");
    std::fs::write(&file, "x,y\n1,2\n1,2\n3,4\n3,4\n1,2\n").unwrap();
    let mut app = app(&["--data", file.to_str().unwrap(), "-k", "3"]);
    let said = status(&app);
    assert!(said.contains("distinct points"), "{said}");
    assert!(
        said.contains("- for fewer components (K = 3 now)"),
        "{said}"
    );
    // The points are drawn: braille cells in the plot's left half.
    let screen = text(&screen(&app, 80, 24));
    let braille = screen
        .lines()
        .flat_map(|l| l.chars().take(40))
        .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
        .count();
    assert!(braille >= 2, "{screen}");
    press(&mut app, KeyCode::Char('-'));
    assert!(
        app.runs().current().is_some(),
        "K = 2 starts: {}",
        status(&app)
    );
}

#[test]
fn loading_notes_show_in_the_status_at_the_start() {
    // A pandas export with its index, a text column and a bad row, opened as the app opens it.
    let dir = TempDir::new("notes");
    let path = dir.join("frame.csv");
    let mut text = String::from(",x,y,species\n");
    for i in 0..40 {
        text += &format!(
            "{i},{},{},{}\n",
            i % 7,
            (i * 3) % 11,
            if i % 2 == 0 { "a" } else { "b" }
        );
    }
    text += "40,NA,1,a\n";
    std::fs::write(&path, text).unwrap();
    let app = app(&[
        "--data",
        path.to_str().unwrap(),
        "--drop-invalid",
        "-k",
        "25",
    ]);
    let said = status(&app);
    assert!(said.starts_with("skipping row-index column 1"), "{said}");
    assert!(
        said.contains("ignoring non-numeric column 'species'"),
        "{said}"
    );
    assert!(said.contains("dropped 1 invalid row"), "{said}");
    assert!(said.contains("K = 25 lowered to 20"), "{said}");
}

#[test]
fn fewer_components_brings_a_k_above_the_data_down_to_it() {
    // Three points and -k 5 (and five points and -k 9): the status offers `-`, which must work.
    let dir = TempDir::new("few");
    for (n, k) in [(3usize, 5usize), (5, 9)] {
        let file = dir.join(format!("points{n}.csv"));
        let rows: String = (0..n).map(|i| format!("{i},{}\n", i * i)).collect();
        std::fs::write(&file, format!("x,y\n{rows}")).unwrap();
        let mut app = app(&["--data", file.to_str().unwrap(), "-k", &k.to_string()]);
        assert!(
            status(&app).contains(&format!("- for fewer components (K = {k} now)")),
            "{}",
            status(&app)
        );
        press(&mut app, KeyCode::Char('+'));
        assert_eq!(app.options().k, k, "+ refuses");
        assert!(
            status(&app).contains(&format!("between 1 and {n}")),
            "{}",
            status(&app)
        );
        press(&mut app, KeyCode::Char('-'));
        assert_eq!(app.options().k, n, "{}", status(&app));
        assert!(app.runs().current().is_some(), "{}", status(&app));
        press(&mut app, KeyCode::Char('+'));
        assert_eq!(app.options().k, n, "+ refuses past N");
        press(&mut app, KeyCode::Char('-'));
        assert_eq!(app.options().k, n - 1);
    }
}

#[test]
fn a_starred_best_below_a_tied_run_says_why() {
    // outliers, `a a`: run 1 is starred at -8167.771 beside run 7 at -8167.770, the same
    // optimum within N·tol; the first run to reach it is starred, and the status says so.
    let mut app = app(&["--scenario", "outliers", "--init", "kmeans++"]);
    press_all(&mut app, "aa");
    let best = app.runs().best().unwrap();
    let tied = app
        .runs()
        .history()
        .iter()
        .filter(|h| h.result.log_likelihood > best.result.log_likelihood)
        .max_by(|a, b| a.result.log_likelihood.total_cmp(&b.result.log_likelihood))
        .expect("a run a hair higher than the starred one");
    let gap = tied.result.log_likelihood - best.result.log_likelihood;
    assert!(gap <= 1e-3 * app.data().n() as f64, "{gap}");
    let said = status(&app);
    assert!(
        said.contains(&format!(
            "the best is run {}; run {} ends ",
            best.number, tied.number
        )) && said.contains("higher: the same optimum within N·tol"),
        "{said}"
    );
    // At 80×24 the status line's two rows hold it whole (its keys were cut there, and before,
    // its reason).
    let shown = text(&screen(&app, 80, 24));
    let rows: Vec<&str> = shown.lines().collect();
    let status_rows = rows[rows.len() - 3..rows.len() - 1].join(" ");
    assert!(
        status_rows.contains("the first to reach it is starred; b shows it"),
        "{shown}"
    );
}

#[test]
fn at_full_speed_the_status_does_not_offer_full_speed_again() {
    // The stranger's `a a`: the header read `max speed` while the status still offered
    // `a again: fastest`. Keys go through the key map and `update` as the loop sends them;
    // `advance` moves the run on by a tick between them, without waiting for it to end.
    // k-means++ starts only: no trap, whose own note would take the status line.
    let mut app = app(&["--init", "kmeans++", "--restarts", "10"]);
    let key = |app: &mut gmm_tui::app::App, c| {
        let action = keys::action_for(crate::common::key(KeyCode::Char(c))).unwrap();
        app.update(action);
        app.advance();
        app.wait_work();
    };
    let status_row = |app: &gmm_tui::app::App| {
        let screen = text(&screen(app, 120, 40));
        let lines: Vec<&str> = screen.lines().collect();
        (lines[0].to_string(), lines[lines.len() - 3].to_string())
    };
    key(&mut app, 'a');
    let (header, said) = status_row(&app);
    assert!(header.contains("10 it/s"), "{header}");
    assert!(said.contains("a again: fastest, r pauses"), "{said}");
    key(&mut app, 'a');
    assert!(app.is_running());
    let (header, said) = status_row(&app);
    assert!(header.contains("max speed"), "{header}");
    assert!(
        said.contains("as fast as possible — r pauses") && !said.contains("a again"),
        "{said}"
    );
    // `>` to the fastest says the same; `<` offers it again.
    key(&mut app, '<');
    key(&mut app, ' ');
    key(&mut app, 'a');
    assert!(
        status(&app).contains("a again: fastest"),
        "{}",
        status(&app)
    );
    for _ in 0..3 {
        key(&mut app, '>');
    }
    assert_eq!(app.iterations_per_second(), None);
    key(&mut app, 'r');
    key(&mut app, 'a');
    assert!(
        status(&app).contains("as fast as possible — r pauses"),
        "{}",
        status(&app)
    );
}

#[test]
fn a_column_reg_covar_swamps_is_named_at_the_start() {
    // Incomes beside a share of about 1e-4: the share's variance is far under 10 × reg_covar.
    let dir = TempDir::new("faint");
    let path = dir.join("households.csv");
    let mut text = String::from("income,share\n");
    for i in 0..60 {
        text += &format!(
            "{},{}\n",
            30_000 + (i * 977) % 20_000,
            1e-4 + (i % 9) as f64 * 1e-6
        );
    }
    std::fs::write(&path, text).unwrap();
    let app = app(&["--data", path.to_str().unwrap()]);
    let said = status(&app);
    assert!(
        said.contains("column 'share' varies by") && said.contains("under 10 × --reg-covar (1e-6)"),
        "{said}"
    );
    assert!(!said.contains("'income'"), "{said}");
}

#[test]
fn scrubbing_around_a_half_step_says_what_the_key_did() {
    // The stranger's path: three iterations, half-steps on, an M-step, then ← twice and space.
    let mut app = app(&["--scenario", "cigars"]);
    press_all(&mut app, "   e ");
    assert_eq!(app.state_word(), "M-step");
    assert!(status(&app).starts_with("M-step done"), "{}", status(&app));

    press(&mut app, KeyCode::Left);
    assert_eq!(app.shown().unwrap().iteration, 3);
    assert_eq!(app.state_word(), "paused");
    assert_eq!(
        status(&app),
        "back at iteration 3: the M-step is undone — space: M-step"
    );
    let drawn = text(&screen(&app, 120, 40));
    assert!(
        drawn.contains("back at iteration 3: the M-step is undone"),
        "{drawn}"
    );
    assert!(!drawn.contains("E-step"), "{drawn}");

    // In half-steps scrubbing goes by halves too: 2½ (the M-step after iteration 2), then 2.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.state_word(), "past");
    assert!(
        status(&app).starts_with(
            "iteration 2½ of 3: M-step done, the points still coloured by iteration 2's E-step"
        ),
        "{}",
        status(&app)
    );
    let shown = app.shown().unwrap();
    let run = &app.runs().current().unwrap().em;
    assert_eq!(shown.model, run.parameters_at(3).unwrap());
    press(&mut app, KeyCode::Left);
    assert!(
        status(&app).starts_with("iteration 2 of 3"),
        "{}",
        status(&app)
    );
    press(&mut app, KeyCode::Char(' '));
    assert!(
        status(&app).starts_with("iteration 2½ of 3"),
        "{}",
        status(&app)
    );
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.shown().unwrap().iteration, 3);
    assert_eq!(
        status(&app),
        "back at the latest iteration, 3 — space: M-step, r runs"
    );
    // Once the notice is gone (the help opened and closed) the state says no E-step ran.
    press_all(&mut app, "??");
    assert_eq!(
        status(&app),
        "paused at iteration 3, in half-steps — space: M-step, r runs, ← scrubs back"
    );

    // A real half-step pair: only now "E-step done", and it stays true until something moves.
    press_all(&mut app, "  ");
    assert_eq!(app.shown().unwrap().iteration, 4);
    assert!(status(&app).starts_with("E-step done"), "{}", status(&app));
    press_all(&mut app, "??");
    assert!(status(&app).starts_with("E-step done"), "{}", status(&app));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    assert!(
        status(&app).starts_with("back at the latest iteration, 4"),
        "{}",
        status(&app)
    );
    press_all(&mut app, "??");
    assert!(!status(&app).contains("E-step done"), "{}", status(&app));

    // Half-steps turned off with an M-step pending, then undone: space is a whole iteration.
    press_all(&mut app, " e");
    press(&mut app, KeyCode::Left);
    assert_eq!(
        status(&app),
        "back at iteration 4: the M-step is undone — space steps a whole iteration"
    );
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.shown().unwrap().iteration, 5);
    assert!(!status(&app).contains("E-step done"), "{}", status(&app));
}

/// A stranger started both means 0.001 apart: EM stopped by tol on the collapsed fixed point
/// (both rows equal to 3 decimals, the log L K = 1's), the status said only `converged`, and
/// `p` refused ("none are identical"). Nearly identical components are said, and nudged.
#[test]
fn nearly_identical_components_are_said_and_nudged_apart() {
    let mut app = app(&["--init-means", "2,2;2,2.001", "--restarts", "1"]);
    press(&mut app, KeyCode::Char('r'));
    let stuck = app.runs().current().unwrap().em.log_likelihood();
    let said = status(&app);
    assert!(
        said.starts_with(
            "converged, but components 1 and 2 are nearly identical (within 1% of the data's \
             spread): stopped by the collapsed fixed point"
        ) && said.ends_with("p: nudge apart · i: restart"),
        "{said}"
    );
    press(&mut app, KeyCode::Char('p'));
    assert!(status(&app).contains("nudged"), "{}", status(&app));
    press(&mut app, KeyCode::Char('r'));
    let escaped = app.runs().current().unwrap().em.log_likelihood();
    // The two clusters found: far above the one-component fit the run had stopped at.
    assert!(escaped > stuck + 1000.0, "{stuck} → {escaped}");
    assert!(
        !status(&app).contains("nearly identical"),
        "{}",
        status(&app)
    );
}
