//! Progress on stderr for work that takes more than about a second — a bar for loading data, a
//! spinner for fitting — shown only when stderr is a terminal, and cleared when done.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// Work shorter than this shows nothing.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// A bar over the bytes of a file being read (a byte counter for a pipe).
pub struct LoadProgress {
    started: Instant,
    total: Option<u64>,
    bar: Option<ProgressBar>,
    on_terminal: bool,
}

impl LoadProgress {
    pub fn new(total: Option<u64>) -> Self {
        LoadProgress {
            started: Instant::now(),
            total,
            bar: None,
            on_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// `bytes` read so far.
    pub fn update(&mut self, bytes: u64) {
        if !self.on_terminal || self.started.elapsed() < QUIET_FOR {
            return;
        }
        let total = self.total;
        let bar = self.bar.get_or_insert_with(|| {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::new(total),
                    "loading {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
                ),
                None => (
                    ProgressBar::new_spinner(),
                    "loading {spinner} {binary_bytes} {binary_bytes_per_sec}",
                ),
            };
            bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
            if total.is_none() {
                // A pipe may stall: the spinner shows the reader is alive meanwhile.
                bar.enable_steady_tick(Duration::from_millis(100));
            }
            bar
        });
        bar.set_position(bytes);
    }
}

impl Drop for LoadProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A spinner with the elapsed time, for work with no measure of its progress; it appears after
/// a second, and goes when dropped.
pub struct Spinner {
    done: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    pub fn after_a_second(message: String) -> Self {
        if !std::io::stderr().is_terminal() {
            return Spinner {
                done: None,
                thread: None,
            };
        }
        let (done, wait) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if wait.recv_timeout(QUIET_FOR) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = ProgressBar::new_spinner().with_message(message);
            let style = ProgressStyle::with_template("{spinner} {msg} {elapsed}");
            bar.set_style(style.expect("a valid template"));
            bar.enable_steady_tick(Duration::from_millis(100));
            let _ = wait.recv();
            bar.finish_and_clear();
        });
        Spinner {
            done: Some(done),
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
