"""Start-up of the command line: `python -m parsing extract` on a one-line file, as a user runs it.

    python tests/benchmarks/bench_startup.py [--runs N]

Times whole processes (interpreter start, imports, catalogs, extraction of one line, output) three ways —
the catalog cache warm (the usual case), cold (an empty cache directory each run: YAML parsed and the
cache written) and switched off — beside a bare Python process that runs one `re.findall` (number + unit)
over the same file, so the figures can be read against what any Python start costs on this machine.
Target (issue 11): under 0.4 s with the cache warm.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import machine, p90, timed  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LINE = "2023年7月28日 第30期\n到2025年，全省5G基站达到10万个。\n"
BARE = "import re, sys; re.findall(r'[0-9.]+[万亿]?[个家元%]', open(sys.argv[1], encoding='utf-8').read())"


def run(argv: list[str], env: dict) -> None:
    subprocess.run(argv, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        one_line = Path(work) / "one_line.txt"
        one_line.write_text(LINE, encoding="utf-8")
        warm_cache, cold_parent = Path(work) / "cache", Path(work) / "cold"
        extract = [sys.executable, "-m", "parsing", "extract", str(one_line)]
        env = {**os.environ, "TRACKER_CACHE_DIR": str(warm_cache)}
        run(extract, env)           # fills the warm cache (and Python's bytecode cache)
        cold_runs = iter(range(args.runs + 1))

        def cold() -> None:
            run(extract, {**os.environ, "TRACKER_CACHE_DIR": str(cold_parent / str(next(cold_runs)))})

        print(f"before: {machine()}")
        rows = [("bare python + re.findall over the file", lambda: run([sys.executable, "-c", BARE, str(one_line)], env)),
                ("extract, catalog cache warm", lambda: run(extract, env)),
                ("extract, catalog cache cold", cold),
                ("extract, catalog cache off", lambda: run(extract, {**os.environ, "TRACKER_CACHE_DIR": ""}))]
        for name, work_once in rows:
            times, _ = timed(work_once, args.runs)
            print(f"{name:40} median {statistics.median(times):6.0f} ms, p90 {p90(times):6.0f} ms "
                  f"over {args.runs} processes")
        print(f"after: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
