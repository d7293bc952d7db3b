"""The numbers stage's shortcut alternatives (a bare number; digits, multiplier and unit) never change
what the pattern reads: wherever one matches, the general alternatives alone match the same span with
the same number, multiplier and unit and nothing else (no range, 余/多, cue, rate or skip).

Checked on digits followed by every character the units data starts a word with, every ASCII character
and a sample of others, after zero to two spaces, bare and after a multiplier and unit.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize("suffix", numbers._date_suffixes())
def test_digits_before_a_date_suffix_are_no_number(suffix):
    """The gate passes by digits before a date suffix (2023年, 6 月): there the pattern must find no
    number, whatever follows the suffix."""
    assert suffix in "年月" or len(numbers._date_suffixes()) > 2
    checked = 0
    for stem in ("7", "12", "2023", "300", "1,000", "10 ", "10  "):
        for follower in FOLLOWERS:
            for rest in ("", "元", "6万家"):
                found = numbers.PATTERN.match(stem + suffix + follower + rest)
                assert found is None or found.lastgroup == "skip", stem + suffix + follower + rest
                checked += 1
    assert checked > 0


_UNGATED = re.compile(numbers._build_gate(pass_dates=False))


@given(st.text(alphabet="0123456789 ,.年月日号元万个%-—至约近第", max_size=24))
def test_passing_dates_by_finds_the_same_numbers(text):
    """find_numbers reads the same numbers whether or not its gate passes dates by."""
    gated = numbers.find_numbers(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "GATE", _UNGATED)
        assert numbers.find_numbers(text) == gated
