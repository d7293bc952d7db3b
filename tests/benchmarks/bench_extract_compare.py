"""Extraction throughput of this checkout beside an earlier revision's, in the same run.

    python tests/benchmarks/bench_extract_compare.py [--baseline REV] [--copies 20] [--rounds 3] [--instructions]

The baseline's `parsing/` and `data/` are taken from git (`git archive REV`) into a temporary folder.
Each round times, in fresh child processes on one core, the corpus extracted `--copies` times by the
baseline and by this checkout, alternately, so both see the same machine load; beside them a bare
regex pass (number + unit, `re.findall`) over the same bytes, and the load average. This checkout runs
twice when its stages are compiled (`python -m parsing compile`): as Python source and compiled. The
best round of each is reported (the least disturbed one), with its ratio to the baseline.

With --instructions, each side is also counted in CPU instructions per pass over the corpus under
`valgrind --tool=callgrind` (runs of 1 and 3 passes, halved difference: start-up excluded), a figure that
does not move with the machine's load.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Runs inside a child: extract the corpus `copies` times with the `parsing` found on sys.path[0].
CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
try:
    from parsing.extraction import extract_text
except ImportError:                       # revisions before the layout move
    from parsing.extract import extract_text
try:
    from parsing.compiled import active_build
    compiled = active_build() is not None
except ImportError:                       # revisions before the compiled build
    compiled = False
assert compiled == (sys.argv[4] == "compiled"), "the stages did not run as asked"
texts = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
extract_text(*texts[0])
start = time.process_time()
for copy in range(int(sys.argv[3])):
    for text, name in texts:
        extract_text(text, f"{copy:03d}_{name}")
print(time.process_time() - start)
"""

BARE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|美元|个|家|架|台|户|人|项|%)")


def _env(root: Path, mode: str) -> dict:
    """The child's environment: its own data files; as Python source unless `mode` is "compiled"."""
    env = dict(os.environ, TRACKER_DATA_DIR=str(root / "data"))
    if mode != "compiled":
        env["TRACKER_PURE_PYTHON"] = "1"
    return env


def _child_seconds(root: Path, corpus: Path, copies: int, mode: str) -> float:
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", CHILD, str(root), str(corpus), str(copies),
                          mode], env=_env(root, mode), check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def _instructions_per_pass(root: Path, corpus: Path, mode: str) -> int:
    """CPU instructions one extraction pass over the corpus takes (valgrind; start-up excluded)."""

    def counted(copies: int) -> int:
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                              CHILD, str(root), str(corpus), str(copies), mode], env=_env(root, mode),
                             capture_output=True, text=True)
        return int(re.search(r"Collected : (\d+)", run.stderr).group(1))

    return (counted(3) - counted(1)) // 2


def _bare_seconds(corpus: Path, copies: int) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    start = time.process_time()
    for _ in range(copies):
        for text in texts:
            BARE.findall(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instructions", action="store_true", help="also count instructions (needs valgrind)")
    args = parser.parse_args()
    corpus = REPO / "data" / "corpus"
    size = sum(p.stat().st_size for p in corpus.glob("*.txt")) * args.copies
    counts = None
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder)
        archive = subprocess.run(["git", "archive", args.baseline, "parsing", "data"], cwd=REPO, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        sides = {"baseline": (baseline, "python"), "this checkout": (REPO, "python")}
        if _has_build():
            sides["this checkout, compiled"] = (REPO, "compiled")
        best = dict.fromkeys([*sides, "bare"], float("inf"))
        for round_ in range(1, args.rounds + 1):
            seconds = {side: _child_seconds(root, corpus, args.copies, mode) for side, (root, mode) in sides.items()}
            seconds["bare"] = _bare_seconds(corpus, args.copies)
            print(f"round {round_}: " + ", ".join(f"{k} {size / v / 1e6:.2f} MB/s" for k, v in seconds.items())
                  + f"  (load {os.getloadavg()[0]:.2f})")
            best = {k: min(best[k], seconds[k]) for k in best}
        if args.instructions:
            counts = {side: _instructions_per_pass(root, corpus, mode) for side, (root, mode) in sides.items()}
    rate = {k: size / v / 1e6 for k, v in best.items()}
    print(f"\n{size / 1e6:.1f} MB, best of {args.rounds} rounds, CPU time on one core (baseline {args.baseline}):")
    for side in sides:
        versus = "" if side == "baseline" else f", {(rate[side] / rate['baseline'] - 1) * 100:+.1f}% vs baseline"
        print(f"  {side}: {rate[side]:.2f} MB/s (1/{rate['bare'] / rate[side]:.1f} of bare){versus}")
    print(f"  bare regex pass: {rate['bare']:.1f} MB/s; load average {os.getloadavg()}")
    if counts:
        print("  instructions per pass over the corpus: " + ", ".join(
            f"{side} {count / 1e6:.0f}M ({(count / counts['baseline'] - 1) * 100:+.1f}%)" for side, count in counts.items()))


def _has_build() -> bool:
    """Whether this checkout's stages are compiled (python -m parsing compile)."""
    sys.path.insert(0, str(REPO))
    from parsing import compiled
    folder = compiled.build_folder(compiled.compiled_sources())
    return folder is not None and (folder / compiled.MANIFEST).is_file()

if __name__ == "__main__":
    main()
