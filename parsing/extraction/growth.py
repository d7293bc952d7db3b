"""Growth rates: which percentages are growth (and which way), and which level each one belongs to.

软件业务收入 55170 亿元，同比增长 14.2%: the 14.2% is not a fact of its own but the year-on-year growth
of the 55170 亿元 before it; 分别为 A、B，分别增长 x%、y%: each growth goes to the level in the same place.
"""
from __future__ import annotations

from .cues import attach_rules
from .paragraph import Slot, compact


def growth_sign(text: str, slot: Slot) -> int | None:
    """+1 or -1 when a percentage is a growth rate by the words before it in its clause, else None."""
    mention = slot.mention
    if not mention.is_percent:
        return None
    rules = attach_rules()
    before = compact_tail(text, slot.clause[0], mention.start, rules["growth_before_reach"])
    match = rules["growth_before"].search(before)
    if not match:
        return None
    return -1 if any(word in match.group() for word in attach_rules()["negative"]) else 1


def compact_tail(text: str, start: int, end: int, wanted: int) -> str:
    """The last `wanted` characters of text[start:end] that are no space (all of them if it holds fewer).
    A cue anchored at the number needs no more, and compacting the whole clause for every number would
    make a clause of a thousand numbers cost a million steps."""
    reach = 2 * wanted
    while True:
        low = max(start, end - reach)
        tail = compact(text[low:end])
        if len(tail) >= wanted or low == start:
            return tail[-wanted:]
        reach *= 4


def share_growth_cue(group: list[Slot]) -> None:
    """分别增长 19%、14.7%: the growth cue before a list applies to every percentage of it."""
    for slot in group[1:]:
        if slot.mention.is_percent and slot.growth_sign is None:
            slot.growth_sign = group[0].growth_sign


def attach_growth_list(levels: list[Slot] | None, growths: list[Slot]) -> bool:
    """A list of growth rates after a list of as many levels gives each level its growth; True if it did."""
    if not (all(s.growth_sign for s in growths) and levels and len(levels) == len(growths)
            and not any(s.growth_sign for s in levels)):
        return False
    for level, growth in zip(levels, growths):
        level.yoy = growth.growth_sign * growth.mention.value
    levels[-1].quote_end = growths[-1].clause[1]
    return True


def attach_growth_to_level(text: str, level: Slot | None, growths: list[Slot]) -> bool:
    """A lone growth rate right after a level (…亿元，同比增长 14.2%) is that level's growth; True if it was.
    After a level's conversion (1580亿美元（约11250亿元人民币），同比增长46%) it is the level's."""
    if len(growths) != 1 or not growths[0].growth_sign or level is None or level.mention.is_percent:
        return False
    growth = growths[0]
    between = compact(text[level.mention.end:growth.mention.start])
    if level.converts is not None:
        level, between = level.converts, between.lstrip(")）")
    if level.yoy is not None or not attach_rules()["yoy_between"].match(between):
        return False
    level.yoy = growth.growth_sign * growth.mention.value
    level.quote_end = growth.clause[1]
    return True
