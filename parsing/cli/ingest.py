"""`python -m parsing ingest [PATH...] [--db FILE] [--jobs N]`: add documents to the fact database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    progress = _ProgressBar()
    try:
        report = build_database(args.paths, args.db, progress=progress, corrections=args.corrections,
                                file_timeout=args.file_timeout, replace=args.replace, jobs=args.jobs)
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
    finally:
        progress.close()
    print_file_report(report)
    counts = {status: sum(o.status == status for o in report.outcomes)
              for status in ("added", "replaced", "unchanged", "failed")}
    n_facts = sum(o.n_facts for o in report.changed)
    print(", ".join(f"{n} {status}" for status, n in counts.items()) + f"; {n_facts} facts written to {args.db}",
          file=sys.stderr)
    return 0 if report.ok else 1


class _ProgressBar:
    """The count of files done on standard error, shown from the first file written on: importing tqdm
    takes 50 ms, which would hold up the workers if it came before the ingest starts them."""

    def __init__(self):
        self._bar = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self._bar is None:
            from tqdm import tqdm
            self._bar = tqdm(unit="file", desc="ingest", file=sys.stderr)
        self._bar.total = total
        self._bar.set_postfix_str(name, refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


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
