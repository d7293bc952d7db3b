"""Throughput of parsing.extraction.context.periods.find_times over the bundled corpus (one core).

The corpus is read the way bench_numbers.py reads it (NFKC, lines joined). Time is this process's CPU
time (time.process_time), printed beside a bare regex pass over the same text (number + unit) and the
load average. Also times dense inputs (every character an anchor, years back to back, anchors with long
runs of spaces), which must stay linear: milliseconds per 100 000 characters, not seconds.
Run: .venv/bin/python tests/benchmarks/bench_times.py [--repeat N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_numbers import BARE, best_cpu, load_corpus  # noqa: E402

from parsing.extraction.context.periods import find_times  # noqa: E402

DOC_DATE = dt.date(2023, 7, 28)
DENSE = {
    "anchors only": "年月季" * 33_334,
    "years back to back": "2025年" * 20_000,
    "relative months": "1-5月份，" * 16_667,
    "anchors among spaces": ("到" + " " * 40 + "2025 年" + " " * 40) * 1_200,
}


def times_in(text: str) -> list:
    return find_times(text, 0, len(text), DOC_DATE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus (default 20)")
    args = parser.parse_args()
    texts = load_corpus()
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times_in(texts[0])  # load cues and compile patterns outside the timing
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    best = best_cpu(times_in, texts, args.repeat)
    bare = best_cpu(BARE.findall, texts, args.repeat)
    print(f"{len(texts)} files, {size_mb:.2f} MB, {sum(len(times_in(t)) for t in texts)} time mentions per pass")
    print(f"best of {args.repeat}: {best * 1000:.2f} ms CPU per pass → {size_mb / best:.1f} MB/s; bare regex pass "
          f"{bare * 1000:.2f} ms → {size_mb / bare:.1f} MB/s (time stage at 1/{best / bare:.1f} of it)")
    print("dense inputs:")
    for name, text in DENSE.items():
        began = time.process_time()
        count = len(times_in(text))
        print(f"  {name:22s} {len(text)} chars: {(time.process_time() - began) * 1000:7.1f} ms CPU, {count} mentions")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
