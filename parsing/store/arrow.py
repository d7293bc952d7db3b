"""Columns of Python values handed to DuckDB as an Arrow table, built with nanoarrow.

Why not pyarrow: the ingest writes while its workers extract, on the cores they want, and pyarrow's first
array imports pandas: DuckDB, pyarrow, numpy and pandas cost that process ~0.44 s of CPU to import, DuckDB
and nanoarrow ~0.12 s (tests/benchmarks/bench_jobs.py). Each column is typed by the DuckDB column it goes
into, so a column of NULLs still gets its type, and the values DuckDB reads back are the ones given.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import duckdb
import nanoarrow as na

_SCALAR_TYPES = {
    "VARCHAR": na.string(), "INTEGER": na.int32(), "BIGINT": na.int64(), "UBIGINT": na.uint64(),
    "DOUBLE": na.float64(), "DATE": na.date32(), "TIMESTAMP": na.timestamp("us"),
}
_EPOCH_DAY = dt.date(1970, 1, 1)
_EPOCH = dt.datetime(1970, 1, 1)
_MICROSECOND = dt.timedelta(microseconds=1)


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The table's columns and their DuckDB types, in order. Asked once per table and process (DESCRIBE
    takes milliseconds, and the writer inserts into three tables per batch): every store's tables are
    made by schema.sql, so a column name has one type in all of them."""
    if table not in _COLUMN_TYPES:
        _COLUMN_TYPES[table] = {name: type_ for name, type_, *_ in con.execute(f"DESCRIBE {table}").fetchall()}
    return _COLUMN_TYPES[table]


_COLUMN_TYPES: dict[str, dict[str, str]] = {}


def arrow_table(columns: dict[str, tuple[str, Sequence]]):
    """An Arrow table (a struct array: DuckDB scans it as a table) of `name → (DuckDB type, values)`,
    None for NULL. Types: those of `_SCALAR_TYPES` and VARCHAR[] (lists, never NULL themselves)."""
    lengths = {len(values) for _, values in columns.values()}
    if len(lengths) != 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    arrays = [_array(type_, values) for type_, values in columns.values()]
    schema = na.struct({name: array.schema for name, array in zip(columns, arrays)})
    return na.c_array_from_buffers(schema, lengths.pop(), [None], children=arrays)


def _array(type_: str, values: Sequence):
    if type_ == "VARCHAR[]":
        offsets = [0, *itertools.accumulate(len(items) for items in values)]
        strings = na.c_array([item for items in values for item in items], na.string())
        return na.c_array_from_buffers(na.list_(na.string()), len(values), [None, na.c_buffer(offsets, na.int32())],
                                       children=[strings])
    if type_ == "DATE":
        values = [None if value is None else (value - _EPOCH_DAY).days for value in values]
    elif type_ == "TIMESTAMP":
        values = [None if value is None else (value - _EPOCH) // _MICROSECOND for value in values]
    return na.c_array(values, _SCALAR_TYPES[type_])
