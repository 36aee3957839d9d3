//! Helpers shared by the app and UI tests: build the app exactly as the binary does, press keys
//! through the same key map and update path as the event loop.

use clap::Parser;
use gmm_tui::app::{App, keys};
use gmm_tui::cli::args::Cli;
use gmm_tui::cli::setup::build_app;
use gmm_tui::ui::{self, UiCache};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

/// The app as `gmm-tui ARGS…` opens it.
pub fn app(args: &[&str]) -> App {
    let cli = Cli::try_parse_from(std::iter::once("gmm-tui").chain(args.iter().copied())).unwrap();
    build_app(&cli.app).unwrap()
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// Feeds one key through the key map and `update`, then lets a running app advance until it
/// pauses, as the event loop would between frames, waiting for background work each time
/// (bounded, so a bug cannot hang the test).
pub fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = keys::action_for(key(code)) {
        app.update(action);
    }
    settle(app);
}

/// Waits for background work, then runs a running app until it pauses.
pub fn settle(app: &mut App) {
    app.wait_work();
    for _ in 0..100_000 {
        if !app.is_running() {
            break;
        }
        app.advance();
        app.wait_work();
    }
}

/// The current run's iteration.
pub fn iteration(app: &App) -> usize {
    app.runs().current().unwrap().em.iteration()
}

pub fn press_all(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The screen as text after drawing `app` at `width`×`height`.
pub fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut cache = UiCache::default();
    terminal
        .draw(|frame| ui::draw(frame, app, &mut cache))
        .unwrap();
    terminal
}

pub fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// This test process's scratch folder under the system's temporary one, where every file a test
/// writes goes; removed when the process exits, whether the tests passed or not (the harness
/// leaves through `exit`, which runs `atexit` handlers, after a failure too).
pub fn scratch() -> &'static std::path::Path {
    static SCRATCH: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    SCRATCH.get_or_init(|| {
        unsafe extern "C" {
            fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
        }
        extern "C" fn remove_scratch() {
            if let Some(dir) = SCRATCH.get() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        let dir = std::env::temp_dir().join(format!("gmm-tui-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // SAFETY: registers a plain function with no arguments, as atexit expects.
        unsafe { atexit(remove_scratch) };
        dir
    })
}

/// A folder of its own in the scratch folder, for files a test writes; removed when the test
/// ends, passing or not. Each is unique in the process, so tests never share one.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = scratch().join(format!("{name}-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder in the scratch folder that lives until the process exits, for files whose
/// paths outlive the expression that made them (`temp_file(…).display()` in a table of cases).
pub fn scratch_dir(tag: &str) -> std::path::PathBuf {
    let dir = TempDir::new(tag);
    let path = dir.0.clone();
    std::mem::forget(dir);
    path
}
