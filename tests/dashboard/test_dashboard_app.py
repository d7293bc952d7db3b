"""The dashboard's views through Streamlit's AppTest, against a small real store (tests/dashboard/dashboard_store.py)."""
from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_store import build_sample_db, sample_facts
from parsing.store import queries
from parsing.store.export import export_file_name, facts_csv_bytes

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("store") / "tracker.duckdb")


def run_app(db: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("TRACKER_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({k: v for k, v in params.items()})
    return at.run()


def url_values(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown message body whose text is escaped (dashboard.plain_text): no
    backslash escapes, no invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def all_traces(at: AppTest) -> list[dict]:
    return [{key: decoded(value) for key, value in trace.items()} for figure in figures(at) for trace in figure["data"]]


def traces(at: AppTest) -> list[dict]:
    """The traces of the time-series charts (the explorer's map tab draws a map too)."""
    return [trace for trace in all_traces(at) if trace.get("type") == "scatter"]


def map_traces(at: AppTest) -> list[dict]:
    return [trace for trace in all_traces(at) if trace.get("type") == "choropleth"]


def decoded(value):
    """Plotly sends numeric arrays as {'bdata': base64, 'dtype': ...}; turn them back into lists."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return value


def offered_file(at: AppTest, downloads: dict, index: int = 0, suffix: str = ".csv") -> tuple[bytes, str]:
    """The file a click on the `index`-th download button of files named *`suffix` gives (its bytes are made
    on the click)."""
    offered = [downloads[button.proto.deferred_file_id] for button in at.download_button]
    make, name = [(make, name) for make, name in offered if name.endswith(suffix)][index]
    return make(), name


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def expected_facts(**criteria) -> list[dict]:
    """Sample facts matching field=value or field=(values...) — worked out from the spec, not the store."""
    def matches(fact):
        return all(fact[k] in (v if isinstance(v, tuple) else (v,)) for k, v in criteria.items())
    return [f for f in sample_facts() if matches(f)]


def table(at: AppTest, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


# --- Explorer ---------------------------------------------------------------------------------------------

def test_explorer_plots_the_linked_indicator_with_facts_beneath(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="5G基站")
    no_failure(at)
    assert any(pd.isna(year) for year in table(at)["年份"])  # a fact without a year is not lost
    names = {trace["name"] for trace in traces(at)}
    assert {"全国 · 实际值", "全国 · 目标", "山东省 · 目标", "广东省 · 实际值"} <= names
    assert len(table(at)) == len(expected_facts(indicator="5G基站"))
    figure = figures(at)[0]
    assert "万个" in figure["layout"]["yaxis"]["title"]["text"]


def test_targets_are_drawn_hollow_and_labelled_with_their_deadline(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="5G基站", region="全国")
    by_name = {trace["name"]: trace for trace in traces(at)}
    target, actual = by_name["全国 · 目标"], by_name["全国 · 实际值"]
    assert target["marker"]["symbol"].endswith("-open") and "lines" not in target["mode"]
    assert target["x"] == ["2025-12-31"] and "2025" in target["text"][0]
    assert "lines" in actual["mode"] and actual["x"] == ["2021-12-31", "2022-12-31", "2023-12-31"]
    axis = figures(at)[0]["layout"]["xaxis"]  # one tick a year, on 31 December, labelled with the year
    assert axis["ticktext"] == ["2021", "2022", "2023", "2024", "2025"]
    assert axis["tickvals"] == ["2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31"]
    assert actual["y"] == pytest.approx([142.5, 231.2, 337.7])  # axis in 万个


def test_a_part_of_a_year_stands_at_the_end_of_its_period(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="软件业务收入")
    by_name = {trace["name"]: trace for trace in traces(at)}
    annual, half = by_name["全国 · 实际值"], by_name["全国 · 实际值 · 上半年"]  # never joined by one line
    assert annual["x"] == ["2022-12-31"] and half["x"] == ["2023-06-30"]  # 2023H1 at 30 June, not on 2023's tick
    assert annual["y"] == pytest.approx([10.8126]) and half["y"] == pytest.approx([5.517])
    assert "万亿元" in figures(at)[0]["layout"]["yaxis"]["title"]["text"]
    assert sorted(table(at)["数值"]) == ["10.81万亿元", "5.52万亿元"]
    assert sorted(table(at)["时期"]) == ["2022年", "2023年上半年"]


def test_changing_region_and_kind_changes_chart_and_table(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="5G基站")
    at.multiselect(key="w.region").set_value(["山东省"]).run()
    at.multiselect(key="w.kind").set_value(["actual"]).run()
    no_failure(at)
    assert {trace["name"] for trace in traces(at)} == {"山东省 · 实际值"}
    shown = table(at)
    assert len(shown) == len(expected_facts(indicator="5G基站", region="山东省", kind="actual")) == 2
    assert set(shown["地区"]) == {"山东省"}
    assert list(shown["数值"]) == ["16.2万个", "20.2万个"]
    assert url_values(at, "region") == ["山东省"] and url_values(at, "kind") == ["actual"]


def test_year_range_narrows_the_rows(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="5G基站", region="全国")
    at.slider(key="w.from-to").set_value((2022, 2023)).run()
    assert sorted(table(at)["年份"]) == [2022, 2023]
    assert url_values(at, "from") == ["2022"] and url_values(at, "to") == ["2023"]


def test_roll_up_reports_a_city_under_its_province(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="5G基站", region="广东省")
    assert len(table(at)) == 1
    at.checkbox(key="w.rollup").check().run()
    shown = table(at)
    assert len(shown) == 2 and set(shown["地区"]) == {"广东省"}
    assert any("深圳市" in quote for quote in shown["原文"])


def test_download_holds_exactly_the_filtered_rows(sample_db, monkeypatch, downloads):
    at = run_app(sample_db, monkeypatch, indicator="5G基站", region=["山东省", "全国"], kind="target")
    no_failure(at)
    data, name = offered_file(at, downloads)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data)
    expected = expected_facts(indicator="5G基站", region=("山东省", "全国"), kind="target")
    assert sorted(zip(rows["region"], rows["line"])) == sorted((f["region"], f["line"]) for f in expected)
    with queries.connect(sample_db) as con:  # the same file the export command writes for these filters
        flt = queries.FactFilter(indicators=("5G基站",), regions=("山东省", "全国"), kinds=("target",))
        assert data == facts_csv_bytes(queries.facts(con, flt))
        assert name == export_file_name(flt, "csv") and "山东省" in name


def test_download_neutralises_formula_cells(sample_db, monkeypatch, downloads):
    at = run_app(sample_db, monkeypatch, indicator="数据中心标准机架")
    quote = read_csv(offered_file(at, downloads)[0])["quote"].iloc[0]
    assert quote.startswith("'=HYPERLINK")


def test_a_link_reproduces_the_view(sample_db, monkeypatch):
    first = run_app(sample_db, monkeypatch, indicator="5G基站")
    first.multiselect(key="w.region").set_value(["山东省", "广东省"]).run()
    first.multiselect(key="w.kind").set_value(["actual"]).run()
    again = run_app(sample_db, monkeypatch, **first.query_params)
    assert table(again).equals(table(first))
    assert traces(again) == traces(first)


@pytest.mark.parametrize("params, message", [
    ({"indicator": "不存在的指标"}, "不存在的指标"),
    ({"indicator": "5G基站", "region": "火星"}, "火星"),
    ({"indicator": "5G基站", "from": "abc"}, "abc"),
    ({"view": "nowhere"}, "nowhere"),
    ({"lang": "fr"}, "fr"),
    ({"view": "region", "province": "亚特兰蒂斯"}, "亚特兰蒂斯"),
    ({"view": "sources", "doc": "999"}, "999"),
])
def test_a_bad_link_gives_a_message_not_a_traceback(sample_db, monkeypatch, params, message):
    at = run_app(sample_db, monkeypatch, **params)
    no_failure(at)
    assert any(message in shown(warning.value) for warning in at.warning)


MARKDOWN_IN_LINKS = {
    "indicator": "[点击领取补贴](http://evil.example/claim)",
    "region": "![x](http://evil.example/pixel.png)",
    "kind": ":red[**紧急**] $x^2$ :material/warning:",
    "from": "<img src=http://evil.example/y.png>",
}


def test_link_values_are_shown_as_typed_never_as_markdown(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, **MARKDOWN_IN_LINKS)
    no_failure(at)
    bodies = [warning.value for warning in at.warning]
    for value in MARKDOWN_IN_LINKS.values():
        # the message holds the value character for character, with every Markdown character escaped
        assert any(value in shown(body) for body in bodies), value
    for body in bodies:
        assert re.search(r"(?<!\\)[\[\]()!*:$<>`_]", body) is None, body


def test_empty_result_says_so(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, indicator="软件业务收入", region="山东省")
    no_failure(at)
    assert any("没有数据" in info.value for info in at.info)
    assert not at.get("plotly_chart") and not at.download_button


def test_english_labels(sample_db, monkeypatch):
    at = run_app(sample_db, monkeypatch, lang="en", indicator="5G基站", region="山东省")
    no_failure(at)
    assert at.header[0].value == "Explorer"
    assert {trace["name"] for trace in traces(at)} == {"Shandong · Actual", "Shandong · Target"}
    assert set(table(at)["Region"]) == {"Shandong"}


# --- Region profile ---------------------------------------------------------------------------------------

def test_region_profile_groups_a_province_by_indicator(sample_db, monkeypatch, downloads):
    at = run_app(sample_db, monkeypatch, view="region", province="广东省")
    no_failure(at)
    summary = table(at)
    assert list(summary["指标"]) == ["5G基站"]
    assert list(summary["最新实际值"]) == ["23.2万个（2022年）"]  # the province's own figure, not 深圳市's
    assert list(summary["数据条数"]) == [len(expected_facts(province="广东省"))] == [2]  # 深圳市 rolled up

    at.selectbox(key="w.province").set_value("山东省").run()
    summary = table(at).set_index("指标")
    assert set(summary.index) == {f["indicator"] for f in expected_facts(province="山东省")}
    assert summary.loc["5G基站", "最新实际值"] == "20.2万个（2023年）"
    assert summary.loc["5G基站", "目标"] == "20万个（到2025年累计）"
    assert summary.loc["数据中心标准机架", "目标"] == "45万架（2023年）"
    rows = read_csv(offered_file(at, downloads)[0])
    assert len(rows) == len(expected_facts(province="山东省")) and set(rows["region"]) == {"山东省"}

    at.selectbox(key="w.open").set_value("5G基站").run()
    opened = table(at, 1)
    assert len(opened) == len(expected_facts(province="山东省", indicator="5G基站")) == 3
    assert len(read_csv(offered_file(at, downloads, 1)[0])) == 3


# --- Map -------------------------------------------------------------------------------------------------

def test_map_colours_provinces_for_the_chosen_year_with_the_national_total(sample_db, monkeypatch, downloads):
    at = run_app(sample_db, monkeypatch, view="map", indicator="5G基站", year="2022")
    no_failure(at)
    coloured = [trace for trace in map_traces(at) if trace.get("showscale") is not False]
    assert sorted(coloured[0]["locations"]) == ["山东省", "广东省"]
    assert at.metric[0].value == "231.2万个"
    at.selectbox(key="w.year").set_value(2023).run()
    coloured = [trace for trace in map_traces(at) if trace.get("showscale") is not False]
    assert coloured[0]["locations"] == ["山东省"]
    assert at.metric[0].value == "337.7万个"
    rows = read_csv(offered_file(at, downloads)[0])
    assert sorted(rows["region"]) == ["全国", "山东省"] and set(rows["year"]) == {2023}


# --- Sources ---------------------------------------------------------------------------------------------

def test_sources_list_documents_and_open_one(sample_db, monkeypatch, downloads):
    at = run_app(sample_db, monkeypatch, view="sources")
    no_failure(at)
    documents = table(at)
    counts = dict(zip(documents["文件名"], documents["数据条数"]))
    assert counts == {doc: len(expected_facts(source=doc)) for doc in counts}
    assert len(counts) == 2
    assert set(documents["文档类型"]) == {"简报"} and "2024-01-10" in map(str, documents["日期"])
    with queries.connect(sample_db) as con:
        doc_ids = dict(zip(queries.documents(con)["file_name"], queries.documents(con)["document_id"]))
    at.selectbox(key="w.doc").set_value(str(doc_ids["002_dashboard_test.txt"])).run()
    facts = table(at, 1)
    assert sorted(facts["原文"]) == sorted(f["quote"] for f in expected_facts(source="002_dashboard_test.txt"))
    assert len(read_csv(offered_file(at, downloads)[0])) == len(facts)


# --- The store itself ------------------------------------------------------------------------------------

def test_missing_database_is_built_with_progress(tmp_path, monkeypatch):
    import dashboard.database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("2023年7月28日 第30期\n山东省5G基站达到20.2万个。\n", encoding="utf-8")
    monkeypatch.setattr(dashboard.database, "CORPUS_DIR", corpus)
    db = tmp_path / "new.duckdb"
    at = run_app(db, monkeypatch)
    assert not at.exception
    assert db.exists()
    status = [block for block in at.main.children.values() if type(block).__name__ == "Status"]
    assert [block.label for block in status] == ["数据库已构建。"]
    assert [bar.value for bar in status[0].children.values()] == [100]


def test_an_empty_database_says_so(tmp_path, monkeypatch):
    from parsing import store
    db = tmp_path / "tracker.duckdb"
    store.open_writable(db).close()
    at = run_app(db, monkeypatch)
    no_failure(at)
    assert any("还没有任何数据" in info.value for info in at.info)


def test_a_database_being_built_by_an_ingest_gives_a_message(tmp_path, monkeypatch):
    db = tmp_path / "tracker.duckdb"
    (tmp_path / f".{db.name}.ingest-{os.getpid()}").write_bytes(b"")  # a live ingest's work file
    at = run_app(db, monkeypatch)
    assert not at.exception
    assert any("另一个进程正在构建数据库" in warning.value for warning in at.warning)
    assert not db.exists()


def test_an_unreadable_database_gives_a_message(tmp_path, monkeypatch):
    db = tmp_path / "tracker.duckdb"
    db.write_bytes(b"this is not a duckdb file" * 100)
    at = run_app(db, monkeypatch)
    assert not at.exception
    assert any(str(db) in shown(error.value) and "无法读取数据库" in error.value for error in at.error)


# --- Large results ---------------------------------------------------------------------------------------

def test_a_long_table_is_cut_but_the_download_holds_every_row(sample_db, monkeypatch, downloads):
    import dashboard.widgets
    monkeypatch.setattr(dashboard.widgets, "TABLE_ROWS", 2)
    at = run_app(sample_db, monkeypatch, indicator="5G基站")
    n = len(expected_facts(indicator="5G基站"))
    assert len(table(at)) == 2
    assert any(f"共 {n} 条" in caption.value for caption in at.caption)
    assert len(read_csv(offered_file(at, downloads)[0])) == n


def test_too_many_regions_are_not_all_drawn_and_the_chart_says_so(sample_db, monkeypatch):
    import dashboard.charts
    monkeypatch.setattr(dashboard.charts, "MAX_CHART_REGIONS", 2)
    at = run_app(sample_db, monkeypatch, indicator="5G基站")
    drawn = {trace["legendgroup"] for trace in traces(at)}
    assert drawn == {"全国", "山东省"}  # the nation first, then the province with most points
    assert any("另有 3 个地区未画出" in caption.value for caption in at.caption)
    assert len(table(at)) == len(expected_facts(indicator="5G基站"))  # the table keeps every region


def test_a_database_swapped_in_by_an_ingest_is_read_on_the_next_run(tmp_path, monkeypatch):
    from parsing import store
    live, update = tmp_path / "tracker.duckdb", tmp_path / "update.duckdb"
    build_sample_db(live)
    at = run_app(live, monkeypatch, indicator="5G基站", region="山东省")
    assert len(table(at)) == 3
    build_sample_db(update)
    con = store.open_writable(update)
    con.execute("DELETE FROM facts WHERE region = '山东省' AND kind = 'target'")
    con.close()
    os.replace(update, live)  # what parsing.store.ingest does when an ingest finishes
    at.run()
    no_failure(at)
    assert len(table(at)) == 2


def test_an_ingest_running_over_a_live_database_is_mentioned_and_the_view_still_works(sample_db, monkeypatch):
    work = sample_db.with_name(f".{sample_db.name}.ingest-{os.getpid()}")
    work.write_bytes(b"")
    try:
        at = run_app(sample_db, monkeypatch, indicator="5G基站")
    finally:
        work.unlink()
    no_failure(at)
    assert any("正在更新" in info.value for info in at.info)
    assert len(table(at)) == len(expected_facts(indicator="5G基站"))
