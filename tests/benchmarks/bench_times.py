"""Throughput of parsing.extraction.context.periods.find_times over the bundled corpus (one core).

The corpus is read the way bench_numbers.py reads it (NFKC, lines joined). Time is this process's CPU
time (time.process_time), printed beside a bare regex pass over the same text (number + unit) and the
load average. Also times dense inputs (every character an anchor, years back to back, anchors with long
runs of spaces), which must stay linear: milliseconds per 100 000 characters, not seconds.
Run: .venv/bin/python tests/benchmarks/bench_times.py [--repeat N]
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_numbers import stage_main  # noqa: E402

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
    return stage_main(times_in, "time stage", 20, DENSE, __doc__)


if __name__ == "__main__":
    sys.exit(main())
