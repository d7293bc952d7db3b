"""Linear time: the numbers stage (parsing/extraction/numbers.py) and the whole extraction do work
proportional to their input on every pattern of tests/cases/adversarial.yaml.

The measure is deterministic: the number of Python function calls made (sys.setprofile), at two sizes.
A stage that re-scans its input per mention makes calls growing with the square of the size; a linear one
grows with the size. Times are in tests/benchmarks/bench_adversarial.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from parsing.extraction import extract_text
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


def lines_run(function, *args) -> int:
    """Python lines executed, comprehension iterations included: the deterministic measure of work
    for the extraction's per-number steps, whose quadratic forms were loops over a paragraph's items."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count


# Sizes above the paragraph and sentence bounds (parsing/extraction/paragraph.py), so that what is
# measured is how the work grows once a text is cut into bounded pieces.
EXTRACT_SMALL, EXTRACT_GROWTH = 2_500, 3
TEXT_PATTERNS = [p for p in PATTERNS if p.get("kind") != "html"]


@pytest.mark.parametrize("pattern", TEXT_PATTERNS, ids=[p["name"] for p in TEXT_PATTERNS])
def test_extraction_work_grows_linearly(pattern):
    extract_text(repeated(pattern, EXTRACT_SMALL), "warm.txt")
    small = lines_run(extract_text, repeated(pattern, EXTRACT_SMALL), "small.txt")
    large = lines_run(extract_text, repeated(pattern, EXTRACT_SMALL * EXTRACT_GROWTH), "large.txt")
    assert large <= EXTRACT_GROWTH * small * 1.15 + 1000, (small, large)
