"""Time on adversarial input: each pattern of tests/cases/adversarial.yaml at 1 MB, and the corpus on one
10 MB line, through read (bytes → text), the numbers stage and the full extraction, beside a bare regex
pass over the same text and the machine's load.

    python tests/benchmarks/bench_adversarial.py [--size-mb 1] [--corpus-mb 10] [--budget 120]

Issue 12's goal: every pattern at 1 MB under 5 s, the corpus on one line at 10 MB under 10 s. Each
stage runs in a worker process (parsing.confine) with `--budget` seconds, so a stage that is still
quadratic shows as "> budget" instead of holding the benchmark for hours. Times are the stage's CPU
seconds (time.process_time), which a busy machine distorts less than wall time.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import regex
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from parsing.confine import ChildCall, Finished, run_confined  # noqa: E402
from parsing.extraction import extract_text  # noqa: E402
from parsing.extraction.numbers import find_numbers  # noqa: E402
from parsing.extraction.read import decode_document  # noqa: E402

PATTERNS = yaml.safe_load((REPO / "tests" / "cases" / "adversarial.yaml").read_text(encoding="utf-8"))
# The cheapest pass that still looks at every character: every run of digits or Chinese numerals.
BARE = regex.compile(r"[0-9]+|[零一二三四五六七八九十百千万亿]+")


def cpu_seconds(function, *args) -> float:
    began = time.process_time()
    function(*args)
    return time.process_time() - began


def bare_pass(text: str) -> int:
    return sum(1 for _ in BARE.finditer(text))


def read(name: str, data: bytes) -> str:
    return decode_document(Path(name), data).text


def stages(name: str, data: bytes) -> list[ChildCall]:
    """The four timings of one input, each a worker call returning CPU seconds."""
    text = read(name, data)
    return [ChildCall(cpu_seconds, (read, name, data), tag="read"),
            ChildCall(cpu_seconds, (find_numbers, text), tag="numbers"),
            ChildCall(cpu_seconds, (extract_text, text, name), tag="extract"),
            ChildCall(cpu_seconds, (bare_pass, text), tag="bare regex")]


def adversarial_inputs(size: int) -> list[tuple[str, str, bytes]]:
    inputs = []
    for pattern in PATTERNS:
        unit = pattern["unit"].encode("utf-8")
        prefix = pattern.get("prefix", "").encode("utf-8")
        suffix = ".html" if pattern.get("kind") == "html" else ".txt"
        inputs.append((pattern["name"], f"adversarial{suffix}", prefix + unit * ((size - len(prefix)) // len(unit))))
    return inputs


def corpus_on_one_line(size: int) -> bytes:
    corpus = "".join(path.read_text(encoding="utf-8").replace("\r", "").replace("\n", "")
                     for path in sorted((REPO / "data" / "corpus").glob("*.txt"))).encode("utf-8")
    return (corpus * (size // len(corpus) + 1))[:size].decode("utf-8", errors="ignore").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0, help="size of each adversarial input (default 1)")
    parser.add_argument("--corpus-mb", type=float, default=10.0, help="size of the one-line corpus (default 10)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per stage before giving up (default 120)")
    args = parser.parse_args()
    extract_text("到2025年全省5G基站达到10万个。", "warm.txt")  # catalogs loaded before the worker forks
    inputs = adversarial_inputs(int(args.size_mb * 1e6))
    inputs.append(("corpus on one line", "corpus.txt", corpus_on_one_line(int(args.corpus_mb * 1e6))))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"CPU seconds, one core per stage; budget {args.budget:g} s")
    print(f"{'input':28s} {'MB':>6s} {'read':>9s} {'numbers':>9s} {'extract':>9s} {'bare regex':>10s}")
    for label, name, data in inputs:
        results = {r.tag: r for r in run_confined(stages(name, data), args.budget)}
        cells = [f"{results[t].value:9.2f}" if isinstance(results[t], Finished) else f"{'> ' + format(args.budget, 'g'):>9s}"
                 for t in ("read", "numbers", "extract")]
        bare = results["bare regex"]
        bare_cell = f"{bare.value:10.3f}" if isinstance(bare, Finished) else f"{'failed':>10s}"
        print(f"{label:28s} {len(data) / 1e6:6.2f} {' '.join(cells)} {bare_cell}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
