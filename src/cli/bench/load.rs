//! The load part of `gmm-tui bench`: reading the points `generate` writes — as CSV and as a
//! `.npy` array — in seconds, MB/s and peak memory a point, beside pandas' and polars'
//! `read_csv` on the same file in the same run when Python has them.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cli::args::GenerateArgs;
use crate::cli::run_generate;
use crate::core::InputError;
use crate::core::input::npy::npy_header;
use crate::core::input::{ReadOptions, read_points};

const LIBRARY_SCRIPT: &str = include_str!("../../../bench/load_timing.py");

/// Reads of each file; the median time and the largest peak are reported.
const RUNS: usize = 3;

/// One reader's figures.
struct Figures {
    seconds: f64,
    /// Growth of resident memory during the read, when the kernel can report it.
    peak_bytes: Option<u64>,
}

fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the process's peak resident memory to its current size (Linux 4.0+).
fn reset_peak() -> Option<()> {
    std::fs::write("/proc/self/clear_refs", "5").ok()
}

/// Our reader on `path`: median seconds of [`RUNS`] reads, and the largest peak.
fn time_ours(path: &Path) -> Result<Figures, InputError> {
    let mut seconds = Vec::with_capacity(RUNS);
    let mut peak: Option<u64> = Some(0);
    for _ in 0..RUNS {
        let before = reset_peak().and_then(|()| status_bytes("VmRSS:"));
        let clock = Instant::now();
        let loaded = read_points(path, &ReadOptions::default(), &mut |_| {})?;
        seconds.push(clock.elapsed().as_secs_f64());
        let grown = before
            .zip(status_bytes("VmHWM:"))
            .map(|(b, h)| h.saturating_sub(b));
        peak = peak.zip(grown).map(|(p, g)| p.max(g));
        drop(loaded);
    }
    seconds.sort_by(f64::total_cmp);
    Ok(Figures {
        seconds: seconds[RUNS / 2],
        peak_bytes: peak,
    })
}

/// A Python library's `read_csv` on `path`, with its version, or why there is none.
fn time_library(library: &str, path: &Path, script: &Path) -> Result<(String, Figures), String> {
    let output = Command::new("python3")
        .arg(script)
        .arg(library)
        .arg(path)
        .arg(RUNS.to_string())
        .output()
        .map_err(|e| format!("python3 not runnable: {e}"))?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        return Err(reason.lines().last().unwrap_or("failed").to_string());
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let seconds = report["seconds"].as_f64().ok_or("no timing printed")?;
    let figures = Figures {
        seconds,
        peak_bytes: report["peak_bytes"].as_u64(),
    };
    Ok((
        report["version"].as_str().unwrap_or("?").to_string(),
        figures,
    ))
}

/// The same points as a little-endian float64 `.npy` array in C order.
fn write_npy(csv: &Path, npy: &Path) -> Result<(), InputError> {
    let loaded = read_points(csv, &ReadOptions::default(), &mut |_| {})?;
    let data = loaded.dataset;
    let header = npy_header("<f8", false, &[data.n(), data.dim()]);
    let file = std::fs::File::create(npy).map_err(|e| InputError::new(e.to_string()))?;
    let mut out = std::io::BufWriter::new(file);
    let written = (|| -> std::io::Result<()> {
        out.write_all(&header)?;
        for i in 0..data.n() {
            for a in 0..data.dim() {
                out.write_all(&data.column(a)[i].to_le_bytes())?;
            }
        }
        out.flush()
    })();
    written.map_err(|e| InputError::new(format!("cannot write {}: {e}", npy.display())))
}

fn row(name: &str, figures: &Figures, megabytes: f64, points: usize) -> String {
    let per_point = figures.peak_bytes.map_or("—".to_string(), |b| {
        format!("{:.1}", b as f64 / points as f64)
    });
    format!(
        "  {name:<26} {:>8.3} {:>8.0} {:>12}\n",
        figures.seconds,
        megabytes / figures.seconds,
        per_point
    )
}

/// The load report.
pub fn load_report(quick: bool, no_python: bool) -> Result<String, InputError> {
    let points = if quick { 1_000_000 } else { 10_000_000 };
    let dir = std::env::temp_dir().join(format!("gmm-tui-load-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| InputError::new(e.to_string()))?;
    let result = report_in(&dir, points, no_python);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn report_in(dir: &Path, points: usize, no_python: bool) -> Result<String, InputError> {
    let (csv, npy, script) = (
        dir.join("points.csv"),
        dir.join("points.npy"),
        dir.join("load_timing.py"),
    );
    let args = GenerateArgs {
        scenario: "seed".into(),
        points: Some(points),
        seed: 1,
    };
    let file = std::fs::File::create(&csv).map_err(|e| InputError::new(e.to_string()))?;
    run_generate(&args, &mut std::io::BufWriter::new(file))?;
    write_npy(&csv, &npy)?;
    let megabytes = |path: &Path| std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6);
    let (csv_mb, npy_mb) = (megabytes(&csv), megabytes(&npy));
    let mut text = format!(
        "\nLoad: {points} points × 2 as `generate` writes them: CSV {csv_mb:.0} MB, .npy \
         {npy_mb:.0} MB (median of {RUNS} reads; peak = growth of resident memory)\n  {:<26} \
         {:>8} {:>8} {:>12}\n",
        "reader", "seconds", "MB/s", "bytes/point"
    );
    let ours = time_ours(&csv)?;
    text += &row("gmm-tui CSV", &ours, csv_mb, points);
    text += &row("gmm-tui .npy", &time_ours(&npy)?, npy_mb, points);
    if no_python {
        return Ok(text + "  pandas, polars: skipped (--no-python)\n");
    }
    std::fs::write(&script, LIBRARY_SCRIPT).map_err(|e| InputError::new(e.to_string()))?;
    for library in ["pandas", "polars"] {
        match time_library(library, &csv, &script) {
            Ok((version, theirs)) => {
                let name = format!("{library} {version} read_csv");
                text += &row(&name, &theirs, csv_mb, points);
                text += &format!(
                    "  {:<26} {:>8.1}×\n",
                    format!("  {library} / gmm-tui"),
                    theirs.seconds / ours.seconds
                );
            }
            Err(why) => text += &format!("  {library}: {why}\n"),
        }
    }
    Ok(text)
}
