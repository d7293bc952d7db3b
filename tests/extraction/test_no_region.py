"""no_region runs the company patterns only when a company word stands before a number in its sentence:
every match of the patterns must hold one, or a cue would be missed where the gate skips."""
from __future__ import annotations

import random

from parsing.extraction.no_region import _rules, company_cues
from parsing.knowledge import load_yaml


def test_every_company_cue_holds_a_company_word():
    gate_words = load_yaml("cues.yaml")["no_region"]["company_words"]
    cue = _rules()["cue"]
    pieces = ["公司", "集团", "该", "上半年", "，", "。", "市场", "份额", "厂商", "依次为", "前", "五", "3", "家",
              "大厂商", "合计", "股价", "市值", "全省", "数", " ", "实现"]
    rng = random.Random(11)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
        for match in cue.finditer(text):
            found += 1
            assert any(word in match.group() for word in gate_words), (text, match.group())
    assert found > 300


def test_a_count_of_companies_is_no_company_subject():
    text = "，公司数达到120家，上市公司实现营业收入"
    assert [cue.kind for cue in company_cues(text, 0, len(text))] == []
