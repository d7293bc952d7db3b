"""What every benchmark prints beside its figures: median and 90th percentile, and the machine's load."""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

CLOCK = time.perf_counter


def timed(work, repeat: int, cpu_times: list[float] | None = None) -> tuple[list[float], object]:
    """Run `work()` `repeat` times; the times in ms and the last result. With `cpu_times`, the CPU time of
    each run (time.process_time: this process, every thread, DuckDB's included) is appended to it in ms,
    a figure other programs on a shared machine disturb less than the wall clock."""
    times, result = [], None
    for _ in range(repeat):
        start, cpu_start = CLOCK(), time.process_time()
        result = work()
        times.append((CLOCK() - start) * 1000)
        if cpu_times is not None:
            cpu_times.append((time.process_time() - cpu_start) * 1000)
    return times, result


def p90(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[int(0.9 * (len(ordered) - 1))]


def summary(label: str, times: list[float]) -> str:
    return (f"{label}: median {statistics.median(times):.1f} ms, p90 {p90(times):.1f} ms, "
            f"max {max(times):.1f} ms over {len(times)} runs")


def machine() -> str:
    """Cores, load averages (1, 5, 15 min) and the clock, so figures can be read against how busy it was."""
    one, five, fifteen = os.getloadavg()
    resolution = time.get_clock_info("perf_counter").resolution * 1e9
    return (f"{os.cpu_count()} cores, load average {one:.2f} / {five:.2f} / {fifteen:.2f}; "
            f"clock perf_counter, resolution {resolution:.0f} ns")


def ensure_store(db: Path, n_facts: int) -> None:
    """The synthetic store at `db`, built when missing; goals refreshed when it predates stored goals."""
    from parsing.store import queries, write
    from parsing.targets import refresh_goals
    from synthetic import build_synthetic_db
    if not db.exists():
        start = CLOCK()
        build_synthetic_db(db, n_facts, seed=0)
        print(f"built {db} in {CLOCK() - start:.0f} s")
    con = queries.connect(db)
    stored = queries.goals_assessed_on(con)
    con.close()
    if stored is None:
        con = write.open_writable(db)
        start = CLOCK()
        refresh_goals(con)
        con.execute("CHECKPOINT")
        con.close()
        print(f"stored the goals of {db} in {CLOCK() - start:.0f} s")
