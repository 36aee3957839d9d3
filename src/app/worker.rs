//! One piece of heavy work at a time, off the UI thread when it is large.
//!
//! A pass over a million points at K = 20 takes ~65 ms and a k-means++ start ~400 ms: done on
//! the UI thread they would hold every key behind them. Small work (the default 2,000 points)
//! runs inline, where a thread would cost more than the work and tests stay deterministic.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The slot for the one job in flight: nothing, a result ready, or a thread computing it.
pub struct Worker<T> {
    ready: Option<T>,
    pending: Option<Receiver<T>>,
}

impl<T> Default for Worker<T> {
    fn default() -> Self {
        Worker {
            ready: None,
            pending: None,
        }
    }
}

impl<T: Send + 'static> Worker<T> {
    /// Starts `job`: at once when `inline`, else on a new thread.
    pub fn run(&mut self, inline: bool, job: impl FnOnce() -> T + Send + 'static) {
        debug_assert!(!self.busy(), "one job at a time");
        if inline {
            self.ready = Some(job());
            return;
        }
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            // The receiver is gone only when the app has quit; nothing is waiting then.
            let _ = sender.send(job());
        });
        self.pending = Some(receiver);
    }

    /// Whether a job is in flight or its result not yet taken.
    pub fn busy(&self) -> bool {
        self.ready.is_some() || self.pending.is_some()
    }

    /// Whether a thread is still computing.
    pub fn computing(&self) -> bool {
        self.pending.is_some()
    }

    /// The result if it is there, without waiting. `Err(())` when the job died (a panic).
    pub fn try_take(&mut self) -> Option<Result<T, ()>> {
        if let Some(result) = self.ready.take() {
            return Some(Ok(result));
        }
        let receiver = self.pending.as_ref()?;
        match receiver.try_recv() {
            Ok(result) => {
                self.pending = None;
                Some(Ok(result))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                Some(Err(()))
            }
        }
    }

    /// The result, waiting for it if needed; `None` when nothing is in flight.
    pub fn wait(&mut self) -> Option<Result<T, ()>> {
        if let Some(result) = self.ready.take() {
            return Some(Ok(result));
        }
        let receiver = self.pending.take()?;
        Some(receiver.recv().map_err(|_| ()))
    }
}
