//! Whether EM advances by itself, and how fast: paused, one run, or every restart in turn, at one
//! of [`SPEEDS`].

/// Whether EM advances by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Paused,
    /// One run, at the chosen speed.
    Running,
    /// Every remaining restart to the end, one after another, at the chosen speed.
    RunningAll,
}

/// Iterations per second at each speed step; `None` is as fast as the machine goes. ½ and ¼ are
/// a lecture's pace: time to say what each iteration did.
pub const SPEEDS: [Option<f64>; 9] = [
    Some(0.25),
    Some(0.5),
    Some(1.0),
    Some(2.0),
    Some(5.0),
    Some(10.0),
    Some(30.0),
    Some(100.0),
    None,
];
const DEFAULT_SPEED: usize = 5;

/// A speed in iterations per second as the screen writes it: "¼", "½", "10".
pub fn rate_text(rate: f64) -> String {
    match rate {
        0.25 => "¼".into(),
        0.5 => "½".into(),
        _ => format!("{rate}"),
    }
}

/// The mode and the speed step.
pub struct Playback {
    mode: Mode,
    speed: usize,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            mode: Mode::Paused,
            speed: DEFAULT_SPEED,
        }
    }
}

impl Playback {
    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
    }

    pub fn pause(&mut self) {
        self.mode = Mode::Paused;
    }

    /// Whether EM advances without a key.
    pub fn is_running(&self) -> bool {
        self.mode != Mode::Paused
    }

    /// Iterations per second at the chosen speed, or `None` for as fast as possible.
    pub fn iterations_per_second(&self) -> Option<f64> {
        SPEEDS[self.speed]
    }

    /// As fast as possible (`a` again while every restart runs).
    pub fn fastest(&mut self) {
        self.speed = SPEEDS.len() - 1;
    }

    /// `<` (`faster` false) or `>`: one speed step, said in words, since the header drops the
    /// speed where it lacks room.
    pub fn change_speed(&mut self, faster: bool) -> String {
        let speed = if faster {
            (self.speed + 1).min(SPEEDS.len() - 1)
        } else {
            self.speed.saturating_sub(1)
        };
        let limit = if speed == self.speed {
            if speed == 0 {
                " (the slowest)"
            } else {
                " (the fastest)"
            }
        } else {
            ""
        };
        self.speed = speed;
        match self.iterations_per_second() {
            Some(rate) if rate < 1.0 => format!(
                "speed: one iteration every {} seconds ({} it/s){limit}",
                1.0 / rate,
                rate_text(rate)
            ),
            Some(1.0) => format!("speed: 1 iteration a second{limit}"),
            Some(rate) => format!("speed: {rate} iterations a second{limit}"),
            None => format!("speed: as fast as possible{limit}"),
        }
    }
}
