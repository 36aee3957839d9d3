//! Tests of `src/core/input/npy/` (the reader itself is tested through `read_from` in
//! tests/data_input.rs, tests/csv_fuzz.rs and tests/cli).

mod header;
