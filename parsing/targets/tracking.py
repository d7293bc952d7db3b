"""Target tracking: each goal beside the actuals that measure it.

`track_targets(facts, as_of)` takes a DataFrame of facts (the FACTS.md fields, plus `fact_id` and
`document_date` when read from the store) and returns, for every goal stated by a `target` fact, its
baseline and latest actual, the percent reached, the growth still needed against the growth seen, and a
status. It is a pure function of its inputs: `as_of` (default today) fixes what "now" is.

Linking: a goal's actuals are the `actual` facts, from any document, with the same canonical `indicator`
(typographic quotes ignored), the same `region` and the same `unit_base`; values are compared in
`value_base`, so 万架 and 架 match while a % goal only ever meets % actuals. Forecasts never count.

Goals: target facts with the same indicator, region, unit, basis (annual quota vs level/running total,
from `period`) and deadline (`year`) are one goal stated several times; see `parsing.targets.goals` for
how restatements merge and when they conflict. The statement from the most recent document is tracked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from ..store import queries
from ..fact import FACT_FIELDS
from .goals import Goal, build_goals, fact_records, high_in_base, link_actuals, link_key
from .periods import goal_window
from .progress import STATUSES, Point, actual_points, assess

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: the ingest's goal refresh makes none
    import pandas as pd

STATUS_RULES = """\
Every goal is read as a floor to reach (a ceiling when its comparator is `<=`). `~` (左右) accepts a
value within `approx_tolerance` (default 5%) of the target; a range (3—5个) is reached at its low end.

Level or running-total goals (到2025年达到10万个, 累计…):
- achieved: the latest actual meets the goal (even before the deadline, or late after it);
- overdue:  the deadline year has ended (as_of is after 31 December of it) and the latest actual does
            not meet the goal;
- on_track: the growth seen so far is at least the growth still needed. Growth seen is the CAGR from
            the baseline (earliest actual) to the latest actual, or the 同比 reported with the latest
            actual when there is only one date. Growth needed is the annual rate that takes the latest
            actual to the goal by 31 December of the deadline year. With a single actual and no 同比,
            the share of the goal reached is compared with the share of the plan period elapsed at the
            latest actual (the period starts with the plan window stated, e.g. "cumulative 2021-2025",
            else 1 January of the year of the first document stating the goal);
- behind:   otherwise (also a goal with no deadline that is not yet met, and one with a single actual,
            no 同比 and no known plan start, whose pace cannot be measured);
- no_data:  no actual with the same indicator, region and unit measured on or before as_of.
Annual quotas (每年…, period "annual …"): each year of the plan window is judged by its latest figure.
- achieved: the window has ended and every year with an actual met the quota;
- overdue:  the window has ended and some year missed it;
- on_track / behind: the window is still open and the latest year met / missed the quota;
- no_data:  no actual falls inside the window.
"""

GOAL_COLUMNS = (
    "goal_id", "series_id", "status", "indicator", "indicator_key", "region", "province", "region_level", "basis",
    "comparator", "target_value", "target_value_high", "unit_base", "target_text", "deadline", "start_year",
    "percent_reached", "needed_growth_pct", "observed_growth_pct", "growth_basis", "years_left",
    "baseline_value", "baseline_date", "baseline_source", "baseline_quote",
    "latest_value", "latest_value_high", "latest_comparator", "latest_date", "latest_source", "latest_line",
    "latest_quote",
    "n_actuals", "n_statements", "conflict", "conflict_detail",
    "target_source", "target_line", "target_quote", "target_document_date",
)
POINT_COLUMNS = (
    "date", "value_base", "unit_base", "value", "value_high", "unit_raw", "comparator", "year", "period",
    "source", "line", "quote", "article", "document_date", "fact_id",
)
_NEEDED_FIELDS = ("kind", "indicator", "region", "unit_base", "value_base")
_TARGET_FIELDS = FACT_FIELDS + ("document_date",)
# What assessing and reporting an actual reads; the chart's table takes the rest from the frame.
_ACTUAL_FIELDS = ("indicator", "region", "unit_base", "value_base", "period", "year", "document_date",
                  "source", "line", "quote", "yoy_pct",
                  "value", "value_high", "comparator")


@dataclass
class TargetTracking:
    goals: pd.DataFrame        # one row per goal, GOAL_COLUMNS
    statements: pd.DataFrame   # goal_id + POINT_COLUMNS: every target fact stating a goal (date = document date)
    actuals: pd.DataFrame      # series_id + POINT_COLUMNS: every actual of a series that measures some goal
                               # (date = end of the period measured); goals with the same indicator,
                               # region and unit share one series

    def goal_statements(self, goal_id: str) -> pd.DataFrame:
        return self.statements[self.statements["goal_id"] == goal_id]

    def goal_actuals(self, goal_id: str) -> pd.DataFrame:
        series = self.goals.loc[self.goals["goal_id"] == goal_id, "series_id"]
        return self.actuals[self.actuals["series_id"].isin(series)]


def track_targets(facts: pd.DataFrame, as_of: dt.date | None = None,
                  approx_tolerance: float = 0.05) -> TargetTracking:
    """Link targets to actuals and assess every goal as of `as_of` (see STATUS_RULES)."""
    facts, goals = link_goals(facts)
    return assess_goals(facts, goals, as_of or dt.date.today(), approx_tolerance)


def link_goals(facts: pd.DataFrame) -> tuple[pd.DataFrame, list[Goal]]:
    """The goals the target facts state, each with its linked actuals (`Goal.actuals`), and the facts
    renumbered from 0 (the `_pos` the goals' facts carry). Nothing here depends on the day of judgement."""
    missing = [name for name in _NEEDED_FIELDS if name not in facts.columns]
    if missing:
        raise ValueError(f"facts lack the column(s) {', '.join(missing)} needed to track targets")
    facts = facts.reset_index(drop=True)
    # A target without a number (value_base missing) cannot be tracked; it is left out, not guessed.
    trackable = (facts["kind"] == "target") & facts["value_base"].notna()
    goals = build_goals(fact_records(facts[trackable], _TARGET_FIELDS))
    link_actuals(goals, _candidate_actuals(facts, goals))
    return facts, goals


def link_records(facts: list[dict]) -> list[Goal]:
    """`link_goals` for facts read as records (`fact_records`' form: every field, missing values None,
    `_pos` the row's number), as the ingest's refresh reads them: no DataFrame is made of them. The actuals
    go to `link_actuals` unfiltered (it attaches each by its key alone)."""
    goals = build_goals([fact for fact in facts if fact["kind"] == "target" and fact["value_base"] is not None])
    link_actuals(goals, [fact for fact in facts if fact["kind"] == "actual"])
    return goals


def assess_goals(facts: pd.DataFrame, goals: list[Goal], as_of: dt.date,
                 approx_tolerance: float = 0.05) -> TargetTracking:
    """Every goal of `link_goals` assessed as of a day, as tables."""
    import pandas as pd
    rows, statements, actuals = assessed_rows(goals, as_of, approx_tolerance)
    return TargetTracking(
        goals=pd.DataFrame(rows, columns=list(GOAL_COLUMNS)),
        statements=_points_table(facts, "goal_id", statements),
        actuals=_points_table(facts, "series_id", actuals),
    )


def assessed_rows(goals: list[Goal], as_of: dt.date, approx_tolerance: float = 0.05
                  ) -> tuple[list[dict], list[tuple], list[tuple]]:
    """Every goal assessed as of a day: its GOAL_COLUMNS row (a dict), and the points behind the rows as
    (goal_id, document date, _pos) for each statement and (series_id, date measured, _pos) for each actual."""
    rows, statements, actuals = [], [], []
    series_points: dict[str, list] = {}
    for goal in goals:
        points = series_points.get(goal.series_id)
        if points is None:     # goals sharing a series (other deadlines, annual vs stock) share its points
            points = series_points[goal.series_id] = actual_points(goal.actuals, as_of)
            actuals += [(goal.series_id, point.date, point.fact["_pos"]) for point in points]
        rows.append(_goal_row(goal, assess(goal, points, as_of, approx_tolerance)))
        statements += [(goal.goal_id, fact["document_date"], fact["_pos"]) for fact in goal.statements]
    return rows, statements, actuals


def track_store(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None,
                approx_tolerance: float = 0.05) -> TargetTracking:
    """`track_targets` over every target and actual in the fact store."""
    return track_targets(queries.tracking_facts(con), as_of, approx_tolerance)


def filter_goals(goals: pd.DataFrame, indicator=None, region=None, deadline=None, status=None) -> pd.DataFrame:
    """Goals matching every filter given. Each filter takes one value or several (alternatives):
    indicator by key or canonical name, region by itself or its province (山东省 includes 济南市),
    deadline year, status."""
    indicators, regions, deadlines, statuses = (_alternatives(f) for f in (indicator, region, deadline, status))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise ValueError(f"unknown status {unknown[0]!r}; expected one of {', '.join(STATUSES)}")
    import pandas as pd
    mask = pd.Series(True, index=goals.index)
    if indicators:
        mask &= goals["indicator_key"].isin(indicators) | goals["indicator"].isin(indicators)
    if regions:
        mask &= goals["region"].isin(regions) | goals["province"].isin(regions)
    if deadlines:
        mask &= goals["deadline"].isin([int(d) for d in deadlines])
    if statuses:
        mask &= goals["status"].isin(statuses)
    return goals[mask]


def export_frame(goals: pd.DataFrame) -> pd.DataFrame:
    """The goal table as written to CSV/JSON lines (CLI and dashboard alike): dates as ISO text."""
    shown = goals.copy()
    for column in ("baseline_date", "latest_date", "target_document_date"):
        shown[column] = [d.isoformat() if isinstance(d, dt.date) else None for d in shown[column]]
    for column in ("deadline", "start_year", "target_line", "latest_line", "n_actuals", "n_statements"):
        shown[column] = shown[column].astype("Int64")
    return shown


def _alternatives(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (str, int)):
        return [value]
    return [v for v in value if v not in (None, "")]


def _candidate_actuals(facts: pd.DataFrame, goals: list[Goal]) -> list[dict]:
    """Actual facts that can link to some goal, filtered in pandas before turning rows into dicts."""
    actual = facts[facts["kind"] == "actual"]
    if actual.empty or not goals:
        return []
    names = {goal.key[0] for goal in goals}
    regions = {goal.key[1] for goal in goals}
    linkable = {name: link_key(name, "", "")[0] in names for name in actual["indicator"].dropna().unique()}
    mask = actual["indicator"].map(linkable).fillna(False).astype(bool) & actual["region"].isin(regions)
    return fact_records(actual[mask], _ACTUAL_FIELDS)


def _points_table(facts: pd.DataFrame, id_name: str, points: list[tuple[str, dt.date | None, int]]) -> pd.DataFrame:
    """(id, date, row) triples as a table: the id column, then POINT_COLUMNS from the facts' own columns."""
    ids, dates, positions = zip(*points) if points else ((), (), ())
    own = [column for column in POINT_COLUMNS[1:] if column in facts.columns]
    table = facts[own].take(list(positions)).reset_index(drop=True)
    table.insert(0, "date", list(dates))
    table.insert(0, id_name, list(ids))
    return table.reindex(columns=[id_name, *POINT_COLUMNS])


def _number_text(value) -> str:
    if value is None:
        return ""
    return f"{float(value):f}".rstrip("0").rstrip(".")


def _target_text(fact: dict) -> str:
    """The goal as people read it: 1万家, 3—5个, ≥54%."""
    value = _number_text(fact.get("value"))
    high = fact.get("value_high")
    if high is not None:
        value = f"{value}—{_number_text(high)}"
    unit = fact.get("unit_raw") or ""
    sign = {">=": "≥", "<=": "≤", "~": "约"}.get(fact.get("comparator") or "=", "")
    return f"{sign}{value}{unit}"


def _conflict_detail(goal: Goal) -> str | None:
    if not goal.conflict:
        return None
    seen, parts = set(), []
    for fact in goal.statements:
        deadline = goal_window(fact.get("period"), fact.get("year")).deadline
        text = f"{_target_text(fact)} by {deadline}"
        if text not in seen:
            seen.add(text)
            parts.append(f"{text} ({fact.get('source')}:{fact.get('line')})")
    return "; ".join(parts)


def _point_fields(prefix: str, point: Point | None) -> dict:
    fact = point.fact if point else {}
    return {
        f"{prefix}_value": point.value if point else None,
        f"{prefix}_date": point.date if point else None,
        f"{prefix}_source": fact.get("source"),
        f"{prefix}_quote": fact.get("quote"),
    }


def _goal_row(goal: Goal, progress: dict) -> dict:
    current = goal.current
    latest: Point | None = progress["latest"]
    row = {
        "goal_id": goal.goal_id,
        "series_id": goal.series_id,
        "status": progress["status"],
        "indicator": current.get("indicator"),
        "indicator_key": current.get("indicator_key"),
        "region": current.get("region"),
        "province": current.get("province"),
        "region_level": current.get("region_level"),
        "basis": goal.window.basis,
        "comparator": current.get("comparator") or "=",
        "target_value": float(current["value_base"]),
        "target_value_high": high_in_base(current),
        "unit_base": current.get("unit_base"),
        "target_text": _target_text(current),
        "deadline": goal.window.deadline,
        "start_year": goal.window.start_year,
        "n_actuals": progress["n_actuals"],
        "n_statements": len(goal.statements),
        "conflict": goal.conflict,
        "conflict_detail": _conflict_detail(goal),
        "target_source": current.get("source"),
        "target_line": current.get("line"),
        "target_quote": current.get("quote"),
        "target_document_date": current.get("document_date"),
        "latest_line": latest.fact.get("line") if latest else None,
        # The latest figure as its source says it (超过300万个, 3—5万个), for showing beside the goal.
        "latest_value_high": high_in_base(latest.fact) if latest else None,
        "latest_comparator": (latest.fact.get("comparator") or "=") if latest else None,
    }
    for name in ("percent_reached", "needed_growth_pct", "observed_growth_pct"):
        row[name] = None if progress[name] is None else round(progress[name], 2)
    row["growth_basis"] = progress["growth_basis"]
    row["years_left"] = progress["years_left"]
    row.update(_point_fields("baseline", progress["baseline"]))
    row.update(_point_fields("latest", latest))
    return row
