"""The held-out gold stays well-formed: every document has a gold file whose lines pass check_gold."""
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("heldout_check_gold", HERE / "check_gold.py")
check_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_gold)

DOCUMENTS = sorted(HERE.glob("h[0-9][0-9]_*.txt"))


def test_ten_documents_with_gold():
    assert len(DOCUMENTS) == 10
    assert all(txt.with_suffix(".jsonl").exists() for txt in DOCUMENTS)


@pytest.mark.parametrize("txt", DOCUMENTS, ids=lambda p: p.stem)
def test_gold_lines_valid(txt):
    problems = check_gold.check_document(txt, check_gold.catalog_keys(), check_gold.known_regions(),
                                         Counter(), Counter())
    assert problems == []


def test_checker_rejects_a_quote_off_its_line():
    txt = DOCUMENTS[0]
    lines = txt.read_text(encoding="utf-8").split("\n")
    fact = dict(zip(check_gold.FIELDS, [txt.name, 1, "不在此行的引文123", lines[0][4:], "全国", "national", None,
                                        "x", "other", "actual", 123, None, "个", 123.0, "个", "=", 2024, "2024",
                                        None, ""]))
    problems = check_gold.check_fact(fact, lines, lines[0][4:], {"other"}, set())
    assert any("quote not on line" in p for p in problems)
