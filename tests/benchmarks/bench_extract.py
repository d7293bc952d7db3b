"""Throughput of extraction on the bundled corpus copied 40 times (~21 MB).

    python tests/benchmarks/bench_extract.py [--copies 40] [--cli]

Reports MB/s of UTF-8 input for the library path (extract_text over every copy, one process, one
core) and, with --cli, for `python -m parsing extract` run on a folder of the copies (reading,
decoding and JSON output included). CPU time is reported beside wall time because a shared machine
makes wall time noisy.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from parsing.extraction import extract_text  # noqa: E402


def library(copies: int) -> None:
    corpus = sorted((REPO / "data" / "corpus").glob("*.txt"))
    texts = [(path.read_text(encoding="utf-8"), path.name) for path in corpus]
    size = sum(len(text.encode("utf-8")) for text, _ in texts) * copies
    extract_text(*texts[0])                      # load catalogs once, as a long-running process would
    wall, cpu, facts = time.perf_counter(), time.process_time(), 0
    for copy in range(copies):
        for text, name in texts:
            facts += len(extract_text(text, f"{copy:03d}_{name}").facts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"library: {size / 1e6:.1f} MB, {facts} facts, wall {wall:.2f} s ({size / wall / 1e6:.2f} MB/s), "
          f"cpu {cpu:.2f} s ({size / cpu / 1e6:.2f} MB/s)")


def cli(copies: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        size = 0
        for copy in range(copies):
            for path in (REPO / "data" / "corpus").glob("*.txt"):
                shutil.copy(path, Path(folder) / f"{copy:03d}_{path.name}")
                size += path.stat().st_size
        files = sorted(str(p) for p in Path(folder).iterdir())
        wall = time.perf_counter()
        subprocess.run([sys.executable, "-m", "parsing", "extract", *files], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - wall
        print(f"cli: {size / 1e6:.1f} MB in {len(files)} files, wall {wall:.2f} s ({size / wall / 1e6:.2f} MB/s, "
              "process start-up and catalog loading included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--cli", action="store_true", help="also time the command line end to end")
    args = parser.parse_args()
    library(args.copies)
    if args.cli:
        cli(args.copies)


if __name__ == "__main__":
    main()
