"""`python -m parsing extract FILE… [--format jsonl|csv] [--date YYYY-MM-DD]`: facts to standard output."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

from ..extraction import extract_text
from ..extraction.read import UnreadableDocument, read_document
from ..fact import FACT_FIELDS


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
    parser.set_defaults(func=run)


def run(args) -> int:
    failed = 0
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FACT_FIELDS, lineterminator="\n")
        writer.writeheader()
    for path in args.files:
        try:
            source = read_document(path)
        except UnreadableDocument as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        try:
            extraction = extract_text(source.text, path.name, args.date)
        except Exception as error:      # one document's failure must not lose the others' facts
            print(f"error: {path.name}: extraction failed: {error!r}", file=sys.stderr)
            failed += 1
            continue
        for warning in extraction.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for fact in extraction.facts:
            row = fact.to_dict()
            if writer:
                writer.writerow(row)
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) failed", file=sys.stderr)
    return 1 if failed else 0
