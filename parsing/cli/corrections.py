"""`python -m parsing corrections import FILE | export [--out FILE] | list`, and the `--corrections` option
of every command that reads facts.

A command that reads the store first brings it in line with the corrections file (`sync_store`): when the
file changed since the store last applied it, the store is updated the way an ingest updates it (copy,
write, swap), so what it reads is what the file says.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store import corrections_apply, queries
from ..store.catalogs import DATA_DIR
from ..store.corrections import (CorrectionsInvalid, Vocabulary, corrections_csv_bytes, merged, read_corrections,
                                 update_corrections)
from ..store.ingest import DEFAULT_DB, StoreBusy, apply_corrections_file
from .options import add_corrections_argument, report_invalid


def sync_store(prog: str, db: Path, corrections: Path) -> int:
    """Apply `corrections` to the store at `db` if it has not applied exactly this set yet.

    Returns an exit status: 0 (in line, or a busy store reported as a warning), 1 for a bad file."""
    if not db.exists():
        return 0
    con = queries.connect(db)
    try:
        wanted = read_corrections(corrections, corrections_apply.store_vocabulary(con))
        current = corrections_apply.applied_hash(con) == corrections_apply.corrections_hash(wanted)
    except CorrectionsInvalid as error:
        return report_invalid(prog, error)
    finally:
        con.close()
    if not current:
        try:
            apply_corrections_file(db, corrections)
        except StoreBusy as error:
            print(f"{prog}: warning: corrections in {corrections} not applied yet: {error}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "corrections", help="import, export and list corrections to extracted facts",
        description="Corrections are kept in a CSV file apart from the database and applied at every ingest.")
    actions = parser.add_subparsers(dest="action", required=True)
    importer = actions.add_parser("import", help="validate a shared corrections file and merge it in "
                                                 "(a row for the same fact and field replaces the current one)")
    importer.add_argument("file", type=Path, metavar="FILE")
    exporter = actions.add_parser("export", help="write the current corrections")
    exporter.add_argument("--out", type=Path, help="output file (default: standard output)")
    actions.add_parser("list", help="every correction with its state (applied, orphaned)")
    for sub in (importer, exporter, actions.choices["list"]):
        sub.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
        add_corrections_argument(sub)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return {"import": run_import, "export": run_export, "list": run_list}[args.action](args)


def run_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        print(f"corrections: no such file: {args.file}", file=sys.stderr)
        return 1
    vocabulary = _vocabulary(args.db)
    try:
        incoming = read_corrections(args.file, vocabulary)
        before = {c.slot for c in read_corrections(args.corrections, vocabulary)}
        update_corrections(args.corrections, lambda current: merged(current, incoming), vocabulary)
    except CorrectionsInvalid as error:
        return report_invalid("corrections", error)
    replaced = sum(c.slot in before for c in incoming)
    print(f"{len(incoming) - replaced} added, {replaced} replaced in {args.corrections}", file=sys.stderr)
    return sync_store("corrections", args.db, args.corrections)


def run_export(args: argparse.Namespace) -> int:
    try:
        data = corrections_csv_bytes(read_corrections(args.corrections, _vocabulary(args.db)))
    except CorrectionsInvalid as error:
        return report_invalid("corrections", error)
    if args.out:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def run_list(args: argparse.Namespace) -> int:
    if not args.db.exists():
        print(f"corrections: no fact database at {args.db}; run `python -m parsing ingest` first",
              file=sys.stderr)
        return 1
    status = sync_store("corrections", args.db, args.corrections)
    if status:
        return status
    con = queries.connect(args.db)
    try:
        states = corrections_apply.correction_states(con)
    finally:
        con.close()
    for row in states.itertuples():
        print(f"{row.state:8s} {row.created_at:%Y-%m-%d %H:%M} {row.source}:{row.line} "
              f"{row.field} → {row.new_value}  «{row.quote[:40]}»" + (f"  # {row.comment}" if row.comment else ""))
    counts = states["state"].value_counts()
    print(", ".join(f"{counts.get(state, 0)} {state}" for state in corrections_apply.STATES), file=sys.stderr)
    return 0


def _vocabulary(db: Path) -> Vocabulary:
    """Names a correction may set: the store's catalogs, or the catalog files when there is no store."""
    if not db.exists():
        return corrections_apply.file_vocabulary(DATA_DIR)
    con = queries.connect(db)
    try:
        return corrections_apply.store_vocabulary(con)
    finally:
        con.close()
