"""The dashboard's Targets view through Streamlit's AppTest, on a store of hand-built documents."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import widgets
from test_dashboard_app import shown
from test_targets_store import STORE_CASE, build_store, run_cli

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("targets_view") / "tracker.duckdb")


def open_view(db: Path, monkeypatch, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("TRACKER_DB", str(db))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["view"] = "targets"
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def goal_table(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value


def offered_csv(app: AppTest, downloads: dict) -> tuple[bytes, str]:
    """The file a click on the download button gives (its bytes are made on the click)."""
    (button,) = app.get("download_button")
    make, name = downloads[button.proto.deferred_file_id]
    return make(), name


def test_shows_every_goal_with_its_status(db, monkeypatch):
    app = open_view(db, monkeypatch)
    assert not app.exception and not app.error
    table = goal_table(app)
    assert len(table) == len(STORE_CASE["expect"])
    statuses = set(table.iloc[:, 0])
    assert statuses == {"已完成", "进度正常", "进度落后", "已逾期", "暂无数据"}
    assert [m.value for m in app.metric] == ["1", "1", "1", "1", "1"]
    assert len(app.get("plotly_chart")) == 1


def test_status_filter_narrows_the_table_and_the_url_keeps_it(db, monkeypatch):
    app = open_view(db, monkeypatch)
    app.sidebar.multiselect(key="w.status").select("behind").run()
    table = goal_table(app)
    assert table.iloc[:, 1].tolist() == ["数据中心标准机架"]
    assert app.query_params["status"] in ("behind", ["behind"])


def test_link_with_province_includes_its_cities(db, monkeypatch):
    app = open_view(db, monkeypatch, region="山东省")
    assert goal_table(app).iloc[:, 2].tolist() == ["济南市"]


def test_opening_a_conflicting_goal_shows_the_chart_sources_and_conflict(db, monkeypatch):
    app = open_view(db, monkeypatch, indicator="5G基站", region="甘肃省")
    assert len(goal_table(app)) == 1
    assert any("plan_2022.txt" in shown(w.value) for w in app.warning), "the conflicting restatement is shown"
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["实际值", "基期到目标的直线路径", "目标 2090", "其他表述"]
    other = figure["data"][3]
    assert "plan_2022.txt" in other["customdata"][0]
    sources = app.dataframe[1].value
    assert set(sources["文档"]) == {"plan_2022.txt", "plan_2023.txt", "release_2023.txt"}
    assert len(sources) == 4       # two statements, two actuals


def test_english_labels(db, monkeypatch):
    app = open_view(db, monkeypatch, lang="en", status="achieved")
    assert goal_table(app).columns[0] == "Status"
    assert goal_table(app).iloc[0, 0] == "Achieved"


def test_filters_matching_nothing_give_a_message(db, monkeypatch):
    app = open_view(db, monkeypatch, region="甘肃省", status="overdue")
    assert not app.exception
    assert not app.dataframe
    assert any("没有目标" in i.value for i in app.info)


@pytest.mark.parametrize("parameter,value", [("status", "finished"), ("indicator", "不存在的指标")])
def test_unknown_value_in_link_is_reported_and_ignored(db, monkeypatch, parameter, value):
    app = open_view(db, monkeypatch, **{parameter: value})
    assert not app.exception
    assert any(value in shown(w.value) for w in app.warning)
    assert len(goal_table(app)) == len(STORE_CASE["expect"])


def test_download_is_exactly_the_filtered_goals_and_equals_the_cli_file(db, monkeypatch, downloads):
    app = open_view(db, monkeypatch, region="甘肃省", status=["behind", "no_data"])
    data, name = offered_csv(app, downloads)
    assert name == "targets_甘肃省_behind-no_data.csv"
    offered = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert sorted(offered["indicator"]) == ["数据中心标准机架", "软件业务收入"]
    assert offered.loc[offered["indicator"] == "软件业务收入", "target_quote"].iloc[0].startswith("'=")
    status, cli_bytes = run_cli(monkeypatch, "--db", str(db), "--region", "甘肃省", "--status", "behind",
                                "--status", "no_data")
    assert status == 0 and cli_bytes == data


def test_store_without_targets_says_so(tmp_path, monkeypatch):
    actuals_only = [{**document, "facts": [f for f in document["facts"] if f["kind"] == "actual"]}
                    for document in STORE_CASE["documents"]]
    app = open_view(build_store(tmp_path / "actuals.duckdb", actuals_only), monkeypatch)
    assert not app.exception and not app.error
    assert not app.dataframe and not app.get("download_button")
    assert any("还没有目标" in i.value for i in app.info)


def test_goal_met_from_the_start_has_no_path_to_draw(db, monkeypatch):
    app = open_view(db, monkeypatch, indicator="5G基站", region="云南省")
    names = [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert names == ["实际值", "目标 2090"]


def test_clicking_a_row_opens_its_goal_and_the_picker_still_works_after(db, monkeypatch):
    app = open_view(db, monkeypatch)
    table = goal_table(app)
    app.session_state["targets.table"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    app.run()
    clicked = f"{table.iloc[3, 0]}：{table.iloc[3, 1]}（{table.iloc[3, 2]}）"
    assert app.subheader[0].value.startswith(clicked)
    picker = app.selectbox(key="w.goal")
    assert picker.options[3] == app.subheader[0].value      # the picker follows the click
    picker.select_index(0).run()                              # the row stays selected in the table
    assert app.subheader[0].value == picker.options[0] != picker.options[3]


def test_table_shows_at_most_the_dashboard_row_limit_but_the_csv_holds_all(db, monkeypatch, downloads):
    monkeypatch.setattr(widgets, "TABLE_ROWS", 2)
    app = open_view(db, monkeypatch)
    assert len(goal_table(app)) == 2
    assert "共 5 条" in app.caption[0].value and "前 2 条" in app.caption[0].value
    data, _ = offered_csv(app, downloads)
    assert len(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")) == len(STORE_CASE["expect"])
