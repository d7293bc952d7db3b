"""Throughput of parsing.extraction.numbers.find_numbers over the bundled corpus (MB/s of UTF-8 text, one core).

The corpus is normalised crudely here (NFKC + joined lines), the way the normalise stage hands text on.
Time is this process's CPU time (time.process_time), so other work on a shared machine distorts it less;
printed beside a bare regex pass over the same paragraphs (number + unit, re.findall) and the load average.
Also times degenerate inputs (20 000-character runs of numerals, dots, codes …), where a regex that
backtracks from every position would be quadratic: each should take milliseconds, not seconds.
Run: .venv/bin/python tests/benchmarks/bench_numbers.py [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from parsing.extraction.numbers import find_numbers  # noqa: E402


# the bare pass of issue 11: number and unit, nothing else
BARE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|美元|个|家|架|台|户|人|项|%)")


def load_corpus() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8", errors="replace"))
        texts.append("".join(line.strip() for line in text.splitlines()))
    return texts


def best_cpu(function, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        for text in texts:
            function(text)
        best = min(best, time.process_time() - began)
    return best


DEGENERATE = {
    "Chinese numerals": "三" * 20000,
    "digits": "1" * 20000,
    "dotted digits": "1." * 10000,
    "letters and digits": "a1" * 10000,
    "percentages": "1%" * 10000,
    "counted Chinese": "三个" * 10000,
}


def time_degenerate() -> None:
    for name, text in DEGENERATE.items():
        began = time.process_time()
        count = len(find_numbers(text))
        print(f"  {name:20s} {len(text)} chars: {(time.process_time() - began) * 1000:7.1f} ms CPU, {count} mentions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="passes over the corpus (default 10)")
    args = parser.parse_args()
    texts = load_corpus()
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    find_numbers(texts[0])  # warm caches (cn2an, regex) outside the timing
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    best = best_cpu(find_numbers, texts, args.repeat)
    bare = best_cpu(BARE.findall, texts, args.repeat)
    print(f"{len(texts)} files, {size_mb:.2f} MB, {sum(len(find_numbers(t)) for t in texts)} mentions per pass")
    print(f"best of {args.repeat}: {best * 1000:.1f} ms CPU → {size_mb / best:.1f} MB/s; bare regex pass "
          f"{bare * 1000:.1f} ms → {size_mb / bare:.1f} MB/s (numbers stage at 1/{best / bare:.1f} of it)")
    print("degenerate inputs:")
    time_degenerate()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
