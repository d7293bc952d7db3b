"""Options shared by several commands (kept apart so `extract` loads no DuckDB through `ingest`)."""
from __future__ import annotations

import argparse

from ..file_job import DEFAULT_FILE_TIMEOUT


def add_file_timeout_option(parser: argparse.ArgumentParser) -> None:
    """--file-timeout, shared with the extract command."""
    parser.add_argument("--file-timeout", type=_seconds, default=DEFAULT_FILE_TIMEOUT, metavar="SECONDS",
                        help=f"time one file may take to decode and extract; a file that takes longer is "
                             f"reported and the run goes on (default {DEFAULT_FILE_TIMEOUT:g})")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return seconds
