//! The roofline part of `gmm-tui bench`: for every kernel path this CPU runs, the real pass over
//! the data (one E-step with the M-step's sums, `kernel::evaluate`) beside its arithmetic bound
//! ([`Roofline`]: the same arithmetic on one tile in L1, writing only what one phase hands the
//! next) and a streaming read of the same data (the memory bound), in nanoseconds per
//! point-component. Everything is timed in the same run, round after round, each path and
//! measure in turn, and the fastest of each is kept: load from elsewhere only adds time, and the
//! ratios hold whatever it is.

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::core::kernel::{Components, KernelPath, Roofline, evaluate};
use crate::core::{CovarianceType, InputError, Start};

use super::em::clustered_data;

/// One problem: N points in D = 2 around K clusters.
struct Shape {
    k: usize,
    covariance_type: CovarianceType,
}

const fn shape(k: usize, covariance_type: CovarianceType) -> Shape {
    Shape { k, covariance_type }
}

/// Issue 19's targets: D = 2, K = 2…10, every covariance type.
const SHAPES: [Shape; 12] = [
    shape(2, CovarianceType::Full),
    shape(5, CovarianceType::Full),
    shape(10, CovarianceType::Full),
    shape(2, CovarianceType::Diag),
    shape(5, CovarianceType::Diag),
    shape(10, CovarianceType::Diag),
    shape(2, CovarianceType::Spherical),
    shape(5, CovarianceType::Spherical),
    shape(10, CovarianceType::Spherical),
    shape(2, CovarianceType::Tied),
    shape(5, CovarianceType::Tied),
    shape(10, CovarianceType::Tied),
];

const QUICK_SHAPES: [Shape; 2] = [
    shape(2, CovarianceType::Full),
    shape(5, CovarianceType::Full),
];

/// The roofline's own dimension.
const DIM: usize = Roofline::DIM;

/// All-thread passes timed back to back in each round (the fastest counts).
const ALL_THREADS_PASSES: usize = 3;

/// One path on one problem; times in ns per point-component.
#[derive(Serialize)]
pub struct RooflineRow {
    pub path: &'static str,
    pub n: usize,
    pub d: usize,
    pub k: usize,
    pub covariance_type: &'static str,
    /// The real pass on one thread.
    pub real_ns: f64,
    /// The same arithmetic on one tile in L1, one thread.
    pub roofline_ns: f64,
    /// real ÷ roofline.
    pub ratio: f64,
    /// The real pass on every thread of the pool (wall time).
    pub threads_ns: f64,
    /// One thread's wall time over all threads' (the fastest of [`ALL_THREADS_PASSES`] back to
    /// back a round): the speed-up from more threads.
    pub scaling: f64,
    /// A streaming read of the same data on one thread: the memory bound.
    pub memory_ns: f64,
}

#[derive(Serialize)]
pub struct RooflineReport {
    pub threads: usize,
    pub rounds: usize,
    pub n: usize,
    pub rows: Vec<RooflineRow>,
    /// The fastest streaming read, GB/s, on one thread and on all.
    pub read_gb_per_s: [f64; 2],
    /// The system's one-minute load average before and after, where it says it: the
    /// all-thread figures only mean something when it is below the thread count.
    pub load_average: [Option<f64>; 2],
}

/// The one-minute load average (Linux).
fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The fastest of the times a measure took, in seconds.
#[derive(Clone, Copy)]
struct Fastest(f64);

impl Fastest {
    fn add(&mut self, seconds: f64) {
        self.0 = self.0.min(seconds);
    }
}

/// Wall-clock seconds `f` takes.
fn wall_seconds<R>(f: impl FnOnce() -> R) -> f64 {
    let clock = Instant::now();
    std::hint::black_box(f());
    clock.elapsed().as_secs_f64()
}

/// Seconds of this thread's CPU time `f` takes, and its wall time: unlike wall time, CPU time
/// does not count the time the thread waits for a core while other work runs, so one-thread
/// ratios hold on a busy machine. Wall time twice where the system has no thread clock.
pub(super) fn cpu_and_wall_seconds<R>(f: impl FnOnce() -> R) -> (f64, f64) {
    let clock = Instant::now();
    #[cfg(unix)]
    {
        let now = || {
            let mut t = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: `t` is a valid timespec to write to; the clock id is a constant.
            let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
            ok.then_some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
        };
        if let Some(start) = now() {
            std::hint::black_box(f());
            let wall = clock.elapsed().as_secs_f64();
            return (now().map_or(f64::INFINITY, |end| end - start), wall);
        }
    }
    let wall = wall_seconds(f);
    (wall, wall)
}

/// Every value of `columns` added up, `threads`-wide: the least work that reads the data once.
fn stream(columns: &[&[f64]]) -> f64 {
    fn sum(values: &[f64]) -> f64 {
        let mut lanes = [0.0; 8];
        let mut blocks = values.chunks_exact(8);
        for block in &mut blocks {
            for (lane, v) in lanes.iter_mut().zip(block) {
                *lane += v;
            }
        }
        lanes.iter().sum::<f64>() + blocks.remainder().iter().sum::<f64>()
    }
    columns
        .iter()
        .map(|column| column.par_chunks(1 << 16).map(sum).sum::<f64>())
        .sum()
}

/// Measures every path on every shape.
pub fn roofline_report(quick: bool) -> Result<RooflineReport, InputError> {
    let (shapes, rounds): (&[Shape], usize) = if quick {
        (&QUICK_SHAPES, 3)
    } else {
        (&SHAPES, 7)
    };
    // Enough points that the data streams from beyond the caches, as a large problem's does.
    let n = 1_000_000;
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| InputError::new(e.to_string()))?;
    // Every path this CPU runs, or the one GMM_TUI_KERNEL names.
    let paths = match KernelPath::from_env() {
        Ok(Some(path)) => vec![path],
        _ => KernelPath::available(),
    };
    let load_before = load_average();
    let mut rows = Vec::new();
    let mut read_gb_per_s = [0.0f64; 2];
    for shape in shapes {
        let (shape_rows, reads) = measure_shape(shape, &paths, &one_thread, rounds, n)?;
        rows.extend(shape_rows);
        for (best, read) in read_gb_per_s.iter_mut().zip(reads) {
            *best = best.max(read);
        }
    }
    Ok(RooflineReport {
        threads: rayon::current_num_threads(),
        rounds,
        n,
        rows,
        read_gb_per_s,
        load_average: [load_before, load_average()],
    })
}

/// One shape's rows, every path's pass beside its roofline `rounds` times interleaved, and the
/// streaming read's GB/s on one thread and on all.
fn measure_shape(
    shape: &Shape,
    paths: &[KernelPath],
    one_thread: &rayon::ThreadPool,
    rounds: usize,
    n: usize,
) -> Result<(Vec<RooflineRow>, [f64; 2]), InputError> {
    let mut rows = Vec::new();
    let data = clustered_data(n, DIM, shape.k, 7);
    let start = Start::KMeansPlusPlus { seed: 11 }
        .model(&data, shape.k, shape.covariance_type, 1e-6)
        .map_err(|e| InputError::new(format!("bench start: {e}")))?;
    let components = Components::new(&start, n)
        .map_err(|c| InputError::new(format!("bench start: component {c} is singular")))?;
    let roofline =
        Roofline::new(&components, &data).expect("the data has the roofline's dimension");
    let tiles = n.div_ceil(Roofline::POINTS);
    let columns: Vec<&[f64]> = (0..DIM).map(|a| data.column(a)).collect();
    // Per path: one thread (CPU time), all threads, roofline, one thread (wall time); then
    // the reads.
    let mut fastest = vec![[Fastest(f64::INFINITY); 4]; paths.len()];
    let mut reads = [Fastest(f64::INFINITY); 2];
    // One-thread measures run on the one-thread pool, timed by its thread's CPU clock (and
    // the wall clock beside it for the pass, the scaling's baseline).
    let alone_both = |f: &(dyn Fn() + Sync)| one_thread.install(|| cpu_and_wall_seconds(f));
    let alone = |f: &(dyn Fn() + Sync)| alone_both(f).0;
    for _ in 0..rounds {
        for (path, times) in paths.iter().zip(&mut fastest) {
            let pass = || {
                path.scope(|| std::hint::black_box(evaluate(&data, &components, None)));
            };
            let (cpu, wall) = alone_both(&pass);
            times[0].add(cpu);
            times[3].add(wall);
            // Back to back, as EM runs its passes: a pass of a millisecond or two is as long as
            // waking an idle worker or a neighbour's moment on its core, which one sample of it
            // measures more than the pass.
            for _ in 0..ALL_THREADS_PASSES {
                times[1].add(wall_seconds(pass));
            }
            times[2].add(alone(&|| {
                std::hint::black_box(roofline.run(*path, tiles));
            }));
        }
        reads[0].add(alone(&|| {
            std::hint::black_box(stream(&columns));
        }));
        reads[1].add(wall_seconds(|| stream(&columns)));
    }
    let per_point_component =
        |seconds: f64, points: usize| 1e9 * seconds / (points * shape.k) as f64;
    let memory_ns = per_point_component(reads[0].0, n);
    for (path, [one, all, bound, one_wall]) in paths.iter().zip(fastest) {
        let (real_ns, roofline_ns) = (
            per_point_component(one.0, n),
            per_point_component(bound.0, tiles * Roofline::POINTS),
        );
        rows.push(RooflineRow {
            path: path.name(),
            n,
            d: DIM,
            k: shape.k,
            covariance_type: shape.covariance_type.name(),
            real_ns,
            roofline_ns,
            ratio: real_ns / roofline_ns,
            threads_ns: per_point_component(all.0, n),
            scaling: one_wall.0 / all.0,
            memory_ns,
        });
    }
    let bytes = (n * DIM * std::mem::size_of::<f64>()) as f64;
    Ok((rows, reads.map(|read| bytes / read.0 / 1e9)))
}

/// The report as a table, the memory bound last.
pub fn roofline_text(report: &RooflineReport) -> String {
    let threads = format!("{} threads", report.threads);
    let mut text = format!(
        "\nRoofline: the pass over {} points in D = {DIM} (E-step and M-step sums) beside the \
         same arithmetic on one tile in L1, writing only what one phase hands the next \
         (roofline), and a streaming read of \
         the data (memory); ns per point-component, the fastest of {} interleaved rounds, one \
         thread (its CPU time) unless said; scaling is one thread's wall time over all threads' \
         (the fastest of {ALL_THREADS_PASSES} back-to-back passes a round)\n",
        report.n, report.rounds
    );
    if let [Some(before), Some(after)] = report.load_average {
        text += &format!(
            "load average {before:.2} before, {after:.2} after: above {} the {threads} \
             figures include waiting for a core\n",
            report.threads.saturating_sub(1)
        );
    }
    text += &format!(
        "{:>9} {:>2} {:>9}  {:>7} {:>8} {:>6}  {:>10} {:>7}  {:>6}\n",
        "path", "K", "cov", "real", "roofline", "ratio", threads, "scaling", "memory"
    );
    for row in &report.rows {
        text += &format!(
            "{:>9} {:>2} {:>9}  {:>7.3} {:>8.3} {:>5.2}×  {:>10.3} {:>6.2}×  {:>6.3}\n",
            row.path,
            row.k,
            row.covariance_type,
            row.real_ns,
            row.roofline_ns,
            row.ratio,
            row.threads_ns,
            row.scaling,
            row.memory_ns
        );
    }
    let [one, all] = report.read_gb_per_s;
    text += &format!(
        "streaming read: {one:.1} GB/s on one thread, {all:.1} GB/s on {threads}: where memory \
         is well below real, the pass is bound by arithmetic\n"
    );
    text
}
