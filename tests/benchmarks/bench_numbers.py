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


def report_stage(stage, label: str, repeat: int, dense: dict[str, str]) -> None:
    """One stage (a function of a text returning its mentions) over the corpus, best CPU time of `repeat`
    passes beside the bare pass, then on each dense input, with the load before and after."""
    texts = load_corpus()
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    stage(texts[0])  # load cues and compile patterns outside the timing
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    best = best_cpu(stage, texts, repeat)
    bare = best_cpu(BARE.findall, texts, repeat)
    print(f"{len(texts)} files, {size_mb:.2f} MB, {sum(len(stage(t)) for t in texts)} mentions per pass")
    print(f"best of {repeat}: {best * 1000:.2f} ms CPU per pass → {size_mb / best:.1f} MB/s; bare regex pass "
          f"{bare * 1000:.2f} ms → {size_mb / bare:.1f} MB/s ({label} at 1/{best / bare:.1f} of it)")
    print("dense inputs:")
    for name, text in dense.items():
        began = time.process_time()
        count = len(stage(text))
        print(f"  {name:22s} {len(text)} chars: {(time.process_time() - began) * 1000:7.1f} ms CPU, {count} mentions")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def stage_main(stage, label: str, default_repeat: int, dense: dict[str, str], description: str) -> int:
    """The command line of a stage benchmark: `--repeat N`, then report_stage."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=default_repeat,
                        help=f"passes over the corpus (default {default_repeat})")
    report_stage(stage, label, parser.parse_args().repeat, dense)
    return 0


DEGENERATE = {
    "Chinese numerals": "三" * 20000,
    "digits": "1" * 20000,
    "dotted digits": "1." * 10000,
    "letters and digits": "a1" * 10000,
    "percentages": "1%" * 10000,
    "counted Chinese": "三个" * 10000,
}


def main() -> int:
    return stage_main(find_numbers, "numbers stage", 10, DEGENERATE, __doc__)


if __name__ == "__main__":
    sys.exit(main())
