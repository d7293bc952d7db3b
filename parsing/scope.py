"""Scope stage: which number mentions are facts (FACTS.md "Out of scope").

The numbers stage already drops dates, document numbers, labels and percentage-point changes; this
stage looks at the words around a mention for what only context tells: counts of a plan's own
structure (27项重点任务), procedural durations (10个工作日内), thresholds that qualify something else
(处理100万人以上个人信息的数据处理者), ordinals and rankings (前5名), and numbers inside titles (《…》).
"""
from __future__ import annotations

import functools

import regex

from .knowledge import alternation, load_yaml
from .numbers import NumberMention


@functools.cache
def _rules() -> dict:
    cues = load_yaml("cues.yaml")["scope"]
    return {
        "structure": regex.compile(rf"\s*(?:{alternation(cues['structure_after'])})"),
        "time": regex.compile(rf"\s*(?:个)?(?:{alternation(cues['time_units'])})(?![\p{{Han}}]*?(?:收入|规模|产值|增加值))"),
        "threshold_before": regex.compile(rf"(?:{alternation(cues['threshold_before'])})\s*$"),
        "threshold_after": regex.compile(cues["threshold_after"]),
        "ordinal": regex.compile(rf"(?:{alternation(cues['ordinal_before'])})\s*$"),
        "label": regex.compile(rf"\s*(?:{alternation(cues['label_after'])})"),
        "book": regex.compile(r"《[^《》]*》"),
    }


def title_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of 《book titles》 in text[start:end]: numbers in them name a document, not a quantity."""
    return [m.span() for m in _rules()["book"].finditer(text, start, end)]


def out_of_scope(text: str, mention: NumberMention, titles: list[tuple[int, int]]) -> str | None:
    """Why `mention` is not a fact, or None when it is one."""
    rules = _rules()
    if any(s <= mention.digits_start < e for s, e in titles):
        return "inside a title"
    after = text[mention.end:mention.end + 30]
    before = text[max(0, mention.digits_start - 12):mention.digits_start]
    if rules["ordinal"].search(before):
        return "ordinal or ranking"
    if not mention.is_percent and not mention.unit_raw.endswith(("元", "美元")):
        if rules["structure"].match(after) or (mention.unit_raw and rules["structure"].match(mention.unit_raw[-1:] + after)):
            return "count of the plan's own structure"
    if not mention.is_percent and rules["time"].match(after) and not mention.unit_base:
        return "duration"
    if rules["label"].match(after) and not mention.unit_raw:
        return "label"
    if rules["threshold_after"].match(after) or (rules["threshold_before"].search(before) and after.lstrip().startswith("的")):
        return "threshold qualifying something else"
    return None
