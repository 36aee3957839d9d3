//! `gmm-tui bench`: speed figures, each beside a baseline measured in the same run.
//!
//! - [`em`]: milliseconds per EM iteration against one thread and scikit-learn.
//! - [`drawing`]: frame time against stock ratatui drawing, and bytes per frame.
//! - [`load`]: reading CSV and `.npy` against pandas and polars.

mod drawing;
mod em;
mod load;

use std::io::Write;

use crate::core::InputError;

use super::args::BenchArgs;

/// Runs the benchmarks and writes the report to `out`.
pub fn run_bench(args: &BenchArgs, out: &mut impl Write) -> Result<(), InputError> {
    let runs = |part: &str| args.only.as_deref().is_none_or(|only| only == part);
    let mut text = String::new();
    if runs("em") {
        text += &em::em_report(args.quick, args.no_python)?;
    }
    if runs("drawing") {
        text += &drawing::drawing_report(args.quick);
    }
    if runs("load") {
        text += &load::load_report(args.quick, args.no_python)?;
    }
    out.write_all(text.as_bytes())
        .map_err(|e| InputError::new(e.to_string()))
}
