"""Documents added from the browser, ingested in a background thread through the command line's path.

The uploaded bytes are written to a private staging folder beside the database and handed to
`parsing.store.ingest.build_database` — the ingest the command line runs (lock, copy, write, swap), with
the corrections file — so a reader keeps its snapshot until the new database is swapped in. Files that
were stored (added, replaced or unchanged) are then kept in the uploads folder; the rest are deleted.
The page polls the job for progress; nothing here touches Streamlit.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from parsing.extraction import read
from parsing.store.corrections import CorrectionsInvalid
from parsing.store.ingest import FileOutcome, StoreBusy, build_database

ACCEPTED_SUFFIXES = tuple(sorted(read.SUPPORTED_SUFFIXES))


@dataclass
class UploadJob:
    """Progress and outcome of one background ingest. Read from the page's thread, written by the job's."""
    total: int
    done: int = 0
    current: str = ""
    outcomes: list[FileOutcome] = field(default_factory=list)
    error: str | None = None          # the whole run failed (busy store, bad corrections file, …)
    finished: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int, name: str) -> None:
        self.done, self.total, self.current = done, total, name


def start_upload(files: list[tuple[str, bytes]], db: Path, corrections: Path, uploads: Path,
                 dates: dict[str, dt.date] | None = None) -> UploadJob:
    """Stage `files` (name, bytes) and ingest them in a background thread; returns the job at once.

    A file over the size limit is reported failed without being written (the reader's own check and
    message). Several files with one name: the last one wins, as documents are keyed by file name."""
    job = UploadJob(total=len(files))
    staging = Path(tempfile.mkdtemp(prefix=".upload-", dir=db.parent))
    paths, too_large = [], []
    for name, data in dict(files).items():
        path = staging / Path(name).name     # never a path from the browser
        if len(data) > read.MAX_BYTES:
            too_large.append(FileOutcome(path, "failed", f"file too large: {len(data)} bytes, "
                                                        f"limit is {read.MAX_BYTES} bytes", n_bytes=len(data)))
            continue
        path.write_bytes(data)
        paths.append(path)

    def run() -> None:
        try:
            report = build_database(paths, db, progress=job.progress, corrections=corrections, dates=dates)
            job.outcomes = too_large + report.outcomes
            _keep_stored(job.outcomes, uploads)
        except StoreBusy as error:
            job.error = str(error)
        except CorrectionsInvalid as error:
            job.error = "; ".join(error.problems)
        except Exception as error:  # reported on the page; the database is untouched (work copy)
            job.error = f"{type(error).__name__}: {error}"
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            job.finished.set()

    threading.Thread(target=run, name="upload-ingest", daemon=True).start()
    return job


def stored_files(outcomes: list[FileOutcome], uploads: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of the kept copies of these outcomes' files, to ingest them again (with a date)."""
    return [(o.path.name, (uploads / o.path.name).read_bytes()) for o in outcomes
            if (uploads / o.path.name).is_file()]


def _keep_stored(outcomes: list[FileOutcome], uploads: Path) -> None:
    uploads.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes:
        if outcome.status != "failed" and outcome.path.exists():
            shutil.move(outcome.path, uploads / outcome.path.name)
