"""CPU time of the first two stages on the bundled corpus: normalise (raw text → paragraphs) and
split_articles (paragraphs → date, title, articles), per pass over the five files, beside a bare regex
pass over the same raw text and the machine's load.

Each figure is the fastest of `--rounds` rounds of `--repeat` passes, in this process's CPU time
(time.process_time), which other work on a shared machine distorts less than wall time.
Run: .venv/bin/python tests/benchmarks/bench_layout.py [--repeat 20] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from parsing.extraction.documents import split_articles  # noqa: E402
from parsing.extraction.normalise import normalise  # noqa: E402

# the bare pass of issue 11: number and unit, nothing else
BARE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|美元|个|家|架|台|户|人|项|%)")


def ms_per_pass(function, items, repeat: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        for _ in range(repeat):
            for item in items:
                function(item)
        best = min(best, (time.process_time() - began) / repeat)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    raws = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "data" / "corpus").glob("*.txt"))]
    texts = [normalise(raw) for raw in raws]
    [split_articles(text) for text in texts]        # load and compile the layout patterns once
    size = sum(len(raw.encode("utf-8")) for raw in raws)
    bare = ms_per_pass(BARE.findall, raws, args.repeat, args.rounds)
    print(f"corpus: {len(raws)} files, {size / 1000:.0f} KB; load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bare regex pass: {bare:.2f} ms")
    for label, function, items in (("normalise", normalise, raws), ("split_articles", split_articles, texts)):
        spent = ms_per_pass(function, items, args.repeat, args.rounds)
        print(f"{label}: {spent:.2f} ms per pass (CPU), {spent / bare:.1f}x the bare pass")


if __name__ == "__main__":
    main()
