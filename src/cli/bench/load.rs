//! The load part of `gmm-tui bench`: reading the points `generate` writes — as CSV and as a
//! `.npy` array — in seconds, MB/s and peak memory a point, beside pandas' and polars'
//! `read_csv` on the same file in the same run when Python has them. Readers take turns, round
//! after round, so a busy machine slows them alike; CPU seconds (all threads) are shown too, as
//! they depend less on what else runs.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::cli::args::GenerateArgs;
use crate::cli::run_generate;
use crate::core::InputError;
use crate::core::input::npy::npy_header;
use crate::core::input::{ReadOptions, read_points};

const LIBRARY_SCRIPT: &str = include_str!("../../../bench/load_timing.py");

/// Rounds of reads; medians are reported.
const ROUNDS: usize = 3;

/// One read's figures.
#[derive(Clone, Copy, Debug)]
struct Read {
    seconds: f64,
    cpu_seconds: f64,
    /// Growth of resident memory during the read, when the kernel can report it.
    peak_bytes: Option<u64>,
}

fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// User + system CPU seconds of this process, all threads (Linux clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks as f64 / 100.0
}

/// Our reader on `path`, once.
fn read_ours(path: &Path) -> Result<Read, InputError> {
    // Resets the peak resident memory to the current size (Linux 4.0+).
    let reset = std::fs::write("/proc/self/clear_refs", "5").ok();
    let before = reset.and_then(|()| status_bytes("VmRSS:"));
    let (clock, cpu) = (Instant::now(), cpu_seconds());
    let loaded = read_points(path, &ReadOptions::default(), &mut |_| {})?;
    let read = Read {
        seconds: clock.elapsed().as_secs_f64(),
        cpu_seconds: cpu_seconds() - cpu,
        peak_bytes: before
            .zip(status_bytes("VmHWM:"))
            .map(|(b, h)| h.saturating_sub(b)),
    };
    drop(loaded);
    Ok(read)
}

/// A Python library's `read_csv` on `path`, once, with its version; or why there is none.
fn read_theirs(library: &str, path: &Path, script: &Path) -> Result<(String, Read), String> {
    let report = super::python_json(script, &[library.as_ref(), path.as_os_str()])?;
    let read = Read {
        seconds: report["seconds"].as_f64().ok_or("no timing printed")?,
        cpu_seconds: report["cpu_seconds"].as_f64().unwrap_or(f64::NAN),
        peak_bytes: report["peak_bytes"].as_u64(),
    };
    Ok((report["version"].as_str().unwrap_or("?").to_string(), read))
}

/// The same points as a little-endian float64 `.npy` array in C order.
fn write_npy(csv: &Path, npy: &Path) -> Result<(), InputError> {
    let loaded = read_points(csv, &ReadOptions::default(), &mut |_| {})?;
    let data = loaded.dataset;
    let file = std::fs::File::create(npy).map_err(|e| InputError::new(e.to_string()))?;
    let mut out = std::io::BufWriter::new(file);
    let written = (|| -> std::io::Result<()> {
        out.write_all(&npy_header("<f8", false, &[data.n(), data.dim()]))?;
        for i in 0..data.n() {
            for a in 0..data.dim() {
                out.write_all(&data.column(a)[i].to_le_bytes())?;
            }
        }
        out.flush()
    })();
    written.map_err(|e| InputError::new(format!("cannot write {}: {e}", npy.display())))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The median seconds of `reads`, as its row shows them.
fn seconds_of(reads: &[Read]) -> f64 {
    median(reads.iter().map(|r| r.seconds).collect())
}

/// `library` against our CSV reader, from the medians the rows show, in words that say which is
/// faster: "gmm-tui CSV is 1.4× faster than pandas".
pub fn compared(library: &str, theirs: f64, ours: f64) -> String {
    if theirs >= ours {
        format!("gmm-tui CSV is {:.1}× faster than {library}", theirs / ours)
    } else {
        format!("gmm-tui CSV is {:.1}× slower than {library}", ours / theirs)
    }
}

/// One reader's line: median seconds, MB/s, CPU seconds, and the largest peak a point.
fn row(name: &str, reads: &[Read], megabytes: f64, points: usize) -> String {
    let seconds = seconds_of(reads);
    let cpu = median(reads.iter().map(|r| r.cpu_seconds).collect());
    let peak = reads
        .iter()
        .map(|r| r.peak_bytes)
        .collect::<Option<Vec<u64>>>();
    let per_point = peak
        .and_then(|p| p.into_iter().max())
        .map_or("—".to_string(), |b| {
            format!("{:.1}", b as f64 / points as f64)
        });
    format!(
        "  {name:<26} {seconds:>8.3} {:>8.0} {cpu:>8.2} {per_point:>12}\n",
        megabytes / seconds
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
    std::fs::write(&script, LIBRARY_SCRIPT).map_err(|e| InputError::new(e.to_string()))?;
    let libraries: &[&str] = if no_python {
        &[]
    } else {
        &["pandas", "polars"]
    };
    let mut ours = Vec::new();
    let mut ours_npy = Vec::new();
    let mut theirs: Vec<Result<(String, Vec<Read>), String>> = libraries
        .iter()
        .map(|_| Ok((String::new(), Vec::new())))
        .collect();
    for _ in 0..ROUNDS {
        ours.push(read_ours(&csv)?);
        ours_npy.push(read_ours(&npy)?);
        for (library, results) in libraries.iter().zip(&mut theirs) {
            if let Ok((version, reads)) = results {
                match read_theirs(library, &csv, &script) {
                    Ok((v, read)) => {
                        *version = v;
                        reads.push(read);
                    }
                    Err(why) => *results = Err(why),
                }
            }
        }
    }
    let megabytes = |path: &Path| std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6);
    let csv_mb = megabytes(&csv);
    let mut text = format!(
        "\nLoad: {points} points × 2 as `generate` writes them, CSV {csv_mb:.0} MB (medians of \
         {ROUNDS} rounds, readers in turn; peak = growth of resident memory)\n  {:<26} {:>8} \
         {:>8} {:>8} {:>12}\n",
        "reader", "seconds", "MB/s", "CPU s", "bytes/point"
    );
    text += &row("gmm-tui CSV", &ours, csv_mb, points);
    text += &row("gmm-tui .npy", &ours_npy, megabytes(&npy), points);
    for (library, results) in libraries.iter().zip(&theirs) {
        match results {
            Ok((version, reads)) => {
                text += &row(
                    &format!("{library} {version} read_csv"),
                    reads,
                    csv_mb,
                    points,
                );
                text += &format!(
                    "    {}\n",
                    compared(library, seconds_of(reads), seconds_of(&ours))
                );
            }
            Err(why) => text += &format!("  {library}: {why}\n"),
        }
    }
    if no_python {
        text += "  pandas, polars: skipped (--no-python)\n";
    }
    Ok(text)
}
