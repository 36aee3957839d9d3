//! gmm-tui: watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.
//!
//! - [`core`]: the EM engine, free of any terminal or command-line concern.
//! - [`cli`]: argument parsing and the headless commands (`fit`, `generate`, `bench`).

pub mod cli;
pub mod core;
