"""ScopedText.clause_mark reads only the text since the number asked about before it; it must find what a
search of the whole reach before each number finds, whatever the gaps between the numbers."""
from __future__ import annotations

import random

from parsing.extraction.scope import _CLAUSE_REACH, ScopedText

_MARKS = "，,。；;：:\n"


def _last_mark_in_reach(text: str, offset: int) -> int | None:
    window_start = max(0, offset - _CLAUSE_REACH)
    found = [i for i in range(window_start, offset) if text[i] in _MARKS]
    return found[-1] if found else None


def test_clause_marks_read_incrementally_match_a_search_of_the_whole_reach():
    rng = random.Random(12)
    for _ in range(200):
        text = "".join(rng.choice("数字经济12，。 \n") if rng.random() < 0.1 else rng.choice("数字经济 12")
                       for _ in range(rng.randrange(1, 600)))
        scoped, offset = ScopedText(text), 0
        while offset < len(text):
            assert scoped.clause_mark(offset) == _last_mark_in_reach(text, offset), (text, offset)
            offset += rng.choice([1, 2, 5, 40, _CLAUSE_REACH, _CLAUSE_REACH + 1, 150])
