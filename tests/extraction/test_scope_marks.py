"""ScopedText.clause_mark reads only the text since the number asked about before it; it must find what a
search of the whole reach before each number finds, whatever the gaps between the numbers. The cue gates of
_out_of_scope may skip only checks that would find nothing."""
from __future__ import annotations

import random

from parsing.extraction.scope import _CLAUSE_REACH, ScopedText, _rules
from parsing.knowledge import load_yaml

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


def test_cue_gates_never_rule_out_a_check_that_would_fire():
    """_out_of_scope skips its checks of the words before a number when the last character before it ends
    no cue word, and its checks of the words after when their union cannot match: on texts made of the
    cue words themselves, a skipped check must be one that finds nothing."""
    rules = _rules()
    item_before, item_after = rules["list_item"]
    before_checks = [rules[name] for name in ("ordinal", "enumeration_before", "label_before", "threshold_before",
                                               "threshold_comparator")] + [item_before]
    after_checks = [rules[name] for name in ("points", "grant_basis", "structure", "time", "label",
                                              "money_qualifier", "threshold_after", "of")] + [item_after]
    scope = load_yaml("cues.yaml")["scope"]
    words = [w for key in ("structure_after", "time_units", "label_after", "list_item_after", "ordinal_before",
                           "threshold_before", "threshold_comparator_before", "label_before", "enumeration_before",
                           "grant_words") for w in scope[key]]
    pieces = words + ["以上", "的", "个", "百分点", "和", "、", "1", "5.6", "资助", "个人信息", " ", "  ", "，", "数据", "不"]
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
        if not rules["cue_after"].may_match(text):
            assert not any(check.match(text) for check in after_checks), text
        if text.rstrip()[-1:] not in rules["cue_before"]:
            assert not any(check.search(text) for check in before_checks), text
