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

/// Iterations per second at each speed step; `None` is as fast as the machine goes.
pub const SPEEDS: [Option<u32>; 7] = [
    Some(1),
    Some(2),
    Some(5),
    Some(10),
    Some(30),
    Some(100),
    None,
];
const DEFAULT_SPEED: usize = 3;

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
    pub fn iterations_per_second(&self) -> Option<u32> {
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
            Some(1) => format!("speed: 1 iteration a second{limit}"),
            Some(n) => format!("speed: {n} iterations a second{limit}"),
            None => format!("speed: as fast as possible{limit}"),
        }
    }
}
