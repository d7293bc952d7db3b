"""Where the fact store is, opening it read-only, and building it from the bundled corpus when missing.

An ingest never writes into the file readers have open: it writes a copy and renames it into place
(parsing.store.queries). So a connection is tied to the file's stamp (inode, mtime): when that changes,
the session closes its old connection and opens a new one. Every session has its own.
"""
from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

import duckdb

from parsing.store import queries
from parsing.store.corrections import DEFAULT_CORRECTIONS
from parsing.store.ingest import StoreBusy, apply_corrections_file, build_database

__all__ = ["DatabaseUnreadable", "StoreBusy", "apply_corrections", "build", "connection", "corrections_path",
           "db_path", "ingest_running", "uploads_dir"]

Stamp = tuple[int, int]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO_ROOT / "data" / "tracker.duckdb"
CORPUS_DIR = REPO_ROOT / "data" / "corpus"
DB_ENV_VAR = "TRACKER_DB"
CORRECTIONS_ENV_VAR = "TRACKER_CORRECTIONS"


def db_path() -> Path:
    """`TRACKER_DB` if set (relative to the working directory), else data/tracker.duckdb in the repo."""
    configured = os.environ.get(DB_ENV_VAR)
    return Path(configured).resolve() if configured else DEFAULT_DB


def corrections_path() -> Path:
    """`TRACKER_CORRECTIONS` if set, else data/corrections.csv (as the command line's default)."""
    configured = os.environ.get(CORRECTIONS_ENV_VAR)
    return Path(configured).resolve() if configured else DEFAULT_CORRECTIONS


def uploads_dir(path: Path) -> Path:
    """Where documents added from the browser are kept, beside the database (so a rebuild can read them)."""
    return path.parent / "uploads"


class DatabaseUnreadable(Exception):
    """The file exists but DuckDB cannot open it (not a database, corrupt, or locked by a foreign writer)."""


_ALIAS = "store"
SESSION_KEY = "database_connection"
"""Where a session keeps its own connection (in Streamlit's session_state)."""


def connection(path: Path, session: MutableMapping) -> tuple[duckdb.DuckDBPyConnection, Stamp]:
    """A per-run cursor on this session's own read-only connection, reopened when the file has been swapped.

    Each session has its own connection, so a session that sees a new file and reopens never closes a
    cursor another session is using. The file's stamp is returned too: callers key their caches on it so
    a rebuilt store is re-read. Raises FileNotFoundError when there is no file, DatabaseUnreadable when
    DuckDB refuses it.
    """
    stamp = queries.database_stamp(path)
    if stamp is None:
        raise FileNotFoundError(path)
    held = session.get(SESSION_KEY)
    if held is None or held[0] != (path, stamp):
        if held is not None:
            held[1].close()
            del session[SESSION_KEY]
        session[SESSION_KEY] = ((path, stamp), _open_private(path))
    cursor = session[SESSION_KEY][1].cursor()
    cursor.execute(f"USE {_ALIAS}")  # a cursor starts in the in-memory database, not the attached store
    return cursor, stamp


def _open_private(path: Path) -> duckdb.DuckDBPyConnection:
    """The store attached read-only to a private in-memory database. Not `duckdb.connect(path)`: within
    one process DuckDB hands every connect to a path the database instance already open there, which is
    the old file for as long as any session still holds it."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH ? AS {_ALIAS} (READ_ONLY)", [str(path)])
    except duckdb.Error as exc:
        con.close()
        raise DatabaseUnreadable(str(exc).splitlines()[0]) from exc
    return con


def build(path: Path, corpus: Path, progress) -> None:
    """Build the store from `corpus`. The store writes a work copy and renames it into place, so no
    reader sees a half-built file; raises StoreBusy when an ingest already runs."""
    build_database([corpus], path, progress=progress, corrections=corrections_path())


def apply_corrections(path: Path) -> None:
    """Bring the store in line with the corrections file (copy, write, swap, as an ingest does); raises
    StoreBusy when an ingest is running (that ingest, or the next, applies the file)."""
    apply_corrections_file(path, corrections_path())


def ingest_running(path: Path) -> bool:
    """Whether an ingest is writing a new version of `path` right now: its work file
    `.<name>.ingest-<pid>` (parsing.store.ingest) exists and that process is alive."""
    for work in path.parent.glob(f".{path.name}.ingest-*"):
        pid = work.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            return True
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
