"""A sentence's numbers as slots, in order: cut into clauses, grouped into lists, growth rates attached to
their levels, list items given to their numbers. What is left are the numbers that become facts."""
from __future__ import annotations

import bisect

from .cues import attach_rules
from .growth import attach_growth_list, attach_growth_to_level, growth_sign, share_growth_cue
from .lists import regions_as_subject, respective_items
from .marks import CLAUSE_END
from .paragraph import Paragraph, Slot, spans


def sentence_slots(paragraph: Paragraph, sentence: tuple[int, int]) -> list[Slot]:
    """The slots of the sentence's numbers that are facts of their own (not another number's growth)."""
    text, rules = paragraph.text, attach_rules()
    kept: list[Slot] = []
    previous_group: list[Slot] | None = None
    for group in list_groups(text, cut_slots(paragraph, sentence)):
        share_growth_cue(group)
        marker = text.rfind(rules["respectively"], sentence[0], group[0].mention.start)
        after_previous = previous_group is None or marker > previous_group[-1].mention.end
        respective = marker != -1 and after_previous and len(group) > 1
        if respective and attach_growth_list(previous_group, group):
            previous_group = group
            continue
        if attach_growth_to_level(text, kept[-1] if kept else None, group):
            previous_group = group
            continue
        if respective:
            respective_items(paragraph, group, sentence, marker)
        regions_as_subject(paragraph, group)
        kept.extend(group)
        previous_group = group
    return kept


def cut_slots(paragraph: Paragraph, sentence: tuple[int, int]) -> list[Slot]:
    """One slot per number of the sentence, with its clause, its growth sign and where its naming words start."""
    text = paragraph.text
    numbers = paragraph.numbers_within(sentence[0], sentence[1])
    if not numbers:
        return []       # (most sentences of a paragraph with a number hold none: no clauses to cut)
    clauses = spans(text, sentence[0], sentence[1], CLAUSE_END)
    clause_starts = [start for start, _ in clauses]
    slots = [Slot(m, clauses[bisect.bisect_right(clause_starts, m.digits_start) - 1]) for m in numbers]
    previous_end = sentence[0]
    for slot in slots:
        slot.growth_sign = growth_sign(text, slot)
        start = max(slot.clause[0], previous_end)
        if previous_end > slot.clause[0]:   # 设备联网、5 万户企业上云: the next item's words start after 、
            start = max(start, text.rfind("、", start, slot.mention.start) + 1)
        slot.window_start = start
        previous_end = slot.mention.end
    return slots


def _money(slot: Slot) -> bool:
    return slot.mention.unit_base in ("元", "美元")


def list_groups(text: str, slots: list[Slot]) -> list[list[Slot]]:
    """Consecutive numbers joined only by a list separator (19%、14.7%) form one group."""
    groups: list[list[Slot]] = []
    rules = attach_rules()
    for slot in slots:
        between = text[groups[-1][-1].mention.end:slot.mention.start] if groups else ""
        if groups and rules["separator"].match(between):
            slot.list_head = groups[-1][0]
            groups[-1].append(slot)
            continue
        if groups and _money(slot) and _money(groups[-1][-1]) and rules["conversion"].match(between):
            slot.converts = groups[-1][-1]
            slot.list_head = slot.converts.list_head or slot.converts      # (约22718亿元人民币)
        groups.append([slot])
    return groups
