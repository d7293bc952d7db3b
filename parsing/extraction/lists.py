"""Lists in a sentence: whose number is whose.

北京、上海和广东分别为 A、B、C: each number gets the region (or indicator, or time: 2024年、2025年分别…)
in the same place of the list before 分别; 辽宁、西藏、湖北、宁夏增速超 40%: one number stated for a list of
regions is a fact of each.
"""
from __future__ import annotations

import regex

from ..knowledge import compiled
from .context.indicators import Indicator, catalog
from .context.periods import TimeMention
from .context.regions import AGGREGATE, Region, RegionMention, is_subject, places
from .cues import attach_rules
from .numbers import NumberMention
from .marks import CLAUSE_END
from .paragraph import Paragraph, Slot, spans

LIST_WITH_COMMAS = compiled(r"^[\s、,，和及与]*$")
_LIST = compiled(r"^[\s、和及与]*$")
_ITEM_SEPARATOR = compiled(r"[、,，]")
_LAST_ITEM_JOIN = compiled(r"和|以及|及|与")
# The times a 分别 list may pair with its numbers: dates and deadlines, not 2012年以来, 较2021年 or 每年.
_LISTED_TIMES = frozenset(("dated", "deadline", "as_of", "relative"))
# How far before a time's year the year its span starts from is looked for (从 2019 年 到 ).
_SPAN_REACH = 16
_DIGIT = compiled(r"\d")


def region_run(paragraph: Paragraph, start: int, end: int, separators: regex.Pattern) -> list[RegionMention]:
    """The last run of regions in text[start:end] written as a list (北京、上海和广东). A sum over them
    (…山东、上海共完成…) is no item of the list: it starts a run of its own. A province written right
    before one of its own cities (宁夏中卫市, 甘肃庆阳) only places the city: the city is the item."""
    inside = [r for r in paragraph.regions_within(start, end) if r.region is not None]
    run: list[RegionMention] = []
    for mention in inside:
        between = paragraph.text[run[-1].end:mention.start] if run else ""
        if run and not between.strip() and places(run[-1].region, mention.region):
            run[-1] = mention
        elif run and mention.region.code != AGGREGATE and separators.match(between):
            run.append(mention)
        else:
            run = [mention]
    return run


def respective_items(paragraph: Paragraph, group: list[Slot], sentence: tuple[int, int], marker: int) -> None:
    """Give each number of a 分别 list (its 分别 at `marker`) its own region or indicator."""
    text = paragraph.text
    run = region_run(paragraph, sentence[0], marker, LIST_WITH_COMMAS)
    if len(run) == len(group):
        for slot, mention in zip(group, run):
            slot.regions = [mention.region]
        return
    clause_start = group[0].clause[0]
    subject_start = max([s for s, e in spans(text, sentence[0], marker, CLAUSE_END)][-1:] or [clause_start])
    times = time_list(paragraph, sentence[0], marker, len(group))
    if times and times[-1].end > subject_start:     # 2024年、2025年分别…: the list right before 分别
        _pair_times(group, times)
        return
    items = [item for item in _ITEM_SEPARATOR.split(text[subject_start:marker]) if item.strip()]
    if len(items) == len(group) - 1:     # A、B和C: 和 joins only the last two (and 普及率 holds 及)
        items[-1:] = _LAST_ITEM_JOIN.split(items[-1], maxsplit=1)
    if len(items) == len(group):
        cat = catalog()
        for slot, item in zip(group, items):
            offset = text.find(item, subject_start)
            labels = cat.labels(text, offset, offset + len(item))
            slot.indicator = labels[-1] if labels else Indicator(cat.phrase(item), cat.key_for_phrase(item))
        return
    if times:       # 从2019年到2021年，每个基站分别给予…: the years the sentence opens with
        _pair_times(group, times)
        return
    earlier: list[Region] = []     # 三个地区…分别: the regions the paragraph stated figures for before
    for mention in paragraph.regions:
        if mention.start < marker and mention.region is not None and mention.region not in earlier \
                and mention.region.level not in ("national", "world") \
                and is_subject(text, mention, paragraph.start, attach_rules()):
            earlier.append(mention.region)
    if len(earlier) == len(group):
        for slot, region in zip(group, earlier):
            slot.regions = [region]


def time_list(paragraph: Paragraph, start: int, end: int, count: int) -> list[TimeMention]:
    """The `count` times a 分别 list at `end` is stated for, one per number: the last times before it in
    text[start:end], listed (2022年、2023年和2024年分别为…) or a span of as many years (从2019年到2021年,
    2024—2026年), with no other number between them and the list. Empty when there are not as many."""
    text, rules = paragraph.text, attach_rules()
    times = [t for t in paragraph.times_within(start, end) if t.kind in _LISTED_TIMES and t.year is not None]
    if not times:
        return []
    last = times[-1]
    following = paragraph.number_from(last.end)
    if following is not None and following.digits_start < end:
        return []       # 2023年全省建成5G基站5万个，其中…分别: the time is another figure's
    digits = _DIGIT.search(text, last.start, last.end)
    if digits is not None:
        span = rules["year_span"].search(text[max(start, digits.start() - _SPAN_REACH):digits.start()])
        first_year = int(span["first"]) if span else None
        if first_year is not None and last.year - first_year + 1 == count:
            return [TimeMention(last.start, last.end, "dated", year, str(year))
                    for year in range(first_year, last.year + 1)]
    run = [last]
    for time in reversed(times[:-1]):
        if len(run) == count or not rules["separator"].match(text[time.end:run[0].start]):
            break
        run.insert(0, time)
    return run if len(run) == count else []


def _pair_times(group: list[Slot], times: list[TimeMention]) -> None:
    for slot, time in zip(group, times):
        slot.time = time


def counted_list(paragraph: Paragraph, run: list[RegionMention], mention: NumberMention) -> bool:
    """打造济南、青岛2个核心区: regions listed right before a count of as many things are that count's
    items, not the subject the count is stated for."""
    return (len(run) > 1 and not paragraph.text[run[-1].end:mention.digits_start].strip()
            and mention.value == len(run))


def counted_items(paragraph: Paragraph, start: int, end: int) -> list[RegionMention]:
    """The regions of text[start:end] that are the items of a count right after them (济南、青岛2个…),
    so that no later figure of the sentence takes them for its subject either."""
    items: list[RegionMention] = []
    run: list[RegionMention] = []
    for mention in [r for r in paragraph.regions_within(start, end) if r.region is not None] + [None]:
        if mention is not None and run and _LIST.match(paragraph.text[run[-1].end:mention.start]):
            run.append(mention)
            continue
        if len(run) > 1:
            following = paragraph.number_from(run[-1].end)
            if following is not None and counted_list(paragraph, run, following):
                items.extend(run)
        run = [mention] if mention is not None else []
    return items


def regions_as_subject(paragraph: Paragraph, group: list[Slot]) -> None:
    """A number whose clause opens with a list of regions (not closed by 等) is stated for each of them."""
    if not paragraph.regions:
        return
    for slot in group:
        if slot.regions is None and slot.indicator is None:
            run = region_run(paragraph, slot.clause[0], slot.mention.start, _LIST)
            enumeration = "等" in paragraph.text[run[-1].end:slot.mention.start] if run else True
            if len(run) > 1 and not enumeration and not counted_list(paragraph, run, slot.mention):
                # 辽宁、西藏、湖北、宁夏增速超 40%: one fact per region
                slot.regions = [r.region for r in run]
