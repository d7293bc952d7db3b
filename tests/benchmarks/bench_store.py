"""Benchmark the fact store: ingest throughput and filtered-series query latency.

    python tests/benchmarks/bench_store.py [--copies 40] [--facts 1000000] [--queries 200] [--workdir DIR]

1. Ingest: the bundled corpus copied `--copies` times (distinct file names, so every copy is a new
   document) into a fresh database with the real extraction engine; reports MB/s of input, then the
   same run again (every file unchanged, so a no-op).
2. Queries: a `--facts`-fact synthetic database (tests/benchmarks/synthetic.py, reused from the work
   directory when present); `--queries` random dashboard-like filters — one indicator, one to five
   regions, a year range, sometimes kinds and city roll-up — through `parsing.store.queries.series` and
   `parsing.store.queries.facts` on one open read-only connection, as the dashboard holds it. Reports the
   median, 90th percentile and maximum in ms, and the clock resolution.
"""
from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from parsing import extraction  # noqa: E402
from parsing.store import queries  # noqa: E402
from parsing.extraction.read import read_document  # noqa: E402
from parsing.store.queries import FactFilter  # noqa: E402
from parsing.store.ingest import DEFAULT_CORPUS, build_database  # noqa: E402
from synthetic import build_synthetic_db  # noqa: E402

CLOCK = time.perf_counter


def bench_ingest(workdir: Path, copies: int) -> None:
    corpus = workdir / "corpus_copies"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for copy in range(copies):
        for source in sorted(DEFAULT_CORPUS.glob("*.txt")):
            shutil.copyfile(source, corpus / f"copy{copy:03d}_{source.name}")
    n_bytes = sum(p.stat().st_size for p in corpus.iterdir())
    n_files = len(list(corpus.iterdir()))
    db = workdir / "ingest_bench.duckdb"
    db.unlink(missing_ok=True)

    start = CLOCK()
    report = build_database([corpus], db)
    first = CLOCK() - start
    start = CLOCK()
    again = build_database([corpus], db)
    second = CLOCK() - start

    db.unlink()
    with cached_extraction(sorted(DEFAULT_CORPUS.glob("*.txt"))):
        start = CLOCK()
        build_database([corpus], db)
        store_only = CLOCK() - start

    n_facts = sum(o.n_facts for o in report.outcomes)
    print(f"ingest: {n_files} files, {n_bytes / 1e6:.2f} MB, {n_facts} facts, {len(report.failed)} failed")
    print(f"  fresh database: {first:.2f} s = {n_bytes / 1e6 / first:.3f} MB/s "
          f"({n_files / first:.1f} files/s)")
    print(f"  re-ingest (all {sum(o.status == 'unchanged' for o in again.outcomes)} unchanged): "
          f"{second:.2f} s = {n_bytes / 1e6 / second:.1f} MB/s")
    print(f"  store share (extraction results cached, so read + hash + decode + write only): "
          f"{store_only:.2f} s = {n_bytes / 1e6 / store_only:.1f} MB/s")


@contextmanager
def cached_extraction(originals: list[Path]):
    """Run the extractor once per distinct text, so the copies measure the store alone. The cache is
    filled here, before the ingest forks its worker process (which inherits it; its own additions would
    not come back)."""
    real = extraction.extract_text
    cache = {}
    for original in originals:
        text = read_document(original).text
        cache[text] = real(text, source=original.name)

    def cached(text, source, date=None):
        if text not in cache:
            cache[text] = real(text, source=source, date=date)
        result = cache[text]
        return dataclasses.replace(result, document=dataclasses.replace(result.document, source=source),
                                   facts=[dataclasses.replace(f, source=source) for f in result.facts])

    extraction.extract_text = cached
    try:
        yield
    finally:
        extraction.extract_text = real


def random_filters(con, n: int, seed: int = 1) -> list[FactFilter]:
    """Filters a dashboard user would set: an indicator with data, some provinces or 全国, a year range."""
    rng = np.random.default_rng(seed)
    indicators = queries.indicators(con)
    indicators = indicators[indicators["n_facts"] > 0]["indicator"].tolist()
    regions = queries.regions(con)
    choosable = regions[regions["level"].isin(["national", "macro_region", "province"])]["region"].tolist()
    years = queries.years(con)
    filters = []
    for _ in range(n):
        first_year = int(rng.choice(years[:-3]))
        filters.append(FactFilter(
            indicators=(str(rng.choice(indicators)),),
            regions=tuple(str(r) for r in rng.choice(choosable, rng.integers(1, 6), replace=False)),
            kinds=() if rng.random() < 0.5 else ("actual", "target"),
            year_from=first_year, year_to=first_year + int(rng.integers(3, 12)),
            roll_up_cities=bool(rng.random() < 0.5)))
    return filters


def time_queries(con, function, filters: list[FactFilter]) -> tuple[list[float], int]:
    durations, rows = [], 0
    for flt in filters:
        start = CLOCK()
        frame = function(con, flt)
        durations.append((CLOCK() - start) * 1000)
        rows += len(frame)
    return durations, rows


def bench_queries(workdir: Path, n_facts: int, n_queries: int) -> None:
    db = workdir / f"synthetic_{n_facts}.duckdb"
    if not db.exists():
        start = CLOCK()
        build_synthetic_db(db, n_facts)
        print(f"synthetic database: {n_facts} facts built in {CLOCK() - start:.1f} s "
              f"({db.stat().st_size / 1e6:.0f} MB)")
    with queries.connect(db) as con:
        filters = random_filters(con, n_queries)
        time_queries(con, queries.series, filters[:5])  # warm the buffer cache, as a running dashboard has
        for name, function in (("series", queries.series), ("facts", queries.facts)):
            durations, rows = time_queries(con, function, filters)
            print(f"{name}() on {n_facts} facts, {n_queries} filters: median {statistics.median(durations):.1f} ms, "
                  f"p90 {np.percentile(durations, 90):.1f} ms, max {max(durations):.1f} ms "
                  f"(mean {rows / n_queries:.0f} rows per result)")
        for name, function in (("indicators", queries.indicators), ("regions", queries.regions),
                               ("years", queries.years), ("documents", queries.documents)):
            durations = []
            for _ in range(5):
                start = CLOCK()
                function(con)
                durations.append((CLOCK() - start) * 1000)
            print(f"{name}(): median of 5 {statistics.median(durations):.1f} ms")
    print(f"clock: time.perf_counter, resolution {time.get_clock_info('perf_counter').resolution * 1e9:.0f} ns")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tracker_bench")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not args.skip_ingest:
        bench_ingest(args.workdir, args.copies)
    bench_queries(args.workdir, args.facts, args.queries)


if __name__ == "__main__":
    main()
