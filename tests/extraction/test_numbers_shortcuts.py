"""The numbers stage's shortcut alternatives (a bare number; digits, multiplier and unit) never change
what the pattern reads: wherever one matches, the general alternatives alone match the same span with
the same number, multiplier and unit and nothing else (no range, 余/多, cue, rate or skip).

Checked on digits followed by every character the units data starts a word with, every ASCII character
and a sample of others, after zero to two spaces, bare and after a multiplier and unit.
"""
from __future__ import annotations

import re

import pytest

from parsing.extraction import numbers
from parsing.extraction.units import UNITS

SHORTCUTS = (f"(?P<plain>{numbers._plain_number()})|(?P<counted>{numbers._counted_number()})|")
assert SHORTCUTS in numbers.PATTERN.pattern
GENERAL_ONLY = re.compile(numbers.PATTERN.pattern.replace(SHORTCUTS, ""))


def data_characters() -> set[str]:
    words = [*UNITS.unit_base, *UNITS.dropped_units, *UNITS.multipliers, *UNITS.approximators, *UNITS.pre_cues,
             *UNITS.post_cues, *UNITS.clause_cues, *UNITS.range_separators, *UNITS.label_suffixes,
             *UNITS.list_marker_suffixes, *UNITS.label_quotes, *UNITS.label_joiners, *UNITS.share_suffixes,
             UNITS.rate_separator, UNITS.chinese_digits, UNITS.chinese_numeral_chars]
    return {character for word in words for character in word}


# (besides the data: ASCII, Chinese punctuation and words, an ideographic space, full-width and Arabic digits)
OTHERS = set("，。；：、\u3000年份的是和一１٣")
FOLLOWERS = sorted(data_characters() | {chr(c) for c in range(32, 127)} | OTHERS)
STEMS = ["7", "12", "2023", "300", "10 ", "10  ", "5万", "5 万 ", "10个", "8 亿元", "3家", "6 千瓦", "9万台"]


def readings(text: str):
    """The full pattern's match and the general alternatives' alone, at the text's start."""
    return numbers.PATTERN.match(text), GENERAL_ONLY.match(text)


@pytest.mark.parametrize("stem", STEMS)
def test_shortcuts_read_as_the_general_alternatives(stem):
    checked = 0
    for follower in FOLLOWERS:
        for rest in ("", "元", follower, "6万家"):
            text = stem + follower + rest
            full, general = readings(text)
            if full is None or full.lastgroup not in ("plain", "counted"):
                continue
            checked += 1
            assert general is not None and general.span() == full.span(), text
            expected = {"n1": full["plain"] or full["count_digits"]}
            if full.lastgroup == "counted":
                expected |= {"mult": full["count_multiplier"], "unit": full["count_unit"]}
            found = {name: general[name] for name in GENERAL_ONLY.groupindex if general[name] is not None}
            assert found == {name: value for name, value in expected.items() if value is not None}, text
    assert checked > 0
