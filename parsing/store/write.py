"""The DuckDB fact store: schema, and writing documents with their articles and facts, one transaction
per document or per batch of documents (all or none).

The schema lives in `schema.sql` (documented in the README). Writers go through `open_writable`;
readers use `parsing.store.queries.connect` (read-only). How the two coexist is in `parsing.store.ingest`.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..extraction.assemble import Article, Extraction
from ..fact import FACT_FIELDS, Fact
from .arrow import arrow_table, column_types

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# Facts are kept physically sorted by what the dashboard filters on, so DuckDB's per-row-group min/max
# statistics skip most of the table: at 1,000,000 facts a filtered query reads one row group instead of all.
CLUSTER_ORDER = "indicator_key, indicator, region, year, fact_id"
# Rows appended since the last sort sit unsorted at the end of the table; re-sort when they exceed this
# share of all facts (sorting a million facts takes seconds, so not on every small ingest).
RECLUSTER_SHARE = 0.05

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


@dataclass(frozen=True)
class StoredDocument:
    """What the store holds about a file name already ingested: enough to tell a new version of the same
    document from a different document that happens to have the same name."""
    content_hash: str
    path: str
    title: str | None
    date: dt.date | None


def stored_document(con: duckdb.DuckDBPyConnection, file_name: str) -> StoredDocument | None:
    return stored_documents(con, [file_name]).get(file_name)


def stored_documents(con: duckdb.DuckDBPyConnection, file_names: list[str]) -> dict[str, StoredDocument]:
    """What the store holds about each of these file names that it has (one query for a whole run)."""
    rows = con.execute("SELECT file_name, content_hash, path, title, date FROM documents "
                       "WHERE file_name IN (SELECT unnest(?))", [list(file_names)]).fetchall()
    return {name: StoredDocument(*fields) for name, *fields in rows}


def write_document(con: duckdb.DuckDBPyConnection, stored: StoredFile, extraction: Extraction) -> int:
    """Insert or replace one document with its articles and facts, all in one transaction.

    A file name seen before keeps its document_id and has its articles and facts replaced. On any error
    the transaction is rolled back, so the database is exactly as it was, and the error propagates.
    Returns the document_id.
    """
    return write_documents(con, [(stored, extraction)])[0]


def write_documents(con: duckdb.DuckDBPyConnection,
                    documents: list[tuple[StoredFile, Extraction]]) -> list[int]:
    """`write_document` for several documents (distinct file names) in one transaction: all are written
    or, on any error, none. Ids are drawn in the order given, so a batch gives every document, article
    and fact the ids writing them one by one would. Returns the document_ids.

    Why batches: each statement costs DuckDB a fixed ~1 ms and a delete scans the facts table, so one
    statement per table for many documents writes the corpus several times faster than one per document.
    """
    names = [stored.file_name for stored, _ in documents]
    if len(set(names)) != len(names):
        raise ValueError(f"one batch names a file twice: {sorted(n for n in set(names) if names.count(n) > 1)}")
    if not documents:
        return []
    con.begin()
    try:
        document_ids = _upsert_documents(con, documents)
        article_ids = _insert_articles(con, document_ids, [extraction.articles for _, extraction in documents])
        _insert_facts(con, [(document_id, extraction.facts, _article_resolver(extraction.articles, ids))
                            for document_id, (_, extraction), ids in zip(document_ids, documents, article_ids)])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return document_ids


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


def _upsert_documents(con: duckdb.DuckDBPyConnection, documents: list[tuple[StoredFile, Extraction]]) -> list[int]:
    """Document rows: a stored file name is updated in place (its articles and facts deleted, to be
    written again), a new one is inserted with the next id."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [[stored.file_name, stored.path, stored.content_hash, stored.n_bytes, stored.format, stored.encoding,
             extraction.document.title, extraction.document.date, extraction.document.date_origin,
             extraction.document.kind, list(extraction.warnings), now] for stored, extraction in documents]
    stored_ids = dict(con.execute("SELECT file_name, document_id FROM documents WHERE file_name IN (SELECT unnest(?))",
                                  [[row[0] for row in rows]]).fetchall())
    new = [row for row in rows if row[0] not in stored_ids]
    new_ids = dict(zip((row[0] for row in new), _next_ids(con, "document_id_seq", len(new))))
    for row in rows:
        if row[0] in stored_ids:
            con.execute("""
                UPDATE documents SET path = ?, content_hash = ?, n_bytes = ?, format = ?, encoding = ?,
                       title = ?, date = ?, date_origin = ?, kind = ?, warnings = ?, ingested_at = ?
                WHERE document_id = ?""", row[1:] + [stored_ids[row[0]]])
    if stored_ids:
        replaced = list(stored_ids.values())
        con.execute("DELETE FROM facts WHERE document_id IN (SELECT unnest(?))", [replaced])
        con.execute("DELETE FROM articles WHERE document_id IN (SELECT unnest(?))", [replaced])
    if new:
        insert_columns(con, "documents", {"document_id": [new_ids[row[0]] for row in new],
                                          **dict(zip(_DOCUMENT_COLUMNS, zip(*new)))})
    ids = {**new_ids, **stored_ids}
    return [ids[row[0]] for row in rows]


_DOCUMENT_COLUMNS = ("file_name", "path", "content_hash", "n_bytes", "format", "encoding", "title", "date",
                     "date_origin", "kind", "warnings", "ingested_at")


def _next_ids(con: duckdb.DuckDBPyConnection, sequence: str, n: int) -> list[int]:
    """`n` fresh ids of a sequence, ascending (the query may draw them in any order)."""
    if not n:
        return []
    return sorted(row[0] for row in con.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall())


def _insert_articles(con: duckdb.DuckDBPyConnection, document_ids: list[int],
                     articles_by_document: list[list[Article]]) -> list[list[int]]:
    """Every document's article rows in one insert; each document's article ids."""
    articles = [(document_id, article) for document_id, articles in zip(document_ids, articles_by_document)
                for article in articles]
    ids = iter(_next_ids(con, "article_id_seq", len(articles)))
    ids_by_document = [[next(ids) for _ in articles] for articles in articles_by_document]
    if articles:
        insert_columns(con, "articles", {
            "article_id": [i for ids in ids_by_document for i in ids],
            "document_id": [document_id for document_id, _ in articles],
            "idx": [a.index for _, a in articles],
            "title": [a.title for _, a in articles],
            "organisation": [a.organisation for _, a in articles],
            "first_line": [a.first_line for _, a in articles],
            "last_line": [a.last_line for _, a in articles],
        })
    return ids_by_document


def _article_resolver(articles: list[Article], ids: list[int]):
    """Map a fact to its article row: by title, and by line range when two articles share a title."""
    by_title: dict[str | None, list[tuple[Article, int]]] = {}
    for article, article_id in zip(articles, ids):
        by_title.setdefault(article.title, []).append((article, article_id))

    def resolve(fact: Fact) -> int | None:
        same_title = by_title.get(fact.article)
        if not same_title:
            return None
        for article, article_id in same_title:
            if article.first_line <= fact.line <= article.last_line:
                return article_id
        return same_title[0][1]
    return resolve


_fact_fields = operator.attrgetter(*FACT_FIELDS)


def _insert_facts(con: duckdb.DuckDBPyConnection,
                  documents: list[tuple[int, list[Fact], Callable[[Fact], int | None]]]) -> None:
    """Every document's facts in one insert, column by column; `documents` holds (document_id, facts,
    the function giving a fact's article_id). Fact ids follow the order given."""
    facts = [(document_id, article_of, fact) for document_id, facts, article_of in documents for fact in facts]
    if not facts:
        return
    columns = {"fact_id": _next_ids(con, "fact_id_seq", len(facts)),
               "document_id": [document_id for document_id, _, _ in facts],
               "article_id": [article_of(fact) for _, article_of, fact in facts]}
    # one tuple of every field per fact, then turned into columns: a getattr per field and fact cost more
    columns.update(zip(FACT_FIELDS, zip(*(_fact_fields(fact) for _, _, fact in facts))))
    insert_columns(con, "facts", columns)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert rows given as dicts (each naming the same columns); see `insert_columns`."""
    if rows:
        insert_columns(con, table, {name: [row[name] for row in rows] for name in rows[0]})


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Sequence]) -> None:
    """Insert rows given column by column (name → values, None for NULL), each typed as the table's column;
    columns not given take their defaults (ids from sequences). One statement, through Arrow."""
    types = column_types(con, table)
    names = ", ".join(f'"{name}"' for name in columns)
    con.register("incoming_rows", arrow_table({name: (types[name], values) for name, values in columns.items()}))
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")
