"""Extraction, `extract` and `ingest` throughput beside a bare regex pass over the same bytes, in one run.

    python tests/benchmarks/bench_jobs.py [--copies 40] [--jobs N] [--rounds 2]

The bundled corpus is copied `--copies` times under distinct file names (the corpus ×40 is 200 files,
20.9 MB). Over those bytes, in this order:
  bare        a bare Python regex pass (number + unit, `re.findall`), the yardstick, made right before
              each figure's run so both see the same load
  library     `extract_text` over every copy in a child process pinned to one core (catalogs loaded first)
  extract     `python -m parsing extract FILE…` with --jobs 1 and --jobs N (default: every core),
              standard output to /dev/null; a whole process, start-up included
  ingest      `python -m parsing ingest FOLDER --db NEW` with --jobs 1 and --jobs N into a fresh database;
              a whole process: catalogs, extraction, writing, goal tracking, the swap
  writer      the ingest's writer alone (`write_documents`, extraction done beforehand), one document per
              transaction and in the ingest's batches
  phases      where one `ingest --jobs N` run's wall time goes: start-up until the first worker starts,
              extraction with writing until the last batch is written, then (the parent alone) clustering
              and corrections, goal tracking, checkpoint and swap, and the interpreter's exit; with the
              parent's CPU seconds (start-up, writing, goals) beside the workers'
Each figure is the best of `--rounds` runs (the least disturbed on a shared machine). Each line gives
  MB/s (wall time) and 1/x: the run's wall time over its bare pass's (throughput: what more cores buy);
  cpu s and 1/x: the CPU seconds this process and its children used (user + system) over the bare pass's
  (work per byte: barely moved by other processes on the machine, and not by cores);
  the bare pass's MB/s and the 1-minute load average before and after the runs (os.getloadavg()).
On a busy machine the wall figures fall with the cores left free (load above the core count: none).
Every figure uses the compiled extraction stages when this source has a build (`python -m parsing compile`;
the header says which), else the Python source; TRACKER_PURE_PYTHON=1 measures the Python source.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from parsing.compiled import active_build  # noqa: E402
from parsing.extraction import extract_text  # noqa: E402
from parsing.store import ingest, write  # noqa: E402
CORPUS = REPO / "data" / "corpus"
BARE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|美元|个|家|架|台|户|人|项|%)")

# Runs in a child pinned to one core: extract every file of a folder, print the seconds it took.
LIBRARY_CHILD = r"""
import sys, time
from pathlib import Path
from parsing.extraction import extract_text
texts = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(Path(sys.argv[1]).iterdir())]
extract_text(*texts[0])
start = time.perf_counter()
for text, name in texts:
    extract_text(text, name)
print(time.perf_counter() - start)
"""


# Runs `python -m parsing ingest ARGS` in a child with clocks on the phase boundaries; prints them as JSON
# when the command leaves (through os._exit, as `python -m parsing` does).
PHASES_CHILD = r"""
import json, os, runpy, sys, time
from parsing import confine
from parsing.store import ingest
stamps, parent, leave = {}, os.getpid(), os._exit
def clock(owner, name, key):  # note when the first call of owner.name starts and when its last one ends
    function = getattr(owner, name)
    def clocked(*args, **kwargs):
        stamps.setdefault(key + "_start", time.monotonic())
        result = function(*args, **kwargs)
        stamps[key] = time.monotonic()
        return result
    setattr(owner, name, clocked)
def leave_with_stamps(status):
    if os.getpid() == parent:  # (forked workers leave through os._exit too)
        print(json.dumps({**stamps, "parent_cpu": time.process_time()}), flush=True)
    leave(status)
clock(confine._Worker, "__init__", "first_worker")
clock(ingest, "_write_batch", "last_batch")
clock(ingest, "_refresh_goals", "goals")
clock(os, "replace", "swap")
os._exit = leave_with_stamps
sys.argv = ["parsing", "ingest", *sys.argv[1:]]
runpy.run_module("parsing", run_name="__main__")
"""


def copy_corpus(folder: Path, copies: int) -> list[Path]:
    files = []
    for copy in range(copies):
        for source in sorted(CORPUS.glob("*.txt")):
            files.append(folder / f"copy{copy:03d}_{source.name}")
            shutil.copyfile(source, files[-1])
    return files


def bare_seconds(texts: list[str]) -> tuple[float, float]:
    """The yardstick: a bare regex pass over the same texts, best of 3 (it takes a fraction of a second);
    wall and CPU seconds."""
    best = (float("inf"), float("inf"))
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            BARE.findall(text)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def library_seconds(folder: Path) -> float:
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", LIBRARY_CHILD, str(folder)], cwd=REPO,
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def command_seconds(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "parsing", *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def print_phases(folder: Path, db: Path, corrections: str, jobs: int) -> None:
    """One ingest run's wall time by phase (see the module doc), and CPU of the parent beside the total."""
    import json
    fresh(db)
    cpu_before, start = cpu_seconds(), time.monotonic()
    out = subprocess.run([sys.executable, "-c", PHASES_CHILD, str(folder), "--db", str(db), "--jobs", str(jobs),
                          "--corrections", corrections], cwd=REPO, check=True, capture_output=True, text=True).stdout
    end, cpu = time.monotonic(), cpu_seconds() - cpu_before
    at = json.loads(out.strip().splitlines()[-1])
    phases = [("start-up to the first worker", start, at["first_worker_start"]),
              ("extraction and writing", at["first_worker_start"], at["last_batch"]),
              ("clustering, corrections", at["last_batch"], at["goals_start"]),
              ("goal tracking", at["goals_start"], at["goals"]),
              ("checkpoint, swap", at["goals"], at["swap"]),
              ("report, exit", at["swap"], end)]
    print(f"ingest --jobs {jobs} by phase, one run, {end - start:.2f} s: "
          + "; ".join(f"{label} {b - a:.2f} s" for label, a, b in phases))
    print(f"  CPU: {cpu:.2f} s in all, of which the parent (start-up, writing, goals) {at['parent_cpu']:.2f} s; "
          f"load {os.getloadavg()[0]:.2f}")


def extracted_copies(copies: int) -> list[tuple[write.StoredFile, object]]:
    """The corpus's extractions `copies` times under distinct file names, as the writer gets them."""
    extracted = [(path, extract_text(path.read_text(encoding="utf-8"), path.name))
                 for path in sorted(CORPUS.glob("*.txt"))]
    return [(write.StoredFile(f"copy{copy:03d}_{path.name}", str(path), "hash", path.stat().st_size,
                              "text", "utf-8"), extraction)
            for copy in range(copies) for path, extraction in extracted]


def writer_seconds(work: Path, documents: list, batch: int) -> float:
    """Write the documents into a fresh database, `batch` per transaction."""
    db = work / "writer.duckdb"
    db.unlink(missing_ok=True)
    con = write.open_writable(db)
    try:
        start = time.perf_counter()
        for first in range(0, len(documents), batch):
            write.write_documents(con, documents[first:first + batch])
        con.execute("CHECKPOINT")
        return time.perf_counter() - start
    finally:
        con.close()


def fresh(db: Path) -> bool:
    db.unlink(missing_ok=True)
    return True


def cpu_seconds() -> float:
    """CPU time of this process and its children so far."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (resource.getrusage(resource.RUSAGE_SELF),
                                                           resource.getrusage(resource.RUSAGE_CHILDREN)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the many-core runs' --jobs")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each figure; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work, "corpus")
        folder.mkdir()
        files = copy_corpus(folder, args.copies)
        size = sum(path.stat().st_size for path in files)
        print(f"{args.copies} copies of the corpus: {len(files)} files, {size / 1e6:.1f} MB; "
              f"{os.cpu_count()} cores; python {sys.version.split()[0]}; extraction stages "
              + ("compiled (python -m parsing compile)" if active_build() else "as Python source (no build)"))
        texts = [path.read_text(encoding="utf-8") for path in files]

        def measure(label: str, run) -> None:
            """The best of `rounds` runs, each right after a bare pass (its ratio is to that pass, made at
            the same load)."""
            load_before, best = os.getloadavg()[0], None
            for _ in range(args.rounds):
                bare = bare_seconds(texts)
                cpu_before = cpu_seconds()
                seconds = run()
                best = min(best or (float("inf"),), (seconds, cpu_seconds() - cpu_before, *bare))
            seconds, cpu, bare_wall, bare_cpu = best
            print(f"{label:<40} {size / seconds / 1e6:5.2f} MB/s 1/{seconds / bare_wall:<3.0f}  "
                  f"cpu {cpu:5.1f} s 1/{cpu / bare_cpu:<3.0f}  bare {size / bare_wall / 1e6:5.1f} MB/s  "
                  f"load {load_before:.2f} → {os.getloadavg()[0]:.2f}")

        names = [str(path) for path in files]
        measure("library extraction, one core", lambda: library_seconds(folder))
        measure("extract CLI, --jobs 1", lambda: command_seconds("extract", "--jobs", "1", *names))
        measure(f"extract CLI, --jobs {args.jobs}", lambda: command_seconds("extract", "--jobs", str(args.jobs), *names))
        no_corrections = str(Path(work, "no-corrections.csv"))  # the user's corrections play no part
        db = Path(work, "ingest.duckdb")
        for jobs in (1, args.jobs):
            measure(f"ingest CLI, --jobs {jobs}, new database", lambda: fresh(db) and command_seconds(
                "ingest", str(folder), "--db", str(db), "--jobs", str(jobs), "--corrections", no_corrections))
        print_phases(folder, db, no_corrections, args.jobs)
        documents = extracted_copies(args.copies)
        for batch in (1, ingest.WRITE_BATCH_DOCUMENTS):
            measure(f"writer alone, {batch} document(s) per transaction",
                    lambda: writer_seconds(Path(work), documents, batch))
        one, five, fifteen = os.getloadavg()
        print(f"load average at the end: {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)")


if __name__ == "__main__":
    main()
