"""The extraction pipeline on table-driven cases (tests/cases/extract.yaml): sentence → facts."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from parsing.extraction import extract_text

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "extract.yaml").read_text(encoding="utf-8"))


def newsletter(case: dict) -> tuple[str, int]:
    """A one-article newsletter around the case's text, and the source line its text starts on."""
    date: dt.date = case["date"]
    head = (f"大数据发展动态\n\n{date.year}年{date.month}月{date.day}日 第1期 总第1期\n\n"
            f"本期要目\n\n- 01 {case['title']}\n\n{case['title']}\n\n")
    return head + case["text"] + "\n", head.count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    text, first_line = newsletter(case)
    facts = [f.to_dict() for f in extract_text(text, "case.txt").facts]
    if case.get("none"):
        assert facts == []
        return
    assert len(facts) == len(case["facts"]), [(f["value"], f["unit_raw"], f["quote"]) for f in facts]
    for fact, expected in zip(facts, case["facts"]):
        for field, value in expected.items():
            if field == "line_offset":
                assert fact["line"] == first_line + value
            elif isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
                assert fact[field] == pytest.approx(value), (field, fact)
            else:
                assert fact[field] == value, (field, fact)
        assert fact["source"] == "case.txt" and fact["article"] == case["title"]


def test_document_without_date_is_reported_not_guessed():
    extraction = extract_text("本期要目\n\n- 01 某方案\n\n某方案\n\n上半年，全省软件业务收入 100 亿元。\n", "nodate.txt")
    assert extraction.document.date is None and extraction.document.date_origin == "none"
    assert any("no document date" in w for w in extraction.warnings)
    assert all(f.year is None for f in extraction.facts)


def test_cli_date_overrides_the_masthead():
    text, _ = newsletter({"date": dt.date(2023, 7, 28), "title": "2023 上半年软件业经济运行情况",
                          "text": "上半年，我国软件业务收入 55170 亿元。"})
    extraction = extract_text(text, "x.txt", dt.date(2024, 1, 15))
    assert extraction.document.date_origin == "cli"
    assert extraction.facts[0].year == 2023 and extraction.facts[0].period == "2023H1"  # 上半年 of a January release: last year
