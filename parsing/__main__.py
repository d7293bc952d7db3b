"""`python -m parsing COMMAND …`: extract, evaluate, ingest, export, targets, corrections, compile."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = ("extract", "evaluate", "ingest", "export", "targets", "corrections", "compile")


def build_parser(commands=COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m parsing", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in commands:
        module = importlib.import_module(f"parsing.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Only the named command's module is imported (extract need not load pandas and DuckDB);
    # help and unknown commands get them all, so that the help lists every command.
    chosen = (argv[0],) if argv and argv[0] in COMMAND_MODULES else COMMAND_MODULES
    args = build_parser(chosen).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    status = main()
    # Every command has closed its files and connections and stopped its workers by now. Python's own exit
    # would then spend ~0.1 s taking pandas, Arrow and DuckDB apart (a twentieth of ingesting 10 MB on two
    # cores, tests/benchmarks/bench_jobs.py); only the output buffers are left to flush.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
