"""The dashboard reads right (issue 10), through Streamlit's AppTest: values as the source says them in both
languages (cases in tests/cases/dashboard/values.yaml), time axes (time_axes.yaml), one language per view,
the overview, source notes under charts, targets' evidence dates and the marked document text."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard_store import build_sample_db, sample_facts, spec
from language_check import foreign_text
from parsing.store import queries

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
CASES = Path(__file__).parents[1] / "cases" / "dashboard"
VALUE_CASES = yaml.safe_load((CASES / "values.yaml").read_text(encoding="utf-8"))
AXIS_CASES = yaml.safe_load((CASES / "time_axes.yaml").read_text(encoding="utf-8"))
DOCUMENT = {"file_name": "cases.txt", "title": "测试文档", "date": dt.date(2024, 1, 10)}


def run(db: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("TRACKER_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def store_of(tmp_path: Path, facts: list[dict]) -> Path:
    """A store of one document holding `facts` (5G基站, 全国, actual unless a fact says otherwise)."""
    base = {"indicator": "5G基站", "indicator_key": "5g_base_stations", "region": "全国", "region_level": "national",
            "province": None, "kind": "actual", "quote": "测试", "unit_raw": None}
    data = {"defaults": spec()["defaults"], "documents": [{**DOCUMENT, "facts": [{**base, **f} for f in facts]}]}
    return build_sample_db(tmp_path / "cases.duckdb", data)


def scatter_traces(at: AppTest) -> list[dict]:
    return [trace for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]
            if trace.get("type") == "scatter"]


def first_layout(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]


# --- Numbers as the source says them ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def values_db(tmp_path_factory) -> Path:
    facts = [{"line": i + 1, "year": 2000 + i, "period": str(2000 + i), "value": case["value_base"],
              "value_high": case.get("value_high_base"), "value_base": case["value_base"],
              "unit_base": case["unit_base"], "unit_raw": case["unit_base"], "comparator": case.get("comparator", "=")}
             for i, case in enumerate(VALUE_CASES)]
    return store_of(tmp_path_factory.mktemp("values"), facts)


@pytest.mark.parametrize("lang, value_column, line_column", [("zh", "数值", "行"), ("en", "Value", "Line")])
def test_the_table_shows_every_value_case_in_each_language(values_db, monkeypatch, lang, value_column, line_column):
    at = run(values_db, monkeypatch, view="explorer", indicator="5G基站", lang=lang)
    shown = at.dataframe[0].value
    texts = dict(zip(shown[line_column], shown[value_column]))
    assert texts == {i + 1: case[lang] for i, case in enumerate(VALUE_CASES)}


def test_a_comparator_stays_in_the_table_the_hover_and_the_profile(tmp_path, monkeypatch):
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch, view="explorer", indicator="5G基站", region="全国")
    assert "≥364万个" in set(at.dataframe[0].value["数值"])      # 5G基站超过364万个
    target = next(trace for trace in scatter_traces(at) if trace["name"] == "全国 · 目标")
    assert target["customdata"][0][0] == "≥364万个"
    en = run(db, monkeypatch, view="explorer", indicator="5G基站", region="全国", lang="en")
    assert "at least 3.64 million" in set(en.dataframe[0].value["Value"])
    profile = run(db, monkeypatch, view="region", province="浙江省")
    assert profile.dataframe[0].value["目标"].tolist() == ["3—5万个（2023—2025年每年）"]


# --- Time axes ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", AXIS_CASES, ids=lambda case: case["name"])
def test_time_axis(case, tmp_path, monkeypatch):
    facts = [{"line": i + 1, "value": 10 + i, "value_base": 10 + i, "unit_base": "个", "unit_raw": "个", **point}
             for i, point in enumerate(case["points"])]
    db = store_of(tmp_path, facts)
    for lang in ("zh", "en"):
        at = run(db, monkeypatch, view="explorer", indicator="5G基站", lang=lang)
        axis = first_layout(at)["xaxis"]
        assert axis["ticktext"] == case["ticks"][lang]
        assert axis["title"]["text"] == case["title"][lang]
        assert all(str(tick).endswith(("-31", "-30", "-28", "-29")) for tick in axis["tickvals"])  # month ends only
        if lang == "zh":
            assert sorted(trace["name"] for trace in scatter_traces(at)) == sorted(case["traces"])


# --- One language at a time -------------------------------------------------------------------------------

def shown_texts(at: AppTest, source_columns: set[str]) -> list[str]:
    """Every text a reader sees, except the quoted sources (table columns in `source_columns`, the document text)
    and the copy-link box (a URL)."""
    texts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success"):
        texts += [element.value for element in at.get(kind)]
    for metric in at.metric:
        texts += [metric.label, metric.value]
    texts += [button.label for button in at.button]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in at.get(kind):
            texts += [widget.label, widget.placeholder if hasattr(widget, "placeholder") else "", *widget.options]
    texts += [widget.label for kind in ("slider", "checkbox", "tabs", "expander") for widget in at.get(kind)]
    for table in at.dataframe:
        frame = table.value
        texts += [str(column) for column in frame.columns]
        for column in frame.columns:
            if column not in source_columns:
                texts += [str(value) for value in frame[column] if not pd.isna(value)]
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        texts += [trace.get("name", "") for trace in figure["data"]]
        texts += [str(text) for trace in figure["data"] for text in (trace.get("text") or [])
                  if isinstance(trace.get("text"), list)]
        layout = figure["layout"]
        for axis in ("xaxis", "yaxis"):
            texts += [str(t) for t in layout.get(axis, {}).get("ticktext", [])]
            title = layout.get(axis, {}).get("title", {})
            texts.append(title.get("text", "") if isinstance(title, dict) else str(title))
    return texts


SOURCE_COLUMNS = {"原文", "文章", "文档", "文件名", "标题", "Quote", "Article", "Document", "File name", "Title"}


def every_view(db: Path) -> list[dict]:
    with queries.connect(db) as con:
        doc = str(queries.documents(con)["document_id"].iloc[0])
    return [{"view": "home"}, {"view": "explorer", "indicator": "5G基站"},
            {"view": "region", "province": "山东省", "open": "5G基站"},
            {"view": "map", "indicator": "5G基站"}, {"view": "sources", "doc": doc}, {"view": "targets"}]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_speaks_one_language(tmp_path, monkeypatch, lang):
    db = build_sample_db(tmp_path / "s.duckdb")
    titles = [doc["title"] for doc in spec()["documents"]] + [doc["file_name"] for doc in spec()["documents"]]
    allowed = titles + [fact["quote"] for fact in sample_facts()]
    for params in every_view(db):
        at = run(db, monkeypatch, lang=lang, **params)
        texts = shown_texts(at, SOURCE_COLUMNS)
        assert len(texts) > 10, params
        assert foreign_text(texts, lang, allowed) == [], params


def test_the_language_check_catches_the_other_language():
    assert foreign_text(["≥20万个", "as of 2022-07"], "zh") == ["'as of 2022-07': ['as', 'of']"]
    assert foreign_text(["at least 200,000", "196.8万个"], "en") == ["'196.8万个': 万个"]
    assert foreign_text(["[zh: 合计招揽了顶级学者]", "Sources: 《大数据发展动态》"], "en", ["《大数据发展动态》"]) == []


# --- The overview, source notes, evidence dates -----------------------------------------------------------

def test_the_overview_shows_what_the_store_holds_and_leads_into_the_views(tmp_path, monkeypatch):
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch)
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["5G基站"] == "337.7万个"                       # latest national figure, 2023
    assert metrics["软件业务收入"] == "5.52万亿元"                  # 2023H1 is later than 2022
    captions = [caption.value for caption in at.caption]
    assert "来源：数字经济发展情况报告（2024-01-10）" in captions
    buttons = [button.label for button in at.button]
    assert any(label.startswith("山东省：") for label in buttons)              # provinces with most facts
    assert any("数字经济发展情况报告" in label for label in buttons)            # latest documents
    assert any(label.startswith("进度落后：") or label.startswith("已完成：") for label in buttons)  # goals by status
    next(button for button in at.button if button.label == "查看走势").click().run()
    assert at.header[0].value == "数据浏览" and at.subheader[0].value == "5G基站"
    assert at.query_params["view"] == ["explorer"] if isinstance(at.query_params["view"], list) else "explorer"


def test_a_chart_names_the_documents_behind_it(tmp_path, monkeypatch):
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch, view="explorer", indicator="软件业务收入")
    assert "来源：数字经济发展情况报告（2024-01-10）" in [caption.value for caption in at.caption]
    at = run(db, monkeypatch, view="explorer", indicator="5G基站", region="山东省", lang="en")
    notes = [caption.value for caption in at.caption if caption.value.startswith("Sources:")]
    assert notes[0] == "Sources: 数字经济发展情况报告 (2024-01-10); 大数据发展动态 2023年第30期 (2023-07-28)"


def test_a_chosen_region_without_data_is_said(tmp_path, monkeypatch):
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch, view="explorer", indicator="软件业务收入", region=["全国", "山东省"])
    assert any("山东省" in info.value and "没有该指标的数据" in info.value for info in at.info)
    options = at.multiselect(key="w.region").options
    assert options[0] == "全国" and any(option.startswith("山东省（") for option in options)


def test_targets_say_the_date_of_their_evidence_and_flag_old_evidence(tmp_path, monkeypatch):
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch, view="targets")
    goals = at.dataframe[0].value
    dates = dict(zip(goals["指标"] + "/" + goals["地区"], goals["依据日期"]))
    # the latest actual (2023) as reported on 2024-01-10, judged today: more than a year old
    assert dates["5G基站/全国"] == "2024-01-10（已逾一年）"


@pytest.mark.parametrize("lang, column, expected", [("zh", "最新实际值", "≥20.2万个"),
                                                     ("en", "Latest actual", "at least 202,000")])
def test_a_goals_latest_actual_is_shown_as_its_source_says_it(tmp_path, monkeypatch, lang, column, expected):
    data = spec()
    for document in data["documents"]:   # 山东省5G基站超过20.2万个: the latest actual of 山东省's goal
        for fact in document["facts"]:
            if fact["quote"] == "山东省5G基站达到20.2万个":
                fact.update(quote="山东省5G基站超过20.2万个", comparator=">=")
    db = build_sample_db(tmp_path / "s.duckdb", data)
    at = run(db, monkeypatch, view="targets", lang=lang)
    goals = at.dataframe[0].value
    latest = dict(zip(zip(goals[goals.columns[1]], goals[goals.columns[2]]), goals[column]))
    assert latest[{"zh": ("5G基站", "山东省"), "en": ("5G base stations", "Shandong")}[lang]] == expected


def test_a_document_text_marks_every_number_it_can_place(tmp_path, monkeypatch):
    from parsing.store.ingest import build_database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("大数据发展动态\n2023年7月28日 第30期\n山东省5G基站达到20.2万个。\n"
                                     "到2025年，全省5G基站超过30万个。\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    build_database([corpus], db)
    at = run(db, monkeypatch, view="sources", doc="1")
    assert at.dataframe[0].value["标题"].tolist() == ["《大数据发展动态》2023年第30期"]
    (html,) = [element for element in at.get("html")]
    body = html.proto.body
    assert body.count('<mark id="fact-') == 2 and ">20.2万个</mark>" in body and ">30万个</mark>" in body
    assert body.count('href="#fact-') == 2


def test_every_goal_opens_with_its_chart_an_annual_quota_too(tmp_path, monkeypatch):
    """Each goal of the store opens with its chart; an annual quota (全省新增5G基站3—5万个, annual 2023-2025)
    is drawn as a flat line across its years."""
    db = build_sample_db(tmp_path / "s.duckdb")
    at = run(db, monkeypatch, view="targets")
    goals = at.selectbox(key="w.goal").options
    assert len(goals) > 1
    quota_lines = 0
    for goal in goals:
        at.selectbox(key="w.goal").set_value(goal).run()
        assert not at.exception, (goal, at.exception)
        traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
        quota_lines += sum(trace.get("name") == "年度目标" for trace in traces)
    assert quota_lines >= 1
