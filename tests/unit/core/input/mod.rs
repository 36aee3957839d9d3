//! Tests of `src/core/input/mod.rs`.

mod csv;
mod npy;
mod numbers;
mod options;
mod text;

use gmm_tui::core::input::*;
use std::io::Read;

/// Gives its pieces one `read` each, an empty piece as a 0-byte read (Ctrl-D on a
/// terminal), and each piece no faster than the caller's buffer takes it.
struct Typed(std::collections::VecDeque<Vec<u8>>);

impl Read for Typed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(piece) = self.0.front_mut() else {
            return Ok(0);
        };
        let n = piece.len().min(buf.len());
        buf[..n].copy_from_slice(&piece[..n]);
        piece.drain(..n);
        if n == 0 || piece.is_empty() {
            self.0.pop_front();
        }
        Ok(n)
    }
}

#[test]
fn reading_stops_at_the_first_end_of_input() {
    // Two rows, then Ctrl-D: what a terminal would give after it is never read.
    for rows in ["x,y\n1,2\n3,4\n", "x,y\n1,2\n", "1,2\n3,4\n"] {
        let pieces = [rows, "", "5,6\n", ""].map(|p| p.as_bytes().to_vec());
        let typed = Typed(pieces.into_iter().collect());
        let loaded = read_from("stdin", typed, None, &ReadOptions::default(), &mut |_| {}).unwrap();
        let expected = rows.lines().filter(|l| !l.starts_with('x')).count();
        assert_eq!(loaded.dataset.n(), expected, "{rows:?}");
    }
}
