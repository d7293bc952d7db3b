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

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..fact import FACT_FIELDS

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
    """
    indicators: tuple[str, ...] = ()
    indicator_keys: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    roll_up_cities: bool = False
    source: str | None = None


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


def _fact_rows(con, roll_up: bool, where: list[str], params: list,
               order: str = "year NULLS LAST, region, source, line, fact_id") -> pd.DataFrame:
    fields = _select_list("f", FACT_COLUMNS, roll_up, document_date="d.date AS document_date")
    sql = f"""
        SELECT * FROM (
            SELECT {fields}
            FROM corrected_facts f JOIN documents d USING (document_id)
            {_where_sql(where)}
        ) ORDER BY {order}"""
    return con.execute(sql, params).df()


def _select_list(table: str, columns: tuple[str, ...], roll_up: bool, **special: str) -> str:
    """SELECT expressions for `columns` of `table`, reporting region and level rolled up when asked."""
    expressions = {"region": f"{table}.region", "region_level": f"{table}.region_level"}
    if roll_up:
        rolled = f"{table}.region_level IN {SUB_PROVINCIAL_LEVELS} AND {table}.province IS NOT NULL"
        expressions = {"region": f"CASE WHEN {rolled} THEN {table}.province ELSE {table}.region END",
                       "region_level": f"CASE WHEN {rolled} THEN 'province' ELSE {table}.region_level END"}
    expressions = {name: f"{sql} AS {name}" for name, sql in expressions.items()}
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
    return clauses, params


def _placeholders(values: tuple) -> str:
    """`(?, ?, ?)` for the values: an IN list keeps DuckDB's min/max pruning, unlike a list parameter."""
    return "(" + ", ".join("?" * len(values)) + ")"


def _where_sql(clauses: list[str]) -> str:
    return "WHERE " + " AND ".join(clauses) if clauses else ""
