"""Growth cues are read from a bounded tail before the number, which must hold the longest cue."""
from __future__ import annotations

from re import _parser as sre_parse  # the standard library's own width computation

import pytest

from parsing.extraction.cues import attach_rules
from parsing.extraction.growth import compact_tail, growth_sign
from parsing.extraction.numbers import find_numbers
from parsing.extraction.paragraph import Slot


def test_reach_holds_the_longest_growth_cue():
    rules = attach_rules()
    longest = sre_parse.parse(rules["growth_before"].pattern).getwidth()[1]
    assert rules["growth_before_reach"] >= longest


@pytest.mark.parametrize("text, start, wanted, expected", [
    ("软件业务收入同比增长", 0, 4, "同比增长"),
    ("同 比 增 长", 0, 4, "同比增长"),                       # spaces are left out, not counted
    ("增长" + " " * 50 + "率为", 0, 4, "增长率为"),           # the window widens over a run of spaces
    ("占比", 0, 12, "占比"),                                  # fewer than wanted: all of it
    ("其中增长率", 2, 12, "增长率"),                           # never before `start`
])
def test_compact_tail(text, start, wanted, expected):
    assert compact_tail(text, start, len(text), wanted) == expected


def test_growth_sign_reads_a_cue_after_a_long_clause():
    text = "全省" + "电子信息制造业" * 40 + "营业收入比上年增长 12.5%"
    mention = find_numbers(text)[-1]
    assert growth_sign(text, Slot(mention, (0, len(text)))) == 1
    text = text.replace("增长", "下降")
    assert growth_sign(text, Slot(find_numbers(text)[-1], (0, len(text)))) == -1
