"""`python -m parsing targets …`: every goal beside its actuals, with progress and status.

The same goal table the dashboard's Targets view shows and downloads (`parsing.targets`), filtered the
same way, written as CSV (UTF-8 with BOM, injection-safe, via `parsing.store.export`) or JSON lines.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..store import queries
from ..store.export import facts_csv_bytes
from ..store.ingest import DEFAULT_DB
from .corrections import sync_store
from .options import add_corrections_argument
from ..targets import STATUS_RULES, STATUSES, export_frame, filter_goals, load_goals

FORMATS = ("csv", "jsonl")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "targets", help="goals with their baseline, latest actual, progress and status",
        description="Link every target in the fact store to the actuals of the same indicator, region and "
                    "unit, and report progress and status. Filters may repeat; values of one filter are "
                    "alternatives (OR).",
        epilog="Statuses:\n" + STATUS_RULES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--indicator", action="append", default=[], metavar="K",
                        help="indicator key (5g_base_stations) or canonical indicator name (5G基站)")
    parser.add_argument("--region", action="append", default=[], metavar="R",
                        help="region, or a province to include its cities (山东省)")
    parser.add_argument("--deadline", action="append", default=[], type=int, metavar="Y", help="deadline year")
    parser.add_argument("--status", action="append", default=[], choices=STATUSES)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="judge progress as of this date (default: today)")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    add_corrections_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sync_store("targets", args.db, args.corrections):
        return 1
    try:
        con = queries.connect(args.db)
    except FileNotFoundError as error:
        print(f"targets: {error}; run `python -m parsing ingest` first", file=sys.stderr)
        return 1
    try:
        goals = load_goals(con, as_of=args.as_of).goals
    finally:
        con.close()
    goals = export_frame(filter_goals(goals, indicator=args.indicator, region=args.region,
                                      deadline=args.deadline, status=args.status))
    if args.format == "csv":
        data = facts_csv_bytes(goals)
    else:
        data = goals.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8")
    if args.out:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    print(f"{len(goals)} goals" + (f" written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
