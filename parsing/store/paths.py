"""Where the store's files are by default: a module of its own, so that the command line can name its
defaults without loading DuckDB (the ingest starts its workers before it loads them)."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_DB = DATA_DIR / "tracker.duckdb"
DEFAULT_CORPUS = DATA_DIR / "corpus"
