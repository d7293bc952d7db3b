"""Files made from query results: CSV for Excel, Parquet with types, JSON lines.

The dashboard's download button and `python -m parsing export` both go through these functions, so the
same filters produce byte-for-byte the same CSV.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .queries import FactFilter

FORMATS = ("csv", "parquet", "jsonl")

# A spreadsheet treats a cell starting with one of these as a formula (tab and CR too: Excel strips them
# and looks at what follows; the full-width forms too, which some spreadsheets fold to ASCII before
# parsing). Prefixing an apostrophe makes it plain text. A cell that is nothing but one such character
# carries no formula and is left alone: the comparator `=` of every plain fact stays `=`.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_LIST_SEPARATOR = "; "


def facts_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, formula-like text cells neutralised, list cells joined with '; '."""
    return _spreadsheet_safe(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def write_export(df: pd.DataFrame, path: Path | str, fmt: str) -> Path:
    """Write `df` to `path` as csv, parquet or jsonl; returns the path."""
    path = Path(path)
    if fmt == "csv":
        path.write_bytes(facts_csv_bytes(df))
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False, date_format="iso")
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return path


def export_file_name(flt: FactFilter, fmt: str) -> str:
    """A file name that says what the filters were, e.g. `facts_5g_base_stations_山东省_target_2020-2025.csv`."""
    parts = [*flt.indicator_keys, *flt.indicators, *flt.regions, *flt.kinds]
    if flt.year_from is not None or flt.year_to is not None:
        parts.append(f"{flt.year_from or ''}-{flt.year_to or ''}")
    if flt.source:
        parts.append(Path(flt.source).stem)
    safe = [re.sub(r"[^\w.-]+", "-", part).strip("-") for part in parts]
    return "_".join(["facts", *filter(None, safe)]) + f".{fmt}"


def _spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_cell)
    return safe


def _safe_cell(cell):
    if isinstance(cell, (list, tuple)) or hasattr(cell, "tolist"):
        cell = _LIST_SEPARATOR.join(map(str, list(cell)))
    if isinstance(cell, str) and len(cell) > 1 and cell.startswith(_FORMULA_TRIGGERS):
        return "'" + cell
    return cell
