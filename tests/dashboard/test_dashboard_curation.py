"""Adding documents and correcting facts in the dashboard, through Streamlit's AppTest, against a copy of
the small store (tests/dashboard_store.py) with its own corrections file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_store import build_sample_db
from parsing.extraction import read
from parsing.store import queries
from parsing.store.corrections import Correction, add_correction, read_corrections
from parsing.store.corrections_apply import extracted_fact_key
from parsing.store.ingest import apply_corrections_file

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app.py"
CORPUS_FILE = REPO / "data" / "corpus" / "001_111d72c0d1ff9d6d.txt"
PDF = REPO / "tests" / "fixtures" / "ingest" / "mixed" / "chongqing_plan.pdf"
SHANDONG_2022 = "山东省累计开通5G基站16.2万个"


@pytest.fixture
def store(tmp_path, monkeypatch) -> tuple[Path, Path]:
    db, corrections = tmp_path / "tracker.duckdb", tmp_path / "corrections.csv"
    build_sample_db(db)
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.setenv("TRACKER_CORRECTIONS", str(corrections))
    return db, corrections


def run_app(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(params)
    return at.run()


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def finish_upload(at: AppTest) -> AppTest:
    """Wait for the background ingest, then rerun as the page's polling would."""
    assert at.session_state["upload.job"].finished.wait(60)
    return at.run()


def upload_report(at: AppTest) -> dict[str, tuple[str, str]]:
    [table] = at.dataframe   # the report is the page's only table
    report = table.value
    return {name: (status, reason) for name, status, reason in zip(report["文件"], report["结果"], report["原因"])}


# --- adding documents --------------------------------------------------------------------------------------

def test_upload_reports_each_file_and_its_facts_appear_without_restart(store, monkeypatch):
    good = CORPUS_FILE.read_bytes()
    monkeypatch.setattr(read, "MAX_BYTES", len(good) + 10)   # a small limit, so "oversized" stays small
    at = run_app(view="upload")
    no_failure(at)
    limit = f"{(len(good) + 10) / 1024:.0f} KB"
    assert any(limit in c.value and ".pdf" in c.value for c in at.caption), "limits stated"
    at.file_uploader(key="upload.files").set_value([
        ("newsletter.txt", good, "text/plain"),
        ("huge.txt", good + b"x" * 100, "text/plain"),
        ("program.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("noise.txt", bytes(range(256)) * 8, "text/plain"),
        ("cut.pdf", PDF.read_bytes()[:1500], "application/pdf"),
    ]).run()
    at.button(key="upload.start").click().run()
    at = finish_upload(at)
    no_failure(at)
    report = upload_report(at)
    assert report["newsletter.txt"][0] == "已添加"
    assert report["huge.txt"] == ("失败", f"file too large: {len(good) + 100} bytes, limit is {len(good) + 10} bytes")
    assert report["program.exe"][0] == "失败" and report["program.exe"][1].startswith("unsupported file type")
    assert report["noise.txt"] == ("失败", "binary file, not text")
    assert report["cut.pdf"][0] == "失败" and report["cut.pdf"][1].startswith("truncated PDF")
    assert sorted(p.name for p in (store[0].parent / "uploads").iterdir()) == ["newsletter.txt"]
    at.query_params["view"] = "sources"   # the same session: the new document is listed
    at.sidebar.radio(key="w.view").set_value("sources").run()
    assert "newsletter.txt" in set(at.dataframe[0].value["文件名"])


def test_the_same_file_again_is_unchanged(store):
    at = run_app(view="upload")
    for _ in range(2):
        at.file_uploader(key="upload.files").set_value(("newsletter.txt", CORPUS_FILE.read_bytes(), "text/plain")).run()
        at.button(key="upload.start").click().run()
        at = finish_upload(at)
    assert upload_report(at) == {"newsletter.txt": ("未变化", "")}


def test_a_document_without_a_date_asks_for_one(store):
    text = "山东省5G基站达到20.2万个，今年上半年新增1.5万个。\n".encode()
    at = run_app(view="upload")
    at.file_uploader(key="upload.files").set_value(("undated.txt", text, "text/plain")).run()
    at.button(key="upload.start").click().run()
    at = finish_upload(at)
    assert any("没有找到日期" in w.value for w in at.warning)
    at.date_input(key="upload.date.undated.txt").set_value(dt.date(2023, 7, 28)).run()
    at.button(key="upload.redate").click().run()
    at = finish_upload(at)
    no_failure(at)
    assert upload_report(at) == {"undated.txt": ("已替换", "")}
    with queries.connect(store[0]) as con:
        documents = queries.documents(con)
    assert str(documents.loc[documents["file_name"] == "undated.txt", "date"].iloc[0].date()) == "2023-07-28"


# --- correcting facts -------------------------------------------------------------------------------------

def select_row(at: AppTest, key: str, quote: str) -> AppTest:
    shown = at.dataframe(key=key).value
    row = list(shown["原文"]).index(quote)
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def plotted(at: AppTest) -> list[dict]:
    return [trace for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]]


def shandong_points(at: AppTest) -> int:
    return sum(len(trace.get("x") or []) for trace in plotted(at))


def test_a_fact_corrected_in_a_table_moves_in_the_chart_and_undo_restores_it(store):
    db, corrections = store
    at = run_app(view="explorer", indicator="5G基站", region="山东省", kind="actual")
    no_failure(at)
    before = at.dataframe(key="facts.explorer").value
    points_before = shandong_points(at)
    at = select_row(at, "facts.explorer", SHANDONG_2022)
    at.selectbox(key="fix.field.explorer").set_value("region").run()
    at.selectbox(key="fix.value.region.explorer").set_value("浙江省").run()
    at.text_input(key="fix.comment.explorer").set_value("原文是浙江").run()
    at.button(key="fix.save.explorer").click().run()
    no_failure(at)
    assert any("已保存" in s.value for s in at.success)
    [saved] = read_corrections(corrections)
    assert (saved.quote, saved.field, saved.new_value, saved.comment) == (SHANDONG_2022, "region", "浙江省", "原文是浙江")
    after = at.dataframe(key="facts.explorer").value
    assert len(after) == len(before) - 1 and SHANDONG_2022 not in set(after["原文"])
    assert shandong_points(at) == points_before - 1

    at.sidebar.radio(key="w.view").set_value("corrections").run()
    no_failure(at)
    listed = at.dataframe(key="corrections.table").value
    assert listed[["状态", "原文", "提取值", "校正值"]].values.tolist() == [["已应用", SHANDONG_2022, "山东省", "浙江省"]]
    at.session_state["corrections.table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run().button(key="corrections.undo").click().run()
    no_failure(at)
    assert read_corrections(corrections) == []
    assert any("已撤销" in s.value for s in at.success)
    with queries.connect(db) as con:
        facts = queries.facts(con)
    assert facts.loc[facts["quote"] == SHANDONG_2022, ["region", "corrected"]].values.tolist() == [["山东省", False]]


def test_rejecting_a_fact_removes_it_from_the_map(store):
    at = run_app(view="map", indicator="5G基站", year="2022")
    at = select_row(at, "facts.map", "广东省5G基站数量达23.2万个")
    at.selectbox(key="fix.field.map").set_value("reject").run()
    at.button(key="fix.save.map").click().run()
    no_failure(at)
    coloured = [trace for trace in plotted(at) if trace.get("locations") and trace.get("showscale") is not False]
    assert coloured[0]["locations"] == ["山东省"]   # 广东省 had only the rejected fact for 2022


def test_a_region_whose_only_fact_was_rejected_is_marked_without_data_in_the_picker(store):
    at = run_app(view="explorer", indicator="5G基站", kind="actual")
    assert "广东省" in at.multiselect(key="w.region").options     # with data: no tag
    at = select_row(at, "facts.explorer", "广东省5G基站数量达23.2万个")
    at.selectbox(key="fix.field.explorer").set_value("reject").run()
    at.button(key="fix.save.explorer").click().run()
    no_failure(at)
    options = at.multiselect(key="w.region").options
    assert "广东省" not in options and "广东省（无该指标数据）" in options
    assert options.index("广东省（无该指标数据）") > options.index("山东省")   # listed after those with data


def test_an_orphaned_correction_is_shown_not_dropped(store):
    db, corrections = store
    add_correction(corrections, Correction("001_dashboard_test.txt", 99, "已删除的句子", 5.0, "个", "year", "2024",
                                           "", "2026-01-02T03:04:05"))
    apply_corrections_file(db, corrections)
    at = run_app(view="corrections")
    no_failure(at)
    assert any("找不到对应的数据" in w.value for w in at.warning)
    assert at.dataframe(key="corrections.table").value["状态"].tolist() == ["无对应数据"]


def test_a_correction_not_yet_applied_is_pending_and_can_be_applied(store):
    db, corrections = store
    with queries.connect(db) as con:
        fact_id = con.execute("SELECT fact_id FROM facts WHERE quote = ?", [SHANDONG_2022]).fetchone()[0]
        key = extracted_fact_key(con, fact_id)
    add_correction(corrections, Correction(**key, field="year", new_value="2021"))
    at = run_app(view="corrections")
    assert at.dataframe(key="corrections.table").value["状态"].tolist() == ["待应用"]
    at.button(key="corrections.apply").click().run()
    no_failure(at)
    assert at.dataframe(key="corrections.table").value["状态"].tolist() == ["已应用"]
