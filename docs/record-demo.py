#!/usr/bin/env python3
"""Records the README's picture from the real binary.

    python3 docs/record-demo.py            # build, record, render, take stills

1. Builds the release binary (cargo build --release).
2. Plays demo.tape's keys (the same tape tests/demo_tape.rs replays through the app) to
   `gmm-tui` running in a pseudo-terminal of COLS x ROWS, and records every byte it writes, with
   its time, as an asciicast v2 file: docs/demo.cast.
3. Turns the cast into an animated SVG with svg-term-cli (npm): docs/demo.svg.
4. Renders a still of the moment after each `# screen:` check of the tape that STILLS names, as
   PNG with Debian's headless Chromium: docs/demo-1.png, ….

Needs python3 (standard library only), node with npm (svg-term-cli is installed into
target/demo-tools on first use) and chromium (apt-get install chromium). Look at the PNGs before
committing them.
"""
import json
import os
import re
import select
import shutil
import subprocess
import sys
import termios
import fcntl
import struct
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TOOLS = ROOT / "target" / "demo-tools"  # npm packages and a Chromium profile, outside git
COLS, ROWS = 100, 30
SVG_TERM = "svg-term-cli@2.1.1"
# Which `# screen:` checkpoints of the tape get a PNG still (0-based, in tape order).
STILLS = [1, 5, 7, 11]
# Keys as the terminal sends them, by VHS's names.
KEYS = {
    "Space": b" ",
    "Enter": b"\r",
    "Escape": b"\x1b",
    "Tab": b"\t",
    "Backspace": b"\x7f",
    "Up": b"\x1b[A",
    "Down": b"\x1b[B",
    "Right": b"\x1b[C",
    "Left": b"\x1b[D",
}


def parse_tape(path):
    """The command the tape types while hidden, and its visible steps: ("keys", bytes),
    ("sleep", seconds) and ("checkpoint", text)."""
    command, steps, hidden = None, [], False
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line == "Hide":
            hidden = True
        elif line == "Show":
            hidden = False
        elif line.startswith("# screen:"):
            steps.append(("checkpoint", line[len("# screen:"):].strip()))
        elif not line or line.startswith("#"):
            continue
        elif line.startswith("Type"):
            text = re.search(r'"(.*)"', line).group(1)
            if hidden:
                command = text
            else:
                steps.append(("keys", text.encode()))
        elif line.startswith("Sleep"):
            amount = line.split()[1]
            seconds = float(amount[:-2]) / 1000 if amount.endswith("ms") else float(amount[:-1])
            if not hidden:
                steps.append(("sleep", seconds))
        elif line.split()[0] in KEYS and not hidden:
            steps.append(("keys", KEYS[line.split()[0]]))
        elif line.startswith("Ctrl+C") and not hidden:
            steps.append(("keys", b"\x03"))
    if command is None:
        sys.exit("demo.tape types no command while hidden")
    return command.split(), steps


def spawn(argv):
    """The program on a new pseudo-terminal of COLS x ROWS; returns (process, master fd)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", COLORTERM="")
    env.pop("NO_COLOR", None)

    def controlling_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=controlling_terminal
    )
    os.close(slave)
    return process, master


def record(binary, argv, steps):
    """Plays the steps; returns the cast's events and each checkpoint's time."""
    process, master = spawn([str(binary)] + argv[1:])
    start = time.monotonic()
    events, checkpoints = [], []

    def pump(seconds):
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            # Answer a cursor-position query, as a terminal would.
            if b"\x1b[6n" in data:
                os.write(master, b"\x1b[1;1R")
            events.append((time.monotonic() - start, data))

    pump(1.0)  # the first frame
    for kind, value in steps:
        if kind == "keys":
            os.write(master, value)
            pump(0.05)
        elif kind == "sleep":
            pump(value)
        else:
            checkpoints.append((time.monotonic() - start, value))
    pump(0.5)
    if process.poll() is None:
        os.write(master, b"q")
        pump(0.5)
    process.wait(timeout=5)
    os.close(master)
    return events, checkpoints


def write_cast(path, events, title):
    decoder = __import__("codecs").getincrementaldecoder("utf-8")("replace")
    with path.open("w") as f:
        header = {"version": 2, "width": COLS, "height": ROWS, "title": title,
                  "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"}}
        f.write(json.dumps(header) + "\n")
        for t, data in events:
            text = decoder.decode(data)
            if text:
                f.write(json.dumps([round(t, 3), "o", text]) + "\n")


def svg_term():
    binary = TOOLS / "node_modules" / ".bin" / "svg-term"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", SVG_TERM],
                       check=True)
    return binary


def render_png(svg, png):
    """Chromium's screenshot of the SVG on a dark page, sized to the SVG's aspect."""
    size = re.match(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg.read_text())
    width = 1200
    height = round(width * float(size.group(2)) / float(size.group(1))) if size else 800
    page = svg.with_suffix(".html")
    page.write_text(f'<html><body style="margin:0;background:#1e1e1e">'
                    f'<img src="{svg.name}" style="width:{width}px;display:block"></body></html>')
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is needed for the stills: apt-get install chromium")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--hide-scrollbars", f"--user-data-dir={TOOLS / 'chromium'}",
                    f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page.unlink()


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "release" / "gmm-tui"
    argv, steps = parse_tape(ROOT / "demo.tape")
    events, checkpoints = record(binary, argv, steps)
    cast = DOCS / "demo.cast"
    write_cast(cast, events, "gmm-tui: the collapsed-means trap and the way out")
    tool = svg_term()
    subprocess.run([str(tool), "--in", str(cast), "--out", str(DOCS / "demo.svg"), "--window",
                    "--width", str(COLS), "--height", str(ROWS)], check=True)
    for n, index in enumerate(STILLS, start=1):
        if index >= len(checkpoints):
            continue
        # svg-term shows the frame nearest to --at: give it the last write before the checkpoint,
        # so the screen is the settled one the tape checks, not the reply to the next key.
        moment = checkpoints[index][0]
        at_ms = round(max(t for t, _ in events if t <= moment) * 1000)
        still = DOCS / f"demo-{n}.svg"
        subprocess.run([str(tool), "--in", str(cast), "--out", str(still), "--window", "--at",
                        str(at_ms), "--width", str(COLS), "--height", str(ROWS)], check=True)
        render_png(still, DOCS / f"demo-{n}.png")
        still.unlink()
        print(f"docs/demo-{n}.png: {checkpoints[index][1]!r} at {at_ms} ms")
    print(f"docs/demo.cast: {len(events)} writes over {events[-1][0]:.1f} s; docs/demo.svg")


if __name__ == "__main__":
    main()
