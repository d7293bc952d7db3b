"""A number's context: its region, its time and period, its kind (actual, target, forecast, incentive),
looked for in its clause, its sentence, the paragraph, the paragraphs before, and finally its article.

Each function takes what it reads explicitly: the paragraph (text, times, regions), the number's slot and
sentence, and the `ArticleContext` — what the article tells when the sentence does not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..cues import attach_rules
from ..lists import LIST_WITH_COMMAS, counted_list, region_run
from ..normalise import NormalisedText
from ..paragraph import Paragraph, Slot, compact
from .focus import Focus
from .kinds import decide_kind
from .periods import TimeMention
from .regions import Region, RegionMention, continues_previous, is_subject


@dataclass
class ArticleContext:
    """What a number's article tells about it when its sentence does not."""
    norm: NormalisedText
    source: str
    title: str
    focus: Focus               # the region the article is about (its title, publisher, lead)
    national: Region
    kind: str                  # plan | release | report | news
    analyst: bool              # the title names an analyst house (IDC…): its figures ahead are forecasts
    title_time: TimeMention | None
    doc_date: dt.date | None


# How many sentences back a chain of continuations (其中…；…) may look for its subject.
_CONTINUED_SENTENCES = 3


def resolve_region(paragraph: Paragraph, slot: Slot, sentence: tuple[int, int], ctx: ArticleContext) -> Region:
    """The nearest region before the number in its sentence that is the sentence's subject; else, for a
    sentence that goes on from the one before (其中，…), that sentence's subject (…2021年全国数字经济规模
    达45.5万亿元。其中，数字产业化占GDP比重7.3%);
    else the article's focus (else the nation). 全省/我市 are read against the focus."""
    items = region_run(paragraph, sentence[0], slot.mention.start, LIST_WITH_COMMAS)
    excluded = items if counted_list(paragraph, items, slot) else []
    found = _subject(paragraph, sentence[0], slot.mention.start, excluded)
    previous = [s for s in paragraph.sentences if s[1] <= sentence[0]][-_CONTINUED_SENTENCES:]
    while found is None and previous and continues_previous(paragraph.text, sentence[0]):
        sentence = previous.pop()
        found = _subject(paragraph, sentence[0], sentence[1], [])
    if found is None:
        return ctx.focus.default(ctx.national)
    return found.region or ctx.focus.for_self_word(found.word, ctx.national)


def _subject(paragraph: Paragraph, start: int, end: int, excluded: list[RegionMention]) -> RegionMention | None:
    """The last region in text[start:end] that is a subject. Regions listed before 等 (广东、山东、湖南等
    六大…) are an enumeration's items, not the subject; so are `excluded` ones."""
    text = paragraph.text
    before = [r for r in paragraph.regions if start <= r.start and r.end <= end and r not in excluded]
    enumeration_start = None     # start of a run of regions closed by 等
    for mention in reversed(before):
        if enumeration_start is not None and LIST_WITH_COMMAS.match(text[mention.end:enumeration_start]):
            enumeration_start = mention.start
            continue
        if text[mention.end:mention.end + 2].lstrip().startswith("等"):
            enumeration_start = mention.start
            continue
        enumeration_start = None
        if is_subject(text, mention, start, attach_rules()):
            return mention
    return None


def resolve_time(paragraph: Paragraph, history: list[list[TimeMention]], slot: Slot, sentence: tuple[int, int],
                 title_time: TimeMention | None) -> tuple[TimeMention | None, bool]:
    """The time expression that dates the number, and whether the figure is stated per year: the nearest
    before it in its sentence, else earlier in the paragraph, else in the paragraphs before (`history`,
    nearest last), else the article title's."""
    digits_start = slot.mention.digits_start
    annual = False
    candidates = [t for t in paragraph.times if sentence[0] <= t.start and t.end <= digits_start]
    earlier = [t for t in paragraph.times if t.end <= sentence[0]]
    for group in (candidates, earlier, *reversed(history)):
        for time in reversed(group):
            if time.kind in ("since", "base"):
                continue
            if time.kind == "annual":
                annual = True
                continue
            return time, annual
    return title_time, annual


def resolve_kind(text: str, slot: Slot, sentence: tuple[int, int], unit_base: str, time: TimeMention | None,
                 ctx: ArticleContext) -> str:
    """actual | target | forecast | incentive, from the words around the number (see kinds.decide_kind)."""
    mention, clause = slot.mention, slot.clause
    doc_year = ctx.doc_date.year if ctx.doc_date else None
    return decide_kind(text[sentence[0]:mention.start], text[clause[0]:mention.start], text[clause[0]:clause[1]],
                       text[sentence[0]:sentence[1]], unit_base, mention.is_percent, time, doc_year, ctx.kind,
                       ctx.analyst)


def resolve_period(time: TimeMention | None, annual: bool, kind: str, sentence: tuple[int, int],
                   doc_date: dt.date | None) -> tuple[int | None, str | None]:
    """The fact's (year, period) from its time expression, its kind and the document's date."""
    if kind == "incentive" and time is not None and not sentence[0] <= time.start < sentence[1]:
        time = None     # an undated award runs from the policy's issue, not its plan period
    year, period = (time.year, time.period) if time else (None, None)
    if time is None and kind in ("actual", "incentive") and doc_date:
        year, period = doc_date.year, f"as of {doc_date:%Y-%m}"
    if annual:
        if year is None and kind == "target" and doc_date:
            year = doc_date.year          # a yearly quota with no deadline runs from the plan's year
        period = f"annual (from {year})" if year else "annual"
    return year, period
