//! gmm-tui: watch Expectation–Maximization fit a Gaussian mixture, one iteration at a time.
//!
//! - [`core`]: the EM engine, free of any terminal or command-line concern.
//! - [`app`]: the terminal app's state and key map: keys → actions → `App::update` → state.
//! - [`ui`]: drawing the app's state (widgets only draw).
//! - [`terminal`]: the real terminal and the event loop, above `app` and `ui`.
//! - [`format`]: how numbers are written, in reports and on screen.
//! - [`cli`]: argument parsing and the headless commands (`fit`, `generate`, `bench`).

pub mod app;
pub mod cli;
pub mod core;
pub mod format;
#[cfg(feature = "python")]
mod python;
pub mod terminal;
pub mod ui;
