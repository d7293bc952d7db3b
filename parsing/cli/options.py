"""Options shared by several commands (kept apart so `extract` and `ingest` load no DuckDB or pandas
before their workers start)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..file_job import DEFAULT_FILE_TIMEOUT, every_core
from ..store.corrections import DEFAULT_CORRECTIONS, CorrectionsInvalid


def add_corrections_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corrections", type=Path, default=DEFAULT_CORRECTIONS, metavar="FILE",
                        help=f"corrections file applied to the facts (default: {DEFAULT_CORRECTIONS})")


def report_invalid(prog: str, error: CorrectionsInvalid) -> int:
    for problem in error.problems:
        print(f"{prog}: {error.path}: {problem}", file=sys.stderr)
    print(f"{prog}: {len(error.problems)} bad row(s) in {error.path}; nothing was applied", file=sys.stderr)
    return 1


def add_file_timeout_option(parser: argparse.ArgumentParser) -> None:
    """--file-timeout, shared with the extract command."""
    parser.add_argument("--file-timeout", type=_seconds, default=DEFAULT_FILE_TIMEOUT, metavar="SECONDS",
                        help=f"time one file may take to decode and extract; a file that takes longer is "
                             f"reported and the run goes on (default {DEFAULT_FILE_TIMEOUT:g})")


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """--jobs, shared with the extract command."""
    parser.add_argument("--jobs", "-j", type=_positive_int, default=every_core(), metavar="N",
                        help="files decoded and extracted at once, each in its own worker process; the "
                             "output is the same whatever N is (default: one per core, here %(default)s)")


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return seconds
