"""Goal tracking on a large synthetic store: what an ingest pays to keep the stored goals current, and what
a reader pays to get them.

    python tests/benchmarks/bench_targets.py [--facts N] [--db PATH] [--repeat N]

On a copy of the store (built by tests/benchmarks/synthetic.py when PATH does not exist, goals stored):
- `refresh_goals` with nothing changed (the fingerprint scan every ingest that changed files runs);
- `refresh_goals` after one synthetic document's facts changed (only its series recomputed);
- `refresh_goals` of every series (a store's first refresh), and `track_targets` over every fact, the
  computation the Targets view ran on its first open before goals were stored;
- `load_goals` on the refresh day (every row from the store: the first Targets view) and on a day in
  the past (rows that do not hold then are recomputed from their series' facts).
The view's filter changes are timed by bench_dashboard.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from parsing.store import queries, write  # noqa: E402
from parsing.targets import load_goals, refresh_goals, track_targets  # noqa: E402
from timing import ensure_store, machine, timed  # noqa: E402

PAST = dt.date(2024, 6, 30)


def line(label: str, times: list[float], note: str = "") -> None:
    print(f"{label:58} median {statistics.median(times):9.1f} ms, max {max(times):9.1f} ms over {len(times)}"
          + (f"   {note}" if note else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_targets.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ensure_store(args.db, args.facts)
    print(f"before: {machine()}")
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "store.duckdb"
        shutil.copyfile(args.db, copy)
        con = write.open_writable(copy)
        as_of = queries.goals_assessed_on(con)
        times, n = timed(lambda: refresh_goals(con, as_of=as_of), args.repeat)
        line("refresh, nothing changed (fingerprints only)", times, f"{n} series recomputed")
        document = con.execute("SELECT min(document_id) FROM facts").fetchall()[0][0]
        changed = []
        for step in range(args.repeat):
            con.execute("UPDATE facts SET value_base = value_base * 1.01 WHERE document_id = ?", [document + step])
            step_times, n = timed(lambda: refresh_goals(con, as_of=as_of), 1)
            changed += step_times
        line("refresh after one document's facts changed", changed, f"{n} series recomputed")
        times, n = timed(lambda: refresh_goals(con, changed_series=_every_series(con), as_of=as_of), 1)
        line("refresh of every series (a store's first refresh)", times, f"{n} series")
        facts = queries.tracking_facts(con)
        times, tracking = timed(lambda: track_targets(facts, as_of=as_of), 1)
        line("track_targets over every fact (no stored goals)", times,
             f"{len(facts)} target+actual facts, {len(tracking.goals)} goals")
        con.close()
        reader = queries.connect(copy)
        times, book = timed(lambda: load_goals(reader, as_of), args.repeat * 3)
        line(f"load_goals on the refresh day ({as_of})", times,
             f"{len(book.goals)} goals, {len(book.computed.goals)} recomputed")
        times, book = timed(lambda: load_goals(reader, PAST), 1)
        line(f"load_goals on {PAST}", times, f"{len(book.computed.goals)} of {len(book.goals)} goals recomputed")
        print(f"statuses on {as_of}: {load_goals(reader, as_of).goals['status'].value_counts().to_dict()}")
        reader.close()
    print(f"after: {machine()}")
    return 0


def _every_series(con) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in con.execute(
        "SELECT DISTINCT indicator, region, unit_base FROM facts WHERE kind IN ('target', 'actual')").fetchall()]


if __name__ == "__main__":
    sys.exit(main())
