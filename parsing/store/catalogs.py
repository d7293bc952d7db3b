"""Load the data catalogs (regions, indicators, themes) into the store's lookup tables.

Catalog files (owned by the normalisation work, read here as data):
  regions.csv      code,name,short_name,level,province,macro_region,english,aliases  (aliases split on '|')
  indicators.yaml  list of {name, english, key, units: [...], synonyms: [...]}
  themes.yaml      mapping theme key -> {zh, en}
A missing file loads as an empty table, so a fresh checkout without catalogs still ingests.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb

from ..knowledge import load_yaml_file
from .arrow import column_types
from .paths import DATA_DIR
CATALOG_FILES = ("regions.csv", "indicators.yaml", "themes.yaml")


def catalog_hash(catalog_dir: Path) -> str:
    """Fingerprint of the catalog files' contents (missing files count as empty)."""
    digest = hashlib.sha256()
    for name in CATALOG_FILES:
        path = catalog_dir / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    return digest.hexdigest()


def load_catalogs(con: duckdb.DuckDBPyConnection, catalog_dir: Path = DATA_DIR) -> bool:
    """Replace the catalog tables from `catalog_dir` if the files changed since the last load.

    Runs in one transaction; returns True when the tables were reloaded.
    """
    fingerprint = catalog_hash(catalog_dir)
    row = con.execute("SELECT value FROM meta WHERE key = 'catalog_hash'").fetchone()
    if row and row[0] == fingerprint:
        return False
    con.begin()
    try:
        for table in ("regions", "indicators", "themes"):
            con.execute(f"DELETE FROM {table}")
        _insert_rows(con, "regions", read_regions(catalog_dir))
        _insert_rows(con, "indicators", read_indicators(catalog_dir))
        _insert_rows(con, "themes", read_themes(catalog_dir))
        con.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_hash', ?)", [fingerprint])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Bulk insert through Arrow (row-by-row executemany takes seconds for the 3,000 regions); `rows` hold
    every column in the table's order."""
    from .write import insert_columns
    if rows:
        insert_columns(con, table, dict(zip(column_types(con, table), zip(*rows))))


def read_regions(catalog_dir: Path) -> list[tuple]:
    """Rows for the `regions` table; the first row wins when a code repeats."""
    path = catalog_dir / "regions.csv"
    if not path.exists():
        return []
    rows: dict[str, tuple] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            code, name = record["code"].strip(), record["name"].strip()
            if code and name and code not in rows:
                aliases = [a.strip() for a in (record.get("aliases") or "").split("|") if a.strip()]
                rows[code] = (code, name, _blank_none(record.get("short_name")),
                              record["level"].strip(), _blank_none(record.get("province")),
                              _blank_none(record.get("macro_region")), _blank_none(record.get("english")),
                              aliases)
    return list(rows.values())


def read_indicators(catalog_dir: Path) -> list[tuple]:
    """Rows for the `indicators` table; the first entry wins when a name repeats."""
    entries = _yaml(catalog_dir / "indicators.yaml") or []
    rows: dict[str, tuple] = {}
    for entry in entries:
        name = str(entry["name"]).strip()
        if name not in rows:
            rows[name] = (name, str(entry.get("key") or "other"), entry.get("english"),
                          [str(u) for u in entry.get("units") or []],
                          [str(s) for s in entry.get("synonyms") or []])
    return list(rows.values())


def read_themes(catalog_dir: Path) -> list[tuple]:
    """Rows for the `themes` table."""
    themes = _yaml(catalog_dir / "themes.yaml") or {}
    return [(str(key), str(labels.get("zh") or key), str(labels.get("en") or key))
            for key, labels in themes.items()]


def _yaml(path: Path):
    return load_yaml_file(path) if path.exists() else None


def _blank_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
