"""The DuckDB fact store.

Write side: schema.sql (the tables), write (one document's articles and facts in one transaction),
ingest (files → database, safe beside readers), catalogs (regions, indicators, themes lookup tables).
Read side: queries (parameterised, read-only) and export (CSV for Excel, Parquet, JSON lines).

The write functions callers use are re-exported here, so `from parsing import store; store.write_document`
works (patch module-level names in `parsing.store.write` itself); `queries` and `export` are submodules
(`from parsing.store import queries`).
"""
from .write import (CLUSTER_ORDER, StoredDocument, StoredFile, cluster_facts, insert_arrow, open_writable,
                    stored_document, write_document)

__all__ = ["CLUSTER_ORDER", "StoredDocument", "StoredFile", "cluster_facts", "insert_arrow", "open_writable",
           "stored_document", "write_document"]
