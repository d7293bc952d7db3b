"""parsing.store.queries against a real DuckDB file written through the store (tests/fixtures/ingest/store_facts.jsonl)."""
from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from parsing import store
from parsing.store import queries
from parsing.extraction import Article, DocumentInfo, Extraction
from parsing.fact import FACT_FIELDS, Fact
from parsing.store.queries import FACT_COLUMNS, SERIES_COLUMNS, FactFilter
from parsing.store.catalogs import load_catalogs

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
with (FIXTURES / "query_cases.yaml").open(encoding="utf-8") as handle:
    CASES = yaml.safe_load(handle)


def build_fact_db(db: Path, facts_file: Path = FIXTURES / "store_facts.jsonl") -> Path:
    """A store holding the documents and facts of a JSONL file (fields of FACTS.md + document, document_date)."""
    with facts_file.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    con = store.open_writable(db)
    load_catalogs(con, FIXTURES / "catalog")
    for name, group in groupby(rows, key=lambda row: row["document"]):
        group = list(group)
        date = group[0]["document_date"]
        facts = [Fact(**{**{k: row.get(k) for k in FACT_FIELDS}, "source": name, "article": "正文"})
                 for row in group]
        extraction = Extraction(
            document=DocumentInfo(source=name, title=f"{name} 标题", date=date and dt.date.fromisoformat(date),
                                  date_origin="masthead" if date else "none", kind="newsletter"),
            articles=[Article(index=0, title="正文", organisation=None, first_line=1, last_line=100)],
            facts=facts)
        store.write_document(con, store.StoredFile(name, name, f"hash-{name}", 100, "text", "utf-8"), extraction)
    con.close()
    return db


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build_fact_db(tmp_path_factory.mktemp("queries") / "facts.duckdb")
    connection = queries.connect(db)
    yield connection
    connection.close()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_fact_filters(con, case):
    flt = FactFilter(**{key: tuple(value) if isinstance(value, list) else value
                        for key, value in case["filter"].items()})
    rows = queries.facts(con, flt)
    assert list(rows["quote"]) == case["expected"]
    if "regions" in case:
        assert list(rows["region"]) == case["regions"]


def test_fact_rows_carry_every_field_and_their_provenance(con):
    rows = queries.facts(con, FactFilter(source="b.txt", indicators=("软件业务收入",)))
    assert tuple(rows.columns) == FACT_COLUMNS
    row = rows.iloc[0]
    assert (row["source"], row["line"], row["yoy_pct"], row["value_base"]) == ("b.txt", 11, 11.2, 1.08126e13)
    assert row["document_date"] == pd.Timestamp("2023-06-01")
    documents = queries.documents(con).set_index("file_name")
    assert row["document_id"] == documents.loc["b.txt", "document_id"]
    article = con.execute("SELECT title FROM articles WHERE article_id = ?", [int(row["article_id"])]).fetchone()
    assert article == ("正文",)


def test_rolled_up_rows_keep_the_extracted_region(con):
    rows = queries.facts(con, FactFilter(regions=("广东省",), roll_up_cities=True, kinds=("actual",)))
    assert list(zip(rows["region"], rows["region_level"], rows["source_region"])) == [
        ("广东省", "province", "深圳市"), ("广东省", "province", "南山区")]


def series_row(frame: pd.DataFrame, **match) -> pd.Series:
    selected = frame
    for column, value in match.items():
        selected = selected[selected[column] == value]
    assert len(selected) == 1, selected
    return selected.iloc[0]


def test_series_merges_repeated_mentions_and_keeps_all_sources(con):
    rows = queries.series(con, FactFilter(indicator_keys=("5g_base_stations",), regions=("全国",)))
    assert tuple(rows.columns) == SERIES_COLUMNS
    national = series_row(rows, year=2022)
    assert national["n_mentions"] == 3  # the editor's note, the body, and another issue
    assert list(national["sources"]) == ["a.txt", "b.txt"]
    assert not national["conflicting"]  # 196.8万 vs 197万 is within 0.5%
    assert national["value"] == 197.0  # the most recent document's figure


def test_series_flags_disagreeing_sources_and_shows_the_latest(con):
    rows = queries.series(con, FactFilter(regions=("广东省",), kinds=("target",)))
    target = series_row(rows, year=2025)
    assert bool(target["conflicting"]) and target["n_mentions"] == 2
    assert (target["value"], target["value_base"], target["comparator"]) == (30.0, 300000.0, ">=")


def test_series_treats_undated_documents_as_oldest_and_keeps_units_apart(con):
    rows = queries.series(con, FactFilter(indicators=("软件业务收入",)))
    level = series_row(rows, unit_base="元")
    growth = series_row(rows, unit_base="%")
    assert level["conflicting"] and list(level["sources"]) == ["b.txt", "c.txt"]
    assert level["value"] == 108126.0  # b.txt is dated, c.txt is not
    assert growth["value"] == -2.0 and growth["n_mentions"] == 1


def test_series_keeps_range_and_null_year_rows(con):
    forecast = series_row(queries.series(con, FactFilter(kinds=("forecast",))), indicator="数字经济规模")
    assert (forecast["value"], forecast["value_high"], forecast["comparator"]) == (60.0, 65.0, "range")
    incentive = series_row(queries.series(con, FactFilter(kinds=("incentive",))), indicator="5G基站建设补贴")
    assert pd.isna(incentive["year"])


def test_series_roll_up_reports_cities_under_province_without_adding_them(con):
    rows = queries.series(con, FactFilter(regions=("广东省",), roll_up_cities=True, kinds=("actual",)))
    assert sorted(zip(rows["region"], rows["source_region"], rows["value"])) == [
        ("广东省", "南山区", 1.2), ("广东省", "深圳市", 7.3)]


def test_series_by_source(con):
    rows = queries.series(con, FactFilter(source="a.txt", regions=("全国",)))
    assert len(rows) == 1 and list(rows.iloc[0]["sources"]) == ["a.txt", "b.txt"]


def test_indicators_list_facts_and_catalog_with_labels(con):
    table = queries.indicators(con).set_index("indicator")
    assert table.loc["5G基站", ["indicator_key", "english", "theme_zh", "unit_base", "n_facts"]].tolist() == [
        "5g_base_stations", "5G base stations", "5G基站", "个", 7]
    assert table.loc["软件业务收入", "unit_base"] == "元"  # two of its three facts are in 元
    assert table.loc["移动电话用户", "n_facts"] == 0  # in the catalog, no facts yet
    assert pd.isna(table.loc["5G基站建设补贴", "english"])  # has facts, not in the catalog


def test_regions_list_levels_codes_and_rolled_up_counts(con):
    table = queries.regions(con)
    guangdong = series_row(table, region="广东省")
    assert (guangdong["code"], guangdong["level"], guangdong["n_facts"], guangdong["n_facts_with_cities"]) == (
        "440000", "province", 2, 4)
    nanshan = table[table["region"] == "南山区"]
    assert sorted(zip(nanshan["province"], nanshan["n_facts"])) == [("广东省", 1), ("黑龙江省", 0)]
    assert list(table["level"].iloc[:2]) == ["world", "national"]


def test_years_documents_and_document_facts(con):
    assert queries.years(con) == [2022, 2025]
    docs = queries.documents(con)
    assert list(docs["file_name"]) == ["b.txt", "a.txt", "c.txt"]  # newest first, undated last
    assert list(docs["n_facts"]) == [5, 5, 3]
    c_id = int(docs.set_index("file_name").loc["c.txt", "document_id"])
    facts = queries.document_facts(con, c_id)
    assert list(facts["line"]) == [3, 4, 6] and set(facts["source"]) == {"c.txt"}
    assert tuple(facts.columns) == FACT_COLUMNS


def test_connect_is_read_only_and_explains_a_missing_file(con, tmp_path):
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM facts")
    with pytest.raises(FileNotFoundError, match="no fact database"):
        queries.connect(tmp_path / "absent.duckdb")
    assert queries.database_stamp(tmp_path / "absent.duckdb") is None


def test_empty_database_gives_empty_frames(tmp_path):
    store.open_writable(tmp_path / "empty.duckdb").close()
    with queries.connect(tmp_path / "empty.duckdb") as empty:
        assert queries.facts(empty).empty and queries.series(empty).empty
        assert tuple(queries.facts(empty).columns) == FACT_COLUMNS
        assert queries.years(empty) == [] and queries.documents(empty).empty


# --- What the dashboard reads: only the rows drawn and shown, each equal to the whole query cut down ------

FILTERS = [FactFilter(**{key: tuple(value) if isinstance(value, list) else value
                         for key, value in case["filter"].items()}) for case in CASES]
LEVELS = ("national", "macro_region", "province", "city", "district")


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: DuckDB types a column by what the rows hold (an all-empty text column comes back as
    objects), so a few rows and many rows of one query can differ in dtype, never in value."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)


@pytest.mark.parametrize("flt", FILTERS, ids=[case["name"] for case in CASES])
def test_a_page_of_facts_is_the_head_of_the_whole_result_with_its_size(con, flt):
    every = queries.facts(con, flt)
    for limit in (1, 2, 1000):
        page, total = queries.facts_page(con, flt, limit)
        assert total == len(every)
        pd.testing.assert_frame_equal(plain(page), plain(every.head(limit)))


def chosen_regions(series: pd.DataFrame, limit: int) -> list[str]:
    """The regions a chart keeps, worked out from the whole series: broadest level, most rows, name."""
    per_region = series.groupby("region").agg(level=("region_level", "first"), points=("year", "size"))
    rank = per_region["level"].map({level: i for i, level in enumerate(LEVELS)}).fillna(1000)
    ordered = per_region.assign(rank=rank).reset_index().sort_values(["rank", "points", "region"],
                                                                    ascending=[True, False, True])
    return list(ordered["region"][:limit])


@pytest.mark.parametrize("flt", FILTERS + [FactFilter(roll_up_cities=True)],
                         ids=[case["name"] for case in CASES] + ["rolled up"])
@pytest.mark.parametrize("limit", [1, 2, 100])
def test_chart_series_are_the_series_of_the_regions_drawn(con, flt, limit):
    dated = queries.series(con, flt)
    dated = dated[dated["year"].notna()]
    keep = chosen_regions(dated, limit)
    drawn, not_drawn = queries.chart_series(con, flt, limit, LEVELS)
    expected = dated[dated["region"].isin(keep)].reset_index(drop=True)
    pd.testing.assert_frame_equal(plain(drawn), plain(expected))
    assert not_drawn == dated["region"].nunique() - len(keep)


def test_map_gives_one_figure_per_province_and_the_nation_full_year_first(con):
    every = queries.series(con)
    for (indicator, kind), rows in every.groupby(["indicator", "kind"]):
        mapped = rows[rows["region_level"].isin(("province", "national")) & rows["year"].notna()]
        unit, years = queries.map_years(con, indicator, kind)
        if mapped.empty:
            assert (unit, years) == (None, [])
            continue
        counts = mapped["unit_base"].value_counts()
        assert unit == min(counts.index[counts == counts.max()])
        assert years == sorted({int(y) for y in mapped.loc[mapped["unit_base"] == unit, "year"]}, reverse=True)
        for year in years:
            in_year = mapped[(mapped["unit_base"] == unit) & (mapped["year"] == year)]
            full = in_year["period"].isna() | (in_year["period"] == str(year))
            best = (in_year.assign(_full=full).sort_values(["_full", "period"], na_position="first")
                    .drop_duplicates("region", keep="last"))
            shown = queries.map_values(con, indicator, kind, unit, year)
            assert dict(zip(shown["region"], shown["value_base"])) == dict(zip(best["region"], best["value_base"]))


def test_province_profile_sums_up_each_indicator_as_its_facts_do(con):
    provinces = set(queries.regions(con).query("level == 'province' and n_facts_with_cities > 0")["region"])
    assert provinces
    for province in provinces:
        facts = queries.facts(con, FactFilter(regions=(province,), roll_up_cities=True))
        # Oldest first: year, the province's own figure after a city's, document date, line (missing first).
        ordered = (facts.assign(_own=facts["source_region"] == facts["region"])
                   .sort_values(["year", "_own", "document_date", "line"], na_position="first", kind="stable"))
        indicators, goals = queries.province_profile(con, province)
        indicators = indicators.set_index("indicator")
        assert dict(indicators["n_facts"]) == dict(facts.groupby("indicator").size())
        assert dict(indicators["n_targets"]) == dict(facts[facts["kind"] == "target"].groupby("indicator").size()
                                                     .reindex(indicators.index, fill_value=0))
        latest = ordered[ordered["kind"] == "actual"].drop_duplicates("indicator", keep="last").set_index("indicator")
        assert dict(indicators["value_base"].dropna()) == dict(latest["value_base"])
        distinct = ordered[ordered["kind"] == "target"].drop_duplicates(["indicator", "year", "value_base", "unit_base"])
        for indicator, rows in distinct.groupby("indicator", sort=False):
            listed = goals[goals["indicator"] == indicator]
            assert list(listed["value_base"]) == list(rows["value_base"].tail(queries.GOALS_LISTED))
            assert set(listed["n_goals"]) == {len(rows)}


def test_regions_with_facts_of_an_indicator_and_with_their_cities_rolled_up(con):
    plain = queries.regions_with_facts(con, "5G基站建设补贴")
    rolled = queries.regions_with_facts(con, "5G基站建设补贴", roll_up_cities=True)
    assert "福州市" in plain and "福建省" not in plain   # only a city of 福建省 has this indicator
    assert rolled == plain | {"福建省"}
    assert queries.regions_with_facts(con, "没有的指标") == set()
