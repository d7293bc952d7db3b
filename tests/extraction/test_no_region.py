"""no_region runs the company patterns only around the company words of a paragraph (found in its one pass
of cue words), within company_reach of each: every match of the patterns must hold one and lie within
reach of it, so that the windows find what a search of the whole text would."""
from __future__ import annotations

import random

from parsing.extraction.no_region import _rules, company_cues
from parsing.knowledge import load_yaml

PIECES = ["公司", "集团", "该", "上半年", "，", "。", "市场", "份额", "厂商", "依次为", "前", "五", "3", "家",
          "大厂商", "合计", "股价", "市值", "全省", "数", " ", "实现", "今年", "的", "占比"]


def _word_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return sorted(spans)


def test_the_windows_around_company_words_find_what_a_whole_search_finds():
    words = load_yaml("cues.yaml")["no_region"]["company_words"]
    cue = _rules()["cue"]
    rng = random.Random(11)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12)))
        whole = [(m.start(), m.end(), m.lastgroup) for m in cue.finditer(text)]
        found += len(whole)
        assert [tuple(c) for c in company_cues(text, 0, len(text), _word_spans(text, words))] == whole, text
    assert found > 300


def test_a_count_of_companies_is_no_company_subject():
    text = "，公司数达到120家，上市公司实现营业收入"
    words = load_yaml("cues.yaml")["no_region"]["company_words"]
    assert company_cues(text, 0, len(text), _word_spans(text, words)) == []
