"""The writer's Arrow tables (parsing.store.arrow): every column type the store uses reads back from DuckDB
as the values given, NULLs included (that the ingest loads no pyarrow or pandas: tests/test_architecture.py)."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from parsing.store.arrow import arrow_table

COLUMNS = {
    "text": ("VARCHAR", ["5G基站", None, "", "=1+1\n“引号”\x00"]),
    "small": ("INTEGER", [2_147_483_647, None, -1, 0]),
    "big": ("BIGINT", [9_007_199_254_740_993, None, -5, 0]),
    "fingerprint": ("UBIGINT", [2 ** 64 - 1, 0, None, 17]),
    "measure": ("DOUBLE", [0.1 + 0.2, None, 1e300, -3.0]),
    "day": ("DATE", [dt.date(2025, 12, 31), None, dt.date(1969, 7, 20), dt.date(1, 1, 1)]),
    "moment": ("TIMESTAMP", [dt.datetime(2026, 11, 30, 19, 1, 2, 345678), None,
                             dt.datetime(1960, 1, 1, 0, 0, 0, 1), dt.datetime(2000, 2, 29)]),
    "words": ("VARCHAR[]", [["甲", "乙"], [], ["丙"], []]),
}


def test_every_column_type_reads_back_as_given():
    con = duckdb.connect()
    con.register("incoming", arrow_table(COLUMNS))
    rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM incoming").fetchall()
    assert [list(column) for column in zip(*rows)] == [values for _, values in COLUMNS.values()]
    types = con.execute(f"SELECT {', '.join(f'typeof({name})' for name in COLUMNS)} FROM incoming LIMIT 1").fetchall()
    assert list(types[0]) == [type_ for type_, _ in COLUMNS.values()]


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="different lengths"):
        arrow_table({"a": ("INTEGER", [1, 2]), "b": ("INTEGER", [1])})

