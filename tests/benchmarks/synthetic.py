"""A large, realistic fact database for benchmarks: `build_synthetic_db(path, n_facts, seed)`.

Written through the real schema (parsing/store/schema.sql) and the real catalogs (data/regions.csv,
data/indicators.yaml, data/themes.yaml; the test fixture catalog stands in for any that is missing), so the
dashboard and query benchmarks run against the same tables, view and indexes as production.

Shape, chosen to resemble the corpus: about 2,000 facts per document; regions weighted towards provinces
and 全国 with cities and districts carrying their province; actuals in past years, targets and forecasts in
plan years; about 15% of facts repeat an earlier (indicator, region, kind, year) from another document,
a third of those with a different value, so the series view has merges and conflicts to compute.

Run directly to make a file: `python tests/benchmarks/synthetic.py data/synthetic.duckdb 1000000`.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from parsing import store  # noqa: E402
from parsing.store.catalogs import DATA_DIR, load_catalogs, read_indicators, read_regions  # noqa: E402
from parsing.targets import refresh_goals  # noqa: E402

FIXTURE_CATALOG = REPO / "tests" / "fixtures" / "ingest" / "catalog"
FACTS_PER_DOCUMENT = 2000
LEVEL_WEIGHTS = {"national": 0.12, "macro_region": 0.03, "province": 0.55, "city": 0.25, "district": 0.05}
KIND_WEIGHTS = {"actual": 0.55, "target": 0.30, "forecast": 0.10, "incentive": 0.05}
ACTUAL_YEARS = np.arange(2015, 2025)
PLAN_YEARS = np.array([2023, 2024, 2025, 2026, 2027, 2030, 2035])
REPEAT_SHARE = 0.15
MONEY_UNITS, MONEY_PREFIX = ("元", "美元"), "亿"


def build_synthetic_db(path: Path | str, n_facts: int = 1_000_000, seed: int = 0,
                       catalog_dir: Path | None = None) -> Path:
    """Write a fresh database of `n_facts` synthetic facts at `path` (replacing any file there)."""
    path = Path(path)
    path.unlink(missing_ok=True)
    catalog_dir = catalog_dir or _catalog_dir()
    rng = np.random.default_rng(seed)
    con = store.open_writable(path)
    try:
        load_catalogs(con, catalog_dir)
        n_documents = max(1, -(-n_facts // FACTS_PER_DOCUMENT))
        documents = _documents(rng, n_documents)
        _insert(con, "documents", documents)
        _insert(con, "articles", pd.DataFrame({
            "document_id": np.arange(1, n_documents + 1, dtype=np.int32), "idx": np.int32(0),
            "title": [f"合成文章 {i}" for i in range(1, n_documents + 1)], "organisation": None,
            "first_line": np.int32(1), "last_line": np.int32(10 * FACTS_PER_DOCUMENT)}))
        facts = _facts(rng, n_facts, n_documents, documents, catalog_dir)
        _insert(con, "facts", facts)
        store.cluster_facts(con, force=True)
        refresh_goals(con)         # as an ingest does: the goals are part of the store
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _catalog_dir() -> Path:
    """The real catalogs when they are complete, else the fixture catalog."""
    complete = all((DATA_DIR / name).exists() for name in ("regions.csv", "indicators.yaml"))
    return DATA_DIR if complete else FIXTURE_CATALOG


def _documents(rng: np.random.Generator, n: int) -> pd.DataFrame:
    start = dt.date(2019, 1, 1)
    dates = [start + dt.timedelta(days=int(d)) for d in np.sort(rng.integers(0, 5 * 365, n))]
    return pd.DataFrame({
        "file_name": [f"synthetic_{i:05d}.txt" for i in range(1, n + 1)],
        "path": [f"synthetic/synthetic_{i:05d}.txt" for i in range(1, n + 1)],
        "content_hash": [f"{i:064x}" for i in range(1, n + 1)],
        "n_bytes": np.full(n, 100_000, dtype=np.int64), "format": "text", "encoding": "utf-8",
        "title": [f"大数据发展动态 第{i}期" for i in range(1, n + 1)], "date": dates,
        "date_origin": "masthead", "kind": "newsletter", "warnings": [[] for _ in range(n)],
        "ingested_at": dt.datetime(2026, 1, 1)})


def _facts(rng, n: int, n_documents: int, documents: pd.DataFrame, catalog_dir: Path) -> pd.DataFrame:
    indicators = _indicator_units(catalog_dir)
    regions = _regions(catalog_dir)
    n_fresh = n - int(n * REPEAT_SHARE)
    ind = indicators.iloc[_zipf_choice(rng, len(indicators), n_fresh)].reset_index(drop=True)
    reg = regions.iloc[_weighted_regions(rng, regions, n_fresh)].reset_index(drop=True)
    kind = rng.choice(list(KIND_WEIGHTS), n_fresh, p=list(KIND_WEIGHTS.values()))
    year = np.where(kind == "actual", rng.choice(ACTUAL_YEARS, n_fresh), rng.choice(PLAN_YEARS, n_fresh))
    fresh = pd.DataFrame({
        "indicator": ind["indicator"], "indicator_key": ind["indicator_key"], "unit_raw": ind["unit_raw"],
        "unit_base": ind["unit_base"], "multiplier": ind["multiplier"], "region": reg["name"],
        "region_level": reg["level"], "province": reg["province"], "kind": kind, "year": year,
    })
    # One true value per (indicator, region, kind, year): different documents agree unless revised below.
    figure = fresh.groupby(["indicator", "region", "province", "kind", "year"], dropna=False).ngroup()
    fresh["value"] = np.round(rng.lognormal(3.0, 1.5, figure.max() + 1), 2)[figure]
    # Repeats: the same figure from another document, a third of them revised by a few percent.
    repeats = fresh.iloc[rng.integers(0, n_fresh, n - n_fresh)].reset_index(drop=True)
    revised = rng.random(len(repeats)) < 1 / 3
    repeats.loc[revised, "value"] = np.round(repeats.loc[revised, "value"] * rng.uniform(1.02, 1.2, revised.sum()), 2)
    facts = pd.concat([fresh, repeats], ignore_index=True)
    facts["document_id"] = np.sort(rng.integers(1, n_documents + 1, n)).astype(np.int32)
    facts["article_id"] = facts["document_id"]
    facts["source"] = documents["file_name"].to_numpy()[facts["document_id"] - 1]
    facts["line"] = rng.integers(1, 10 * FACTS_PER_DOCUMENT, n).astype(np.int32)
    facts["article"] = "合成文章 " + facts["document_id"].astype(str)
    facts["value_high"] = None
    facts["value_base"] = facts["value"] * facts["multiplier"]
    facts["comparator"] = np.where(facts["kind"] == "target", ">=", "=")
    facts["period"] = facts["year"].astype(str)
    facts["yoy_pct"] = np.where(facts["kind"] == "actual", np.round(rng.normal(8, 6, n), 1), np.nan)
    cue = pd.Series(np.where(facts["kind"] == "target", "到", "")) + facts["year"].astype(str) + "年，"
    facts["quote"] = (cue + facts["region"] + facts["indicator"] + "达到" + facts["value"].astype(str)
                      + facts["unit_raw"])
    return facts.drop(columns="multiplier")


def _indicator_units(catalog_dir: Path) -> pd.DataFrame:
    """One row per catalog indicator with the unit its facts are written in (money in 亿, as the
    newsletters write it) and the multiplier to its base unit (data/units.yaml)."""
    multipliers = yaml.safe_load((DATA_DIR / "units.yaml").read_text(encoding="utf-8"))["multipliers"]
    rows = []
    for name, key, _english, unit_bases, _synonyms in read_indicators(catalog_dir):
        unit_base = unit_bases[0] if unit_bases else "个"
        prefix = MONEY_PREFIX if unit_base in MONEY_UNITS else ""
        rows.append((name, key, prefix + unit_base, unit_base, float(multipliers.get(prefix, 1.0))))
    return pd.DataFrame(rows, columns=["indicator", "indicator_key", "unit_raw", "unit_base", "multiplier"])


def _regions(catalog_dir: Path) -> pd.DataFrame:
    rows = [(name, level, province) for _code, name, _short, level, province, *_ in read_regions(catalog_dir)
            if level in LEVEL_WEIGHTS]
    return pd.DataFrame(rows, columns=["name", "level", "province"])


def _weighted_regions(rng, regions: pd.DataFrame, n: int) -> np.ndarray:
    """Row numbers drawn so each level gets its share, spread evenly within the level."""
    level_sizes = regions["level"].map(regions["level"].value_counts())
    weights = regions["level"].map(LEVEL_WEIGHTS) / level_sizes
    return rng.choice(len(regions), n, p=(weights / weights.sum()).to_numpy())


def _zipf_choice(rng, n_items: int, n: int) -> np.ndarray:
    """A few indicators are common and most are rare, as in the newsletters."""
    weights = 1.0 / np.arange(1, n_items + 1)
    return rng.permutation(n_items)[rng.choice(n_items, n, p=weights / weights.sum())]


def _insert(con, table: str, frame: pd.DataFrame) -> None:
    store.insert_arrow(con, table, pa.Table.from_pandas(frame, preserve_index=False))


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    print(build_synthetic_db(target, count))
