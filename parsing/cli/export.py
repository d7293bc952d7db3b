"""`python -m parsing export …`: write filtered facts as CSV, Parquet or JSON lines.

Uses the same filter (`parsing.store.queries.FactFilter`) and the same writer (`parsing.store.export`) as the
dashboard's download button, so the same filters give the same file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store import queries
from ..store.export import FORMATS, export_file_name, write_export
from ..store.ingest import DEFAULT_DB
from .corrections import sync_store
from .options import add_corrections_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write filtered facts to csv, parquet or jsonl",
                                   description="Export facts from the fact store. Filters may repeat; "
                                               "values of one filter are alternatives (OR).")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--indicator", action="append", default=[], metavar="K",
                        help="indicator key (5g_base_stations) or canonical indicator name (5G基站)")
    parser.add_argument("--region", action="append", default=[], metavar="R", help="region name, e.g. 山东省")
    parser.add_argument("--kind", action="append", default=[], choices=("actual", "target", "forecast",
                                                                        "incentive"))
    parser.add_argument("--from", dest="year_from", type=int, metavar="Y", help="first year (inclusive)")
    parser.add_argument("--to", dest="year_to", type=int, metavar="Y", help="last year (inclusive)")
    parser.add_argument("--roll-up-cities", action="store_true",
                        help="report city and district facts under their province")
    parser.add_argument("--source", metavar="FILE", help="only facts from this document (file name)")
    parser.add_argument("--out", type=Path, help="output file (default: named after the filters)")
    add_corrections_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sync_store("export", args.db, args.corrections):
        return 1
    try:
        con = queries.connect(args.db)
    except FileNotFoundError as error:
        print(f"export: {error}; run `python -m parsing ingest` first", file=sys.stderr)
        return 1
    try:
        known = queries.indicators(con)
        known_keys = set(known["indicator_key"])
        unknown = [i for i in args.indicator if i not in known_keys and i not in set(known["indicator"])]
        unknown += [r for r in args.region if r not in set(queries.regions(con)["region"])]
        for name in unknown:
            print(f"export: warning: no indicator or region named {name!r} in {args.db}", file=sys.stderr)
        flt = queries.FactFilter(
            indicator_keys=tuple(i for i in args.indicator if i in known_keys),
            indicators=tuple(i for i in args.indicator if i not in known_keys),
            regions=tuple(args.region), kinds=tuple(args.kind), year_from=args.year_from,
            year_to=args.year_to, roll_up_cities=args.roll_up_cities, source=args.source)
        rows = queries.facts(con, flt)
    finally:
        con.close()
    out = args.out or Path(export_file_name(flt, args.format))
    write_export(rows, out, args.format)
    print(f"{len(rows)} facts written to {out}", file=sys.stderr)
    return 0
