//! When a running app's next tick is due: at the chosen rate, keeping its cadence without
//! bursts after a stall, or — at the fastest speed — whenever the loop comes round. Kept apart
//! from the event loop so that tests can drive it with made-up instants instead of sleeping.

use std::time::{Duration, Instant};

pub struct Pacer {
    next: Instant,
}

impl Pacer {
    pub fn new(now: Instant) -> Pacer {
        Pacer { next: now }
    }

    /// Starts the cadence afresh (the app has just started running).
    pub fn restart(&mut self, now: Instant) {
        self.next = now;
    }

    /// Whether a tick is due at `now` at `rate` ticks a second (`None`: always); a due tick
    /// schedules the next one interval later — or, after a stall, half an interval from now,
    /// rather than catching up in a burst.
    pub fn due(&mut self, now: Instant, rate: Option<f64>) -> bool {
        if now < self.next {
            return false;
        }
        if let Some(rate) = rate {
            let interval = Duration::from_secs_f64(1.0 / rate.max(0.01));
            self.next = (self.next + interval).max(now + interval / 2);
        }
        true
    }

    /// When the next tick is due.
    pub fn next(&self) -> Instant {
        self.next
    }
}
