"""Corrections in the store: load the corrections file, find each row's fact, materialise corrected facts.

The extracted `facts` table is never changed. `apply_corrections` replaces the `corrections` table with the
file's rows, each with the fact it found, and rebuilds `corrected_rows` (the corrected copy of each
corrected fact); the `corrected_facts` view that every reader uses puts them together (store_schema.sql).
So a re-ingest that rewrites a document's facts, a full rebuild, and an undo (a row deleted from the file)
all come down to applying the file again.

Finding a fact: same source and unit_base, value_base within 0.5% (FACTS.md's "same value"), and the same
quote — or, when the extractor now cuts the sentence differently, a quote containing the other within two
lines. Among several, the nearest line wins. A row that finds none is orphaned: kept and reported.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .corrections import COLUMNS, Correction, Vocabulary, corrections_csv_bytes, validate
from .catalogs import read_indicators, read_regions
from .write import insert_columns, insert_rows

if TYPE_CHECKING:
    import pandas as pd

STATES = ("applied", "orphaned")

_MATCH_SQL = """
    SELECT c.correction_id, f.fact_id
    FROM corrections c JOIN facts f
      ON f.source = c.source AND f.unit_base = c.unit_base
     AND abs(f.value_base - c.value_base) <= 0.005 * abs(c.value_base)
     AND (f.quote = c.quote
          OR (abs(f.line - c.line) <= 2 AND (contains(f.quote, c.quote) OR contains(c.quote, f.quote))))
    QUALIFY row_number() OVER (PARTITION BY c.correction_id
                               ORDER BY f.quote = c.quote DESC, abs(f.line - c.line), f.fact_id) = 1"""


def corrections_hash(corrections: list[Correction]) -> str:
    """Fingerprint of a set of corrections (as the file would hold them)."""
    return hashlib.sha256(corrections_csv_bytes(corrections)).hexdigest()


def applied_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    """Fingerprint of the corrections the store last applied (None: never)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'corrections_hash'").fetchone()
    return row[0] if row else None


def store_vocabulary(con: duckdb.DuckDBPyConnection) -> Vocabulary:
    """Region and indicator names a correction may set, from the store's catalog tables."""
    return Vocabulary(regions=frozenset(r[0] for r in con.execute("SELECT name FROM regions").fetchall()),
                      indicators=frozenset(r[0] for r in con.execute("SELECT indicator FROM indicators").fetchall()))


def file_vocabulary(catalog_dir: Path) -> Vocabulary:
    """The same names read from the catalog files (for checking a file without a database)."""
    return Vocabulary(regions=frozenset(row[1] for row in read_regions(catalog_dir)),
                      indicators=frozenset(row[0] for row in read_indicators(catalog_dir)))


def apply_corrections(con: duckdb.DuckDBPyConnection, corrections: list[Correction]) -> None:
    """Replace the store's corrections by `corrections` and rebuild the corrected facts, in one transaction."""
    corrections = [validate(c) for c in corrections]   # in canonical form, as read from a file
    con.begin()
    try:
        con.execute("DELETE FROM corrections")
        con.execute("DELETE FROM corrected_rows")
        if corrections:
            _insert_corrections(con, corrections)
            con.execute(f"""UPDATE corrections SET fact_id = m.fact_id FROM ({_MATCH_SQL}) m
                            WHERE corrections.correction_id = m.correction_id""")
            _materialise(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('corrections_hash', ?)", [corrections_hash(corrections)])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def correction_states(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The applied corrections, one row each: the file's columns, `state` (applied | orphaned), the
    fact_id, and the fact as extracted (`extracted_*`) for the fields a correction can change."""
    return con.execute(f"""
        SELECT {', '.join('c.' + c for c in COLUMNS)}, c.correction_id, c.fact_id,
               CASE WHEN f.fact_id IS NULL THEN 'orphaned' ELSE 'applied' END AS state,
               f.region AS extracted_region, f.year AS extracted_year, f.kind AS extracted_kind,
               f.indicator AS extracted_indicator, f.value_base AS extracted_value_base,
               f.comparator AS extracted_comparator
        FROM corrections c LEFT JOIN facts f USING (fact_id)
        ORDER BY c.correction_id""").df()


def correction_of_row(row) -> Correction:
    """A Correction from a row of `correction_states` (for undo)."""
    return Correction(source=row["source"], line=int(row["line"]), quote=row["quote"],
                      value_base=float(row["value_base"]), unit_base=row["unit_base"], field=row["field"],
                      new_value=row["new_value"], comment=row["comment"],
                      created_at=_iso(row["created_at"]))


def extracted_fact_key(con: duckdb.DuckDBPyConnection, fact_id: int) -> dict:
    """The extracted fact's source, line, quote, value_base and unit_base: a correction's first columns
    (never the corrected values, so the row finds the fact again after any other correction)."""
    row = con.execute("SELECT source, line, quote, value_base, unit_base FROM facts WHERE fact_id = ?",
                      [int(fact_id)]).fetchone()
    if row is None:
        raise KeyError(f"no extracted fact {fact_id}")
    return dict(zip(("source", "line", "quote", "value_base", "unit_base"), row))


def _iso(created_at) -> str:
    """A `created_at` of `correction_states` (a pandas Timestamp) as the file writes it."""
    import pandas as pd  # the dashboard's undo has it loaded; the ingest, which never calls this, does not
    return pd.Timestamp(created_at).isoformat()


def _insert_corrections(con: duckdb.DuckDBPyConnection, corrections: list[Correction]) -> None:
    columns = {name: [getattr(c, name) for c in corrections] for name in COLUMNS}
    columns["created_at"] = [dt.datetime.fromisoformat(c.created_at) for c in corrections]
    insert_columns(con, "corrections", {"correction_id": list(range(1, len(corrections) + 1)), **columns})


def _materialise(con: duckdb.DuckDBPyConnection) -> None:
    """Write the corrected copy of every matched fact that no row rejects."""
    facts = con.execute("""
        SELECT * FROM facts WHERE fact_id IN (SELECT fact_id FROM corrections)
          AND fact_id NOT IN (SELECT fact_id FROM corrections WHERE field = 'reject' AND fact_id IS NOT NULL)
        ORDER BY fact_id""")
    names = [column[0] for column in facts.description]
    rows = {row["fact_id"]: row for row in (dict(zip(names, values)) for values in facts.fetchall())}
    changes = con.execute("""
        SELECT fact_id, field, new_value FROM corrections WHERE fact_id IS NOT NULL AND field <> 'reject'
        ORDER BY created_at, correction_id""").fetchall()
    regions = {name: (level, province) for name, level, province in con.execute(
        "SELECT name, arg_min(level, code), arg_min(province, code) FROM regions GROUP BY name").fetchall()}
    indicator_keys = dict(con.execute("SELECT indicator, indicator_key FROM indicators").fetchall())
    for fact_id, field, new_value in changes:
        if fact_id in rows:
            _set_field(rows[fact_id], field, new_value, regions, indicator_keys)
    insert_rows(con, "corrected_rows", list(rows.values()))


def _set_field(fact: dict, field: str, new_value: str, regions: dict, indicator_keys: dict) -> None:
    """Change one field, and the fields that follow from it (a region's level and province, an
    indicator's theme key, a year inside the period, the value in its raw unit)."""
    if field == "region":
        fact["region"] = new_value
        fact["region_level"], fact["province"] = regions.get(new_value, ("other", None))
    elif field == "indicator":
        fact["indicator"] = new_value
        fact["indicator_key"] = indicator_keys.get(new_value, "other")
    elif field == "year":
        old, fact["year"] = fact["year"], int(new_value)
        fact["period"] = _period_with_year(fact["period"], old, fact["year"])
    elif field == "value_base":
        new, old = float(new_value), fact["value_base"]
        if old:
            ratio = new / old
            fact["value"] *= ratio
            fact["value_high"] = fact["value_high"] * ratio if fact["value_high"] is not None else None
        fact["value_base"] = new
    else:  # kind, comparator: plain values
        fact[field] = new_value


def _period_with_year(period: str | None, old: int | None, new: int) -> str:
    """The period moved to the corrected year: "as of 2022-07" → "as of 2023-07"; otherwise the bare year."""
    if period and old is not None and str(old) in period:
        return re.sub(rf"(?<!\d){old}(?!\d)", str(new), period)
    return str(new)
