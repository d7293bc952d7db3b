"""Period stage: time expressions (到2025年, 截至2022年6月, 2023年上半年, 前三季度, 今年, "十四五"末, 每年)
and the year and period they give a figure, relative ones resolved against the document's date."""
from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

import regex

from ...knowledge import LiteralMatcher, WordsAfter, WordsBefore, compiled, load_yaml, pattern
from ..cues import attach_rules
from ..marks import LAST_CLAUSE_MARK
from ..numbers import numeral_value

_ORDER = ("as_of", "deadline", "plan_period", "effort", "dated", "relative", "annual")


class TimeMention(NamedTuple):
    start: int
    end: int
    kind: str              # one of _ORDER (an 'effort' reads as a 'deadline'); 'since' for a span start
                           # (2012年以来), 'base' for a comparison's base (较2021年, 比上年末), 'from'
                           # for the start of a from→to pair (从2020年的3.6万个), dating its own clause only
    year: int | None
    period: str | None


@functools.cache
def _cues() -> dict:
    return load_yaml("cues.yaml")["periods"]


class _TimePattern:
    """The time expressions of every kind as one pattern (kinds in `_ORDER`: the first that matches at a
    position wins), with the index of each kind's group and of each part (y, m, rel…) it is read from."""

    def __init__(self, patterns: dict):
        parts = [f"(?P<{kind}>{patterns[kind]})" for kind in _ORDER]
        # Group names repeat across alternatives (y, m, rel…), which `regex` allows with VERSION1: a name
        # has one index, holding its last capture, so match.groups() gives every part in one call.
        compiled = regex.compile("|".join(parts), regex.VERSION1)
        self.finditer, index = compiled.finditer, compiled.groupindex
        self.kind_at = {index[kind]: kind for kind in _ORDER}
        self.kinds_in_order = tuple((index[kind] - 1, kind) for kind in _ORDER)
        self.y, self.m, self.m1, self.m2, self.rel, self.end, self.n, self.fyp = (
            index[name] - 1 for name in ("y", "m", "m1", "m2", "rel", "end", "n", "fyp"))

    def kind(self, match, groups: tuple) -> str:
        """The kind that matched: `lastindex` names it, or else (regex reports a part, y or rel, for some
        matches) the first kind whose group holds text."""
        kind = self.kind_at.get(match.lastindex)
        if kind is None:
            for at, kind in self.kinds_in_order:
                if groups[at]:
                    break
        return kind


@functools.cache
def _pattern() -> _TimePattern:
    return _TimePattern(_cues()["patterns"])


# How far before a time its clause's opening is read: room for a subject of a few regions.
_OPENING_REACH = 24


@functools.cache
def _cue_words(key: str, ending: bool) -> WordsBefore | WordsAfter:
    """The cue words under `key`, ending the text before a time (ending) or starting the text after it."""
    return WordsBefore(_cues()[key]) if ending else WordsAfter(_cues()[key])


@functools.cache
def _cue_pattern(key: str):
    """The cue pattern under `key` (plan_year_after, comparison_base_after), compiled once."""
    return compiled(_cues()[key])


def topic_times(text: str, paragraph_start: int, times: list[TimeMention], regions) -> list[TimeMention]:
    """The times a paragraph goes on about, which may date the paragraphs after it: those opening a clause
    (到2025年，…; 《报告》显示，2024年我国…), after its subject (全市到2025年…; 洛龙区、西工区到2025年…), and
    those listed with one (2022 年和 2023 年…), a list item's marker before them left out (四、2026年工作
    目标). A time further inside a clause is a detail of it
    (…提前实现“十四五”规划提出的到2025年达到10%的目标). `regions(text, start, end)`: the region
    mentions in text[start:end]."""
    found, previous, separator = [], None, attach_rules()["separator"]
    for time in times:
        reach = max(paragraph_start, time.start - _OPENING_REACH)
        mark = LAST_CLAUSE_MARK.match(text, reach, time.start)
        opening_start = mark.end(1) if mark else reach
        if opening_start == paragraph_start and (item := _list_item().match(text, paragraph_start, time.start)):
            opening_start = item.end()
        opening = text[opening_start:time.start]
        if mark is None and reach > paragraph_start:
            opens = False           # no clause mark within reach: deep inside a clause
        else:
            opens = separator.match(opening) is not None
            if not opens:           # words before it: a subject of regions only?
                for region in reversed(regions(text, opening_start, time.start)):
                    opening = opening[:region.start - opening_start] + opening[region.end - opening_start:]
                opens = separator.match(opening) is not None
        listed = previous is not None and separator.match(text[previous.end:time.start]) is not None
        if opens or listed:
            found.append(time)
            previous = time
    return found


def _month_span(year: int, first: int, last: int) -> str:
    return f"{year}-{first:02d}..{year}-{last:02d}"


def _relative(rel: str | None, m1, m2, m, doc: dt.date | None) -> tuple[int | None, str | None]:
    if doc is None:
        return None, None
    quarters = _cues()["relative_quarters"]
    if rel in _cues()["previous_year_end"]:
        return doc.year - 1, f"as of {doc.year - 1}-12"
    if rel in quarters:
        first, last, label = quarters[rel]
        year = doc.year if last <= doc.month or doc.month > 2 else doc.year - 1
        return year, f"{year}{label}" if label else str(year)
    if rel in _cues()["this_year_words"]:
        return doc.year, str(doc.year)
    if rel in _cues()["last_year_words"]:
        return doc.year - 1, str(doc.year - 1)
    if rel in _cues()["now_words"]:
        return doc.year, f"as of {doc.year}-{doc.month:02d}"
    if m1 and m2:
        year = doc.year if int(m2) <= doc.month else doc.year - 1
        return year, _month_span(year, int(m1), int(m2))
    if m:
        year = doc.year if int(m) <= doc.month else doc.year - 1
        return year, f"{year}-{int(m):02d}"
    return None, None


@functools.cache
def _anchors() -> LiteralMatcher:
    return LiteralMatcher(_cues()["anchors"])


def _windows(text: str, start: int, end: int) -> list[list[int]]:
    """Stretches [low, high) of text[start:end] around the words every time expression holds (年, 月,
    季…), merged where they meet, each with the start of its last anchor. Scanning only these keeps the
    large time pattern off the rest of the text, and finds what a scan of the whole text finds: no
    expression reaches further than the margin from its anchor."""
    margin, windows = _cues()["anchor_margin"], []
    for _, first, last in _anchors().find(text, start, end):
        if windows and first - margin <= windows[-1][1]:
            windows[-1][1:] = last + margin, first
        else:
            windows.append([first - margin, last + margin, first])
    if windows:     # only the outer ends can pass the text's: clip them once, not per anchor
        windows[0][0] = max(start, windows[0][0])
        windows[-1][1] = min(end, windows[-1][1])
    return windows


def _matches(text: str, start: int, end: int):
    """The time pattern's matches in text[start:end], as its scan of each window finds them. A match
    holds a whole anchor, so none starts after a window's last anchor: the scan stops at a match that
    ends past it instead of searching the rest of the window."""
    finditer = _pattern().finditer
    for low, high, last_anchor in _windows(text, start, end):
        for match in finditer(text, low, high):
            yield match
            if match.end() > last_anchor:
                break


# Per kind: (kind, year, period) read from the match's groups, or None where the document's date is
# needed and missing. The parts are read by index from match.groups() (capturesdict per match cost more
# than the rest of the stage).

def _read_deadline(p: _TimePattern, groups: tuple, doc_date):
    year = int(groups[p.y])
    return "deadline", year, f"by {year}"


def _read_as_of(p: _TimePattern, groups: tuple, doc_date):
    year, m = int(groups[p.y]), groups[p.m]
    return "as_of", year, f"as of {year}-{int(m):02d}" if m else f"as of {year}"


def _read_dated(p: _TimePattern, groups: tuple, doc_date):
    year, rel, m1, m2, m = int(groups[p.y]), groups[p.rel], groups[p.m1], groups[p.m2], groups[p.m]
    quarters = _cues()["relative_quarters"]
    if rel in quarters:
        label = quarters[rel][2]
        period = f"{year}{label}" if label else str(year)
    elif m1 and m2:
        period = _month_span(year, int(m1), int(m2))
    elif m:
        period = f"{year}-{int(m):02d}"
    else:
        period = str(year)
    return "dated", year, period


def _read_relative(p: _TimePattern, groups: tuple, doc_date):
    year, period = _relative(groups[p.rel], groups[p.m1], groups[p.m2], groups[p.m], doc_date)
    if year is None:
        return None
    if groups[p.end]:          # 截至11月底: a stock measured at that month's end
        return "as_of", year, f"as of {period}"
    return "relative", year, period


def _read_effort(p: _TimePattern, groups: tuple, doc_date):
    if doc_date is None:
        return None
    year = doc_date.year + _count(groups[p.n]) - 1
    return "deadline", year, f"by {year}"


def _read_plan_period(p: _TimePattern, groups: tuple, doc_date):
    year = _cues_fyp(groups[p.fyp])
    return "plan_period", year, f"by {year}"


def _read_annual(p: _TimePattern, groups: tuple, doc_date):
    return "annual", None, "annual"


_READ = {"deadline": _read_deadline, "as_of": _read_as_of, "dated": _read_dated, "relative": _read_relative,
         "effort": _read_effort, "plan_period": _read_plan_period, "annual": _read_annual}
_MAY_BE_BASE = frozenset(("dated", "relative", "as_of"))


def find_times(text: str, start: int, end: int, doc_date: dt.date | None) -> list[TimeMention]:
    found, pattern = [], _pattern()
    since, since_from, base = (_cue_words("span_start_after", ending=False), _cue_words("from_before", ending=True),
                               _cue_words("comparison_base_before", ending=True))
    for match in _matches(text, start, end):
        groups = match.groups()
        read = _READ[pattern.kind(match, groups)](pattern, groups, doc_date)
        if read is None:
            continue
        kind, year, period = read
        first, last = match.span()
        if kind == "plan_period" and _cue_pattern("plan_year_after").match(text, last):
            continue
        if kind == "dated":
            if since.match(text, last):
                kind = "since"
            elif since_from.search(text, max(0, first - 2), first):
                kind = "from"
        if kind in _MAY_BE_BASE and (base.search(text, max(0, first - 3), first)
                                     or _cue_pattern("comparison_base_after").match(text, last)):
            kind = "base"
        found.append(TimeMention(first, last, kind, year, period))
    return found


@functools.cache
def _list_item():
    """The marker opening an item of a list (layout.yaml list_item: 四、 / （二） / 1.)."""
    return pattern("layout.yaml", "list_item")


def _count(written: str) -> int:
    return int(numeral_value(written))      # cached: cn2an builds its converter on every call


def _cues_fyp(digit: str | None) -> int | None:
    return _cues()["five_year_plan_end"].get(digit)
