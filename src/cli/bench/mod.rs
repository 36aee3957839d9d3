//! `gmm-tui bench`: speed figures, each beside a baseline measured in the same run, under a
//! line naming the machine (CPU, threads, kernel path).
//!
//! - [`em`]: milliseconds per EM iteration against one thread and scikit-learn.
//! - [`drawing`]: frame time against stock ratatui drawing, and bytes per frame.
//! - [`load`]: reading CSV and `.npy` against pandas and polars.
//! - [`roofline`]: every kernel path's pass against its arithmetic and memory bounds.

mod drawing;
mod em;
pub mod load;
mod roofline;
mod start_cost;
mod starts;

use std::io::Write;

use serde_json::json;

use crate::core::InputError;
use crate::core::kernel::{KERNEL_ENV, KernelPath};

use super::args::BenchArgs;

/// Runs the benchmarks and writes the report (text, or JSON with `--json`) to `out`.
pub fn run_bench(args: &BenchArgs, out: &mut impl Write) -> Result<(), InputError> {
    let runs = |part: &str| args.only.as_deref().is_none_or(|only| only == part);
    let machine = machine();
    let em = runs("em")
        .then(|| em::em_report(args.quick, args.no_python))
        .transpose()?;
    let drawing = runs("drawing").then(|| drawing::drawing_report(args.quick));
    let load = runs("load")
        .then(|| load::load_report(args.quick, args.no_python))
        .transpose()?;
    let roofline = runs("roofline")
        .then(|| roofline::roofline_report(args.quick))
        .transpose()?;
    // Minutes of fits on the repository's fixtures: only when asked for.
    let starts = (args.only.as_deref() == Some("starts"))
        .then(|| starts::starts_report(args.quick))
        .transpose()?;
    let text = if args.json {
        fn lines(part: &Option<String>) -> Option<Vec<&str>> {
            part.as_ref().map(|text| text.lines().collect())
        }
        let document = json!({
            "machine": machine,
            "em": em,
            "drawing": lines(&drawing),
            "load": lines(&load),
            "roofline": roofline,
            "starts": starts,
        });
        serde_json::to_string_pretty(&document).expect("the report serialises") + "\n"
    } else {
        format!(
            "{}\n\n{}{}{}{}{}",
            machine["summary"].as_str().unwrap_or_default(),
            em.as_ref().map(em::em_text).unwrap_or_default(),
            drawing.unwrap_or_default(),
            load.unwrap_or_default(),
            roofline
                .as_ref()
                .map(roofline::roofline_text)
                .unwrap_or_default(),
            starts.as_ref().map(starts::starts_text).unwrap_or_default()
        )
    };
    out.write_all(text.as_bytes())
        .map_err(|e| InputError::new(e.to_string()))
}

/// Runs a Python script with `args`: its JSON output, or the last line of its error (such as
/// `ModuleNotFoundError: No module named 'sklearn'`), which the report prints in its place.
fn python_json<S: AsRef<std::ffi::OsStr>>(
    script: &std::path::Path,
    args: &[S],
) -> Result<serde_json::Value, String> {
    let output = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .map_err(|e| format!("python3 cannot run ({e})"))?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr);
        return Err(reason.lines().last().unwrap_or("failed").to_string());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
}

/// The CPU, its threads and the kernel paths: what every figure depends on.
fn machine() -> serde_json::Value {
    let cpu = cpu_model();
    let threads = rayon::current_num_threads();
    let path = KernelPath::current();
    let available: Vec<&str> = KernelPath::available().iter().map(|p| p.name()).collect();
    let forced = std::env::var(KERNEL_ENV).is_ok_and(|v| !v.is_empty());
    let how = if forced {
        format!("forced by {KERNEL_ENV}")
    } else {
        format!(
            "the best of {}; {KERNEL_ENV} forces another",
            available.join(", ")
        )
    };
    json!({
        "cpu": cpu,
        "arch": std::env::consts::ARCH,
        "threads": threads,
        "kernel_path": path.name(),
        "kernel_paths_available": available,
        "summary": format!("CPU: {cpu} ({threads} threads); kernel path: {path} ({how})"),
    })
}

/// The CPU's model name, where the system says it.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| format!("unknown {} CPU", std::env::consts::ARCH))
}
