"""Times one library's read_csv for `gmm-tui bench` (run by it; not a test dependency).

argv: library (pandas or polars), CSV path. Prints {"version", "seconds", "cpu_seconds",
"peak_bytes"} of one read: wall and CPU time (all threads), and the growth of the process's
resident memory during the read over its size before it (the peak is reset first through
/proc/self/clear_refs, as gmm-tui does for its own reader). The import is not timed.
"""
import json
import sys
import time


def status_bytes(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak():
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")


library, path = sys.argv[1], sys.argv[2]
if library == "pandas":
    import pandas as lib
else:
    import polars as lib

reset_peak()
before = status_bytes("VmRSS:")
start, cpu_start = time.perf_counter(), time.process_time()
frame = lib.read_csv(path)
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
peak = status_bytes("VmHWM:") - before
print(json.dumps({"version": lib.__version__, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_bytes": peak}))
