"""`python -m parsing COMMAND …`: extract, evaluate, ingest, export, targets."""
from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = ("extract", "evaluate", "ingest", "export", "targets")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m parsing", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"parsing.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
