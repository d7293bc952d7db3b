"""Target tracking on a large synthetic store: loading target+actual facts, linking and assessing every
goal, and the per-filter-change work of the Targets view (filtering the cached goal table).

Run: .venv/bin/python tests/benchmarks/bench_targets.py [--facts N] [--db PATH] [--repeat N]
The database is built by tests/benchmarks/synthetic.py when PATH does not exist yet.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import build_synthetic_db  # noqa: E402

from parsing import queries  # noqa: E402
from parsing.targets import filter_goals, track_targets  # noqa: E402

AS_OF = dt.date(2024, 6, 30)
FILTERS = [{"region": "山东省"}, {"indicator": "5g_base_stations"}, {"status": "behind"},
           {"deadline": 2025, "status": ["on_track", "achieved"]}, {}]


def timed(repeat: int, work) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return times, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_targets.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        build_synthetic_db(args.db, args.facts)
    con = queries.connect(args.db)
    load_times, facts = timed(args.repeat, lambda: queries.facts(con, queries.FactFilter(kinds=("target", "actual"))))
    track_times, tracking = timed(args.repeat, lambda: track_targets(facts, as_of=AS_OF))
    goals = tracking.goals
    filter_times = []
    for flt in FILTERS:
        times, _ = timed(args.repeat * 10, lambda: filter_goals(goals, **flt))
        filter_times += times
    clock = time.get_clock_info("perf_counter")
    print(f"{args.db}: {len(facts)} target+actual facts, {len(goals)} goals, {len(tracking.actuals)} linked actuals")
    print(f"statuses: {goals['status'].value_counts().to_dict()}")
    print(f"load facts (query):      median {statistics.median(load_times) * 1000:8.1f} ms over {args.repeat}")
    print(f"track_targets (engine):  median {statistics.median(track_times) * 1000:8.1f} ms over {args.repeat}")
    print(f"filter_goals (per view filter change): median {statistics.median(filter_times) * 1000:.2f} ms "
          f"over {len(filter_times)} runs of {len(FILTERS)} filters")
    print(f"timer: perf_counter, resolution {clock.resolution * 1e9:.0f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
