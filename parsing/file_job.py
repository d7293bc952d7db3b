"""One file's read and extraction, confined to a worker process with a time budget.

Shared by `python -m parsing extract` and the ingest: the parent hands out file names, a worker process
reads (`read.load_bytes` refuses FIFOs and devices and caps the size), hashes, decodes and extracts, and
whatever goes wrong there — an unreadable file, an extractor bug, a RecursionError, a crash, too much
time — comes back as a `FileFailure` with a reason naming it, never as an exception that ends the run.
The bytes are read once, in the worker: the parent neither reads nor pipes them (for the corpus that was
a tenth of the parent's work), and reading is under the file's time budget too.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import extraction
from .extraction import read
from .confine import ChildCall, ConfinedRun, Failed, Finished, run_confined

DEFAULT_FILE_TIMEOUT = 60.0
"""Seconds one file may take to decode and extract. The corpus newsletters take well under a second
each; a file that needs a minute is pathological, and the run (and the ingest lock) must go on."""


@dataclass
class ExtractedFile:
    format: str
    encoding: str
    extraction: extraction.Extraction
    content_hash: str     # sha256 of the file's bytes, hex
    n_bytes: int


@dataclass
class UnchangedFile:
    """The file's bytes have the hash the caller already holds (`FileTask.known_hash`): not decoded."""
    n_bytes: int


@dataclass
class FileFailure:
    reason: str


FileResult = ExtractedFile | UnchangedFile | FileFailure


@dataclass
class FileTask:
    """A file to read and extract in a worker. Bytes hashing to `known_hash` (a stored copy's) are not
    decoded; `context` is the caller's."""
    path: Path
    date: dt.date | None = None
    known_hash: str | None = None
    context: Any = field(default=None)


def read_and_extract(path: Path, date: dt.date | None,
                     known_hash: str | None = None) -> FileResult:
    """Read, hash, decode and extract one file (runs in a worker); every failure becomes a reason."""
    try:
        data = read.load_bytes(path)
    except read.UnreadableDocument as error:
        return FileFailure(error.reason)
    content_hash = hashlib.sha256(data).hexdigest()
    if content_hash == known_hash:
        return UnchangedFile(len(data))
    try:
        source = read.decode_document(path, data)
    except read.UnreadableDocument as error:
        return FileFailure(error.reason)
    except Exception as error:  # a reader bug on hostile input must read as this file's failure
        return FileFailure(f"reading failed: {type(error).__name__}: {error}")
    try:
        extracted = extraction.extract_text(source.text, path.name, date)
    except Exception as error:  # an extractor bug must not stop the other files
        return FileFailure(f"extraction failed: {type(error).__name__}: {error}")
    return ExtractedFile(source.format, source.encoding, extracted, content_hash, len(data))


def process_files(items: Iterable[FileTask | Any], timeout: float | None = DEFAULT_FILE_TIMEOUT,
                  jobs: int | None = 1) -> ConfinedRun:
    """(task, result) for each `FileTask` in input order, each in a worker within `timeout` seconds, up to
    `jobs` at once (None: one per core); other items are passed through as they are (a file that needed no
    extraction). The results are the same whatever `jobs` is. The workers start at once (see
    `parsing.confine.run_confined`): iterate the run to its end or close it."""
    _load_knowledge_once()
    calls = (ChildCall(read_and_extract, (item.path, item.date, item.known_hash), tag=item)
             if isinstance(item, FileTask) else item for item in items)
    return run_confined(calls, timeout, jobs or every_core(), functools.partial(_file_result, timeout=timeout))


def _file_result(result: Finished | Failed | Any, timeout: float | None):
    if isinstance(result, Finished):
        return result.tag, result.value
    if isinstance(result, Failed):
        return result.tag, FileFailure(_failure_reason(result, timeout))
    return result


def every_core() -> int:
    """How many files to extract at once by default: one per core of the machine."""
    return os.cpu_count() or 1


_WARM_UP_TEXT = "到2025年全省5G基站达到10万个。"


@functools.cache
def _load_knowledge_once() -> None:
    """Load the extractor's catalogs, gazetteer and automata in this process before forking: each worker
    inherits them instead of spending most of a second building its own."""
    extraction.extract_text(_WARM_UP_TEXT, "warm-up.txt")


def _failure_reason(failed: Failed, timeout: float | None) -> str:
    if failed.timed_out:
        return f"extraction took too long (over {timeout:g} s)"
    return f"extraction failed: {failed.reason}"
