"""Goals kept in the fact store: computed when an ingest changes facts, read by the Targets view and
`python -m parsing targets` instead of linking a million facts on every start.

`refresh_goals(con, changed_series=None)` recomputes the goals of the (indicator, region, unit) series whose
target or actual facts changed since the last refresh (found by a per-series fingerprint of every field
tracking reads, `parsing.store.queries.tracking_fingerprints`) and writes them to the `goals` and
`goal_points` tables (schema.sql). The stored rows are `track_targets` on the same facts, assessed on the
refresh day.

Judging on another day: a goal's row holds for every day in [valid_from, valid_until) — a status changes only
when a linked actual's date or the end of the deadline year is passed (`progress.unchanged_days`). So
`load_goals(con, as_of)` serves the stored rows that hold on `as_of` and recomputes, from the facts, only the
series with a row that does not (after a deadline year ended since the refresh, or for a day in the past).
A store without stored goals (written before they existed, or by a writer that bypassed the ingest) is
computed whole.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from ..store import insert_rows, queries
from .goals import Goal, link_key, series_id_of
from .progress import actual_points, unchanged_days
from .tracking import GOAL_COLUMNS, POINT_COLUMNS, TargetTracking, assess_goals, assessed_rows, link_goals, link_records

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: the ingest's goal refresh makes none
    import pandas as pd

_DATE_COLUMNS = ("baseline_date", "latest_date", "target_document_date")
_INT_COLUMNS = ("deadline", "start_year", "target_line", "latest_line", "n_actuals", "n_statements")
_FLOAT_COLUMNS = ("target_value", "target_value_high", "percent_reached", "needed_growth_pct",
                  "observed_growth_pct", "years_left", "baseline_value", "latest_value",
                  "latest_value_high")


def refresh_goals(con: duckdb.DuckDBPyConnection, changed_series=None, as_of: dt.date | None = None) -> int:
    """Recompute and store the goals of changed series, on a writable connection; returns how many series
    were recomputed (0: the stored goals were up to date and nothing was written).

    changed_series: (indicator, region, unit_base) triples known to have changed; None: every series whose
    fingerprint differs from the one stored at the last refresh (all of them on the first). Series with a
    stored row that no longer holds on `as_of` (default today) are recomputed as well.

    It runs at every ingest that changed facts, alone on one core after the writing, so it reads the
    facts as plain rows and writes its rows through Arrow without making a DataFrame, and a store whose
    goals are all new gets them written in order at once (the corpus ×20: 0.18 → 0.12 s of CPU).
    """
    as_of = as_of or dt.date.today()
    current = queries.tracking_fingerprints(con)
    if changed_series is None:
        stored = con.execute("SELECT indicator, region, unit_base, fingerprint FROM goal_inputs").fetchall()
        # a series whose fingerprint differs is on both sides of the symmetric difference, a new or gone
        # one on one side
        keys = {link_key(*triple) for *triple, _ in set(current) ^ set(stored)}
    else:
        keys = {link_key(*triple) for triple in changed_series}
    keys |= _lapsed_keys(con, as_of)
    first_refresh = queries.goals_assessed_on(con) is None
    if not keys and not first_refresh:
        return 0
    wanted = [row for row in current if link_key(*row[:3]) in keys]
    everything = len(wanted) == len(current)
    names, rows = queries.tracking_rows(con, None if everything else [row[:3] for row in wanted])
    facts = [dict(zip(names, row), _pos=pos) for pos, row in enumerate(rows)]
    goals = link_records(facts)
    goal_rows, point_rows = _stored_rows(facts, goals, as_of)
    series_ids = sorted({series_id_of(key) for key in keys})
    con.begin()
    try:
        con.execute("DELETE FROM goals WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [series_ids])
        con.execute("DELETE FROM goal_points WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [series_ids])
        _replace_inputs(con, keys, wanted)
        if con.execute("SELECT count(*) FROM goals").fetchall()[0][0]:
            insert_rows(con, "goals", goal_rows)
            insert_rows(con, "goal_points", point_rows)
            _renumber(con)
        else:  # every goal is new (a new store): written in order at once instead of rewritten in order
            insert_rows(con, "goals", [{**row, "position": n} for n, row in enumerate(goal_rows, start=1)])
            insert_rows(con, "goal_points", sorted(point_rows, key=_point_order))
        con.execute("INSERT OR REPLACE INTO meta VALUES ('goals_assessed_on', ?)", [as_of.isoformat()])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(keys)


def _renumber(con) -> None:
    """Rewrite the goal table in goal order with `position` numbering it, so readers need no SQL sort, and
    the points in series order. (`link_records` lists goals in that order already, and `_point_order` is
    the points' order: what a refresh of every goal writes without this rewrite.)"""
    con.execute("""CREATE TEMP TABLE goals_in_order AS
                   SELECT * EXCLUDE (position),
                          row_number() OVER (ORDER BY key_indicator, key_region, key_unit, seq) AS position
                   FROM goals ORDER BY position""")
    con.execute("DELETE FROM goals")
    con.execute("INSERT INTO goals SELECT * FROM goals_in_order")
    con.execute("DROP TABLE goals_in_order")
    # Points kept sorted by series too, so reading one goal's points skips most of the table (zone maps).
    con.execute("CREATE TEMP TABLE points_in_order AS SELECT * FROM goal_points ORDER BY series_id, goal_id, seq")
    con.execute("DELETE FROM goal_points")
    con.execute("INSERT INTO goal_points SELECT * FROM points_in_order")
    con.execute("DROP TABLE points_in_order")


@dataclass
class GoalBook:
    """Every goal judged as of a day. `goals` is the GOAL_COLUMNS table (as `track_targets` gives, with
    dates as dates and whole numbers as Int64); the facts behind a goal are read on demand, from the
    store for stored rows and from `computed` for goals assessed in this run."""
    goals: pd.DataFrame
    as_of: dt.date
    computed: TargetTracking
    stored: bool = True               # False: nothing came from the store, every goal is in `computed`

    def goal_statements(self, con: duckdb.DuckDBPyConnection, goal_id: str) -> pd.DataFrame:
        if self._assessed_now(goal_id):
            return self.computed.goal_statements(goal_id).reset_index(drop=True)
        return _points(queries.goal_statement_facts(con, goal_id), "goal_id", goal_id)

    def goal_actuals(self, con: duckdb.DuckDBPyConnection, goal_id: str) -> pd.DataFrame:
        series = self.goals.loc[self.goals["goal_id"] == goal_id, "series_id"]
        if self._assessed_now(goal_id) or series.empty:
            return self.computed.goal_actuals(goal_id).reset_index(drop=True)
        return _points(queries.series_actual_facts(con, series.iloc[0], self.as_of), "series_id", series.iloc[0])

    def _assessed_now(self, goal_id: str) -> bool:
        return not self.stored or (self.computed.goals["goal_id"] == goal_id).any()


def load_goals(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> GoalBook:
    """Every goal as of `as_of` (default today): the stored rows that hold on that day, the rest computed."""
    import pandas as pd
    as_of = as_of or dt.date.today()
    if queries.goals_assessed_on(con) is None:
        computed = assess_goals(*link_goals(queries.tracking_facts(con)), as_of)
        return GoalBook(typed_goals(computed.goals), as_of, computed, stored=False)
    stored = queries.stored_goals(con)
    until = stored["valid_until"].where(stored["valid_until"].notna(), dt.date.max)
    holds = (stored["valid_from"] <= as_of) & (until > as_of)
    stale_keys = stored.loc[~holds, ["key_indicator", "key_region", "key_unit"]].drop_duplicates()
    computed = assess_goals(*link_goals(_series_facts(con, stale_keys)), as_of)
    # reindex: a store written before a column existed (latest_comparator) reads it as missing
    goals = typed_goals(stored.reindex(columns=list(GOAL_COLUMNS)))
    stale = stored["series_id"].isin(computed.goals["series_id"])
    if stale.any():
        replaced = typed_goals(computed.goals)
        replaced.index = stored.index[stale]        # the same goals in the same order, judged on as_of
        goals = pd.concat([goals[~stale], replaced]).sort_index()
    return GoalBook(goals.reset_index(drop=True), as_of, computed)


def typed_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The goal table with one type per column whichever way it was made: dates as datetime.date (None when
    missing), whole numbers as Int64, measures as float, the rest as text."""
    import pandas as pd
    typed = goals.copy()
    for column in set(GOAL_COLUMNS) - set(_DATE_COLUMNS) - set(_INT_COLUMNS) - set(_FLOAT_COLUMNS):
        typed[column] = typed[column].astype("str")
    for column in _DATE_COLUMNS:
        if pd.api.types.is_datetime64_any_dtype(typed[column]):
            typed[column] = typed[column].dt.date.astype(object).where(typed[column].notna(), None)
    for column in _INT_COLUMNS:
        typed[column] = pd.to_numeric(typed[column]).astype("Int64")
    for column in _FLOAT_COLUMNS:
        typed[column] = pd.to_numeric(typed[column]).astype(float)
    return typed


def _series_facts(con, keys: pd.DataFrame) -> pd.DataFrame:
    """The tracked facts of the series with these link keys (none when there are none)."""
    wanted = {tuple(key) for key in keys.itertuples(index=False)}
    triples = [row for row in con.execute("SELECT indicator, region, unit_base FROM goal_inputs").fetchall()
               if link_key(*row) in wanted] if wanted else []
    return queries.tracking_facts(con, triples)


def _points(rows: pd.DataFrame, id_name: str, owner: str) -> pd.DataFrame:
    """Stored points in the shape `TargetTracking` gives them: the owner's id, then POINT_COLUMNS."""
    rows = rows.copy()
    rows["date"] = rows["date"].dt.date.astype(object).where(rows["date"].notna(), None)
    rows.insert(0, id_name, owner)
    return rows.reindex(columns=[id_name, *POINT_COLUMNS]).reset_index(drop=True)


def _lapsed_keys(con, as_of: dt.date) -> set[tuple[str, str, str]]:
    """Link keys of series with a stored goal whose row does not hold on `as_of`."""
    rows = con.execute("""
        SELECT DISTINCT key_indicator, key_region, key_unit FROM goals
        WHERE NOT (valid_from <= ? AND (valid_until IS NULL OR valid_until > ?))""", [as_of, as_of]).fetchall()
    return {tuple(row) for row in rows}


def _stored_rows(facts: list[dict], goals: list[Goal], as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """The `goals` and `goal_points` rows of the goals assessed as of `as_of`: the GOAL_COLUMNS row plus
    link key, place in series and the days the row holds; every statement and every dated actual of each
    series."""
    rows, _, _ = assessed_rows(goals, as_of)
    points, series_points, seq = [], {}, {}
    for goal, row in zip(goals, rows):
        every_actual = series_points.get(goal.series_id)
        if every_actual is None:
            every_actual = series_points[goal.series_id] = actual_points(goal.actuals, dt.date.max)
            points += [_point(goal.series_id, None, "actual", i, p.date, facts[p.fact["_pos"]])
                       for i, p in enumerate(every_actual)]
        points += [_point(goal.series_id, goal.goal_id, "statement", i, fact["document_date"], fact)
                   for i, fact in enumerate(goal.statements)]
        seq[goal.series_id] = seq.get(goal.series_id, -1) + 1
        valid_from, valid_until = unchanged_days(goal, every_actual, as_of)
        row.update(zip(("key_indicator", "key_region", "key_unit"), goal.key), seq=seq[goal.series_id],
                   assessed_on=as_of, valid_from=valid_from, valid_until=valid_until)
    return rows, points


def _point(series_id: str, goal_id: str | None, role: str, seq: int, date: dt.date | None, fact: dict) -> dict:
    return {"series_id": series_id, "goal_id": goal_id, "role": role, "seq": seq, "date": date,
            "fact_id": fact["fact_id"]}


def _point_order(point: dict) -> tuple:
    """ORDER BY series_id, goal_id, seq: text compares as UTF-8 bytes, i.e. by code point, and a missing
    goal_id (an actual's) sorts last."""
    return point["series_id"], point["goal_id"] is None, point["goal_id"] or "", point["seq"]


def _replace_inputs(con: duckdb.DuckDBPyConnection, keys: set[tuple[str, str, str]], recomputed: list[tuple]) -> None:
    """`goal_inputs`: the fingerprints of the series just recomputed, the others' as they were."""
    kept = [row for row in con.execute("SELECT indicator, region, unit_base, fingerprint FROM goal_inputs").fetchall()
            if link_key(*row[:3]) not in keys]
    con.execute("DELETE FROM goal_inputs")
    insert_rows(con, "goal_inputs", [dict(zip(("indicator", "region", "unit_base", "fingerprint"), row))
                                     for row in [*kept, *recomputed]])
