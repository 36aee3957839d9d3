"""The app from Python in a pseudo-terminal (`view`), the `gmm-tui` command and
`python -m gmm_tui`, and Ctrl-C during a long fit."""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import time

from conftest import command

VIEW = textwrap.dedent("""
    import numpy as np, gmm_tui
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (600, 2)), rng.normal(5, 1, (400, 2))])
    gmm_tui.view(X, 2)
    print("view returned")
""")


class Screen:
    """Just enough of a terminal to read what the app draws: cursor moves (CSI row;col H),
    clearing, the alternate screen, and text; colours and other sequences are skipped."""

    SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b[()][A-Z0-9]|\x1b.|([^\x1b])", re.S)

    def __init__(self, rows, columns):
        self.rows, self.columns = rows, columns
        self.cells = self.blank()
        self.main = None  # the main screen while the alternate one shows
        self.row = self.column = 0
        self.last_alternate = ""  # the alternate screen as it was when the app left it

    def blank(self):
        return [[" "] * self.columns for _ in range(self.rows)]

    def feed(self, text):
        for match in self.SEQUENCE.finditer(text):
            params, command, char = match.groups()
            if char is not None:
                self.put(char)
            elif command == "H":
                row, _, column = (params or "1;1").partition(";")
                self.row, self.column = int(row or 1) - 1, int(column or 1) - 1
            elif command == "J" and params == "2":
                self.cells = self.blank()
            elif command == "h" and params == "?1049":
                self.main, self.cells = self.cells, self.blank()
            elif command == "l" and params == "?1049" and self.main is not None:
                self.last_alternate = self.text()
                self.cells, self.main = self.main, None

    def put(self, char):
        if char == "\r":
            self.column = 0
        elif char == "\n":
            self.row = min(self.row + 1, self.rows - 1)
        elif char >= " " and self.column < self.columns:
            self.cells[self.row][self.column] = char
            self.column += 1

    def text(self):
        return "\n".join("".join(row).rstrip() for row in self.cells)


def run_in_terminal(argv, keys, wait_for, columns=100, rows=30, deadline=60):
    """Runs `argv` in a pseudo-terminal of `columns`×`rows`, sends each of `keys` once the
    screen shows `wait_for` (then what it showed before each key), and gives the screen and
    the exit status."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, {**os.environ, "TERM": "xterm-256color"})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def screen_of(written):
        screen = Screen(rows, columns)
        screen.feed(written.decode(errors="replace"))
        return screen

    written, pending, shown = b"", list(keys), ""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            written += chunk
        elif pending:
            # Nothing came for 0.2 s: the screen has settled. Each key once it shows
            # `wait_for` and has changed since the last key.
            text = screen_of(written).text()
            if wait_for in text and text != shown:
                shown = text
                os.write(fd, pending.pop(0).encode())
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return screen_of(written), os.waitstatus_to_exitcode(status)


def test_view_opens_the_app_on_an_array_and_returns_on_q():
    screen, status = run_in_terminal(
        [sys.executable, "-c", VIEW], keys=" q", wait_for="NumPy array"
    )
    app = screen.last_alternate
    assert status == 0, app
    assert app.splitlines()[0].startswith("gmm-tui · NumPy array · 1,000 points · K=2 full")
    assert "x: x1 · y: x2" in app
    assert re.search(r"iter\s+1\s", app), "space stepped one iteration"
    assert screen.text().strip() == "view returned"


def test_quitting_while_the_app_works_in_the_background_returns_cleanly():
    """A restart on a million points runs on a background thread that outlives `q`: it works
    on the app's own copy, never on the array `view` was given."""
    script = VIEW.replace("(600, 2)", "(600_000, 2)").replace("(400, 2)", "(400_000, 2)")
    screen, status = run_in_terminal([sys.executable, "-c", script], keys=["iq"], wait_for="NumPy array")
    assert status == 0, screen.text()
    assert "1,000,000 points" in screen.last_alternate
    assert screen.text().strip() == "view returned"


def test_the_command_and_python_m_run_the_command_line():
    for argv in ([command()], [sys.executable, "-m", "gmm_tui"]):
        version = subprocess.run([*argv, "--version"], capture_output=True, text=True)
        assert (version.returncode, version.stdout) == (0, "gmm-tui 0.1.0\n")
        refused = subprocess.run([*argv, "fit", "-k", "0"], capture_output=True, text=True)
        assert refused.returncode == 2
        assert refused.stderr == "gmm-tui: error: -k must be at least 1\n"
        generated = subprocess.run([*argv, "generate", "--points", "3"], capture_output=True, text=True)
        assert generated.stdout.splitlines()[0] == "x,y" and len(generated.stdout.splitlines()) == 4
    screen, status = run_in_terminal([command()], keys="q", wait_for="scenario seed")
    assert status == 0 and "2,000 points" in screen.last_alternate


def test_ctrl_c_interrupts_a_long_fit_with_keyboard_interrupt():
    script = textwrap.dedent("""
        import numpy as np
        from gmm_tui import GaussianMixture
        X = np.random.default_rng(0).normal(size=(100_000, 2))
        print("fitting", flush=True)
        try:
            GaussianMixture(3, tol=0, max_iter=10**9).fit(X)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """)
    fit = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert fit.stdout.readline() == "fitting\n"
    time.sleep(1)
    fit.send_signal(signal.SIGINT)
    out, _ = fit.communicate(timeout=60)
    assert out == "interrupted\n" and fit.returncode == 0


def test_ctrl_c_ends_a_headless_command_as_it_ends_the_binary():
    fit = subprocess.Popen(
        [command(), "fit", "--scenario", "seed", "--points", "1000000", "--restarts", "1000", "--tol", "0"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1)
    fit.send_signal(signal.SIGINT)
    assert fit.wait(timeout=60) == -signal.SIGINT
