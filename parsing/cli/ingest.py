"""`python -m parsing ingest [PATH...] [--db FILE]`: add documents to the fact database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
from tqdm import tqdm

from ..store.corrections import CorrectionsInvalid
from ..store.ingest import DEFAULT_CORPUS, DEFAULT_DB, StoreBusy, build_database
from .corrections import add_corrections_argument, report_invalid


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="extract facts from files and folders into the DuckDB fact store",
        description="Read .txt/.md (any common Chinese encoding), text .pdf and .html files, extract their "
                    "facts and store them, one transaction per document. Unchanged files are skipped; "
                    "changed files replace their facts. Exit status 1 if any file failed.")
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS],
                        help=f"files or folders (default: {DEFAULT_CORPUS})")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    add_corrections_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with tqdm(unit="file", desc="ingest", file=sys.stderr) as bar:
        def progress(done: int, total: int, name: str) -> None:
            bar.total = total
            bar.set_postfix_str(name, refresh=False)
            bar.update(done - bar.n)
        try:
            report = build_database(args.paths, args.db, progress=progress, corrections=args.corrections)
        except CorrectionsInvalid as error:
            return report_invalid("ingest", error)
        except StoreBusy as error:
            print(f"ingest: {error}", file=sys.stderr)
            return 1
        except duckdb.Error as error:  # e.g. --db names a file that is not a DuckDB database
            print(f"ingest: cannot use database {args.db}: {error}", file=sys.stderr)
            return 1
    for outcome in report.failed:
        print(f"FAILED {outcome.path}: {outcome.reason}", file=sys.stderr)
    counts = {status: sum(o.status == status for o in report.outcomes)
              for status in ("added", "replaced", "unchanged", "failed")}
    n_facts = sum(o.n_facts for o in report.changed)
    print(", ".join(f"{n} {status}" for status, n in counts.items()) + f"; {n_facts} facts written to {args.db}",
          file=sys.stderr)
    return 0 if report.ok else 1
