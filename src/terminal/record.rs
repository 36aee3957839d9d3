//! `--record FILE`: the session as an asciicast v2 file — asciinema's format, which
//! `asciinema play`, `agg` (GIF) and `svg-term` (animated SVG) read. Line 1 is a JSON header
//! (`version`, `width`, `height`, `timestamp`, `env`); each further line one event,
//! `[seconds, "o", "bytes written"]`, or `[seconds, "r", "WIDTHxHEIGHT"]` when the terminal is
//! resized.
//!
//! [`Recorder`] sits between the backend and the terminal's writer: it passes every byte on and
//! keeps a copy, and at each flush — once a frame, since the backend flushes once a frame —
//! writes the bytes of that flush as one output event. So a replay is exactly what the
//! terminal was sent, in the same pieces. Leaving the alternate screen at the end is not
//! recorded: a recording ends on the app's last screen.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Passes writes to `inner`, and records each flush's bytes into a cast when recording.
pub struct Recorder<W: Write> {
    pub inner: W,
    cast: Option<Shared>,
}

/// The cast a [`Recorder`] writes into, shared with the event loop, which records resizes (the
/// backend owns the recorder and lends it to no one).
pub type Shared = Rc<RefCell<Cast>>;

/// An asciicast being written.
pub struct Cast {
    sink: Box<dyn Write + Send>,
    started: Instant,
    /// The terminal's size as the cast last said it (header or resize event).
    size: (u16, u16),
    /// Bytes written since the last flush.
    pending: Vec<u8>,
}

impl<W: Write> Recorder<W> {
    /// Writes to `inner`, recording into `cast` if there is one.
    pub fn new(inner: W, cast: Option<Shared>) -> Recorder<W> {
        Recorder { inner, cast }
    }
}

impl Cast {
    /// A cast of a `width`×`height` terminal into `sink`: its header written, and its clock
    /// started.
    pub fn start(mut sink: Box<dyn Write + Send>, width: u16, height: u16) -> io::Result<Cast> {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let term = std::env::var("TERM").unwrap_or_else(|_| "xterm-256color".into());
        let header = serde_json::json!({
            "version": 2,
            "width": width,
            "height": height,
            "timestamp": timestamp,
            "title": "gmm-tui",
            "env": { "TERM": term },
        });
        writeln!(sink, "{header}")?;
        Ok(Cast {
            sink,
            size: (width, height),
            started: Instant::now(),
            pending: Vec::new(),
        })
    }

    /// The terminal is now `width`×`height`: a resize event, unless that is the size the cast
    /// already has.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        if self.size == (width, height) {
            return Ok(());
        }
        self.size = (width, height);
        self.event("r", &format!("{width}x{height}"))
    }

    /// One event of `kind` with `data`, timed from the start, in microseconds.
    fn event(&mut self, kind: &str, data: &str) -> io::Result<()> {
        let seconds = (self.started.elapsed().as_secs_f64() * 1e6).round() / 1e6;
        let line = serde_json::json!([seconds, kind, data]);
        writeln!(self.sink, "{line}")?;
        self.sink.flush()
    }

    /// The bytes written since the last flush as one output event; a character cut at the end
    /// waits for the next flush (an event's data is text).
    fn output(&mut self) -> io::Result<()> {
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not text at all (the app writes only text): kept, with its bad bytes replaced.
            Err(_) => self.pending.len(),
        };
        if whole == 0 {
            return Ok(());
        }
        let rest = self.pending.split_off(whole);
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending = rest;
        self.event("o", &text)
    }
}

impl<W: Write> Write for Recorder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        if let Some(cast) = &self.cast {
            cast.borrow_mut().pending.extend_from_slice(&bytes[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()?;
        match &self.cast {
            Some(cast) => cast.borrow_mut().output(),
            None => Ok(()),
        }
    }
}
