"""`python -m parsing extract FILE… [--format jsonl|csv] [--date YYYY-MM-DD] [--jobs N]`: facts to standard
output, file after file in the order given (N files extracted at once)."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

from ..fact import FACT_FIELDS
from ..file_job import FileFailure, FileTask, process_files
from .options import add_file_timeout_option, add_jobs_option


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser("extract", help="print the facts of documents")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--date", type=_date, help="document date, overriding the one found in the text")
    add_file_timeout_option(parser)
    add_jobs_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    failed = 0
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FACT_FIELDS, lineterminator="\n")
        writer.writeheader()
    tasks = (FileTask(path, args.date) for path in args.files)
    for task, result in process_files(tasks, args.file_timeout, args.jobs):
        if isinstance(result, FileFailure):
            print(f"error: {task.path.name}: {result.reason}", file=sys.stderr)
            failed += 1
            continue
        for warning in result.extraction.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for fact in result.extraction.facts:
            row = fact.to_dict()
            if writer:
                writer.writerow(row)
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) failed", file=sys.stderr)
    return 1 if failed else 0

