//! Every integration test in one binary (as ripgrep's tests/tests.rs): each test file used to link
//! the whole crate on its own, which was most of a cold `cargo test`. The modules keep the old
//! files' names and contents.

mod binary;
mod common;

mod app;
mod app_messages;
mod app_runs;
mod chart;
mod cli;
mod csv_fuzz;
mod data_input;
mod data_roundtrip;
mod demo_tape;
mod e2e_pty;
mod em_properties;
mod misleading;
mod model_table;
mod nudge;
mod picture;
mod readme;
mod runs_panel;
mod screen_layout;
mod shared_values;
mod sklearn_exactness;
mod sklearn_semantics;
mod starts;
mod table_numbers;
mod teaching;
mod ui;
mod unit;
mod workflow;
