"""The DuckDB fact store: schema, and writing one document's articles and facts in one transaction.

The schema lives in `schema.sql` (documented in the README). Writers go through `open_writable`;
readers use `parsing.store.queries.connect` (read-only). How the two coexist is in `parsing.store.ingest`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ..extraction.assemble import Article, Extraction
from ..fact import FACT_FIELDS, Fact

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# Facts are kept physically sorted by what the dashboard filters on, so DuckDB's per-row-group min/max
# statistics skip most of the table: at 1,000,000 facts a filtered query reads one row group instead of all.
CLUSTER_ORDER = "indicator_key, indicator, region, year, fact_id"
# Rows appended since the last sort sit unsorted at the end of the table; re-sort when they exceed this
# share of all facts (sorting a million facts takes seconds, so not on every small ingest).
RECLUSTER_SHARE = 0.05

# Arrow types of the fact fields, so a batch whose column is all null still gets the right type.
_FACT_ARROW_TYPES = {
    "source": pa.string(), "line": pa.int32(), "quote": pa.string(), "article": pa.string(),
    "region": pa.string(), "region_level": pa.string(), "province": pa.string(),
    "indicator": pa.string(), "indicator_key": pa.string(), "kind": pa.string(),
    "value": pa.float64(), "value_high": pa.float64(), "unit_raw": pa.string(),
    "value_base": pa.float64(), "unit_base": pa.string(), "comparator": pa.string(),
    "year": pa.int32(), "period": pa.string(), "yoy_pct": pa.float64(),
}
assert tuple(_FACT_ARROW_TYPES) == FACT_FIELDS, "keep the Arrow types in step with parsing.fact.Fact"
FACTS_ARROW_SCHEMA = pa.schema([("document_id", pa.int32()), ("article_id", pa.int32())]
                               + list(_FACT_ARROW_TYPES.items()))


@dataclass(frozen=True)
class StoredFile:
    """What the store records about a file besides its extraction."""
    file_name: str
    path: str
    content_hash: str
    n_bytes: int
    format: str
    encoding: str


def open_writable(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a database for writing and make sure the schema is in place."""
    con = duckdb.connect(str(db_path))
    create_schema(con)
    return con


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table, sequence and view that does not exist yet (the SQL is idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def stored_hash(con: duckdb.DuckDBPyConnection, file_name: str) -> str | None:
    """Content hash recorded for a file name, or None if it was never ingested."""
    row = con.execute("SELECT content_hash FROM documents WHERE file_name = ?", [file_name]).fetchone()
    return row[0] if row else None


def stored_date(con: duckdb.DuckDBPyConnection, file_name: str) -> dt.date | None:
    """The date recorded for a file name (None: undated or never ingested)."""
    row = con.execute("SELECT date FROM documents WHERE file_name = ?", [file_name]).fetchone()
    return row[0] if row else None


def write_document(con: duckdb.DuckDBPyConnection, stored: StoredFile, extraction: Extraction) -> int:
    """Insert or replace one document with its articles and facts, all in one transaction.

    A file name seen before keeps its document_id and has its articles and facts replaced. On any error
    the transaction is rolled back, so the database is exactly as it was, and the error propagates.
    Returns the document_id.
    """
    con.begin()
    try:
        document_id = _upsert_document(con, stored, extraction)
        con.execute("DELETE FROM facts WHERE document_id = ?", [document_id])
        con.execute("DELETE FROM articles WHERE document_id = ?", [document_id])
        article_ids = _insert_articles(con, document_id, extraction.articles)
        _insert_facts(con, document_id, extraction.facts, _article_resolver(extraction.articles, article_ids))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return document_id


def cluster_facts(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Re-sort the facts table in CLUSTER_ORDER if enough facts were added since the last sort (or `force`).

    One transaction; returns True if the table was rewritten.
    """
    sorted_up_to = con.execute("SELECT value FROM meta WHERE key = 'clustered_up_to_fact_id'").fetchone()
    sorted_up_to = int(sorted_up_to[0]) if sorted_up_to else 0
    total, unsorted, max_id = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE fact_id > ?), coalesce(max(fact_id), 0) FROM facts",
        [sorted_up_to]).fetchone()
    if not force and unsorted <= RECLUSTER_SHARE * total:
        return False
    con.begin()
    try:
        con.execute(f"CREATE TEMP TABLE facts_sorted AS SELECT * FROM facts ORDER BY {CLUSTER_ORDER}")
        con.execute("DELETE FROM facts")
        con.execute("INSERT INTO facts SELECT * FROM facts_sorted")
        con.execute("DROP TABLE facts_sorted")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('clustered_up_to_fact_id', ?)", [str(max_id)])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def _upsert_document(con: duckdb.DuckDBPyConnection, stored: StoredFile, extraction: Extraction) -> int:
    info = extraction.document
    values = [stored.path, stored.content_hash, stored.n_bytes, stored.format, stored.encoding,
              info.title, info.date, info.date_origin, info.kind, list(extraction.warnings),
              dt.datetime.now(dt.UTC).replace(tzinfo=None)]
    row = con.execute("SELECT document_id FROM documents WHERE file_name = ?", [stored.file_name]).fetchone()
    if row:
        con.execute("""
            UPDATE documents SET path = ?, content_hash = ?, n_bytes = ?, format = ?, encoding = ?,
                   title = ?, date = ?, date_origin = ?, kind = ?, warnings = ?, ingested_at = ?
            WHERE document_id = ?""", values + [row[0]])
        return row[0]
    return con.execute("""
        INSERT INTO documents (file_name, path, content_hash, n_bytes, format, encoding,
                               title, date, date_origin, kind, warnings, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING document_id""",
                       [stored.file_name] + values).fetchone()[0]


def _insert_articles(con: duckdb.DuckDBPyConnection, document_id: int, articles: list[Article]) -> list[int]:
    if not articles:
        return []
    ids = [row[0] for row in con.execute("SELECT nextval('article_id_seq') FROM range(?)",
                                         [len(articles)]).fetchall()]
    incoming = pa.table({
        "article_id": pa.array(ids, pa.int32()),
        "document_id": pa.array([document_id] * len(articles), pa.int32()),
        "idx": pa.array([a.index for a in articles], pa.int32()),
        "title": pa.array([a.title for a in articles], pa.string()),
        "organisation": pa.array([a.organisation for a in articles], pa.string()),
        "first_line": pa.array([a.first_line for a in articles], pa.int32()),
        "last_line": pa.array([a.last_line for a in articles], pa.int32()),
    })
    insert_arrow(con, "articles", incoming)
    return ids


def _article_resolver(articles: list[Article], ids: list[int]):
    """Map a fact to its article row: by title, and by line range when two articles share a title."""
    def resolve(fact: Fact) -> int | None:
        same_title = [(a, i) for a, i in zip(articles, ids) if a.title == fact.article]
        for article, article_id in same_title:
            if article.first_line <= fact.line <= article.last_line:
                return article_id
        return same_title[0][1] if same_title else None
    return resolve


def _insert_facts(con: duckdb.DuckDBPyConnection, document_id: int, facts: list[Fact], article_of) -> None:
    if not facts:
        return
    rows = [{"document_id": document_id, "article_id": article_of(fact),
             **{name: getattr(fact, name) for name in FACT_FIELDS}} for fact in facts]
    insert_arrow(con, "facts", pa.Table.from_pylist(rows, schema=FACTS_ARROW_SCHEMA))


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, incoming: pa.Table) -> None:
    """Insert an Arrow table by column name; columns it lacks take their defaults (ids from sequences)."""
    columns = ", ".join(incoming.column_names)
    con.register("incoming_rows", incoming)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")
