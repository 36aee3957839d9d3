"""``python -m gmm_tui``: the ``gmm-tui`` command line (the app, or a headless command)."""

import signal
import sys

from gmm_tui import _native


def main():
    """Runs the command line as the binary does, and exits with its status."""
    # Ctrl-C ends a headless command at once, as it ends the binary: Python's own handler
    # would only set a flag that the Rust code never looks at. (The app reads Ctrl-C as a key.)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(_native.main(["gmm-tui", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
