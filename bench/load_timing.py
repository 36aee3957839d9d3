"""Times one library's read_csv for `gmm-tui bench` (run by it; not a test dependency).

argv: library (pandas or polars), CSV path, runs. Prints {"version", "seconds", "peak_bytes"}:
the median seconds of `runs` reads, and the largest growth of the process's resident memory
during a read over its size before it (the peak is reset before each read through
/proc/self/clear_refs, as gmm-tui does for its own reader).
"""
import json
import statistics
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


library, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
if library == "pandas":
    import pandas as lib
else:
    import polars as lib

times, peaks = [], []
for _ in range(runs):
    reset_peak()
    before = status_bytes("VmRSS:")
    start = time.perf_counter()
    frame = lib.read_csv(path)
    times.append(time.perf_counter() - start)
    peaks.append(status_bytes("VmHWM:") - before)
    del frame
print(json.dumps({"version": lib.__version__, "seconds": statistics.median(times), "peak_bytes": max(peaks)}))
