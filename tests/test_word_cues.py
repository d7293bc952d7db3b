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
