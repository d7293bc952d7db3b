"""An exported CSV opened in a real spreadsheet engine: LibreOffice Calc, headless (Debian's
libreoffice-calc-nogui, installed by tests/run_all.sh). Every quote must arrive as text — no formula, even
for quotes that start like one, ASCII or full-width — and the Chinese intact. Skipped, with the reason,
when `soffice` is absent."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from parsing.store import queries
from parsing.store.export import facts_csv_bytes
from test_export import DANGEROUS
from test_queries import build_fact_db

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: "
                                                        "apt-get install libreoffice-calc-nogui")
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
# Comma-separated, double-quoted, UTF-8 (76), from line 1; everything else as LibreOffice's defaults,
# which evaluate formulas.
CSV_IMPORT = "CSV:44,34,76,1"


def open_in_calc(csv_file: Path) -> list[list[dict]]:
    """The sheet as Calc reads it: rows of cells {text, type, formula}."""
    out = csv_file.parent / "calc"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{csv_file.parent / 'profile'}", "--headless",
                    f"--infilter={CSV_IMPORT}", "--convert-to", "fods", "--outdir", str(out), str(csv_file)],
                   check=True, capture_output=True, timeout=180)
    root = ET.parse(out / f"{csv_file.stem}.fods").getroot()
    sheet = []
    for row in root.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row.iter(f"{{{NS['table']}}}table-cell"):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            cells += [{"text": "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{NS['text']}}}p")),
                       "type": cell.get(f"{{{NS['office']}}}value-type"),
                       "formula": cell.get(f"{{{NS['table']}}}formula")}] * min(repeat, 100)
        sheet.append(cells)
    return sheet


def column(sheet: list[list[dict]], name: str, n_rows: int) -> list[dict]:
    at = [cell["text"] for cell in sheet[0]].index(name)
    return [row[at] for row in sheet[1:1 + n_rows]]


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("calc")
    with queries.connect(build_fact_db(folder / "facts.duckdb")) as con:
        rows = queries.facts(con)
    poisoned = rows.iloc[[i % len(rows) for i in range(len(DANGEROUS))]].copy()
    poisoned["quote"] = DANGEROUS
    rows = pd.concat([rows, poisoned], ignore_index=True)  # the store's Chinese quotes, then hostile ones
    csv_file = folder / "facts.csv"
    csv_file.write_bytes(facts_csv_bytes(rows))
    return rows, open_in_calc(csv_file)


def test_every_quote_is_text_and_none_is_a_formula(exported):
    rows, sheet = exported
    cells = column(sheet, "quote", len(rows))
    assert [cell["formula"] for cell in cells] == [None] * len(rows)
    assert {cell["type"] for cell in cells} == {"string"}
    for cell, quote in zip(cells, rows["quote"]):
        assert squeezed(cell["text"]).lstrip("'") == squeezed(quote)


def test_the_chinese_arrives_intact(exported):
    rows, sheet = exported
    for name in ("article", "region", "indicator"):
        assert [cell["text"] for cell in column(sheet, name, len(rows))] == [
            "" if value is None else value for value in rows[name]]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(rows["article"].dropna()))


def test_the_engine_does_evaluate_an_unneutralised_formula(tmp_path):
    """The control: the same import turns a raw =1+1 into a formula, so the tests above could fail."""
    raw = tmp_path / "raw.csv"
    raw.write_bytes("\ufeffquote\r\n=1+1\r\n".encode("utf-8"))
    [cell] = column(open_in_calc(raw), "quote", 1)
    assert cell["formula"] == "of:=1+1"
