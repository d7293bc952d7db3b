"""Server-side time of the explorer view for a filter change, on the 1,000,000-fact synthetic store.

    python tests/benchmarks/bench_dashboard.py [DB] [--facts N] [--repeat R]

DB (default data/synthetic_1m.duckdb, git-ignored) is built with tests/benchmarks/synthetic.py when
missing. For each filter change a user might make (pick an indicator, add provinces, narrow kinds and
years, roll cities up) it times what the explorer does on the server for that run: the series and facts
queries, the Plotly figure and the readable table (`explorer.compute` + `facts_table` of the rows shown).
The CSV is written only when the download button is clicked; that cost is reported per change too.
It then times whole reruns of the app script through Streamlit's AppTest (widgets, Arrow/JSON
serialisation included) for the same changes. Issue target: median under 300 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from dashboard.catalog import Catalog  # noqa: E402
from dashboard.context import ViewContext  # noqa: E402
from dashboard.i18n import Translator  # noqa: E402
from dashboard.tables import facts_table  # noqa: E402
from dashboard.views import explorer  # noqa: E402
from dashboard.widgets import TABLE_ROWS  # noqa: E402
from parsing.store import queries  # noqa: E402
from parsing.store.export import facts_csv_bytes  # noqa: E402
from parsing.store.queries import FactFilter  # noqa: E402
from synthetic import build_synthetic_db  # noqa: E402

CLOCK = time.perf_counter


def filter_changes(con, catalog: Catalog) -> list[tuple[str, FactFilter]]:
    """A user's session: the busiest and a median indicator, then narrowing and widening the view."""
    counts = queries.indicators(con).sort_values("n_facts", ascending=False)
    counts = counts[counts["n_facts"] > 0]
    busiest, typical = counts["indicator"].iloc[0], counts["indicator"].iloc[len(counts) // 2]
    provinces = catalog.provinces[:3]
    return [
        ("busiest indicator, all regions", FactFilter(indicators=(busiest,))),
        ("typical indicator, all regions", FactFilter(indicators=(typical,))),
        ("+ 3 provinces", FactFilter(indicators=(busiest,), regions=provinces)),
        ("+ 全国", FactFilter(indicators=(busiest,), regions=("全国", *provinces))),
        ("targets only", FactFilter(indicators=(busiest,), regions=("全国", *provinces), kinds=("target",))),
        ("years 2020-2025", FactFilter(indicators=(busiest,), regions=("全国", *provinces),
                                       year_from=2020, year_to=2025)),
        ("cities rolled up", FactFilter(indicators=(busiest,), regions=provinces, roll_up_cities=True)),
        ("other indicator, same regions", FactFilter(indicators=(typical,), regions=("全国", *provinces))),
    ]


def view_work(ctx: ViewContext, flt: FactFilter) -> explorer.ExplorerResult:
    result = explorer.compute(ctx, flt)
    facts_table(result.facts.head(TABLE_ROWS), ctx.t, ctx.region_label)
    return result


def time_view_work(ctx: ViewContext, changes, repeat: int) -> list[float]:
    all_times = []
    print(f"{'filter change':34} {'facts':>7} {'drawn':>6} {'median ms':>10} {'max ms':>8} {'CSV on click ms':>16}")
    for name, flt in changes:
        view_work(ctx, flt)  # first run warms DuckDB's buffers, as a running app's would be
        times = []
        for _ in range(repeat):
            start = CLOCK()
            result = view_work(ctx, flt)
            times.append((CLOCK() - start) * 1000)
        start = CLOCK()
        facts_csv_bytes(result.facts)
        csv_ms = (CLOCK() - start) * 1000
        all_times += times
        drawn = result.series["region"].nunique() - result.regions_not_drawn
        print(f"{name:34} {len(result.facts):>7} {drawn:>6} {statistics.median(times):>10.1f} "
              f"{max(times):>8.1f} {csv_ms:>16.1f}")
    return all_times


def time_app_reruns(db: Path, changes, repeat: int) -> list[float]:
    from streamlit.testing.v1 import AppTest
    os.environ["TRACKER_DB"] = str(db)
    times = []
    for _ in range(repeat):
        for _, flt in changes:
            at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=120)
            params = {"indicator": list(flt.indicators), "region": list(flt.regions), "kind": list(flt.kinds)}
            if flt.year_from:
                params.update({"from": str(flt.year_from), "to": str(flt.year_to)})
            if flt.roll_up_cities:
                params["rollup"] = "1"
            at.query_params.update({k: v for k, v in params.items() if v})
            start = CLOCK()
            at.run()
            times.append((CLOCK() - start) * 1000)
            assert not at.exception, at.exception
    return times


def summary(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (f"{label}: median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, "
            f"max {max(times):.1f} ms over {len(times)} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", type=Path, default=REPO / "data" / "synthetic_1m.duckdb")
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not args.db.exists():
        start = CLOCK()
        build_synthetic_db(args.db, args.facts, seed=0)
        print(f"built {args.db} in {CLOCK() - start:.0f} s")
    con = queries.connect(args.db)
    n_facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    catalog = Catalog.load(con)
    ctx = ViewContext(con=con, catalog=catalog, t=Translator("zh"))
    changes = filter_changes(con, catalog)
    print(f"{args.db}: {n_facts:,} facts; clock perf_counter, resolution "
          f"{time.get_clock_info('perf_counter').resolution * 1e9:.0f} ns; {os.cpu_count()} cores")
    view_times = time_view_work(ctx, changes, args.repeat)
    con.close()
    app_times = time_app_reruns(args.db, changes, max(1, args.repeat // 3))
    print(summary("explorer server-side work per filter change", view_times))
    print(summary("whole app script rerun (AppTest)", app_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
