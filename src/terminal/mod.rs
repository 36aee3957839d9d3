//! The real terminal: raw mode and the alternate screen, a buffered backend (one write per
//! frame), and the event loop that interleaves keys with EM iterations on this thread.
//!
//! It sits above both [`crate::app`] and [`crate::ui`]: keys go to the app as actions, the app's
//! state goes to `ui` to draw, and neither of those knows of the terminal.
//!
//! Large passes over the data run on a background thread (the app's jobs), so a key is applied
//! and drawn at once even while a million points are being evaluated; small ones run inline, at
//! full speed for at most `SLICE` before the loop looks at input again. Paused and idle, the
//! loop sleeps in `poll` until a key arrives: no busy loop.

pub mod pacer;
pub mod picture;
pub mod record;

use std::cell::RefCell;
use std::io::{self, BufWriter, Stdout, stdout};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::{App, keys};
use crate::ui::{self, UiCache};

use pacer::Pacer;
use record::{Cast, Recorder};

type Backend = CrosstermBackend<Recorder<BufWriter<Stdout>>>;

/// Longest stretch of EM work between two looks at the input.
const SLICE: Duration = Duration::from_millis(25);
/// Shortest input wait; `poll(0)` would spin and split escape sequences over SSH.
const MIN_POLL: Duration = Duration::from_millis(1);
/// Input wait when nothing is scheduled.
const IDLE_POLL: Duration = Duration::from_secs(5);
/// Input wait while a background job computes: how late its result may reach the screen.
const WORK_POLL: Duration = Duration::from_millis(4);

/// Why the app cannot run here, if it cannot: it draws on standard output and reads keys from
/// the controlling terminal (`/dev/tty`, so that `--data -` can take standard input), and a
/// script, cron or CI job may have neither.
pub fn unavailable() -> Option<&'static str> {
    use std::io::IsTerminal;
    if !stdout().is_terminal() {
        return Some("standard output is not a terminal");
    }
    #[cfg(unix)]
    if std::fs::File::open("/dev/tty").is_err() {
        return Some("there is no controlling terminal to read keys from");
    }
    None
}

/// Runs the app until the user quits, recording the session into `recording` (`--record`) if
/// given; the terminal is restored on every exit path, panics included.
pub fn run(app: App, fps: u32, recording: Option<std::fs::File>) -> color_eyre::Result<()> {
    let (mut terminal, cast) = enter(recording)?;
    let result = event_loop(&mut terminal, app, fps, cast);
    leave()?;
    result
}

/// The terminal, and the cast it records into, if recording.
fn enter(
    recording: Option<std::fs::File>,
) -> io::Result<(Terminal<Backend>, Option<record::Shared>)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = leave();
        previous(info);
    }));
    enable_raw_mode()?;
    let cast = match recording {
        Some(file) => {
            let (width, height) = ratatui::crossterm::terminal::size()?;
            let cast = Cast::start(Box::new(BufWriter::new(file)), width, height)?;
            Some(Rc::new(RefCell::new(cast)))
        }
        None => None,
    };
    // 64 KiB: a whole first frame fits, so each frame leaves in a single write.
    let mut writer = Recorder::new(BufWriter::with_capacity(1 << 16, stdout()), cast.clone());
    // Cleared here rather than by `Terminal::clear`, which first asks the terminal for the
    // cursor position: a round trip that stalls, or fails, where nothing answers quickly. And
    // through the recorder, so that a recording starts on a clear screen.
    execute!(writer, EnterAlternateScreen, Clear(ClearType::All))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(writer))?;
    terminal.hide_cursor()?;
    Ok((terminal, cast))
}

/// Leaves raw mode and the alternate screen and shows the cursor.
pub fn leave() -> io::Result<()> {
    disable_raw_mode()?;
    execute!(stdout(), LeaveAlternateScreen, Show)
}

/// Draws when something changed, runs EM at the speed chosen and takes keys, until the app quits.
fn event_loop(
    terminal: &mut Terminal<Backend>,
    mut app: App,
    fps: u32,
    cast: Option<record::Shared>,
) -> color_eyre::Result<()> {
    let mut cache = UiCache::default();
    let frame_interval = Duration::from_secs_f64(1.0 / f64::from(fps.max(1)));
    let mut dirty = true;
    let mut last_frame: Option<Instant> = None;
    let mut pacer = Pacer::new(Instant::now());
    let mut screen = None;
    loop {
        if follow_size(terminal, &mut app, cast.as_ref(), &mut screen)? {
            dirty = true;
        }
        // Before drawing: the last frame, on the terminal and in a recording, stays the one the
        // user saw when quitting (`q` clears the notice, which another frame would erase).
        if app.should_quit() {
            return Ok(());
        }
        if app.poll_work() {
            dirty = true;
        }
        let now = Instant::now();
        if dirty && last_frame.is_none_or(|t| now >= t + frame_interval) {
            let frame = terminal.draw(|frame| ui::draw(frame, &app, &mut cache))?;
            last_frame = Some(now);
            // The picture `s` asked for is this frame, in the current folder; saving it
            // changes the status line, so another frame is due.
            dirty = picture::deliver(&mut app, frame.buffer, Path::new("."));
        }
        if app.is_running() && !app.is_computing() && pacer.due(now, app.iterations_per_second()) {
            advance_slice(&mut app, now);
            dirty = true;
        }
        let mut deadline = Instant::now() + IDLE_POLL;
        if dirty && let Some(t) = last_frame {
            deadline = deadline.min(t + frame_interval);
        }
        if app.is_computing() {
            deadline = deadline.min(Instant::now() + WORK_POLL);
        } else if app.is_running() {
            deadline = deadline.min(pacer.next());
        }
        let timeout = deadline
            .saturating_duration_since(Instant::now())
            .max(MIN_POLL);
        if event::poll(timeout)? && take_events(&mut app, &mut pacer)? {
            dirty = true;
        }
    }
}

/// One tick of the running app, started at `now`. At the fastest speed small work runs inline:
/// keep at it for a slice, then look at the input. Large work goes to the background and the
/// loop polls for it.
fn advance_slice(app: &mut App, now: Instant) {
    let slice_end = now + SLICE;
    loop {
        app.advance();
        if !app.is_running()
            || app.is_computing()
            || app.iterations_per_second().is_some()
            || Instant::now() >= slice_end
        {
            break;
        }
    }
}

/// Tells the app (and the recording) the terminal's size when it is not the one last told;
/// whether it changed. Asked of the terminal on every pass rather than taken from resize events
/// alone: crossterm drops a resize that arrives in the same wake-up as a key (it returns the
/// key and its edge-triggered poll never reports the signal again).
fn follow_size(
    terminal: &Terminal<Backend>,
    app: &mut App,
    cast: Option<&record::Shared>,
    known: &mut Option<(u16, u16)>,
) -> io::Result<bool> {
    let size = terminal.size()?;
    let now = (size.width, size.height);
    if *known == Some(now) {
        return Ok(false);
    }
    if let Some(cast) = cast {
        cast.borrow_mut().resize(now.0, now.1)?;
    }
    *known = Some(now);
    app.set_screen(now.0, now.1);
    Ok(true)
}

/// Takes every pending event before drawing again: keys become actions; a resize only asks for
/// a frame, since [`follow_size`] reads the new size. Whether anything changed.
fn take_events(app: &mut App, pacer: &mut Pacer) -> color_eyre::Result<bool> {
    let mut changed = false;
    loop {
        match event::read()? {
            Event::Key(key) => {
                if let Some(action) = keys::action_for(key) {
                    let was_running = app.is_running();
                    app.update(action);
                    if app.is_running() && !was_running {
                        pacer.restart(Instant::now());
                    }
                    changed = true;
                }
            }
            Event::Resize(..) => changed = true,
            _ => {}
        }
        if !event::poll(Duration::ZERO)? {
            return Ok(changed);
        }
    }
}
