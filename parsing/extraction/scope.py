"""Scope stage: which number mentions are facts (FACTS.md "Out of scope").

The numbers stage already drops dates, document numbers, labels and percentage-point changes; this
stage looks at the words around a mention for what only context tells: counts of a plan's own
structure (27项重点任务, 三大专项工程), procedural durations (10个工作日内), thresholds that qualify
something else (处理100万人以上个人信息的数据处理者), ordinals and rankings (前5名), page numbers the
dump left mid-sentence, and numbers inside titles (《…》).
"""
from __future__ import annotations

import functools

import regex

from ..knowledge import alternation, compiled, load_yaml
from .context.indicators import catalog
from .numbers import NumberMention


@functools.cache
def _rules() -> dict:
    cues = load_yaml("cues.yaml")["scope"]
    return {
        "structure": compiled(rf"\s*(?:{alternation(cues['structure_after'])})"),
        "enumeration_units": set(cues["enumeration_units"]),
        "enumeration_before": compiled(rf"{regex.escape(cues['enumeration_before'])}\s*$"),
        "time_units": set(cues["time_units"]),
        "time": compiled(rf"\s*(?:{alternation(cues['time_units'])})"),
        "threshold_before": compiled(rf"(?:{alternation(cues['threshold_before'])})\s*$"),
        "threshold_after": compiled(cues["threshold_after"]),
        # 不超过100万元的资助 is a cap on a grant, not a threshold
        "threshold_comparator": compiled(rf"(?<!不)(?:{alternation(cues['threshold_comparator_before'])})\s*$"),
        "ranking_units": set(cues["ranking_units"]),
        "ranking": compiled(alternation(cues["ranking_clause"])),
        "ordinal": compiled(rf"(?:{alternation(cues['ordinal_before'])})\s*$"),
        "label": compiled(rf"\s*(?:{alternation(cues['label_after'])})"),
        "points": compiled(cues["percentage_point_list"]),
        "money_qualifier": compiled(cues["money_qualifier_after"]),
        "label_before": compiled(cues["label_before"]),
        "list_item": tuple(compiled(pattern) for pattern in cues["list_item_around"]),
        "grant": compiled(alternation(cues["grant_words"])),
        "stray": compiled(cues["stray_number"]),
        "book": compiled(r"《[^《》]*》"),
        "condition": compiled(cues["condition_clause"]),
        "grant_basis": compiled(cues["grant_basis_after"]),
        "small_chinese": compiled(cues["small_chinese_count"]),
        "clause_start": compiled(r"[，,。；;：:\n][^，,。；;：:\n]*$"),
    }


def title_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of 《book titles》 in text[start:end]: numbers in them name a document, not a quantity."""
    return [m.span() for m in _rules()["book"].finditer(text, start, end)]


def _followed_by_indicator(text: str, offset: int) -> bool:
    labels = catalog().labels(text, offset, min(len(text), offset + 20))
    return bool(labels) and labels[0].start <= offset + 2


def _clause_start(text: str, offset: int) -> int:
    found = _rules()["clause_start"].search(text, max(0, offset - 80), offset)
    return found.start() + 1 if found else max(0, offset - 80)


def out_of_scope(text: str, mention: NumberMention, titles: list[tuple[int, int]]) -> str | None:
    """Why `mention` is not a fact, or None when it is one."""
    rules = _rules()
    if any(s <= mention.digits_start < e for s, e in titles):
        return "inside a title"
    after = text[mention.end:mention.end + 30]
    before = text[max(0, mention.digits_start - 12):mention.digits_start]
    counter = not mention.is_percent and mention.unit_base not in ("元", "美元")
    if rules["ordinal"].search(before):
        return "ordinal or ranking"
    if rules["points"].match(after):
        return "percentage-point change"
    if counter and (mention.unit_raw in rules["enumeration_units"] or rules["enumeration_before"].search(before)):
        if not _followed_by_indicator(text, mention.end):
            return "size of an enumeration"
    if counter and rules["grant_basis"].match(after):
        return "basis of a grant"
    if mention.unit_raw in rules["ranking_units"] and \
            rules["ranking"].search(text, _clause_start(text, mention.digits_start), mention.digits_start):
        return "ordinal or ranking"
    digits = text[mention.digits_start:mention.end].rstrip()
    if counter and rules["small_chinese"].match(digits[:1]) and not regex.match(r"\d", digits) \
            and mention.value < 10 and not _followed_by_indicator(text, mention.end):
        return "rhetorical count"
    clause = rules["clause_start"].search(text, max(0, mention.digits_start - 80), mention.digits_start)
    if clause and rules["condition"].match(text, clause.start() + 1) \
            and not rules["grant"].search(text, clause.start(), mention.digits_start) \
            and "的" in regex.split(r"[,，。；;]", text[mention.end:mention.end + 40], maxsplit=1)[0]:
        return "condition of a grant or rule"
    if counter and ((rules["structure"].match(after))
                    or (mention.unit_raw and rules["structure"].match(mention.unit_raw[-1:] + after))):
        return "count of the plan's own structure"
    bare_unit = mention.unit_raw in ("", "个")
    if not mention.is_percent and (mention.unit_raw in rules["time_units"] or (bare_unit and rules["time"].match(after))):
        return "duration"
    if not mention.unit_base and not mention.is_percent:
        if rules["label"].match(after) or rules["label_before"].search(before):
            return "label"
        item_before, item_after = rules["list_item"]
        if item_before.search(before) and item_after.match(after):
            return "name in a list of names"
        stray = rules["stray"].match(text, mention.digits_start) if mention.comparator == "=" else None
        if stray and stray.end() == mention.end:
            return "page number or footnote mark"
    # 给予8000元、5000元、3000元的用电支持: a grant word opening the amounts' clause grants them all
    clause_start = clause.start() + 1 if clause else max(0, mention.digits_start - 80)   # = _clause_start
    granted = rules["grant"].search(text, max(clause_start, mention.digits_start - 30), mention.digits_start)
    if mention.unit_base in ("元", "美元") and not granted and rules["money_qualifier"].match(after):
        return "amount qualifying a noun"
    qualifier_before = rules["threshold_before"].search(before) or rules["threshold_comparator"].search(before)
    if rules["threshold_after"].match(after) or (qualifier_before and after.lstrip().startswith("的")):
        return "threshold qualifying something else"
    return None
