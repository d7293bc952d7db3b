"""`python -m parsing ingest [PATH...] [--db FILE] [--jobs N]`: add documents to the fact database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from ..store.corrections import CorrectionsInvalid
from ..store.ingest import DEFAULT_CORPUS, DEFAULT_DB, IngestReport, StoreBusy, build_database
from .options import add_corrections_argument, add_file_timeout_option, add_jobs_option, report_invalid


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="extract facts from files and folders into the DuckDB fact store",
        description="Read .txt/.md (any common Chinese encoding), text .pdf and .html files, extract their "
                    "facts (--jobs files at once) and store them, one transaction per batch of documents. "
                    "Unchanged files are skipped; changed files replace their facts. Exit status 1 if any "
                    "file failed.")
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS],
                        help=f"files or folders (default: {DEFAULT_CORPUS})")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    add_corrections_argument(parser)
    add_file_timeout_option(parser)
    add_jobs_option(parser)
    parser.add_argument("--replace", action="store_true",
                        help="let a file replace a stored document of the same name that came from another "
                             "folder (without it such a file is refused unless its title and date are the "
                             "stored document's)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with tqdm(unit="file", desc="ingest", file=sys.stderr) as bar:
        def progress(done: int, total: int, name: str) -> None:
            bar.total = total
            bar.set_postfix_str(name, refresh=False)
            bar.update(done - bar.n)
        try:
            report = build_database(args.paths, args.db, progress=progress, corrections=args.corrections,
                                    file_timeout=args.file_timeout, replace=args.replace,
                                    jobs=args.jobs)
        except CorrectionsInvalid as error:
            return report_invalid("ingest", error)
        except StoreBusy as error:
            print(f"ingest: {error}", file=sys.stderr)
            return 1
        except Exception as error:
            # DuckDB is loaded by now; imported at the top, it would hold up the workers (parsing.store.ingest)
            import duckdb
            if not isinstance(error, duckdb.Error):
                raise
            print(f"ingest: cannot use database {args.db}: {error}", file=sys.stderr)  # e.g. not a DuckDB file
            return 1
    print_file_report(report)
    counts = {status: sum(o.status == status for o in report.outcomes)
              for status in ("added", "replaced", "unchanged", "failed")}
    n_facts = sum(o.n_facts for o in report.changed)
    print(", ".join(f"{n} {status}" for status, n in counts.items()) + f"; {n_facts} facts written to {args.db}",
          file=sys.stderr)
    return 0 if report.ok else 1


def print_file_report(report: IngestReport) -> None:
    """Each file's failure, replacement from another folder and extraction warnings, one line each."""
    for outcome in report.outcomes:
        if outcome.status == "failed":
            print(f"FAILED {outcome.path}: {outcome.reason}", file=sys.stderr)
        if outcome.replaced_path:
            print(f"replaced {outcome.path.name}: the stored copy came from {outcome.replaced_path}",
                  file=sys.stderr)
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
