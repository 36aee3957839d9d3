//! The real binary in a pseudo-terminal: it draws, answers keys, and on `q` leaves the terminal
//! as it found it (alternate screen left, cursor shown).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Self::start_with_env(args, &[])
    }

    fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_gmm-tui"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(30).unwrap(),
            std::num::NonZero::new(100).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&chunk[..n]);
                r.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            parser,
            raw,
            writer,
            child,
            master: pty.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen contains `text` (10 s at most).
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal (the app gets SIGWINCH) and the screen model with it.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Stops the app (SIGSTOP) until [`Session::resume`], so that what happens meanwhile
    /// reaches it in one wake-up. Returns once the kernel says it is stopped: a signal sent
    /// before then would still be handled first.
    fn hold(&self) {
        self.signal(libc::SIGSTOP);
        let stat = format!("/proc/{}/stat", self.child.process_id().unwrap());
        let deadline = Instant::now() + Duration::from_secs(10);
        // The state is the field after the parenthesised command name.
        while std::fs::read_to_string(&stat)
            .unwrap()
            .rsplit_once(") ")
            .is_none_or(|(_, rest)| !rest.starts_with('T'))
        {
            assert!(Instant::now() < deadline, "the app never stopped");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.process_id().expect("the app runs");
        let pid = libc::pid_t::try_from(pid).unwrap();
        // SAFETY: kill has no memory effects; the pid is our own child's.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn the_binary_draws_answers_keys_and_restores_the_terminal() {
    let mut s = Session::start(&[]);
    let first = s.wait_for("both components start at (10, 10)");
    assert!(
        first.contains("gmm-tui · scenario seed (seed 1) · 2,000 points"),
        "{first}"
    );
    assert!(first.contains("iter       0"));
    s.send(" ");
    s.wait_for("iter       1");
    s.send("i");
    s.wait_for("2 hc");
    s.send("r");
    s.wait_for("converged — i: another start");
    s.send("\x1b[D"); // ← : an arrow key's escape sequence scrubs back
    s.wait_for("past");
    s.send("?");
    s.wait_for("keys and legend");
    s.send("\x1b"); // a lone Esc closes the help and must not quit
    s.wait_for("runs (* best");
    s.resize(5, 10);
    s.wait_for("60×16"); // "terminal too small: 10×5, need 60×16", wrapped at 10 columns
    // Keys wait while the screen is too small: `i` would start run 3 unseen, `?` open the help.
    s.send("i?");
    s.resize(6, 10);
    s.wait_for("10×6");
    s.resize(30, 100);
    let back = s.wait_for("runs (* best");
    assert!(
        !back.contains("keys and legend") && !back.contains("3 km++"),
        "{back}"
    );
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    let parser = s.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "cursor shown again");
    let raw = s.raw.lock().unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (enter, leave) = (
        text.find("\x1b[?1049h").unwrap(),
        text.rfind("\x1b[?1049l").unwrap(),
    );
    assert!(enter < leave);
}

#[test]
fn a_bad_csv_is_reported_before_the_screen_is_taken() {
    let path = crate::common::scratch().join("e2e.csv");
    std::fs::write(&path, "x,y\n1,2\n3,oops\n").unwrap();
    let mut s = Session::start(&["--data", path.to_str().unwrap()]);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 2);
    std::thread::sleep(Duration::from_millis(100));
    let screen = s.screen();
    assert!(
        screen.contains("3:2 (column 'y'): not a number: 'oops'"),
        "{screen}"
    );
    assert!(!String::from_utf8_lossy(&s.raw.lock().unwrap()).contains("\x1b[?1049h"));
}

#[test]
fn no_color_drops_colours_but_keeps_the_numbers() {
    for (env, coloured) in [(&[][..], true), (&[("NO_COLOR", "1")][..], false)] {
        let mut s = Session::start_with_env(&[], env);
        s.wait_for("both components start at (10, 10)");
        s.send("q");
        s.wait_exit();
        let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).into_owned();
        // Foreground colours are written as ESC[38;5;Nm (N < 16: the 16 ANSI colours).
        assert_eq!(raw.contains("\x1b[38;5;"), coloured, "{env:?}");
        // The means are their numbers in reverse video, with or without colour.
        assert!(raw.contains("\x1b[7m"), "{env:?}: mean markers drawn");
    }
}

#[test]
fn a_hang_up_ends_the_process() {
    let mut s = Session::start(&[]);
    s.wait_for("both components start at (10, 10)");
    // A dropped SSH connection hangs up the terminal: the kernel sends SIGHUP to the session
    // leader, which the app is. It must keep SIGHUP's default action and end.
    let pid = s.child.process_id().expect("a running child has a pid");
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "still running after SIGHUP");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn keys_are_answered_while_a_million_points_compute() {
    let mut s = Session::start(&["--points", "1000000", "-k", "20"]);
    s.wait_for("all 20 components start at (10, 10)");
    // A k-means++ start at K = 20 on a million points runs in the background: the help opens
    // and closes, and the app quits, while it computes.
    s.send("i?");
    s.wait_for("keys and legend");
    s.send("\x1b");
    s.wait_for("runs");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn points_typed_at_a_terminal_end_with_one_ctrl_d() {
    let mut s = Session::start(&["fit", "--data", "-", "-k", "1", "--restarts", "1"]);
    s.wait_for("reading points from standard input (one row per line; Ctrl-D ends)…");
    s.send("x,y\n1,2\n3,4\n5,7\n");
    s.wait_for("5,7");
    // Ctrl-D once, on an empty line: the end. (Before, a second one was needed.)
    s.send("\x04");
    let report = s.wait_for("best: restart 1 (*)");
    assert!(
        report.contains("data:  stdin — 3 points in 2 dimensions (x, y)"),
        "{report}"
    );
    assert!(s.wait_exit().success());
}

/// The screen at the end of a cast: its output events replayed through a terminal emulator of
/// the header's size, resized at its resize events.
fn replay(cast: &str) -> (vt100::Parser, usize) {
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["version"], 2);
    let size = |key: &str| u16::try_from(header[key].as_u64().unwrap()).unwrap();
    let mut parser = vt100::Parser::new(
        NonZeroU16::new(size("height")).unwrap(),
        NonZeroU16::new(size("width")).unwrap(),
        0,
    );
    let mut last_time = 0.0;
    let mut events = 0;
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let time = event[0].as_f64().unwrap();
        assert!(
            time >= last_time,
            "times never go back: {time} after {last_time}"
        );
        last_time = time;
        let data = event[2].as_str().unwrap();
        match event[1].as_str().unwrap() {
            "o" => parser.process(data.as_bytes()),
            "r" => {
                let (w, h) = data.split_once('x').unwrap();
                parser.screen_mut().set_size(
                    NonZeroU16::new(h.parse().unwrap()).unwrap(),
                    NonZeroU16::new(w.parse().unwrap()).unwrap(),
                );
            }
            other => panic!("unexpected event kind {other}"),
        }
        events += 1;
    }
    (parser, events)
}

#[test]
fn a_recorded_session_replays_to_the_screen_the_app_ended_on() {
    let path = crate::common::scratch_dir("cast").join("session.cast");
    let mut s = Session::start(&["--record", path.to_str().unwrap()]);
    s.wait_for("both components start at (10, 10)");
    s.send("  p");
    s.wait_for("nudged");
    // The resize and a key reach the app together: crossterm reports only the key, and the
    // app still learns the size (it asks the terminal on every pass).
    s.hold();
    s.resize(24, 80);
    s.send("r");
    // Let the key reach the app's side of the terminal before the app can read.
    std::thread::sleep(Duration::from_millis(50));
    s.resume();
    s.wait_for("converged — i: another start");
    s.send("z");
    let last = s.wait_for("chart fitted to");
    // Let the last frame leave, then read the screen the terminal shows before quitting: `q`
    // clears the notice, but draws no frame after it.
    std::thread::sleep(Duration::from_millis(300));
    let last_screen = s.screen();
    assert!(last_screen.contains("chart fitted to"), "{last}");
    s.send("q");
    assert!(s.wait_exit().success());
    // Once the screen is given back, the recording is said (nothing on screen showed it).
    s.wait_for(&format!("the session is recorded in {}", path.display()));
    let cast = std::fs::read_to_string(&path).unwrap();
    let (parser, events) = replay(&cast);
    assert!(events > 5, "{events} events");
    assert!(cast.contains(r#","r","80x24"]"#), "the resize is recorded");
    assert_eq!(
        parser.screen().size(),
        (NonZeroU16::new(24).unwrap(), NonZeroU16::new(80).unwrap())
    );
    assert_eq!(parser.screen().contents(), last_screen);
    // Leaving the alternate screen is not recorded: the cast ends on the app's screen.
    assert!(parser.screen().alternate_screen());
}

#[test]
fn a_recording_that_cannot_be_written_is_refused_before_the_screen_is_taken() {
    let path = crate::common::scratch()
        .join("no-such-folder")
        .join("session.cast");
    let mut s = Session::start(&["--record", path.to_str().unwrap()]);
    assert_eq!(s.wait_exit().exit_code(), 2);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        s.screen().contains("cannot write the recording"),
        "{}",
        s.screen()
    );
    assert!(!String::from_utf8_lossy(&s.raw.lock().unwrap()).contains("\x1b[?1049h"));
}
