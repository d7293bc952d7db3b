"""Linear time in the stages this project owns outside extraction's context scans: the numbers stage
(parsing/extraction/numbers.py) does work proportional to its input on every pattern of tests/cases/adversarial.yaml.

The measure is deterministic: the number of Python function calls made (sys.setprofile), at two sizes.
A stage that re-scans its input per mention makes calls growing with the square of the size; a linear one
grows with the size. Times are in tests/benchmarks/bench_adversarial.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from parsing.extraction.numbers import find_numbers

PATTERNS = yaml.safe_load((Path(__file__).parents[1] / "cases" / "adversarial.yaml").read_text(encoding="utf-8"))
SMALL, GROWTH = 4_000, 4


def calls_made(function, *args) -> int:
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


def repeated(pattern: dict, size: int) -> str:
    unit = pattern["unit"]
    return pattern.get("prefix", "") + unit * (size // len(unit))


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p["name"] for p in PATTERNS])
def test_numbers_stage_work_grows_linearly(pattern):
    find_numbers(repeated(pattern, SMALL))  # warm the caches, so both sizes are measured alike
    small = calls_made(find_numbers, repeated(pattern, SMALL))
    large = calls_made(find_numbers, repeated(pattern, SMALL * GROWTH))
    assert large <= GROWTH * small * 1.1 + 100, (small, large)
