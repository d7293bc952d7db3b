"""parsing.store.export and the `export` command: Excel-safe CSV, typed Parquet, JSON lines, same file as the dashboard."""
from __future__ import annotations

import argparse
import io
import json

import pandas as pd
import pytest

from parsing.store import queries
from parsing.cli import export as export_cli
from parsing.store.export import export_file_name, facts_csv_bytes, write_export
from parsing.store.queries import FactFilter
from test_queries import build_fact_db

DANGEROUS = ['=HYPERLINK("http://evil.example","点击")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
             # full-width forms, which some spreadsheets fold to ASCII before parsing a formula
             '＝HYPERLINK("http://evil.example","点击")', "＋1+2", "－2+3", "＠SUM(A1:A9)"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_fact_db(tmp_path_factory.mktemp("export") / "facts.duckdb")


@pytest.fixture(scope="module")
def rows(db):
    with queries.connect(db) as con:
        return queries.facts(con)


def read_back_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def comparable(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain values: numbers as floats, dates as ISO strings, missing as None."""
    def plain(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_csv_round_trips_through_pandas(rows):
    data = facts_csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Chinese as UTF-8
    back = read_back_csv(data)
    assert list(back.columns) == list(rows.columns)
    assert comparable(back) == comparable(rows)


@pytest.mark.parametrize("dangerous", DANGEROUS)
def test_formula_like_cells_come_out_inert(rows, dangerous):
    poisoned = rows.head(2).copy()
    poisoned.loc[poisoned.index[0], "quote"] = dangerous
    poisoned.loc[poisoned.index[1], "article"] = dangerous
    back = read_back_csv(facts_csv_bytes(poisoned))
    assert list(back["quote"])[0] == "'" + dangerous
    assert list(back["article"])[1] == "'" + dangerous
    assert list(back["quote"])[1] == poisoned["quote"].iloc[1]  # ordinary text untouched


def test_a_lone_comparator_sign_is_not_a_formula_and_stays(rows):
    back = read_back_csv(facts_csv_bytes(rows))
    assert set(back["comparator"]) == {"=", ">=", "~", "range"}


def test_negative_numbers_are_numbers_not_neutralised(rows):
    growth = rows[rows["value"] < 0]
    assert len(growth) == 1
    back = read_back_csv(facts_csv_bytes(growth))
    assert back["value"].tolist() == [-2.0]


def test_series_lists_become_readable_cells(db):
    with queries.connect(db) as con:
        series = queries.series(con, FactFilter(regions=("全国",), indicator_keys=("5g_base_stations",)))
    back = read_back_csv(facts_csv_bytes(series))
    assert back["sources"].tolist() == ["a.txt; b.txt"]


def test_parquet_keeps_types(rows, tmp_path):
    back = pd.read_parquet(write_export(rows, tmp_path / "f.parquet", "parquet"))
    assert back["value"].dtype == "float64" and back["line"].dtype == "int32"
    assert pd.api.types.is_datetime64_any_dtype(back["document_date"])
    assert comparable(back) == comparable(rows)


def test_jsonl_has_one_object_per_fact_with_readable_chinese(rows, tmp_path):
    path = write_export(rows, tmp_path / "f.jsonl", "jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows)
    first = json.loads(lines[0])
    assert set(first) == set(rows.columns) and first["quote"] == rows["quote"].iloc[0]
    assert "\\u" not in lines[0]


def test_unknown_format_is_refused(rows, tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        write_export(rows, tmp_path / "f.xlsx", "xlsx")


def run_export(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    export_cli.register(parser.add_subparsers())
    args = parser.parse_args(["export", *argv])
    return args.func(args)


def test_command_writes_the_same_bytes_as_the_dashboard_download(db, tmp_path):
    out = tmp_path / "out.csv"
    status = run_export("--db", str(db), "--indicator", "5g_base_stations", "--region", "广东省",
                        "--roll-up-cities", "--from", "2020", "--to", "2025", "--out", str(out))
    assert status == 0
    flt = FactFilter(indicator_keys=("5g_base_stations",), regions=("广东省",), roll_up_cities=True,
                     year_from=2020, year_to=2025)
    with queries.connect(db) as con:
        expected = facts_csv_bytes(queries.facts(con, flt))
    assert out.read_bytes() == expected
    assert len(read_back_csv(expected)) == 4


def test_command_takes_indicator_names_and_kinds_and_names_the_file(db, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run_export("--db", str(db), "--indicator", "软件业务收入", "--kind", "actual", "--format", "jsonl") == 0
    out = tmp_path / "facts_软件业务收入_actual.jsonl"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert f"3 facts written to {out.name}" in capsys.readouterr().err


def test_command_without_database_explains(tmp_path, capsys):
    assert run_export("--db", str(tmp_path / "none.duckdb")) == 1
    assert "run `python -m parsing ingest` first" in capsys.readouterr().err


def test_export_file_name_describes_the_filters():
    flt = FactFilter(indicator_keys=("5g_base_stations",), regions=("山东省", "广东省"), kinds=("target",),
                     year_from=2020, year_to=2025)
    assert export_file_name(flt, "csv") == "facts_5g_base_stations_山东省_广东省_target_2020-2025.csv"
    assert export_file_name(FactFilter(source="../evil/a b.txt"), "parquet") == "facts_a-b.parquet"
    assert export_file_name(FactFilter(), "jsonl") == "facts.jsonl"


def test_command_warns_about_names_it_does_not_know(db, tmp_path, capsys):
    assert run_export("--db", str(db), "--indicator", "5G基占", "--region", "广东", "--out",
                      str(tmp_path / "none.csv")) == 0
    err = capsys.readouterr().err
    assert "no indicator or region named '5G基占'" in err and "no indicator or region named '广东'" in err
    assert "0 facts written" in err
