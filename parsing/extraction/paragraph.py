"""A paragraph as the per-number steps see it: its numbers, times, regions and catalog labels, its sentences.

Numbers and time expressions are found once over the whole document (`DocumentIndex`); regions and labels
only in paragraphs that hold a number. Each number becomes a `Slot`, which the sentence steps (sentences,
lists, growth) fill in before the context is resolved and the facts are built.
"""
from __future__ import annotations

import bisect
import datetime as dt
import operator
from dataclasses import dataclass, field

import regex

from ..knowledge import Occurrences
from .no_region import CompanyCue, company_cues
from .context.indicators import Indicator, catalog
from .context.industry import industry_mentions
from .context.kinds import cue_lists
from .context.periods import TimeMention, find_times
from .marks import CLAUSE_END, SEMICOLONS, SENTENCE_END
from .context.regions import Region, RegionMention, aggregate_mentions, gazetteer
from .normalise import NormalisedText
from .numbers import NumberMention, find_numbers
from .scope import ScopedText


# Real paragraphs run to about 550 characters and sentences to about 340 (the corpus and the external
# documents); a table dumped from a PDF or a hostile file can put a megabyte on one line. Every per-number
# step looks at its sentence and paragraph, so both are cut to these lengths — at a sentence or clause
# end where there is one — to keep the work per number bounded and the whole extraction linear.
MAX_PARAGRAPH_CHARS = 2000
MAX_SENTENCE_CHARS = 400


def bounded(pieces: list[tuple[int, int]], text: str, limit: int, boundary: regex.Pattern) -> list[tuple[int, int]]:
    """`pieces` with every one longer than `limit` cut into parts of at most `limit` characters, each
    ending at the last `boundary` within reach (else cut where the limit falls)."""
    out = []
    for start, end in pieces:
        while end - start > limit:
            cut = start + limit
            last = None
            for last in boundary.finditer(text, start + limit // 2, cut):
                pass
            cut = last.end() if last else cut
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def spans(text: str, start: int, end: int, boundary: regex.Pattern) -> list[tuple[int, int]]:
    """text[start:end] cut after each match of `boundary` (the last span may lack one)."""
    found, begin = [], start
    for match in boundary.finditer(text, start, end):
        found.append((begin, match.end()))
        begin = match.end()
    if begin < end:
        found.append((begin, end))
    return found


def compact(text: str) -> str:
    return "".join(text.split())


_digits_start = operator.attrgetter("digits_start")     # numbers are looked up by where their digits start
_start = operator.attrgetter("start")


def _lying_within(items: list, start: int, end: int) -> list:
    """The items (sorted by start) lying wholly inside text[start:end]."""
    found = []
    for item in items[bisect.bisect_left(items, start, key=_start):]:
        if item.start >= end:
            break
        if item.end <= end:
            found.append(item)
    return found


@dataclass(slots=True)
class Slot:
    """One number on its way to becoming one or more facts (slots: one is built per number, and its
    fields are read and set a dozen times)."""
    mention: NumberMention
    clause: tuple[int, int]
    growth_sign: int | None = None       # +1/-1 when the number is a growth rate
    yoy: float | None = None
    quote_end: int | None = None
    regions: list[Region] | None = None  # set by a 分别 list or a list of regions as subject
    indicator: Indicator | None = None   # set by a 分别 list of indicators
    time: TimeMention | None = None      # set by a 分别 list of times (2024年、2025年分别…)
    window_start: int = 0                # where the words that may name it begin
    list_head: "Slot | None" = None      # the first number of the list it is in (9.6%、14.2%): named alike
    converts: "Slot | None" = None       # the figure it restates in another currency (1580亿美元（约11250亿元人民币）)
    list_indicator: Indicator | None = None   # on a list's head: what its words name the list by


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str                            # the whole normalised document text; offsets index into it
    start: int
    end: int
    mentions: list[NumberMention]
    times: list[TimeMention]
    regions: list[RegionMention]         # sorted by start; empty when the paragraph has no number
    labels: list[Indicator]              # catalog labels; empty when the paragraph has no number
    sentences: list[tuple[int, int]]     # empty when the paragraph has no number
    industries: list[tuple[int, str]]   # (offset, prefix) of industries named; empty when no number
    # the region each sentence opens with as its topic, found for the first number after it (context.resolve)
    topics: dict = field(default_factory=dict, compare=False)
    # found on first use (cues, places); slots: every step reads the paragraph's fields, per number
    _cues: Occurrences | None = field(default=None, init=False, compare=False, repr=False)
    _places: list[RegionMention] | None = field(default=None, init=False, compare=False, repr=False)
    _companies: list[CompanyCue] | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def cues(self) -> Occurrences:
        """Where the kind cue words occur: found once, on the first number whose kind is decided. (Kept
        by hand, not by functools.cached_property: Python 3.11's takes a lock on every first read, which
        cost 3% of a compiled extraction.)"""
        found = self._cues
        if found is None:
            found = cue_lists().occurrences(self.text, self.start, self.end)
            object.__setattr__(self, "_cues", found)      # (frozen: set once, by hand)
        return found

    @property
    def companies(self) -> list[CompanyCue]:
        """Where the paragraph speaks of a company (no_region.py); found once, when a number first asks."""
        found = self._companies
        if found is None:
            found = company_cues(self.text, self.start, self.end, self.cues.of("company_words"))
            object.__setattr__(self, "_companies", found)
        return found

    @property
    def places(self) -> list[RegionMention]:
        """The region mentions that name a place (not 全省, 我市), in order; found once."""
        found = self._places
        if found is None:
            found = [m for m in self.regions if m.region is not None]
            object.__setattr__(self, "_places", found)
        return found

    def full_sentence_start(self, sentence_start: int, number_start: int, reach: int) -> int:
        """Where the full sentence of a number begins: a sentence after a semicolon goes on with the one
        before it (《报告》预测，2026年…；到2028年，…), within `reach` characters of the number."""
        text, start = self.text, sentence_start
        while start > self.start and text[start - 1] in SEMICOLONS and number_start - start < reach:
            start = self._sentence_before(start)[0]
        return start

    def _sentence_before(self, offset: int) -> tuple[int, int]:
        """The sentence ending at or before `offset` (the first one when none does)."""
        index = bisect.bisect_right(self.sentences, (offset, offset)) - 1
        while index > 0 and self.sentences[index][1] > offset:
            index -= 1
        return self.sentences[max(index, 0)]

    def places_before(self, offset: int) -> list[RegionMention]:
        """The paragraph's named places (places) starting before `offset`, found by position."""
        places = self.places
        return places[:bisect.bisect_left(places, offset, key=_start)]

    def region_before(self, offset: int) -> RegionMention | None:
        """The paragraph's last region mention starting before `offset` (found by position)."""
        index = bisect.bisect_left(self.regions, offset, key=_start)
        return self.regions[index - 1] if index else None

    def times_starting(self, start: int, end: int) -> list[TimeMention]:
        """The time expressions starting inside text[start:end] (they may run past its end)."""
        return self.times[bisect.bisect_left(self.times, start, key=_start):bisect.bisect_left(self.times, end, key=_start)]

    def number_before(self, offset: int) -> NumberMention | None:
        """The paragraph's last number starting before `offset` (found by position)."""
        index = bisect.bisect_left(self.mentions, offset, key=_digits_start)
        return self.mentions[index - 1] if index else None

    def number_from(self, offset: int) -> NumberMention | None:
        """The paragraph's first number starting at or after `offset`."""
        index = bisect.bisect_left(self.mentions, offset, key=_digits_start)
        return self.mentions[index] if index < len(self.mentions) else None

    def numbers_within(self, start: int, end: int) -> list[NumberMention]:
        """The paragraph's numbers whose digits start inside text[start:end]."""
        key = _digits_start
        return self.mentions[bisect.bisect_left(self.mentions, start, key=key):bisect.bisect_left(self.mentions, end, key=key)]

    def regions_within(self, start: int, end: int) -> list[RegionMention]:
        """The region mentions lying inside text[start:end] (found by position, not by scanning)."""
        return _lying_within(self.regions, start, end)

    def times_within(self, start: int, end: int) -> list[TimeMention]:
        """The time expressions lying inside text[start:end], found by position."""
        return _lying_within(self.times, start, end)

    def labels_within(self, start: int, end: int) -> list[Indicator]:
        """The catalog labels lying inside text[start:end], found by position."""
        return _lying_within(self.labels, start, end)


class DocumentIndex:
    """Every number and time expression of a document, found in one pass each over the whole text;
    regions and catalog labels only in the paragraphs that hold a number. Paragraphs take their share
    by offset."""

    def __init__(self, norm: NormalisedText, doc_date: dt.date | None):
        self.text = text = norm.text
        self.scoped = scoped = ScopedText(text)
        self.mentions = [m for m in find_numbers(text) if not scoped.out_of_scope(m)]
        self.times = [t for t in find_times(text, 0, len(text), doc_date) if not scoped.inside_title(t.start)]
        self._time_starts = [t.start for t in self.times]
        self._mention_starts = [m.digits_start for m in self.mentions]

    def mentions_in(self, start: int, end: int) -> list[NumberMention]:
        starts = self._mention_starts
        return self.mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def holds_number(self, start: int, end: int) -> bool:
        starts = self._mention_starts
        index = bisect.bisect_left(starts, start)
        return index < len(starts) and starts[index] < end

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        starts = self._time_starts
        return self.times[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def regions_in(self, start: int, end: int) -> list[RegionMention]:
        return self._outside_titles(gazetteer().find(self.text, start, end), start, end)

    def labels_in(self, start: int, end: int) -> list[Indicator]:
        return self._outside_titles(catalog().labels(self.text, start, end), start, end)

    def _outside_titles(self, found: list, start: int, end: int) -> list:
        """The items of `found` (all within text[start:end]) that stand outside every 《title》."""
        if not self.scoped.titles_reach(start, end):
            return found
        return [item for item in found if not self.scoped.inside_title(item.start)]

    def paragraph(self, start: int, end: int) -> Paragraph:
        mentions = self.mentions_in(start, end)
        regions, labels, sentences, industries = [], [], [], []
        if mentions:      # regions and labels matter only where there is a number to resolve
            regions = self.regions_in(start, end)
            labels = self.labels_in(start, end)
            industries = industry_mentions(self.text, start, end)
            sentences = bounded(spans(self.text, start, end, SENTENCE_END), self.text, MAX_SENTENCE_CHARS, CLAUSE_END)
            regions.extend(aggregate_mentions(self.text, sentences))
            regions.sort(key=lambda mention: mention.start)
        return Paragraph(self.text, start, end, mentions, self.times_in(start, end), regions, labels, sentences,
                         industries)
