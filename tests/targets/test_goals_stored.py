"""Goals stored at ingest (parsing.targets.stored) are exactly the goals computed from the facts, on the
refresh day and on any other, and a refresh recomputes only the series whose facts changed."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from parsing import store
from parsing.cli import targets as targets_cli
from parsing.store import corrections_apply, queries
from parsing.store.corrections import Correction
from parsing.store.ingest import build_database
from parsing.targets import load_goals, refresh_goals, track_store
from parsing.targets.stored import typed_goals
from test_targets_store import build_store

CASE = yaml.safe_load((Path(__file__).parents[1] / "cases" / "targets" / "stored.yaml").read_text(encoding="utf-8"))
REFRESHED_ON = CASE["refreshed_on"]


@pytest.fixture
def db(tmp_path) -> Path:
    """The case's documents written through the store, goals refreshed as of the case's day."""
    path = build_store(tmp_path / "tracker.duckdb", CASE["documents"])
    assert refresh(path) == 3      # 5G基站, 数据中心标准机架, 上云企业 of 甘肃省
    return path


def assert_same_as_computed(con, as_of: dt.date) -> None:
    """load_goals (stored rows, recomputed where they lapsed) == track_store on the same facts, as of a day."""
    book, computed = load_goals(con, as_of), track_store(con, as_of)
    assert len(book.goals) > 0
    pd.testing.assert_frame_equal(book.goals, typed_goals(computed.goals))
    for goal_id in book.goals["goal_id"]:
        for mine, theirs in ((book.goal_statements(con, goal_id), computed.goal_statements(goal_id)),
                             (book.goal_actuals(con, goal_id), computed.goal_actuals(goal_id))):
            pd.testing.assert_frame_equal(mine, theirs.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("as_of", CASE["as_of"])
def test_stored_goals_equal_computed_goals_on_every_day(db, as_of):
    con = queries.connect(db)
    try:
        assert_same_as_computed(con, as_of)
    finally:
        con.close()


def test_rows_that_hold_are_served_from_the_store_and_only_lapsed_series_recomputed(db):
    con = queries.connect(db)
    try:
        assert load_goals(con, REFRESHED_ON).computed.goals.empty
        # 2024-07-01: the 5G series gained an actual dated 2024-06-30; the other series did not change.
        assert set(load_goals(con, dt.date(2024, 7, 1)).computed.goals["indicator"]) == {"5G基站"}
        statuses = load_goals(con, dt.date(2025, 1, 1)).goals.set_index(["indicator", "deadline"])["status"]
        assert statuses[("5G基站", 2024)] == "achieved" and statuses[("数据中心标准机架", 2023)] == "overdue"
    finally:
        con.close()


def refresh(db: Path, **kwargs) -> int:
    con = store.open_writable(db)
    try:
        return refresh_goals(con, as_of=REFRESHED_ON, **kwargs)
    finally:
        con.close()


def test_a_refresh_recomputes_only_the_series_that_changed(db):
    assert refresh(db) == 0                                         # nothing changed since
    build_store(db, [CASE["update"]])
    assert refresh(db) == 1                                         # only the racks series
    assert refresh(db, changed_series=[("5G基站", "甘肃省", "个")]) == 1
    con = store.open_writable(db)
    con.execute("DELETE FROM facts WHERE kind = 'target' AND indicator = '上云企业'")
    con.close()
    assert refresh(db) == 1
    con = queries.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM goals WHERE indicator = '上云企业'").fetchall() == [(0,)]
        for as_of in (REFRESHED_ON, dt.date(2025, 6, 1)):
            assert_same_as_computed(con, as_of)
    finally:
        con.close()


def run_cli(monkeypatch, *argv: str) -> bytes:
    parser = argparse.ArgumentParser()
    targets_cli.register(parser.add_subparsers())
    args = parser.parse_args(["targets", *argv])
    stdout = SimpleNamespace(buffer=io.BytesIO())
    monkeypatch.setattr(sys, "stdout", stdout)
    assert args.func(args) == 0
    return stdout.buffer.getvalue()


@pytest.mark.parametrize("as_of", ["2023-06-30", "2025-01-01"])
def test_the_targets_command_writes_the_same_file_with_and_without_stored_goals(tmp_path, monkeypatch, as_of):
    without = build_store(tmp_path / "plain.duckdb", CASE["documents"])
    stored = build_store(tmp_path / "stored.duckdb", CASE["documents"])
    refresh(stored)
    assert run_cli(monkeypatch, "--db", str(stored), "--as-of", as_of) == \
        run_cli(monkeypatch, "--db", str(without), "--as-of", as_of)


def test_ingest_stores_goals(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("2023年7月28日 第30期\n到2025年，全省5G基站达到10万个。\n", encoding="utf-8")
    db = tmp_path / "tracker.duckdb"
    assert build_database([corpus], db).ok
    con = queries.connect(db)
    try:
        assert queries.goals_assessed_on(con) == dt.date.today()
        assert con.execute("SELECT count(*) FROM goals").fetchall()[0][0] == len(track_store(con).goals)
    finally:
        con.close()


def test_a_correction_reaches_the_stored_goals_of_its_series_only(db):
    """Goals are computed from the corrected facts: a corrected actual changes its series' fingerprint."""
    con = store.open_writable(db)
    try:
        fact_id = con.execute("SELECT fact_id FROM facts WHERE quote = '2022年标准机架12万架'").fetchall()[0][0]
        key = corrections_apply.extracted_fact_key(con, fact_id)
        corrections_apply.apply_corrections(con, [Correction(**key, field="value_base", new_value="250000")])
        assert refresh_goals(con, as_of=REFRESHED_ON) == 1
    finally:
        con.close()
    con = queries.connect(db)
    try:
        racks = load_goals(con, REFRESHED_ON).goals.set_index("indicator").loc["数据中心标准机架"]
        assert racks["status"] == "achieved" and racks["latest_value"] == 250000
        assert_same_as_computed(con, REFRESHED_ON)
    finally:
        con.close()


def test_a_refresh_of_every_goal_writes_the_order_a_rewrite_gives(db):
    """A store whose goals are all new gets them written in goal order at once; recomputing one series
    after that rewrites the tables in order (`_renumber`): the rows and their physical order are the same."""
    def physical(con) -> tuple[list, list]:
        return (con.execute("SELECT * FROM goals").fetchall(), con.execute("SELECT * FROM goal_points").fetchall())

    con = queries.connect(db)
    try:
        written_at_once = physical(con)
    finally:
        con.close()
    assert refresh(db, changed_series=[("5G基站", "甘肃省", "个")]) == 1
    con = queries.connect(db)
    try:
        assert physical(con) == written_at_once
        assert [row[-1] for row in written_at_once[0]] == list(range(1, len(written_at_once[0]) + 1))
    finally:
        con.close()


def test_tracking_rows_are_the_rows_of_tracking_facts(db):
    """The refresh reads the facts as plain rows: the same rows, values and order as the DataFrame readers'."""
    con = queries.connect(db)
    try:
        frame = queries.tracking_facts(con)
        names, rows = queries.tracking_rows(con)
        assert names == list(frame.columns) and len(rows) == len(frame) > 0
        as_plain = frame.astype(object).where(frame.notna(), None)
        as_plain["document_date"] = [d.date() if d is not None else None for d in as_plain["document_date"]]
        assert rows == [tuple(row) for row in as_plain.itertuples(index=False)]
        subset = [("5G基站", "甘肃省", "个")]
        assert queries.tracking_rows(con, subset)[1] == [row for row in rows if row[names.index("indicator")] == "5G基站"]
    finally:
        con.close()
