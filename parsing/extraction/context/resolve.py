"""A number's context: its region, its time and period, its kind (actual, target, forecast, incentive),
looked for in its clause, its sentence, the paragraph, the paragraphs before, and finally its article.

Each function takes what it reads explicitly: the paragraph (text, times, regions), the number's slot and
sentence, and the `ArticleContext` — what the article tells when the sentence does not.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from ...knowledge import compiled
from ..cues import attach_rules
from ..lists import LIST_WITH_COMMAS, counted_items
from ..normalise import NormalisedText
from ..paragraph import Paragraph, Slot
from .focus import Focus, stands_for
from .kinds import decide_kind, in_goal_list
from .periods import TimeMention
from .regions import Region, RegionMention, continues_previous, is_subject


@dataclass(slots=True)
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
    theme: str                 # the indicator key its title names (Catalog.in_context), or other


# How far from the number the words deciding its kind are read (real sentences run to ~340 characters);
# the bound keeps the work per number constant however long a sentence is.
_CUE_REACH = 200

# How far into an earlier sentence a region opens it as its topic (after 根据白皮书，2021年…), and what
# may stand before it in its clause: nothing but a date.
_TOPIC_REACH = 16
_TOPIC_OPENING = compiled(r"^[\s\d年月日底末上下半前后一二三四季度]*$")
# How many sentences back the paragraph's topic is looked for.
_EARLIER_SENTENCES = 3


def resolve_region(paragraph: Paragraph, slot: Slot, sentence: tuple[int, int], ctx: ArticleContext) -> Region:
    """The nearest region before the number in its sentence that is the sentence's subject; else the
    paragraph's topic: the region that opens a sentence before it in the paragraph (杭州市政府实施…。
    对…给予其实际完成投资额的20%), or, for a sentence going on from the one before (其中，…; after a
    semicolon), that sentence's subject; else the article's focus (else the nation). 全省/我市 are read
    against the focus, save a whole word after a place of its kind (_whole_place)."""
    if not paragraph.regions or paragraph.regions[0].start >= slot.mention.start:
        return ctx.focus.default(ctx.national)      # no region is named before it in the paragraph
    owner = _owner(paragraph, slot.mention.start)
    if owner is not None:
        return owner
    found = _subject(paragraph, sentence[0], slot.mention.start, counted_items(paragraph, sentence[0], slot.mention.start))
    index = bisect.bisect_left(paragraph.sentences, sentence)
    previous = paragraph.sentences[max(0, index - _EARLIER_SENTENCES):index]
    if found is None and previous and continues_previous(paragraph.text, sentence[0]):
        found = _subject(paragraph, previous[-1][0], previous[-1][1], [])
    for before in reversed(previous if found is None else []):
        found = _topic(paragraph, before)
        if found is not None:
            break
    if found is None:
        return ctx.focus.default(ctx.national)
    if found.region is not None:
        return found.region
    return _whole_place(paragraph, found) or ctx.focus.for_self_word(found.word, ctx.national)


def _whole_place(paragraph: Paragraph, word: RegionMention) -> Region | None:
    """The place a whole word stands for when its paragraph names a place of its kind before it as a
    subject (【天津】…滨海新区…投运。至此，全区… → 滨海新区), whatever the article's focus. Only the named
    places are looked at, nearest first, and the subject test only for those of the word's kind: a
    paragraph of a thousand 全省 costs no more per number than one."""
    text, rules = paragraph.text, attach_rules()
    for mention in reversed(paragraph.places_before(word.start)):
        if stands_for(word.word, mention.region) and is_subject(text, mention, paragraph.start, rules):
            return mention.region
    return None


def _owner(paragraph: Paragraph, number_start: int) -> Region | None:
    """The region a number is possessed by (…低于东部地区的58%: the east's 58%), even after a word that
    makes the region a comparison's term: only 的 stands between them, and no 占 before it (约占全球的
    四分之三 is a share of the world)."""
    mention = paragraph.region_before(number_start)
    if mention is None or mention.region is None:
        return None
    rules, text = attach_rules(), paragraph.text
    if not rules["possessive"].match(text[mention.end:number_start]):
        return None
    return None if text[max(0, mention.start - 3):mention.start].rstrip().endswith(rules["share_word"]) else mention.region


def _topic(paragraph: Paragraph, sentence: tuple[int, int]) -> RegionMention | None:
    """The region an earlier sentence opens with as its subject (杭州市政府实施…; 2021年，贵州数字经济…):
    the topic later sentences of the paragraph go on about; a region met further in is not one. Found
    once per sentence, for every number after it."""
    topics = paragraph.topics
    if sentence not in topics:
        topics[sentence] = _find_topic(paragraph, sentence)
    return topics[sentence]


def _find_topic(paragraph: Paragraph, sentence: tuple[int, int]) -> RegionMention | None:
    found = _subjects(paragraph, sentence[0], sentence[1], [])     # whole: an enumeration closes with 等
    if not found or found[0].start - sentence[0] > _TOPIC_REACH:
        return None
    opening = paragraph.text[sentence[0]:found[0].start]
    return found[0] if _TOPIC_OPENING.match(opening.split("，")[-1].split(",")[-1]) else None


def _subject(paragraph: Paragraph, start: int, end: int, excluded: list[RegionMention]) -> RegionMention | None:
    """The last region in text[start:end] that is a subject."""
    found = _subjects(paragraph, start, end, excluded)
    return found[-1] if found else None


def _subjects(paragraph: Paragraph, start: int, end: int, excluded: list[RegionMention]) -> list[RegionMention]:
    """The regions in text[start:end] that are subjects, in order. Regions listed before 等 (广东、山东、
    湖南等六大…) are an enumeration's items, not the subject; so are `excluded` ones."""
    text, rules = paragraph.text, attach_rules()
    before = [r for r in paragraph.regions_within(start, end) if r not in excluded]
    found = []
    enumeration_start = None     # start of a run of regions closed by 等
    for mention in reversed(before):
        if enumeration_start is not None and LIST_WITH_COMMAS.match(text[mention.end:enumeration_start]):
            enumeration_start = mention.start
            continue
        if text[mention.end:mention.end + 2].lstrip().startswith("等"):
            enumeration_start = mention.start
            continue
        enumeration_start = None
        if is_subject(text, mention, start, rules):
            found.append(mention)
    return found[::-1]


def resolve_time(paragraph: Paragraph, history: list[list[TimeMention]], slot: Slot, sentence: tuple[int, int],
                 title_time: TimeMention | None) -> tuple[TimeMention | None, bool]:
    """The time expression that dates the number, and whether the figure is stated per year: the nearest
    before it in its sentence, else earlier in the paragraph, else in the paragraphs before (`history`,
    nearest last), else the article title's. A number of a 分别 list of times has its own."""
    if slot.time is not None:
        return slot.time, False
    digits_start = slot.mention.digits_start
    annual = False
    candidates = paragraph.times_within(sentence[0], digits_start)
    earlier = paragraph.times_within(paragraph.start, sentence[0])
    for group in (candidates, earlier, *reversed(history)):
        for time in reversed(group):
            if time.kind in ("since", "base") or (time.kind == "from" and time.start < slot.clause[0]):
                continue
            if time.kind == "annual":
                annual = True
                continue
            return time, annual
    return title_time, annual


def resolve_kind(paragraph: Paragraph, slot: Slot, sentence: tuple[int, int], unit_base: str,
                 time: TimeMention | None, ctx: ArticleContext) -> str:
    """actual | target | forecast | incentive, from the words around the number (see kinds.decide_kind)."""
    mention, clause = slot.mention, slot.clause
    # The words before the number run to its digits: a cue the number's comparator was read from
    # (力争达到, 不少于) is still a word before it.
    doc_year, before = (ctx.doc_date.year if ctx.doc_date else None), mention.digits_start
    low, high = max(sentence[0], mention.start - _CUE_REACH), min(sentence[1], mention.end + _CUE_REACH)
    clause_low = max(clause[0], low)
    # a sentence after a semicolon goes on with the words that opened its full sentence (《报告》预测，
    # 2026年…；到2028年，…将突破6000亿元: both forecasts)
    low = max(min(low, paragraph.full_sentence_start(sentence[0], mention.start, _CUE_REACH)),
              mention.start - _CUE_REACH)
    return decide_kind(paragraph.cues, paragraph.text, (low, before), (clause_low, before),
                       (clause_low, min(clause[1], high)), (low, high), unit_base,
                       mention.is_percent, time, doc_year, ctx.kind, ctx.analyst,
                       in_goal_list(paragraph.text, paragraph.start, mention.start))


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
