//! The drawing part of `gmm-tui bench`: frame time beside stock ratatui `Canvas` + `Points`,
//! bytes written per frame through the real crossterm backend, and how long a key takes to
//! reach the screen at a million points and the app's largest K.

use std::io::Write;
use std::time::Instant;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::{Action, App, BACKGROUND_ABOVE, DataSource, Direction, MAX_APP_COMPONENTS};
use crate::core::scenario;
use crate::core::{CovarianceType, EmSettings, FitOptions, InitMethod};
use crate::ui::{self, UiCache};

/// The app on `points` points of the `seed` scenario with `k` components, opened on the trap.
fn seed_app(points: usize, k: usize) -> App {
    let scenario = scenario::find("seed").expect("built in");
    let data = scenario.generate(points, 1);
    let options = FitOptions {
        k,
        covariance_type: CovarianceType::Full,
        settings: EmSettings::default(),
        restarts: 10,
        seed: 1,
        method: InitMethod::KMeansPlusPlus,
        first_start: scenario.trap.clone(),
        collapsed_start: scenario.trap.clone(),
    };
    let source = DataSource::Scenario {
        scenario,
        points,
        seed: 1,
    };
    let mut app = App::new(data, source, options);
    app.wait_work();
    app
}

/// The app after a restart (a k-means++ start whose components move), as a person would be
/// watching it.
fn drawing_app(points: usize) -> App {
    let mut app = seed_app(points, 2);
    app.update(Action::Restart);
    app.wait_work();
    app
}

/// Frames drawn with the inspector on after each step.
const INSPECTOR_REPEATS: usize = 5;

/// What one drawing case measured.
struct DrawingCase {
    frame_ms: f64,
    /// The same frames with the point inspector on (`v`, its panel and marks).
    inspector_ms: f64,
    canvas_ms: f64,
    first_bytes: usize,
    late_step_bytes: usize,
    unchanged_bytes: usize,
}

/// A terminal that counts the bytes written to it instead of showing them.
#[derive(Clone, Default)]
struct ByteCounter(std::rc::Rc<std::cell::Cell<usize>>);

impl Write for ByteCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws one frame; returns its time and the bytes it wrote.
fn timed_draw(
    app: &App,
    terminal: &mut Terminal<CrosstermBackend<ByteCounter>>,
    counter: &ByteCounter,
    cache: &mut UiCache,
) -> (f64, usize) {
    counter.0.set(0);
    let clock = Instant::now();
    terminal
        .draw(|frame| ui::draw(frame, app, cache))
        .expect("drawing into a counter");
    (1000.0 * clock.elapsed().as_secs_f64(), counter.0.get())
}

fn measure_drawing(points: usize, width: u16, height: u16, max_steps: usize) -> DrawingCase {
    let mut app = drawing_app(points);
    let area = Rect::new(0, 0, width, height);
    let (mut terminal, counter) = counting_terminal(width, height);
    let mut cache = UiCache::default();
    let (_, first_bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
    // Step until the run ends: the last iteration is the "late" one, small changes everywhere.
    let mut times = Vec::new();
    let mut inspector_times = Vec::new();
    // The frames with the inspector on go to a terminal of their own, so that the bytes of
    // the plain frames stay those of consecutive plain frames.
    let (mut inspecting, inspecting_counter) = counting_terminal(width, height);
    let mut inspecting_cache = UiCache::default();
    app.update(Action::ToggleInspector);
    timed_draw(
        &app,
        &mut inspecting,
        &inspecting_counter,
        &mut inspecting_cache,
    );
    app.update(Action::ToggleInspector);
    let mut late_step_bytes = 0;
    let finished = |app: &App| {
        app.runs()
            .current()
            .is_none_or(|r| r.em.status().is_finished())
    };
    while !finished(&app) && times.len() < max_steps {
        app.update(Action::Step);
        app.wait_work();
        let (ms, bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
        times.push(ms);
        late_step_bytes = bytes;
        app.update(Action::ToggleInspector);
        // A run at a million points ends in a few steps: each is drawn several times, the
        // colours recounted before each (`u` twice), so that the median is not one frame's.
        for _ in 0..INSPECTOR_REPEATS {
            app.update(Action::ToggleCertainty);
            app.update(Action::ToggleCertainty);
            let (ms, _) = timed_draw(
                &app,
                &mut inspecting,
                &inspecting_counter,
                &mut inspecting_cache,
            );
            inspector_times.push(ms);
        }
        app.update(Action::ToggleInspector);
    }
    let (_, unchanged_bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
    times.sort_by(f64::total_cmp);
    inspector_times.sort_by(f64::total_cmp);
    DrawingCase {
        frame_ms: times[times.len() / 2],
        inspector_ms: inspector_times[inspector_times.len() / 2],
        canvas_ms: canvas_baseline_ms(&app, area),
        first_bytes,
        late_step_bytes,
        unchanged_bytes,
    }
}

/// Median time to paint every point with stock `Canvas` + `Points` (one layer per component)
/// into the plot's half of the screen: the straightforward way to draw this plot.
fn canvas_baseline_ms(app: &App, area: Rect) -> f64 {
    let shown = app.shown().expect("the app has a run");
    let (xs, ys) = (app.data().column(0), app.data().column(1));
    let mut layers: Vec<Vec<(f64, f64)>> = vec![Vec::new(); shown.model.k()];
    for ((x, y), label) in xs.iter().zip(ys).zip(shown.labels) {
        layers[usize::from(*label)].push((*x, *y));
    }
    let plot = Rect::new(0, 0, area.width / 2, area.height);
    let ((x0, x1), (y0, y1)) = (app.plot().bounds().0[0], app.plot().bounds().0[1]);
    let mut samples: Vec<f64> = (0..5)
        .map(|_| {
            let mut buffer = ratatui::buffer::Buffer::empty(plot);
            let clock = Instant::now();
            let canvas = Canvas::default()
                .marker(Marker::Braille)
                .x_bounds([x0, x1])
                .y_bounds([y0, y1])
                .paint(|ctx| {
                    for (c, layer) in layers.iter().enumerate() {
                        let color = [Color::Red, Color::Green][c % 2];
                        ctx.draw(&Points {
                            coords: layer,
                            color,
                        });
                    }
                });
            ratatui::widgets::Widget::render(canvas, plot, &mut buffer);
            1000.0 * clock.elapsed().as_secs_f64()
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A terminal of `width`×`height` that counts bytes instead of showing them.
fn counting_terminal(
    width: u16,
    height: u16,
) -> (Terminal<CrosstermBackend<ByteCounter>>, ByteCounter) {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let counter = ByteCounter::default();
    let terminal = Terminal::with_options(CrosstermBackend::new(counter.clone()), options)
        .expect("a counting backend cannot fail");
    (terminal, counter)
}

/// A key's name in the report, and the action it asks for.
type Key = (&'static str, Action);

/// The keys of a session, from the trap at its start.
const SESSION: [Key; 25] = [
    ("space: step", Action::Step),
    ("space: step", Action::Step),
    ("b best", Action::ToggleBest),
    ("b back", Action::ToggleBest),
    ("← scrub back", Action::ScrubBack),
    ("→ scrub forward", Action::ScrubForward),
    ("p nudge", Action::Nudge),
    ("e half-steps", Action::ToggleHalfSteps),
    ("space: M-step", Action::Step),
    ("space: E-step", Action::Step),
    ("e whole steps", Action::ToggleHalfSteps),
    ("u certainty", Action::ToggleCertainty),
    ("r run", Action::ToggleRun),
    ("r pause mid-step", Action::ToggleRun),
    ("m models", Action::ToggleModels),
    ("m close", Action::ToggleModels),
    ("v inspect", Action::ToggleInspector),
    ("→ move cursor", Action::Move(Direction::Right)),
    ("f formulas", Action::ToggleFormulas),
    ("f close", Action::ToggleFormulas),
    ("v close", Action::ToggleInspector),
    ("i restart", Action::Restart),
    ("- fewer K", Action::FewerComponents),
    ("c covariance", Action::CycleCovariance),
    ("n new data", Action::Reseed),
];

/// After the trap has run to its collapsed end (`r`): `i`, then keys at iteration 0 of the
/// k-means++ start, the state where frames once took 160–220 ms (the chart walked the trap's
/// curve down to a value a million dot rows below the start's single-value axis).
const AT_ITERATION_0: [Key; 5] = [
    ("i after r", Action::Restart),
    ("? help at 0", Action::ToggleHelp),
    ("Esc at 0", Action::CloseOverlay),
    ("u certainty at 0", Action::ToggleCertainty),
    ("u again at 0", Action::ToggleCertainty),
];

/// The keys of a session at `points` points and K = `k`, each timed from the key to the first
/// frame drawn after it (what the event loop does), and to the frame with its result when
/// background work computes one: (key, frame ms, result ms). Then, on a fresh app whose trap
/// `r` has run to its end, the keys at iteration 0 of a restart.
fn key_latency(points: usize, k: usize) -> Vec<(&'static str, f64, f64)> {
    let mut times = time_keys(seed_app(points, k), &SESSION);
    let mut trapped = seed_app(points, k);
    trapped.update(Action::ToggleRun);
    while trapped.is_running() {
        trapped.advance();
        trapped.wait_work();
    }
    times.extend(time_keys(trapped, &AT_ITERATION_0));
    times
}

/// Presses `keys` on `app` at 120×40, timing each (see [`key_latency`]).
fn time_keys(mut app: App, keys: &[Key]) -> Vec<(&'static str, f64, f64)> {
    let (mut terminal, counter) = counting_terminal(120, 40);
    let mut cache = UiCache::default();
    timed_draw(&app, &mut terminal, &counter, &mut cache);
    let mut times = Vec::new();
    for &(name, action) in keys {
        let clock = Instant::now();
        app.update(action);
        timed_draw(&app, &mut terminal, &counter, &mut cache);
        let frame = 1000.0 * clock.elapsed().as_secs_f64();
        if action == Action::ToggleRun && app.is_running() {
            // What the loop does next: a tick launches an iteration, and the pause key that
            // follows arrives while it computes.
            app.advance();
            times.push((name, frame, frame));
            continue;
        }
        app.wait_work();
        timed_draw(&app, &mut terminal, &counter, &mut cache);
        times.push((name, frame, 1000.0 * clock.elapsed().as_secs_f64()));
    }
    times
}

/// The drawing report: one row per screen size and number of points, then key latency.
pub fn drawing_report(quick: bool) -> String {
    let points: &[usize] = if quick {
        &[2_000, 100_000]
    } else {
        &[2_000, 100_000, 1_000_000]
    };
    let mut text = format!(
        "\nDrawing a frame after each EM step of a run (median), and with the point inspector on (v: its\n\
         panel and marks; each step's frame 5 times, the colours recounted each time); bytes through\n\
         the crossterm backend for the first frame, the run's last step, and a frame with nothing\n\
         changed\n\
         {:>9} {:>9}  {:>9} {:>10} {:>11} {:>7}  {:>11} {:>10} {:>10}\n",
        "size", "N", "frame ms", "v frame ms", "Canvas ms", "ratio", "first B", "step B", "same B"
    );
    for (width, height) in [(120u16, 40u16), (240, 70)] {
        for &n in points {
            let case = measure_drawing(n, width, height, if quick { 10 } else { 100 });
            text += &format!(
                "{:>9} {:>9}  {:>9.2} {:>10.2} {:>11.2} {:>6.1}×  {:>11} {:>10} {:>10}\n",
                format!("{width}×{height}"),
                n,
                case.frame_ms,
                case.inspector_ms,
                case.canvas_ms,
                case.canvas_ms / case.frame_ms,
                case.first_bytes,
                case.late_step_bytes,
                case.unchanged_bytes
            );
        }
    }
    let (points, k) = if quick {
        (100_000, MAX_APP_COMPONENTS)
    } else {
        (1_000_000, MAX_APP_COMPONENTS)
    };
    text += &format!(
        "\nKeys at {points} points, K = {k}, 120×40: from the key to the first frame drawn after it, and\n\
         to the frame with its result (work on more than {} point-components runs in the background)\n\
         {:>18} {:>9} {:>10}\n",
        BACKGROUND_ABOVE, "key", "frame ms", "result ms"
    );
    let latency = key_latency(points, k);
    for (name, frame, result) in &latency {
        text += &format!("{name:>18} {frame:>9.2} {result:>10.1}\n");
    }
    let slowest = latency.iter().map(|l| l.1).fold(0.0, f64::max);
    text += &format!("{:>18} {slowest:>9.2}\n", "slowest frame");
    text
}
