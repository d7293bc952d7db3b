"""Target tracking on a large synthetic store: loading target+actual facts, linking and assessing every
goal (once per database, cached by the dashboard), the server-side work of the Targets view on a
filter change (filtering the cached goal table, the displayed table, the chart and sources of the opened
goal), and the CSV a click on the download button makes.

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

from dashboard.catalog import Catalog  # noqa: E402
from dashboard.context import ViewContext  # noqa: E402
from dashboard.i18n import Translator  # noqa: E402
from dashboard import widgets  # noqa: E402
from dashboard.views import targets as view  # noqa: E402
from parsing.store import queries  # noqa: E402
from parsing.store.export import facts_csv_bytes  # noqa: E402
from parsing.targets import export_frame, filter_goals, track_targets  # noqa: E402

AS_OF = dt.date(2024, 6, 30)
FILTERS = [{"region": "山东省"}, {"indicator": "5G基站"}, {"region": "广东省", "status": "behind"},
           {"deadline": 2025, "status": ["on_track", "achieved"], "region": "全国"}]


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
    ctx = ViewContext(con=con, catalog=Catalog.load(con), t=Translator("zh"))
    labels = view.Labels("zh")

    def filter_change(flt: dict) -> int:
        shown = filter_goals(goals, **flt)
        view.goals_table(shown.head(widgets.TABLE_ROWS), ctx, labels)
        goal = shown.iloc[0].to_dict()
        view.goal_figure(goal, tracking.goal_actuals(goal["goal_id"]), tracking.goal_statements(goal["goal_id"]),
                         ctx, labels)
        view.sources_table(goal["goal_id"], tracking, ctx, labels)
        return len(shown)

    filter_times, shown_rows = [], []
    for flt in FILTERS:
        times, n = timed(args.repeat * 3, lambda: filter_change(flt))
        filter_times += times
        shown_rows.append(n)
    csv_times, _ = timed(args.repeat, lambda: facts_csv_bytes(export_frame(goals)))
    clock = time.get_clock_info("perf_counter")
    print(f"{args.db}: {len(facts)} target+actual facts, {len(goals)} goals, {len(tracking.actuals)} linked actuals")
    print(f"statuses: {goals['status'].value_counts().to_dict()}")
    print(f"load facts (query):      median {statistics.median(load_times) * 1000:8.1f} ms over {args.repeat}")
    print(f"track_targets (engine):  median {statistics.median(track_times) * 1000:8.1f} ms over {args.repeat}")
    print(f"view filter change (filter, table, chart, sources): median "
          f"{statistics.median(filter_times) * 1000:.1f} ms, max {max(filter_times) * 1000:.1f} ms over "
          f"{len(filter_times)} runs of {len(FILTERS)} filters showing {shown_rows} goals")
    print(f"CSV of all {len(goals)} goals (on click): median {statistics.median(csv_times) * 1000:.1f} ms")
    print(f"timer: perf_counter, resolution {clock.resolution * 1e9:.0f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
