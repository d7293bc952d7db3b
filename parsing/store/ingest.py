"""Build or update the fact database from files: read → extract (in parallel) → write, in batches of
documents, one transaction per batch.

Concurrency (a dashboard reading while an ingest writes): DuckDB lets one process open a file read-write,
and then no other process may open it at all. So the ingest never opens the live database for writing:

1. it takes an exclusive lock on `<db>.lock` (a second concurrent ingest fails fast with `StoreBusy`);
2. copies the live database to a work file `.<db name>.ingest-<pid>` beside it and writes there;
3. checkpoints and closes the work file and renames it over the live file with `os.replace` (atomic on
   POSIX). Readers holding the old file keep reading their snapshot; new connections see the new one.
If nothing changed (every file unchanged, catalogs unchanged) the work file is discarded and the live file
is not touched. A crash at any point leaves the live file as it was; a leftover work file is removed by
the next ingest.

Idempotence: documents are keyed by file name and carry the sha256 of their bytes. The same bytes again are
skipped without decoding or extracting; changed bytes replace that document's articles and facts.

Start-up: DuckDB takes a tenth of a second to import. The workers are therefore started first, and this
process loads it while the workers extract; only a store that exists already is asked first which files
it holds (so that unchanged ones are not extracted). The store's modules are imported inside the functions
below, once the workers run, never at the top. Everything this process does beside the workers takes a
core they want, so it loads neither pyarrow nor pandas (0.3 s of CPU more): its Arrow tables are
nanoarrow's (`parsing.store.arrow`), and the goal refresh makes no DataFrame.

Corrections (`parsing.store.corrections`): every ingest applies the corrections file it is given (none: the
empty set) after writing the documents, in the same work copy, so the swapped-in file always has them.
`apply_corrections_file` is an ingest of no documents: how a changed corrections file reaches the store.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import file_job
from ..extraction import read
from ..extraction.assemble import Extraction
from ..file_job import DEFAULT_FILE_TIMEOUT
from .corrections import read_corrections
from .paths import DATA_DIR, DEFAULT_CORPUS, DEFAULT_DB

if TYPE_CHECKING:
    from .write import StoredDocument, StoredFile

Progress = Callable[[int, int, str], None]
"""progress(done, total, file_name), called after each file."""


class StoreBusy(RuntimeError):
    """Another ingest holds the write lock on this database."""


@dataclass
class FileOutcome:
    """What happened to one input file: status is added | replaced | unchanged | failed.

    `warnings` are the extractor's (no document date, no facts found); `replaced_path` is set when the
    document replaced was stored from another path (a file with the same name from another folder)."""
    path: Path
    status: str
    reason: str | None = None
    n_facts: int = 0
    n_bytes: int = 0
    undated: bool = False     # written without a date: neither the text nor the caller gave one
    warnings: list[str] = field(default_factory=list)
    replaced_path: str | None = None


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in ("added", "replaced")]

    @property
    def ok(self) -> bool:
        return not self.failed


def build_database(paths: Iterable[Path | str] = (DEFAULT_CORPUS,), db_path: Path | str = DEFAULT_DB,
                   progress: Progress | None = None, catalog_dir: Path = DATA_DIR,
                   corrections: Path | str | None = None,
                   dates: dict[str, dt.date] | None = None,
                   file_timeout: float | None = DEFAULT_FILE_TIMEOUT, replace: bool = False,
                   jobs: int | None = None) -> IngestReport:
    """Create or update the database at `db_path` from files and folders; never raises for a bad file.

    Folders are searched recursively for the extensions `parsing.extraction.read` accepts (hidden files skipped);
    files named explicitly are always tried, so an unsupported one is reported. Each file is decoded and
    extracted in a worker process within `file_timeout` seconds (see `parsing.file_job`), `jobs` files at
    once (None: one per core); the database is the same whatever `jobs` is. A file whose name
    is stored already from another path replaces that document only when it is the same document (same
    title and date) or `replace` is set. The dashboard calls this with the defaults to build the database
    from the bundled corpus when it is missing.
    `corrections`: the corrections file to apply (None: none); a bad file raises CorrectionsInvalid before
    anything is written. `dates`: document dates by file name, for documents that state none.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    files = expand_paths(paths, report)
    with _write_lock(db_path):
        work = _work_copy(db_path)
        try:
            con = _open(work) if work.exists() else None   # a new store holds no files: no need to wait
            try:
                stored = _stored_documents(con, files)
                tasks = (_task(path, stored.get(path.name), (dates or {}).get(path.name)) for path in files)
                with file_job.process_files(tasks, file_timeout, jobs) as extracted:
                    con = con or _open(work)      # the workers have started: see the module doc
                    changed = _update(con, extracted, report, len(files), progress, catalog_dir, corrections,
                                      replace)
                con.execute("CHECKPOINT")
            finally:
                if con is not None:
                    con.close()
            if changed or not db_path.exists():
                os.replace(work, db_path)
                _fsync_dir(db_path.parent)
        finally:
            _remove(work)
    return report


def _open(work: Path):
    """The work copy, open for writing (loads DuckDB: see the module doc for when)."""
    from . import write
    return write.open_writable(work)


def _stored_documents(con, files: list[Path]) -> dict[str, StoredDocument]:
    """What the store holds of these file names (nothing when there is no store yet: `con` None)."""
    if con is None:
        return {}
    from . import write
    return write.stored_documents(con, [path.name for path in files])


def _update(con, extracted: Iterable[tuple[file_job.FileTask, file_job.FileResult]], report: IngestReport,
            n_files: int, progress: Progress | None, catalog_dir: Path, corrections: Path | str | None,
            replace: bool) -> bool:
    """Catalogs, the extracted documents, corrections and goals into the work copy, while the workers
    extract; whether anything in the store changed."""
    from . import corrections_apply, write
    from .catalogs import load_catalogs
    catalogs_changed = load_catalogs(con, catalog_dir)
    wanted = read_corrections(corrections, corrections_apply.store_vocabulary(con)) if corrections else []
    corrections_changed = corrections_apply.applied_hash(con) != corrections_apply.corrections_hash(wanted)
    checked = (_check_extracted(task, result, replace) for task, result in extracted)
    for done, outcome in enumerate(_write_in_batches(con, checked), start=1):
        report.outcomes.append(outcome)
        if progress:
            progress(done, n_files, outcome.path.name)
    if report.changed:
        write.cluster_facts(con)
    corrections_apply.apply_corrections(con, wanted)
    goals_changed = _refresh_goals(con, bool(report.changed) or corrections_changed)
    return bool(report.changed) or catalogs_changed or corrections_changed or goals_changed


def _refresh_goals(con, facts_changed: bool) -> bool:
    """Goal tracking of the series whose (corrected) facts this run changed, found by their fingerprints
    (every series in a store that has no goals stored yet). Returns whether the goal tables were written."""
    from ..targets.stored import refresh_goals
    from . import queries
    if not facts_changed and queries.goals_assessed_on(con) is not None:
        return False
    refresh_goals(con)
    return True


def apply_corrections_file(db_path: Path | str, corrections: Path | str) -> IngestReport:
    """Bring the store's corrections in line with the file (copy, write, swap; no documents read)."""
    return build_database((), db_path, corrections=corrections)


WRITE_BATCH_DOCUMENTS = 32
WRITE_BATCH_FACTS = 20_000
"""Extracted documents are written this many at a time (or fewer once their facts reach the second
figure), in one transaction per batch: each DuckDB commit and statement costs milliseconds, so writing
one document per transaction took half as long as extracting (the corpus ×40: 5.7 s against 0.5 s in
batches, tests/benchmarks/bench_jobs.py). The batches follow the input order, never timing, so every
run gives the same ids."""


@dataclass
class _ToWrite:
    """An extracted document to store, and its file's outcome once it is stored."""
    stored: StoredFile
    extraction: Extraction
    outcome: FileOutcome


def _task(path: Path, previous: StoredDocument | None, date: dt.date | None) -> file_job.FileTask:
    """The file to read in a worker; the stored copy's bytes are skipped there unless a date is given
    that differs from the stored one (a date given for an undated document)."""
    unchanged_if = previous.content_hash if previous is not None and date in (None, previous.date) else None
    return file_job.FileTask(path, date, known_hash=unchanged_if, context=previous)


def _check_extracted(task: file_job.FileTask, result: file_job.FileResult, replace: bool) -> FileOutcome | _ToWrite:
    """A failed extraction's outcome, an unchanged file's, a refusal, or the document to write."""
    from .write import StoredFile
    path, previous = task.path, task.context
    if isinstance(result, file_job.FileFailure):
        return FileOutcome(path, "failed", result.reason)
    if isinstance(result, file_job.UnchangedFile):
        return FileOutcome(path, "unchanged", n_bytes=result.n_bytes)
    extraction = result.extraction
    moved = previous is not None and not _same_path(previous.path, path)
    if moved and not replace and not _same_document(previous, extraction):
        return FileOutcome(path, "failed", f"a different document named {path.name} is stored already "
                                           f"(from {previous.path}); --replace replaces it")
    stored = StoredFile(file_name=path.name, path=str(path.absolute()), content_hash=result.content_hash,
                              n_bytes=result.n_bytes, format=result.format, encoding=result.encoding)
    warnings = list(extraction.warnings) + ([] if extraction.facts else [f"{path.name}: no facts found"])
    return _ToWrite(stored, extraction, FileOutcome(
        path, "replaced" if previous else "added", n_facts=len(extraction.facts), n_bytes=result.n_bytes,
        undated=extraction.document.date is None, warnings=warnings,
        replaced_path=previous.path if moved else None))


def _write_in_batches(con, items: Iterable[FileOutcome | _ToWrite]) -> Iterator[FileOutcome]:
    """Outcomes in input order; the documents to write are held until a batch is full (outcomes after
    them wait with them, to keep the order)."""
    held: list[FileOutcome | _ToWrite] = []
    n_documents = n_facts = 0
    for item in items:
        held.append(item)
        if isinstance(item, _ToWrite):
            n_documents, n_facts = n_documents + 1, n_facts + len(item.extraction.facts)
        if not n_documents or n_documents >= WRITE_BATCH_DOCUMENTS or n_facts >= WRITE_BATCH_FACTS:
            yield from _write_held(con, held)
            held, n_documents, n_facts = [], 0, 0
    yield from _write_held(con, held)


def _write_held(con, held: list[FileOutcome | _ToWrite]) -> Iterator[FileOutcome]:
    batch = [item for item in held if isinstance(item, _ToWrite)]
    failures = _write_batch(con, batch) if batch else {}
    for item in held:
        if isinstance(item, FileOutcome):
            yield item
        elif item.stored.file_name in failures:
            yield FileOutcome(item.outcome.path, "failed", failures[item.stored.file_name])
        else:
            yield item.outcome


def _write_batch(con, batch: list[_ToWrite]) -> dict[str, str]:
    """Write the batch in one transaction; if that fails (rolled back whole), each document alone, so
    only the one that cannot be written fails. Returns the failures' reasons by file name."""
    from . import write
    try:
        write.write_documents(con, [(item.stored, item.extraction) for item in batch])
        return {}
    except Exception as error:
        if len(batch) == 1:
            return {batch[0].stored.file_name: f"database write failed: {type(error).__name__}: {error}"}
    failures = {}
    for item in batch:
        failures.update(_write_batch(con, [item]))
    return failures


def _same_path(stored_path: str, path: Path) -> bool:
    return Path(stored_path).absolute() == path.absolute()


def _same_document(previous: StoredDocument, extraction) -> bool:
    """The content says it is a new version of the stored document: the same title and the same date."""
    document = extraction.document
    return document.date is not None and (previous.title, previous.date) == (document.title, document.date)


def expand_paths(paths: Iterable[Path | str], report: IngestReport) -> list[Path]:
    """Files to ingest, in a stable order. Missing paths, unreadable folders and repeated file names are
    recorded as failed (documents are keyed by file name, so two different files with one name cannot
    both be stored)."""
    files: list[Path] = []
    seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as error:  # missing, a dangling link, a link loop, no permission
            report.outcomes.append(FileOutcome(path, "failed", _os_reason(error)))
            continue
        found = _files_in(path, report) if is_dir else [path]
        for file in found:
            if file.name in seen:
                if seen[file.name].resolve() != file.resolve():
                    report.outcomes.append(FileOutcome(
                        file, "failed", f"another file with the same name is in this run: {seen[file.name]}"))
                continue
            seen[file.name] = file
            files.append(file)
    return files


def _files_in(folder: Path, report: IngestReport) -> list[Path]:
    """Supported files under `folder` (hidden ones skipped); a subfolder that cannot be listed is reported."""
    def unlistable(error: OSError) -> None:
        report.outcomes.append(FileOutcome(Path(error.filename), "failed",
                                           f"cannot read folder: {_os_reason(error)}"))

    found = []
    for directory, subdirs, names in os.walk(folder, onerror=unlistable):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found.extend(Path(directory, name) for name in names
                     if not name.startswith(".") and Path(name).suffix.lower() in read.SUPPORTED_SUFFIXES)
    return sorted(found)


def _os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


@contextmanager
def _write_lock(db_path: Path):
    with open(f"{db_path}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise StoreBusy(f"another ingest is writing {db_path}") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _work_copy(db_path: Path) -> Path:
    """A private copy of the live database (or a fresh path) for this ingest to write into."""
    for stale in db_path.parent.glob(f".{db_path.name}.ingest-*"):
        stale.unlink()  # we hold the lock, so these belong to crashed ingests
    work = db_path.with_name(f".{db_path.name}.ingest-{os.getpid()}")
    if db_path.exists():
        shutil.copyfile(db_path, work)
        wal = Path(f"{db_path}.wal")
        if wal.exists():
            shutil.copyfile(wal, f"{work}.wal")
    return work


def _remove(work: Path) -> None:
    for path in (work, Path(f"{work}.wal")):
        path.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
