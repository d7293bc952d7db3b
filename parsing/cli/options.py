"""Options shared by several commands (kept apart so `extract` loads no DuckDB through `ingest`)."""
from __future__ import annotations

import argparse

from ..file_job import DEFAULT_FILE_TIMEOUT, every_core


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
