//! `gmm-tui bench`: milliseconds per EM iteration, beside baselines measured in the same run —
//! our own pass on one thread, and scikit-learn on the same data and start when Python has it —
//! and the drawing path: frame time beside stock ratatui `Canvas` + `Points`, and bytes written
//! per frame through the real crossterm backend.

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::{Action, App, DataSource};
use crate::core::scenario;
use crate::core::{
    CovarianceType, Dataset, EmRun, EmSettings, FitOptions, Gmm, InitMethod, InputError, Start,
};
use crate::ui::{self, UiCache};

use super::args::BenchArgs;

const SKLEARN_SCRIPT: &str = include_str!("../../bench/sklearn_em_timing.py");

/// One benchmark problem.
struct Case {
    n: usize,
    d: usize,
    k: usize,
    iterations: usize,
}

/// `k` well-spread random Gaussian clusters in `d` dimensions.
fn clustered_data(n: usize, d: usize, k: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let centres: Vec<f64> = (0..k * d).map(|_| rng.random_range(-10.0..10.0)).collect();
    let scales: Vec<f64> = (0..k * d).map(|_| rng.random_range(0.5..2.0)).collect();
    let mut values = vec![0.0; n * d];
    for i in 0..n {
        let c = i % k;
        for a in 0..d {
            let z: f64 = StandardNormal.sample(&mut rng);
            values[a * n + i] = centres[c * d + a] + scales[c * d + a] * z;
        }
    }
    Dataset::from_columns(
        "bench".into(),
        (1..=d).map(|a| format!("x{a}")).collect(),
        values,
    )
}

/// Median milliseconds per iteration of `iterations` EM steps from `start`, over three runs.
fn time_ours(data: &Dataset, start: &Gmm, iterations: usize) -> f64 {
    let settings = EmSettings {
        reg_covar: 1e-6,
        tol: 0.0,
        max_iter: iterations,
    };
    let mut samples: Vec<f64> = (0..3)
        .map(|_| {
            let mut run =
                EmRun::start(data, start.clone(), settings, false).expect("start is valid");
            let clock = Instant::now();
            run.run_to_end(data);
            1000.0 * clock.elapsed().as_secs_f64() / iterations as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[1]
}

/// scikit-learn's milliseconds per iteration, or why there is none.
fn time_sklearn(data: &Dataset, start: &Gmm, iterations: usize) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("gmm-tui-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (data_path, start_path, script_path) = (
        dir.join("data.f64"),
        dir.join("start.json"),
        dir.join("timing.py"),
    );
    let bytes: Vec<u8> = (0..data.dim())
        .flat_map(|a| data.column(a).iter().flat_map(|v| v.to_le_bytes()))
        .collect();
    let start_json = serde_json::json!({
        "weights": start.weights, "means": start.means, "covariances": start.covariances,
    });
    let written = std::fs::write(&data_path, bytes)
        .and_then(|()| std::fs::write(&start_path, start_json.to_string()))
        .and_then(|()| std::fs::write(&script_path, SKLEARN_SCRIPT));
    let output = written.map_err(|e| e.to_string()).and_then(|()| {
        Command::new("python3")
            .arg(&script_path)
            .arg(&data_path)
            .args([data.n().to_string(), data.dim().to_string()])
            .arg(&start_path)
            .arg(iterations.to_string())
            .output()
            .map_err(|e| format!("python3 not runnable: {e}"))
    });
    let _ = std::fs::remove_dir_all(&dir);
    let output = output?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        let last = reason.lines().last().unwrap_or("failed").to_string();
        return Err(last);
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    report["ms_per_iteration"]
        .as_f64()
        .ok_or_else(|| "no timing printed".into())
}

/// Runs the EM benchmark and writes the report to `out`.
pub fn run_bench(args: &BenchArgs, out: &mut impl Write) -> Result<(), InputError> {
    let cases = if args.quick {
        vec![
            Case {
                n: 100_000,
                d: 2,
                k: 5,
                iterations: 5,
            },
            Case {
                n: 20_000,
                d: 8,
                k: 5,
                iterations: 5,
            },
        ]
    } else {
        vec![
            Case {
                n: 1_000_000,
                d: 2,
                k: 5,
                iterations: 20,
            },
            Case {
                n: 200_000,
                d: 8,
                k: 5,
                iterations: 20,
            },
        ]
    };
    let threads = rayon::current_num_threads();
    let mut text = format!(
        "EM iteration (one E-step + one M-step), full covariance, {threads} threads\n\
         {:>10} {:>2} {:>2}  {:>12} {:>12} {:>14}  {:>9} {:>10}\n",
        "N", "D", "K", "ours ms", "1 thread ms", "scikit-learn", "vs 1 thr", "vs sklearn"
    );
    for case in &cases {
        let data = clustered_data(case.n, case.d, case.k, 7);
        let start = Start::KMeansPlusPlus { seed: 11 }
            .model(&data, case.k, CovarianceType::Full)
            .map_err(|e| InputError::new(format!("bench start: {e}")))?;
        let ours = time_ours(&data, &start, case.iterations);
        let single = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| InputError::new(e.to_string()))?
            .install(|| time_ours(&data, &start, case.iterations));
        let sklearn = if args.no_python {
            Err("skipped (--no-python)".to_string())
        } else {
            time_sklearn(&data, &start, case.iterations.min(5))
        };
        let (sk, ratio) = match &sklearn {
            Ok(ms) => (format!("{ms:.1}"), format!("{:.1}×", ms / ours)),
            Err(_) => ("—".into(), "—".into()),
        };
        text += &format!(
            "{:>10} {:>2} {:>2}  {:>12.2} {:>12.2} {:>14}  {:>8.1}× {:>10}\n",
            case.n,
            case.d,
            case.k,
            ours,
            single,
            sk,
            single / ours,
            ratio
        );
        if let Err(why) = sklearn {
            text += &format!("            scikit-learn: {why}\n");
        }
    }
    text += &drawing_report(args.quick);
    out.write_all(text.as_bytes())
        .map_err(|e| InputError::new(e.to_string()))
}

/// The app on `points` points of the `seed` scenario, after a restart (a k-means++ start whose
/// components move), as a person would be watching it.
fn drawing_app(points: usize) -> App {
    let scenario = scenario::find("seed").expect("built in");
    let data = scenario.generate(points, 1);
    let options = FitOptions {
        k: 2,
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
    app.update(Action::Restart);
    app
}

/// What one drawing case measured.
struct DrawingCase {
    frame_ms: f64,
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
    let options = TerminalOptions {
        viewport: Viewport::Fixed(area),
    };
    let counter = ByteCounter::default();
    let mut terminal = Terminal::with_options(CrosstermBackend::new(counter.clone()), options)
        .expect("a counting backend cannot fail");
    let mut cache = UiCache::default();
    let (_, first_bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
    // Step until the run ends: the last iteration is the "late" one, small changes everywhere.
    let mut times = Vec::new();
    let mut late_step_bytes = 0;
    let finished = |app: &App| app.run.as_ref().is_none_or(|r| r.em.status().is_finished());
    while !finished(&app) && times.len() < max_steps {
        app.update(Action::Step);
        let (ms, bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
        times.push(ms);
        late_step_bytes = bytes;
    }
    let (_, unchanged_bytes) = timed_draw(&app, &mut terminal, &counter, &mut cache);
    times.sort_by(f64::total_cmp);
    DrawingCase {
        frame_ms: times[times.len() / 2],
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
    let (xs, ys) = (app.data.column(0), app.data.column(1));
    let mut layers: Vec<Vec<(f64, f64)>> = vec![Vec::new(); shown.model.k()];
    for ((x, y), label) in xs.iter().zip(ys).zip(shown.labels) {
        layers[usize::from(*label)].push((*x, *y));
    }
    let plot = Rect::new(0, 0, area.width / 2, area.height);
    let ((x0, x1), (y0, y1)) = (app.bounds.0[0], app.bounds.0[1]);
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

fn drawing_report(quick: bool) -> String {
    let points: &[usize] = if quick {
        &[2_000, 100_000]
    } else {
        &[2_000, 100_000, 1_000_000]
    };
    let mut text = format!(
        "\nDrawing a frame after each EM step of a run (median); bytes through the crossterm backend for\n\
         the first frame, the run's last step, and a frame with nothing changed\n\
         {:>9} {:>9}  {:>9} {:>11} {:>7}  {:>11} {:>10} {:>10}\n",
        "size", "N", "frame ms", "Canvas ms", "ratio", "first B", "step B", "same B"
    );
    for (width, height) in [(120u16, 40u16), (240, 70)] {
        for &n in points {
            let case = measure_drawing(n, width, height, if quick { 10 } else { 100 });
            text += &format!(
                "{:>9} {:>9}  {:>9.2} {:>11.2} {:>6.1}×  {:>11} {:>10} {:>10}\n",
                format!("{width}×{height}"),
                n,
                case.frame_ms,
                case.canvas_ms,
                case.canvas_ms / case.frame_ms,
                case.first_bytes,
                case.late_step_bytes,
                case.unchanged_bytes
            );
        }
    }
    text
}
