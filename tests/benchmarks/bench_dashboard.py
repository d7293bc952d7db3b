"""Server-side time of every dashboard view per filter change, on the 1,000,000-fact synthetic store.

    python tests/benchmarks/bench_dashboard.py [DB] [--facts N] [--repeat R] [--app]

DB (default data/synthetic_1m.duckdb, git-ignored) is built with tests/benchmarks/synthetic.py when
missing (goals stored, as an ingest stores them). For each filter change a user might make in the
explorer, the map, the region profile and the Targets view — the busiest indicator with every region
included — it times what the view does on the server for that run: its queries, the Plotly figure and the
readable table of the rows shown (a CSV is made only when its button is clicked, so not here). The
explorer's changes are timed with its chart tab open (the map tab draws only when open), and once more with
the map tab open. The first
Targets view (the goals read from the store, no cache yet) is timed on its own. Every change reads the store
afresh (as a filter not asked for before), except the line "profile kept", which reads the province profile as
the app's rerun does when an indicator is opened (dashboard.store_reads: kept per store version). Each change runs once to
warm DuckDB's buffers, as a running app's would be, then R times; each prints its wall-clock median and
maximum and its median CPU time (process time, DuckDB's threads included), which other programs on a
shared machine disturb less. `--app` also times whole reruns of
the app script through Streamlit's AppTest for the explorer changes. Targets (issue 11): every view's
median under 300 ms and p90 under 600 ms; the first Targets view under 1 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from dashboard import charts, geo, store_reads  # noqa: E402
from dashboard.catalog import Catalog  # noqa: E402
from dashboard.context import ViewContext  # noqa: E402
from dashboard.formatting import readable_values  # noqa: E402
from dashboard.i18n import Translator  # noqa: E402
from dashboard.tables import facts_table  # noqa: E402
from dashboard.documents import series_sources  # noqa: E402
from dashboard.views import explorer, region_profile  # noqa: E402
from dashboard.views import targets as targets_view  # noqa: E402
from dashboard.widgets import TABLE_ROWS  # noqa: E402
from parsing.store import queries  # noqa: E402
from parsing.store.queries import FactFilter  # noqa: E402
from parsing.targets import filter_goals, load_goals  # noqa: E402
from timing import CLOCK, ensure_store, machine, summary, timed  # noqa: E402


def indicator_choices(con) -> tuple[str, str]:
    """The busiest indicator and a median one."""
    counts = queries.indicators(con).sort_values("n_facts", ascending=False)
    counts = counts[counts["n_facts"] > 0]
    return counts["indicator"].iloc[0], counts["indicator"].iloc[len(counts) // 2]


def explorer_changes(ctx: ViewContext, busiest: str, typical: str) -> list[tuple[str, object]]:
    provinces = ctx.catalog.provinces[:3]
    filters = [
        ("busiest indicator, all regions", FactFilter(indicators=(busiest,))),
        ("typical indicator, all regions", FactFilter(indicators=(typical,))),
        ("+ 3 provinces", FactFilter(indicators=(busiest,), regions=provinces)),
        ("+ 全国", FactFilter(indicators=(busiest,), regions=("全国", *provinces))),
        ("targets only", FactFilter(indicators=(busiest,), regions=("全国", *provinces), kinds=("target",))),
        ("years 2020-2025", FactFilter(indicators=(busiest,), regions=("全国", *provinces),
                                       year_from=2020, year_to=2025)),
        ("cities rolled up", FactFilter(indicators=(busiest,), regions=provinces, roll_up_cities=True)),
        ("busiest, all regions rolled up", FactFilter(indicators=(busiest,), roll_up_cities=True)),
        ("other indicator, same regions", FactFilter(indicators=(typical,), regions=("全国", *provinces))),
    ]

    def work(flt: FactFilter, map_open: bool = False):
        def run() -> str:
            fresh = new_run(ctx)
            queries.regions_with_facts(fresh.con, flt.indicators[0], flt.roll_up_cities)   # the regions picker
            result = explorer.compute(fresh, flt)
            for rows in result.figure_rows:
                fresh.source_note(series_sources(rows))
            facts_table(result.facts, fresh.t, fresh.region_label, fresh.document_title)
            if map_open:       # the map tab is drawn only while it is open
                map_work(fresh, flt.indicators[0], "actual", older=False)
            return f"{result.n_facts} facts, {result.series['region'].nunique()} regions drawn"
        return run
    rolled_up = dict(filters)["busiest, all regions rolled up"]
    return ([(name, work(flt)) for name, flt in filters]
            + [("busiest, all rolled up, map tab open", work(rolled_up, map_open=True))])


def new_run(ctx: ViewContext, kept: bool = False) -> ViewContext:
    """The context a new run of the app makes (document titles read again, as every run does). Reads go to
    the store every time, as for a filter not asked for before, unless `kept`: then dashboard.store_reads
    serves what this store version answered before, as it does the app's reruns that repeat a read (the
    region profile's indicator opened after the province was shown)."""
    return ViewContext(con=ctx.con, catalog=ctx.catalog, t=ctx.t, stamp=ctx.stamp if kept else None)


def map_work(ctx: ViewContext, indicator: str, kind: str, older: bool) -> tuple[FactFilter, str]:
    """What draw_map (dashboard/views/province_map.py) reads and draws for an indicator, kind and year."""
    unit, years = queries.map_years(ctx.con, indicator, kind)
    if unit is None:
        return FactFilter(indicators=(indicator,)), "no map"
    year = years[min(2, len(years) - 1)] if older else years[0]
    shown = queries.map_values(ctx.con, indicator, kind, unit, year)
    charts.province_map(shown[shown["region_level"] == "province"], geo.province_geojson(), unit,
                        ctx.indicator_label(indicator), ctx.t, ctx.region_label, geo.inset_geojson())
    readable_values(shown[shown["region_level"] == "national"], ctx.t.lang)
    ctx.source_note(series_sources(shown))
    flt = FactFilter(indicators=(indicator,), kinds=(kind,), year_from=year, year_to=year,
                     regions=tuple(shown["region"]), unit_bases=(unit,))
    return flt, f"{len(shown)} regions"


def map_changes(ctx: ViewContext, busiest: str, typical: str) -> list[tuple[str, object]]:
    """What the map view reads and draws (dashboard/views/province_map.py) for an indicator, kind, year."""
    def work(indicator: str, kind: str, older: bool):
        def run() -> str:
            fresh = new_run(ctx)
            flt, described = map_work(fresh, indicator, kind, older)
            facts, n_facts = queries.facts_page(fresh.con, flt, TABLE_ROWS)
            facts_table(facts, fresh.t, fresh.region_label, fresh.document_title)
            return f"{described}, {n_facts} facts"
        return run
    return [(f"{label}, {kind}{', older year' if older else ''}", work(indicator, kind, older))
            for label, indicator in (("busiest", busiest), ("typical", typical))
            for kind in ("actual", "target") for older in (False, True)]


def region_changes(ctx: ViewContext, busiest: str) -> list[tuple[str, object]]:
    """The region profile (dashboard/views/region_profile.py) of the provinces with most facts, and one
    indicator opened."""
    regions = queries.regions(ctx.con)
    provinces = list(regions[regions["level"] == "province"].sort_values("n_facts_with_cities", ascending=False)
                     ["region"][:4])

    def work(province: str, opened: str | None, kept: bool = False):
        def run() -> str:
            fresh = new_run(ctx, kept)
            indicators, goals = store_reads.read(fresh, queries.province_profile, province)
            region_profile.indicator_summary(indicators, goals, fresh)
            if opened is None:
                return f"{len(indicators)} indicators, {int(indicators['n_facts'].sum())} facts"
            flt = FactFilter(regions=(province,), roll_up_cities=True, indicators=(opened,))
            facts, n_facts = queries.facts_page(fresh.con, flt, TABLE_ROWS)
            facts_table(facts, fresh.t, fresh.region_label, fresh.document_title)
            return f"{len(indicators)} indicators, {n_facts} facts opened"
        return run
    return ([(province, work(province, None)) for province in provinces]
            + [(f"{provinces[0]}, busiest indicator opened", work(provinces[0], busiest)),
               (f"{provinces[0]}, opened, profile kept", work(provinces[0], busiest, kept=True))])


def targets_changes(ctx: ViewContext, as_of: dt.date) -> tuple[list[tuple[str, object]], object]:
    """The Targets view (dashboard/views/targets.py) on the goals read once (cached per database and day):
    pickers, filtering, the table shown, the opened goal's points, chart and sources."""
    labels = targets_view.Labels("zh")
    book = load_goals(ctx.con, as_of)
    busiest = book.goals["indicator"].value_counts().index[0]
    filters = [("no filter", {}), ("山东省", {"region": "山东省"}), ("busiest indicator", {"indicator": busiest}),
               ("广东省, behind", {"region": "广东省", "status": "behind"}),
               ("全国, 2025, on track or achieved", {"deadline": 2025, "status": ["on_track", "achieved"],
                                                     "region": "全国"}),
               ("busiest, every status but no_data", {"indicator": busiest,
                                                      "status": ["achieved", "on_track", "behind", "overdue"]})]

    def view_work(goals_book, goals_filter: dict) -> str:
        fresh = new_run(ctx)
        targets_view.goal_choices(goals_book.goals)
        shown = filter_goals(goals_book.goals, **goals_filter)
        targets_view.goals_table(shown.head(TABLE_ROWS), fresh, labels, as_of)
        goal = shown.iloc[0].to_dict()
        actuals = goals_book.goal_actuals(fresh.con, goal["goal_id"])
        statements = goals_book.goal_statements(fresh.con, goal["goal_id"])
        if isinstance(goal["conflict"], str):
            targets_view.conflict_detail(statements, fresh)
        targets_view.goal_figure(goal, actuals, statements, fresh, labels)
        targets_view.sources_table(statements, actuals, fresh, labels)
        return f"{len(shown)} goals"

    def first_view() -> str:
        fresh = load_goals(ctx.con, as_of)
        return view_work(fresh, {}) + f", {len(fresh.computed.goals)} recomputed for {as_of}"
    return [(name, lambda flt=flt: view_work(book, flt)) for name, flt in filters], first_view


def time_changes(view: str, changes, repeat: int, cpu: list[float]) -> list[float]:
    """Wall times of every run of every change; their CPU times appended to `cpu`."""
    every = []
    for name, work in changes:
        work()                      # warms DuckDB's buffers, as a running app's would be
        cpu_times = []
        times, described = timed(work, repeat, cpu_times)
        every += times
        cpu += cpu_times
        print(f"{view:9} {name:40} {statistics.median(times):>9.1f} {max(times):>8.1f} "
              f"{statistics.median(cpu_times):>9.1f}   {described}")
    return every


def time_app_reruns(db: Path, ctx: ViewContext, busiest: str, typical: str, repeat: int) -> list[float]:
    """Whole reruns of the app script (widgets, Arrow/JSON serialisation included) for the explorer changes."""
    from streamlit.testing.v1 import AppTest
    os.environ["TRACKER_DB"] = str(db)
    provinces = ctx.catalog.provinces[:3]
    links = [{"indicator": busiest}, {"indicator": typical}, {"indicator": busiest, "region": list(provinces)},
             {"indicator": busiest, "region": ["全国", *provinces], "kind": ["target"]},
             {"indicator": busiest, "region": list(provinces), "rollup": "1"}]
    times = []
    for _ in range(repeat):
        for params in links:
            at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=120)
            at.query_params.update(params)
            start = CLOCK()
            at.run()
            times.append((CLOCK() - start) * 1000)
            assert not at.exception, at.exception
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", type=Path, default=REPO / "data" / "synthetic_1m.duckdb")
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--app", action="store_true", help="also time whole app reruns (AppTest)")
    args = parser.parse_args()
    ensure_store(args.db, args.facts)
    con = queries.connect(args.db)
    n_facts = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    as_of = queries.goals_assessed_on(con)
    ctx = ViewContext(con=con, catalog=Catalog.load(con), t=Translator("zh"),
                      stamp=(str(args.db), *queries.database_stamp(args.db)))
    busiest, typical = indicator_choices(con)
    print(f"{args.db}: {n_facts:,} facts; goals stored as of {as_of}; busiest indicator {busiest}")
    print(f"before: {machine()}")
    print(f"{'view':9} {'filter change':40} {'median ms':>9} {'max ms':>8} {'CPU ms':>9}   rows  "
          "(CPU: median process time, DuckDB's threads included)")
    targets, first_view = targets_changes(ctx, as_of)
    cpu = {view: [] for view in ("explorer", "map", "region", "targets", "first")}
    per_view = {
        "explorer": time_changes("explorer", explorer_changes(ctx, busiest, typical), args.repeat, cpu["explorer"]),
        "map": time_changes("map", map_changes(ctx, busiest, typical), args.repeat, cpu["map"]),
        "region": time_changes("region", region_changes(ctx, busiest), args.repeat, cpu["region"]),
        "targets": time_changes("targets", targets, args.repeat, cpu["targets"]),
    }
    first_times = time_changes("targets", [("first view (goals read from the store)", first_view)], args.repeat,
                               cpu["first"])
    for view, times in per_view.items():
        print(summary(f"{view} server-side work per filter change", times))
    print(summary("every view, every filter change", [t for times in per_view.values() for t in times]))
    print(summary("first Targets view", first_times))
    print(summary("CPU, every view, every filter change",
                  [t for view, times in cpu.items() if view != "first" for t in times]))
    if args.app:
        print(summary("whole app script rerun (AppTest), explorer",
                      time_app_reruns(args.db, ctx, busiest, typical, max(1, args.repeat // 3))))
    con.close()
    print(f"after: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
