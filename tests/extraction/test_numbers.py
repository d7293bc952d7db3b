"""Numbers stage (parsing/extraction/numbers.py) on table-driven cases in tests/cases/numbers.yaml.

Each case is a normalised sentence and the complete, ordered list of mentions expected in it; a case with
`mentions: []` asserts that nothing is emitted (years, document numbers, labels, percentage points …).
Fields a case leaves out take the defaults below, so every mention is checked on every field.
"""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
import yaml

from parsing.extraction.numbers import NumberMention, _read_once, find_numbers
from parsing.extraction.units import UNITS_FILE, _trie, _unit_guard
from parsing.knowledge import load_yaml

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "numbers.yaml").read_text(encoding="utf-8"))
DEFAULTS = {"value_high": None, "comparator": "="}
CHECKED = ("text", "value", "value_high", "unit_raw", "value_base", "unit_base", "comparator")


def same(actual, expected) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return actual is not None and math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    return actual == expected


def describe(mention: NumberMention) -> dict:
    return {field: getattr(mention, field) for field in CHECKED}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_mentions(case):
    text = case["text"]
    found = find_numbers(text)
    expected = [{**DEFAULTS, **m} for m in case["mentions"]]
    assert len(found) == len(expected), f"found {[describe(m) for m in found]}"
    for mention, want in zip(found, expected):
        wrong = {f: (getattr(mention, f), want[f]) for f in CHECKED if not same(getattr(mention, f), want[f])}
        assert not wrong, f"{mention.text!r}: (found, expected) {wrong}"
        if "digits" in want:
            assert text[mention.digits_start:].startswith(str(want["digits"]))


def assert_consistent(text: str, found: list[NumberMention]) -> None:
    """Offsets point at the mention's own text, the number lies inside it, mentions do not overlap."""
    for mention in found:
        assert text[mention.start:mention.end] == mention.text, text
        assert mention.start <= mention.digits_start < mention.end, text
        assert mention.is_percent == (mention.unit_base == "%"), text
    for before, after in zip(found, found[1:]):
        assert before.end <= after.start, text


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_offsets_are_consistent(case):
    assert_consistent(case["text"], find_numbers(case["text"]))


def test_all_cases_as_one_text_give_consistent_mentions():
    text = "".join(case["text"] + "。" for case in CASES)
    found = find_numbers(text)
    assert len(found) == sum(len(case["mentions"]) for case in CASES)
    assert_consistent(text, found)


def test_arbitrary_numeral_soup_never_raises():
    """Malformed runs (十十四, 零分之八, stray signs and separators) are skipped, never an exception, and
    whatever is found is consistent. Seeded, so a failure reproduces."""
    alphabet = list("0123456789零〇一二两三四五六七八九十百千万亿点分之成余多个家%-—~至.,年月第 超约近以上左右美元“”+/()、G")
    rng = random.Random(20231)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert_consistent(text, find_numbers(text))


def test_unit_trie_matches_what_a_longest_first_alternation_matches():
    """units.py writes the ~150 units as a prefix trie; at every position it must pick the unit a plain
    longest-first alternation picks, blockers included. Seeded, so a failure reproduces."""
    data = load_yaml(UNITS_FILE)
    units = sorted(set(map(str, data["units"])) | set(data["dropped_units"]), key=len, reverse=True)
    blockers = data["unit_blockers"]
    guard = {u: _unit_guard(u, blockers.get(u, [])) for u in units}
    plain = re.compile("|".join(re.escape(u) + guard[u] for u in units))
    trie = re.compile(_trie(units, guard.get))
    alphabet = sorted(set("".join(units) + "".join(w for ws in blockers.values() for w in ws) + "ab 1"))
    rng = random.Random(11)
    for _ in range(20000):
        text = rng.choice(units)[:rng.randint(0, 5)] + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
        expected, found = plain.match(text), trie.match(text)
        assert (found and found.group()) == (expected and expected.group()), text


def test_a_number_is_read_atomically_only_when_no_follower_could_extend_it():
    assert _read_once("N", "年", "—") == "(?>N)"
    for follower in ("0", ",", ".", " 年"):
        assert _read_once("N", "年", follower) == "N"
