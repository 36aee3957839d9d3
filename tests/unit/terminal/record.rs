//! Tests of `src/terminal/record.rs`.

use gmm_tui::terminal::record::*;
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// A sink the test can read after the recorder has written to it.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn each_flush_is_one_event_and_a_cut_character_waits_for_the_next() {
    let sink = Sink::default();
    let cast = Rc::new(RefCell::new(
        Cast::start(Box::new(sink.clone()), 80, 24).unwrap(),
    ));
    let mut recorder = Recorder::new(Vec::new(), Some(Rc::clone(&cast)));
    recorder.write_all(b"ab").unwrap();
    recorder.write_all("c⣿".as_bytes()).unwrap();
    recorder.flush().unwrap();
    let braille = "⣿".as_bytes();
    recorder.write_all(&braille[..2]).unwrap();
    recorder.flush().unwrap();
    recorder.write_all(&braille[2..]).unwrap();
    recorder.flush().unwrap();
    // The app tells the cast the size on every pass: only a change is an event.
    cast.borrow_mut().resize(80, 24).unwrap();
    cast.borrow_mut().resize(100, 30).unwrap();
    cast.borrow_mut().resize(100, 30).unwrap();
    recorder.flush().unwrap();
    assert_eq!(recorder.inner, "abc⣿⣿".as_bytes(), "every byte passed on");
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["version"], 2);
    assert_eq!(
        (lines[0]["width"].as_u64(), lines[0]["height"].as_u64()),
        (Some(80), Some(24))
    );
    let events: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|e| (e[1].as_str().unwrap(), e[2].as_str().unwrap()))
        .collect();
    assert_eq!(events, [("o", "abc⣿"), ("o", "⣿"), ("r", "100x30")]);
    let times: Vec<f64> = lines[1..].iter().map(|e| e[0].as_f64().unwrap()).collect();
    assert!(times.windows(2).all(|t| t[0] <= t[1]), "{times:?}");
}
