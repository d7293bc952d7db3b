"""The DuckDB fact store.

Write side: schema.sql (the tables), write (documents with their articles and facts, one transaction per
document or per batch), ingest (files → database, safe beside readers), catalogs (regions, indicators, themes lookup tables).
Read side: queries (parameterised, read-only) and export (CSV for Excel, Parquet, JSON lines).

The write functions callers use are re-exported here, so `from parsing import store; store.write_document`
works (patch module-level names in `parsing.store.write` itself); `queries` and `export` are submodules
(`from parsing.store import queries`). The re-exports are looked up on first use, so importing a light
submodule (`paths`, `ingest`) loads no DuckDB.
"""
from __future__ import annotations

import importlib

__all__ = ["CLUSTER_ORDER", "StoredDocument", "StoredFile", "cluster_facts", "insert_columns", "insert_rows",
           "open_writable",
           "stored_document", "stored_documents", "write_document", "write_documents"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module(".write", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
