"""Whole documents → facts (tests/cases/documents.yaml): the context a reader takes from a document's
header, title, lead, kind and speaker, for releases, plans, news and reports that are not newsletters."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parsing.extraction import extract_text

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "documents.yaml").read_text(encoding="utf-8"))


def _check(fact: dict, expected: dict) -> None:
    for field, value in expected.items():
        if field == "indicator_not_contains":
            assert value not in fact["indicator"], (field, fact)
        elif isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
            assert fact[field] == pytest.approx(value), (field, fact)
        else:
            assert fact[field] == value, (field, fact)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_document_case(case):
    extraction = extract_text(case["document"], "case.txt", case.get("date"))
    facts = [f.to_dict() for f in extraction.facts]
    if "kind" in case:
        assert extraction.document.kind == case["kind"]
    if case.get("none"):
        assert facts == []
        return
    assert len(facts) == len(case["facts"]), [(f["value"], f["unit_raw"], f["region"], f["quote"]) for f in facts]
    for fact, expected in zip(facts, case["facts"]):
        _check(fact, expected)


def test_a_newsletter_is_titled_by_its_masthead_issue():
    text = ("大数据发展动态\n\n2023年7月28日 第30期 总第130期\n\n本期要目\n\n- 01 某省数字经济发展情况\n\n"
            "某省数字经济发展情况\n\n上半年，全省软件业务收入100亿元。\n")
    assert extract_text(text, "n.txt").document.title == "《大数据发展动态》2023年第30期"
