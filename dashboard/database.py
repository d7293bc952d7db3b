"""Where the fact store is, opening it read-only, and building it from the bundled corpus when missing.

An ingest never writes into the file readers have open: it writes a copy and renames it into place
(parsing.store.queries). So a connection is tied to the file's stamp (inode, mtime): when that changes, the
old connection is closed and a new one opened.
"""
from __future__ import annotations

import os
import threading
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


_lock = threading.Lock()
_open: dict[Path, tuple[Stamp, duckdb.DuckDBPyConnection]] = {}


def connection(path: Path) -> tuple[duckdb.DuckDBPyConnection, Stamp]:
    """A per-run cursor on a shared read-only connection, reopened when the file has been swapped.

    The file's stamp is returned too: callers key their caches on it so a rebuilt store is re-read.
    Raises FileNotFoundError when there is no file, DatabaseUnreadable when DuckDB refuses it.
    """
    with _lock:
        stamp = queries.database_stamp(path)
        if stamp is None:
            raise FileNotFoundError(path)
        cached = _open.get(path)
        if cached is None or cached[0] != stamp:
            if cached is not None:
                # Closed first: DuckDB would hand a new connect the old file while this one is open.
                cached[1].close()
                del _open[path]
            try:
                con = queries.connect(str(path), read_only=True)
            except duckdb.Error as exc:
                raise DatabaseUnreadable(str(exc).splitlines()[0]) from exc
            _open[path] = (stamp, con)
        # A cursor is a separate connection to the same database: safe to use from one session's thread.
        return _open[path][1].cursor(), stamp


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
