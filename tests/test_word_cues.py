"""knowledge.WordsAfter / WordsBefore rule positions out by the character next to them before their pattern
runs; the answer must be the pattern's own, whatever the spaces between (longer runs than the gate reads)."""
from __future__ import annotations

import random
import re

from parsing.knowledge import WordsAfter, WordsBefore, alternation

WORDS = ["以来", "起", "较", "比上年"]


def test_gated_cue_words_answer_as_their_patterns_do():
    after, before = WordsAfter(WORDS), WordsBefore(WORDS, not_after="不")
    plain_after = re.compile(rf"\s*(?:{alternation(WORDS)})")
    plain_before = re.compile(rf"(?<!不)(?:{alternation(WORDS)})\s*$")
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(["以来", "起", "较", "比上年", "不", "年", "1", " " * rng.randrange(1, 40), "，"])
                       for _ in range(rng.randrange(0, 8)))
        pos = rng.randrange(0, len(text) + 1)
        assert bool(after.match(text, pos)) == bool(plain_after.match(text, pos)), (text, pos)
        assert bool(before.search(text, 0, pos)) == bool(plain_before.search(text, 0, pos)), (text, pos)


def test_a_goal_list_opening_always_holds_a_colon():
    """kinds.in_goal_list rules a number out when no colon stands before it within reach: every opening the
    cue pattern matches must hold one."""
    from parsing.extraction.context.kinds import _cues
    opening = _cues()["goal_list_opening"]
    rng = random.Random(9)
    pieces = ["目标", "任务", "指标", "是", "为", "如下", ":", "：", " ", "，", "预期", "主要", "1", "。"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 8)))
        match = opening.search(text)
        if match:
            found += 1
            assert ":" in match.group() or "：" in match.group(), text
    assert found > 100
