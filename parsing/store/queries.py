"""Read-side queries on the fact store, shared by the dashboard and the `export` command.

Every user-supplied value goes in as a query parameter; the SQL text is assembled only from fixed
fragments chosen by which filters are set. All functions take an open connection (see `connect`) and
return pandas DataFrames (or a list for `years`).

Every query reads the `corrected_facts` view: the extracted facts with people's corrections applied and
rejected facts left out (parsing.store.corrections_apply).

Connections are read-only by default, so any number of readers can share the file. The ingest never
writes into the file readers have open: it writes a copy and atomically renames it into place
(`parsing.store.ingest`). A reader keeps seeing the snapshot it opened; reconnect to see new data —
`database_stamp(db_path)` changes whenever a new database has been swapped in. Close connections you no
longer need: DuckDB hands a new `connect` to the same path the already-open (old) database while any
connection to it is still open in the process.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ..fact import FACT_FIELDS
from .arrow import arrow_table

if TYPE_CHECKING:  # DuckDB makes the DataFrames (`.df()`); the ingest, which asks for none, loads no pandas
    import pandas as pd

SUB_PROVINCIAL_LEVELS = ("city", "district")


@dataclass(frozen=True)
class FactFilter:
    """Which facts to show. Empty tuples and None mean "no restriction".

    indicators: canonical Chinese indicator names (facts.indicator).
    indicator_keys: theme keys (facts.indicator_key).
    regions: canonical region names (facts.region), e.g. 山东省, 全国, 东部地区, 深圳市.
    kinds: actual | target | forecast | incentive.
    year_from / year_to: inclusive bounds on facts.year; when either is set, facts without a year drop out.
    roll_up_cities: report a city/district fact under its province (region := province, region_level :=
        'province'; the original stays in `source_region`), so a province filter also matches its cities.
    source: a document's file name (facts.source).
    unit_bases: base units (facts.unit_base), e.g. 个 or %.
    """
    indicators: tuple[str, ...] = ()
    indicator_keys: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    roll_up_cities: bool = False
    source: str | None = None
    unit_bases: tuple[str, ...] = ()


FACT_COLUMNS: tuple[str, ...] = FACT_FIELDS + ("source_region", "fact_id", "document_id", "document_date",
                                               "article_id", "corrected")
"""Columns of `facts()` and `document_facts()`, in order. `source_region` is the fact's own region; it
differs from `region` only for rolled-up city/district facts. `corrected` is true when a correction
(parsing.store.corrections) changed the fact; its other columns are then the corrected values."""

SERIES_COLUMNS: tuple[str, ...] = ("indicator", "indicator_key", "region", "region_level", "province", "kind",
                                   "year", "period", "value", "value_high", "unit_raw", "value_base",
                                   "unit_base", "comparator", "n_mentions", "sources", "conflicting",
                                   "source_region")
"""Columns of `series()`: the `series` view (one row per indicator, region, kind, year, period and unit,
merging repeated mentions) plus `source_region` as in `facts()`."""


def connect(db_path: Path | str, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the store. Raises FileNotFoundError (not a DuckDB error) when the file does not exist.

    Keep the default: a read-write connection locks every other process out of the file. Writing is the
    ingest's job (`parsing.store.ingest.build_database`), which never opens the live file for writing.
    """
    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise FileNotFoundError(f"no fact database at {db_path}")
    return duckdb.connect(str(db_path), read_only=read_only)


def database_stamp(db_path: Path | str) -> tuple[int, int] | None:
    """Identity of the database file currently in place (inode, mtime); None if there is none.

    Use it as a cache key: it changes exactly when an ingest has swapped in a new database.
    """
    try:
        status = Path(db_path).stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def facts(con: duckdb.DuckDBPyConnection, flt: FactFilter = FactFilter()) -> pd.DataFrame:
    """Facts matching the filter, one row per mention, ordered by year, region, source and line."""
    where, params = _where(flt)
    return _fact_rows(con, flt.roll_up_cities, where, params)


def document_facts(con: duckdb.DuckDBPyConnection, document_id: int) -> pd.DataFrame:
    """All facts of one document (columns as `facts`), in source-line order."""
    return _fact_rows(con, False, ["f.document_id = ?"], [document_id], order="line, fact_id")


def series(con: duckdb.DuckDBPyConnection, flt: FactFilter = FactFilter()) -> pd.DataFrame:
    """Rows of the `series` view matching the filter, ordered by indicator, region, kind and year.

    With `source` set, the rows whose sources include that document. With `roll_up_cities`, city and
    district rows keep their own row (values of different cities are never added up) but are reported
    under their province.
    """
    where, params = _where(flt, table="s", source_clause="list_contains(s.sources, ?)")
    fields = _select_list("s", SERIES_COLUMNS, flt.roll_up_cities)
    sql = f"""
        SELECT * FROM (SELECT {fields} FROM series s {_where_sql(where)})
        ORDER BY indicator, region, kind, year NULLS LAST, period, source_region, unit_base"""
    return con.execute(sql, params).df()


def facts_page(con: duckdb.DuckDBPyConnection, flt: FactFilter, limit: int) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows of `facts(con, flt)` and how many rows it has in all: what a table shows
    without the rest leaving the database."""
    where, params = _where(flt)
    total = con.execute(f"SELECT count(*) FROM corrected_facts f {_where_sql(where)}", params).fetchall()[0][0]
    return _fact_rows(con, flt.roll_up_cities, where, params, limit=limit), total


def chart_series(con: duckdb.DuckDBPyConnection, flt: FactFilter, max_regions: int,
                 level_order: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """The rows of `series(con, flt)` that have a year, of at most `max_regions` regions — the broadest
    first (their level's place in `level_order`, unknown levels last), then those with most rows, then by
    name — and how many regions with a year were left out. Only what a chart draws leaves the database,
    and the series view (the costly part) is only worked out for those regions."""
    where, params = _where(flt)
    where.append("f.year IS NOT NULL")
    # A series row is one distinct key; the region it is reported under is worked out per key, not per fact.
    region, level = _reported_region("k", flt.roll_up_cities)
    ranking = con.execute(f"""
        WITH k AS (
            SELECT DISTINCT f.region, f.region_level, f.province, f.indicator, f.indicator_key, f.kind, f.year,
                   f.period, f.unit_base
            FROM corrected_facts f {_where_sql(where)})
        SELECT {region} AS reported, count(*) OVER () AS n_regions FROM k
        GROUP BY reported
        ORDER BY coalesce(min(list_position(?::VARCHAR[], {level})), 1000), count(*) DESC, reported
        LIMIT ?""", [*params, list(level_order), max_regions]).fetchall()
    if not ranking:
        return series(con, replace(flt, year_from=0, year_to=-1)), 0
    drawn = [row[0] for row in ranking]
    where, params = _where(flt, table="s", source_clause="list_contains(s.sources, ?)")
    region, _level = _reported_region("s", flt.roll_up_cities)
    where += ["s.year IS NOT NULL", f"{region} IN {_placeholders(drawn)}"]
    sql = f"""
        SELECT * FROM (SELECT {_select_list("s", SERIES_COLUMNS, flt.roll_up_cities)} FROM series s {_where_sql(where)})
        ORDER BY indicator, region, kind, year NULLS LAST, period, source_region, unit_base"""
    # Through Arrow: the `sources` lists of thousands of rows (a rolled-up chart) come out faster so.
    rows = con.sql(sql, params=[*params, *drawn]).to_arrow_table().to_pandas()
    return rows, ranking[0][1] - len(drawn)


GOALS_LISTED = 5  # per indicator in a province's profile; the rest are a click away


def province_profile(con: duckdb.DuckDBPyConnection, province: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A province with its cities rolled up, by indicator, worked out in the database.

    Returns (indicators, goals). indicators: indicator, n_facts, n_targets, and the latest actual's
    value, value_high, value_base, unit_base, comparator, year, period (NULL without actuals) — latest by year, then the
    province's own figure before a city's, then document date and line. goals: the last GOALS_LISTED
    distinct targets (indicator, year, value_base, unit_base) of each indicator in that order, with
    n_goals, how many distinct targets it has.
    """
    where, params = _where(FactFilter(regions=(province,), roll_up_cities=True))
    region, _level = _reported_region("f", True)
    # Oldest first, ties in the order `facts` lists rows; undated and yearless rows count as oldest. The
    # latest and the first row are picked by arg_max / arg_min over this key (fact_id makes it unique), not
    # by numbering sorted rows: a sort of every fact of the province costs several times more.
    age = (f"(coalesce(f.year, -1), ({region}) = f.region, coalesce(d.date, DATE '0001-01-01'), f.line, "
           "f.source, f.fact_id)")
    in_view = f"FROM corrected_facts f JOIN documents d USING (document_id) {_where_sql(where)}"
    indicators = con.execute(f"""
        WITH counted AS (
            SELECT f.indicator, count(*) AS n_facts, count(*) FILTER (WHERE f.kind = 'target') AS n_targets,
                   arg_max({{'value': f.value, 'value_high': f.value_high, 'value_base': f.value_base,
                             'unit_base': f.unit_base, 'comparator': f.comparator, 'year': f.year,
                             'period': f.period}}, {age}) FILTER (WHERE f.kind = 'actual') AS latest
            {in_view} GROUP BY f.indicator)
        SELECT indicator, n_facts, n_targets, latest.value AS value, latest.value_high AS value_high,
               latest.value_base AS value_base, latest.unit_base AS unit_base, latest.comparator AS comparator,
               latest.year AS year, latest.period AS period
        FROM counted ORDER BY indicator""", params).df()
    goals = con.execute(f"""
        WITH distinct_goals AS (
            SELECT f.indicator, f.year, f.value_base, f.unit_base, min({age}) AS place,
                   arg_min({{'value': f.value, 'value_high': f.value_high, 'comparator': f.comparator,
                             'period': f.period}}, {age}) AS first
            {in_view} AND f.kind = 'target'
            GROUP BY f.indicator, f.year, f.value_base, f.unit_base),
        numbered AS (
            SELECT *, row_number() OVER (PARTITION BY indicator ORDER BY place) AS k,
                   count(*) OVER (PARTITION BY indicator) AS n_goals
            FROM distinct_goals)
        SELECT indicator, first.value AS value, first.value_high AS value_high, value_base, unit_base,
               first.comparator AS comparator, year, first.period AS period, n_goals
        FROM numbered
        WHERE k > n_goals - ? ORDER BY indicator, k""", [*params, GOALS_LISTED]).df()
    return indicators, goals


MAP_LEVELS = ("province", "national")


def map_years(con: duckdb.DuckDBPyConnection, indicator: str, kind: str) -> tuple[str | None, list[int]]:
    """For a map of an indicator's figures of a kind: the base unit most province and national figures
    are in (ties: the first by name) and the years that unit has figures for, latest first."""
    # Counted on the facts' series keys (a `series` row is one distinct key), not on the `series` view: the
    # view's merged values and source lists are not needed here and cost most of its time.
    rows = con.execute(f"""
        WITH keys AS (
            SELECT DISTINCT f.indicator_key, f.region, f.region_level, f.province, f.year, f.period, f.unit_base
            FROM corrected_facts f JOIN documents d USING (document_id)
            WHERE f.indicator = ? AND f.kind = ? AND f.region_level IN {MAP_LEVELS} AND f.year IS NOT NULL),
        counted AS (
            SELECT unit_base, list(DISTINCT year ORDER BY year DESC) AS years, count(*) AS n
            FROM keys GROUP BY unit_base)
        SELECT unit_base, years FROM counted ORDER BY n DESC, unit_base LIMIT 1""", [indicator, kind]).fetchall()
    return (rows[0][0], [int(y) for y in rows[0][1]]) if rows else (None, [])


def map_values(con: duckdb.DuckDBPyConnection, indicator: str, kind: str, unit_base: str, year: int) -> pd.DataFrame:
    """One `series` row per province and for the nation in a year, with `n_figures`, how many it has that
    year. A region with several (H1, Jan–May, the full year) gives its full-year figure (period empty or
    the year), else the latest period."""
    return con.execute(f"""
        SELECT * EXCLUDE (place) FROM (
            SELECT *, count(*) OVER (PARTITION BY region) AS n_figures, row_number() OVER (
                PARTITION BY region
                ORDER BY (period IS NULL OR period = CAST(year AS VARCHAR)) DESC, period DESC NULLS LAST) AS place
            FROM series
            WHERE indicator = ? AND kind = ? AND unit_base = ? AND year = ? AND region_level IN {MAP_LEVELS})
        WHERE place = 1 ORDER BY region""", [indicator, kind, unit_base, int(year)]).df()


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Indicators with facts or in the catalog: indicator, indicator_key, english, theme_zh, theme_en,
    unit_base (the most common base unit of its facts), n_facts. Ordered by theme, then most facts."""
    return con.execute("""
        WITH by_unit AS (
            SELECT indicator, indicator_key, unit_base, count(*) AS n
            FROM corrected_facts GROUP BY indicator, indicator_key, unit_base
        ), counted AS (
            SELECT indicator, indicator_key, arg_max(unit_base, (n, unit_base)) AS unit_base, sum(n) AS n_facts
            FROM by_unit GROUP BY indicator, indicator_key
        ), listed AS (
            SELECT coalesce(c.indicator, i.indicator) AS indicator,
                   coalesce(c.indicator_key, i.indicator_key) AS indicator_key,
                   i.english, c.unit_base, coalesce(c.n_facts, 0) AS n_facts
            FROM counted c FULL OUTER JOIN indicators i ON c.indicator = i.indicator
        )
        SELECT l.indicator, l.indicator_key, l.english, t.zh AS theme_zh, t.en AS theme_en, l.unit_base,
               l.n_facts
        FROM listed l LEFT JOIN themes t ON t.theme_key = l.indicator_key
        ORDER BY l.indicator_key, l.n_facts DESC, l.indicator""").df()


def regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Regions with facts or in the catalog: region, level, province, macro_region, code, english,
    n_facts (facts naming the region itself) and n_facts_with_cities (plus its cities' and districts'
    facts, i.e. what a rolled-up province filter matches). Ordered by level, code, name."""
    return con.execute(f"""
        WITH own AS (
            SELECT region, province, any_value(region_level) AS level, count(*) AS n_facts
            FROM corrected_facts GROUP BY region, province
        ), below AS (
            SELECT province AS region, province, sum(n_facts) AS n_below
            FROM own WHERE level IN {SUB_PROVINCIAL_LEVELS} AND province IS NOT NULL
            GROUP BY province
        ), listed AS (
            SELECT coalesce(r.name, o.region) AS region, coalesce(r.level, o.level) AS level,
                   coalesce(r.province, o.province) AS province, r.macro_region, r.code, r.english,
                   coalesce(o.n_facts, 0) AS n_facts
            FROM regions r FULL OUTER JOIN own o
                 ON r.name = o.region AND r.province IS NOT DISTINCT FROM o.province
        )
        SELECT l.*, l.n_facts + coalesce(b.n_below, 0) AS n_facts_with_cities
        FROM listed l LEFT JOIN below b ON b.region = l.region AND b.province = l.province
        ORDER BY list_position(['world', 'national', 'macro_region', 'province', 'city', 'district',
                                'country', 'other'], l.level), l.code NULLS LAST, l.region""").df()


def regions_with_facts(con: duckdb.DuckDBPyConnection, indicator: str, roll_up_cities: bool = False) -> set[str]:
    """Regions with (corrected) facts for `indicator`; with `roll_up_cities`, also each province one of
    whose cities or districts has some (what a rolled-up province filter would match)."""
    rows = con.execute(f"""
        SELECT DISTINCT region FROM corrected_facts WHERE indicator = $indicator
        UNION
        SELECT DISTINCT province FROM corrected_facts
        WHERE $roll_up AND indicator = $indicator AND region_level IN {SUB_PROVINCIAL_LEVELS}
              AND province IS NOT NULL""", {"indicator": indicator, "roll_up": roll_up_cities}).fetchall()
    return {region for (region,) in rows}


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Distinct fact years, ascending."""
    return [row[0] for row in con.execute(
        "SELECT DISTINCT year FROM corrected_facts WHERE year IS NOT NULL ORDER BY year").fetchall()]


def documents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Ingested documents: document_id, file_name, title, date, kind, n_facts, ingested_at (newest first)."""
    return con.execute("""
        WITH counted AS (SELECT document_id, count(*) AS n_facts FROM corrected_facts GROUP BY document_id)
        SELECT d.document_id, d.file_name, d.title, d.date, d.kind, coalesce(c.n_facts, 0) AS n_facts,
               d.ingested_at
        FROM documents d LEFT JOIN counted c USING (document_id)
        ORDER BY d.date DESC NULLS LAST, d.file_name""").df()


TRACKED_KINDS = ("target", "actual")
# Everything goal tracking reads of a fact: a change to any of these changes a series' fingerprint.
_TRACKED_FIELDS = ", ".join(["f.fact_id", "d.date", *(f"f.{name}" for name in FACT_FIELDS)])
_SERIES_MATCH = ("EXISTS (SELECT 1 FROM wanted_series w WHERE w.indicator = f.indicator"
                 " AND w.region = f.region AND w.unit_base = f.unit_base)")


def tracking_facts(con: duckdb.DuckDBPyConnection,
                   series: Iterable[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """The target and actual facts goal tracking reads (columns and order as `facts`), all of them or only
    those of the given (indicator, region, unit_base) series. Goal tracking reads facts only through here,
    `tracking_rows` and `tracking_fingerprints`, so all must read the same rows."""
    return _tracked(con, series, lambda result: result.df())


def tracking_rows(con: duckdb.DuckDBPyConnection,
                  series: Iterable[tuple[str, str, str]] | None = None) -> tuple[list[str], list[tuple]]:
    """`tracking_facts` as column names and plain rows (missing values None, dates as dates): for the
    ingest's goal refresh, which reads every row once and needs no DataFrame of them."""
    def plain(result: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
        return [column[0] for column in result.description], result.fetchall()
    return _tracked(con, series, plain)


def _tracked(con, series: Iterable[tuple[str, str, str]] | None, fetch):
    where, params = _where(FactFilter(kinds=TRACKED_KINDS))
    if series is None:
        return fetch(_fact_result(con, False, where, params))
    series = list(series)
    if not series:     # nothing to read: no scan of the facts
        return fetch(_fact_result(con, False, [*where, "FALSE"], params))
    with _series_table(con, series):
        return fetch(_fact_result(con, False, [*where, _SERIES_MATCH], params))


def tracking_fingerprints(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """(indicator, region, unit_base, fingerprint): one row per series of target and actual facts; the
    fingerprint (an order-free hash of every field tracking reads) changes whenever any of its facts does."""
    where, params = _where(FactFilter(kinds=TRACKED_KINDS))
    return con.execute(f"""
        SELECT f.indicator, f.region, f.unit_base, bit_xor(hash({_TRACKED_FIELDS})) AS fingerprint
        FROM corrected_facts f JOIN documents d USING (document_id) {_where_sql(where)}
        GROUP BY f.indicator, f.region, f.unit_base""", params).fetchall()


def goals_assessed_on(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The day the stored goals were last refreshed, or None when the store holds no goal table yet
    (written before goals were stored, or by a writer that bypassed the ingest)."""
    rows = con.execute("SELECT value FROM meta WHERE key = 'goals_assessed_on'").fetchall()
    return dt.date.fromisoformat(rows[0][0]) if rows else None


def stored_goals(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every row of the `goals` table in the order `track_targets` lists goals. Read through Arrow and put in
    order by `position` in pandas: a hundred thousand wide rows come out several times faster so."""
    rows = con.sql("SELECT * FROM goals").to_arrow_table().to_pandas()
    return rows.sort_values("position", kind="stable").reset_index(drop=True)


def goal_statement_facts(con: duckdb.DuckDBPyConnection, goal_id: str) -> pd.DataFrame:
    """The stored statements of one goal: `date` (the document's) then the columns of `facts`."""
    return _point_rows(con, "p.goal_id = ? AND p.role = 'statement'", [goal_id])


def series_actual_facts(con: duckdb.DuckDBPyConnection, series_id: str, as_of: dt.date) -> pd.DataFrame:
    """The stored actuals of one series measured on or before `as_of`: `date` then the columns of `facts`."""
    return _point_rows(con, "p.series_id = ? AND p.role = 'actual' AND p.date <= ?", [series_id, as_of])


def _point_rows(con, where: str, params: list) -> pd.DataFrame:
    fields = _select_list("f", FACT_COLUMNS, False, document_date="d.date AS document_date")
    return con.execute(f"""
        SELECT p.date, {fields}
        FROM goal_points p JOIN corrected_facts f USING (fact_id) JOIN documents d ON d.document_id = f.document_id
        WHERE {where} ORDER BY p.seq""", params).df()


@contextmanager
def _series_table(con, series: list[tuple[str, str, str]]):
    """`wanted_series` (indicator, region, unit_base) visible to queries on `con` while in the block."""
    indicators, regions, units = (list(column) for column in zip(*series))
    con.register("wanted_series", arrow_table({"indicator": ("VARCHAR", indicators), "region": ("VARCHAR", regions),
                                               "unit_base": ("VARCHAR", units)}))
    try:
        yield
    finally:
        con.unregister("wanted_series")


def _fact_rows(con, roll_up: bool, where: list[str], params: list,
               order: str = "year NULLS LAST, region, source, line, fact_id", limit: int | None = None) -> pd.DataFrame:
    return _fact_result(con, roll_up, where, params, order, limit).df()


def _fact_result(con, roll_up: bool, where: list[str], params: list,
                 order: str = "year NULLS LAST, region, source, line, fact_id", limit: int | None = None):
    """The executed query of `_fact_rows`, its rows not fetched yet."""
    fields = _select_list("f", FACT_COLUMNS, roll_up, document_date="d.date AS document_date")
    sql = f"""
        SELECT * FROM (
            SELECT {fields}
            FROM corrected_facts f JOIN documents d USING (document_id)
            {_where_sql(where)}
        ) ORDER BY {order}""" + (" LIMIT ?" if limit is not None else "")
    return con.execute(sql, params + ([int(limit)] if limit is not None else []))


def _reported_region(table: str, roll_up: bool) -> tuple[str, str]:
    """SQL for the region and level a row of `table` is reported under: its own, or, rolling cities up, a
    city's or district's province."""
    if not roll_up:
        return f"{table}.region", f"{table}.region_level"
    rolled = f"{table}.region_level IN {SUB_PROVINCIAL_LEVELS} AND {table}.province IS NOT NULL"
    return (f"CASE WHEN {rolled} THEN {table}.province ELSE {table}.region END",
            f"CASE WHEN {rolled} THEN 'province' ELSE {table}.region_level END")


def _select_list(table: str, columns: tuple[str, ...], roll_up: bool, **special: str) -> str:
    """SELECT expressions for `columns` of `table`, reporting region and level rolled up when asked."""
    region, level = _reported_region(table, roll_up)
    expressions = {"region": f"{region} AS region", "region_level": f"{level} AS region_level"}
    expressions["source_region"] = f"{table}.region AS source_region"
    expressions.update(special)
    return ", ".join(expressions.get(column, f"{table}.{column}") for column in columns)


def _where(flt: FactFilter, table: str = "f", source_clause: str | None = None) -> tuple[list[str], list]:
    """WHERE clauses (fixed SQL) and their parameters (the user's values) for a filter."""
    clauses: list[str] = []
    params: list = []

    def add(clause: str, *values) -> None:
        clauses.append(clause)
        params.extend(values)

    if flt.indicators:
        add(f"{table}.indicator IN {_placeholders(flt.indicators)}", *flt.indicators)
    if flt.indicator_keys:
        add(f"{table}.indicator_key IN {_placeholders(flt.indicator_keys)}", *flt.indicator_keys)
    if flt.kinds:
        add(f"{table}.kind IN {_placeholders(flt.kinds)}", *flt.kinds)
    if flt.regions:
        own_region = f"{table}.region IN {_placeholders(flt.regions)}"
        if flt.roll_up_cities:
            add(f"({own_region} OR ({table}.region_level IN {SUB_PROVINCIAL_LEVELS}"
                f" AND {table}.province IN {_placeholders(flt.regions)}))", *flt.regions, *flt.regions)
        else:
            add(own_region, *flt.regions)
    if flt.year_from is not None:
        add(f"{table}.year >= ?", int(flt.year_from))
    if flt.year_to is not None:
        add(f"{table}.year <= ?", int(flt.year_to))
    if flt.source is not None:
        add(source_clause or f"{table}.source = ?", flt.source)
    if flt.unit_bases:
        add(f"{table}.unit_base IN {_placeholders(flt.unit_bases)}", *flt.unit_bases)
    return clauses, params


def _placeholders(values: tuple) -> str:
    """`(?, ?, ?)` for the values: an IN list keeps DuckDB's min/max pruning, unlike a list parameter."""
    return "(" + ", ".join("?" * len(values)) + ")"


def _where_sql(clauses: list[str]) -> str:
    return "WHERE " + " AND ".join(clauses) if clauses else ""
