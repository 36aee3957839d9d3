//! The library's own tests, one file per source file at the same path under `src/` (the tests
//! of `src/core/matching.rs` are in `core/matching.rs` here). They lived in `#[cfg(test)]`
//! modules beside the code, which made `cargo test` compile the whole crate twice: once as the
//! library and once as its test harness (docs/decisions.md).

mod app;
mod cli;
mod core;
mod format;
mod terminal;
mod ui;
