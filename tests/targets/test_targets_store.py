"""`python -m parsing targets` on a real DuckDB store built from hand-built documents (no extractor)."""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from parsing import store
from parsing.store.catalogs import load_catalogs
from parsing.cli import targets as targets_cli
from parsing.extraction import Article, DocumentInfo, Extraction
from parsing.fact import Fact
from parsing.targets import GOAL_COLUMNS

CASES = Path(__file__).parents[1] / "cases" / "targets"
STORE_CASE = yaml.safe_load((CASES / "store.yaml").read_text(encoding="utf-8"))
DEFAULTS = yaml.safe_load((CASES / "defaults.yaml").read_text(encoding="utf-8"))


def build_store(db_path: Path, documents: list[dict] = STORE_CASE["documents"]) -> Path:
    """Write each hand-built document and its facts through the store's own transactional writer."""
    con = store.open_writable(db_path)
    try:
        load_catalogs(con)          # regions and indicators, as a real ingest has them
        for document in documents:
            article = Article(index=0, title=DEFAULTS["article"], organisation=None, first_line=1, last_line=999)
            facts = []
            for line, row in enumerate(document["facts"], start=1):
                fields = {**DEFAULTS, "line": line, **row, "source": document["source"]}
                fields.pop("document_date")
                facts.append(Fact(**fields))
            extraction = Extraction(
                document=DocumentInfo(document["source"], document["source"], document["date"], "cli", "newsletter"),
                articles=[article], facts=facts)
            stored = store.StoredFile(document["source"], document["source"], document["source"], 1, "txt", "utf-8")
            store.write_document(con, stored, extraction)
    finally:
        con.close()
    return db_path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("targets") / "tracker.duckdb")


def run_cli(monkeypatch, *argv: str) -> tuple[int, bytes]:
    """Run the sub-command as `python -m parsing targets` would; returns its status and stdout bytes."""
    parser = argparse.ArgumentParser()
    targets_cli.register(parser.add_subparsers())
    args = parser.parse_args(["targets", *argv])
    stdout = SimpleNamespace(buffer=io.BytesIO())
    monkeypatch.setattr(sys, "stdout", stdout)
    return args.func(args), stdout.buffer.getvalue()


def read_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_every_status_from_the_store(db, tmp_path, monkeypatch, capsys):
    out = tmp_path / "goals.csv"
    status, _ = run_cli(monkeypatch, "--db", str(db), "--out", str(out))
    assert status == 0 and "goals written" in capsys.readouterr().err
    goals = read_csv(out.read_bytes())
    assert list(goals.columns) == list(GOAL_COLUMNS)
    for expected in STORE_CASE["expect"]:
        row = goals[(goals["indicator"] == expected["indicator"]) & (goals["region"] == expected["region"])]
        assert len(row) == 1, expected
        for field, value in expected.items():
            assert row.iloc[0][field] == value, (expected, field, row.iloc[0][field])


def test_restatements_from_two_documents_are_one_goal_tracking_the_later(db, monkeypatch):
    status, data = run_cli(monkeypatch, "--db", str(db), "--format", "jsonl", "--indicator", "5G基站",
                           "--region", "甘肃省")
    assert status == 0
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert len(rows) == 1
    goal = rows[0]
    assert goal["target_source"] == "plan_2023.txt" and goal["target_value"] == 120000
    assert goal["n_statements"] == 2 and "plan_2022.txt" in goal["conflict_detail"]
    assert goal["baseline_date"] == "2021-12-31" and goal["latest_date"] == "2022-12-31"


@pytest.mark.parametrize("argv, expected", [
    (("--region", "山东省"), {"上云企业"}),                       # a province includes its cities
    (("--indicator", "5g_base_stations"), {"5G基站"}),
    (("--status", "behind"), {"数据中心标准机架"}),
    (("--deadline", "2000"), {"上云企业"}),
    (("--status", "achieved", "--status", "no_data"), {"5G基站", "软件业务收入"}),
    (("--region", "甘肃省", "--status", "overdue"), set()),
])
def test_filters(db, monkeypatch, argv, expected):
    status, data = run_cli(monkeypatch, "--db", str(db), *argv)
    assert status == 0 and set(read_csv(data)["indicator"]) == expected


def test_csv_to_stdout_neutralises_formulas(db, monkeypatch):
    status, data = run_cli(monkeypatch, "--db", str(db), "--indicator", "software_revenue")
    assert status == 0
    assert read_csv(data).loc[0, "target_quote"].startswith("'=HYPERLINK")


def test_missing_database_is_a_clear_error(tmp_path, monkeypatch, capsys):
    status, data = run_cli(monkeypatch, "--db", str(tmp_path / "none.duckdb"))
    err = capsys.readouterr().err
    assert status == 1 and not data and "none.duckdb" in err and "ingest" in err
