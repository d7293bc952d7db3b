"""Period stage: time expressions (到2025年, 截至2022年6月, 2023年上半年, 前三季度, 今年, "十四五"末, 每年)
and the year and period they give a figure, relative ones resolved against the document's date."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import regex

from ...knowledge import alternation, load_yaml
from ..numbers import numeral_value

_ORDER = ("as_of", "deadline", "plan_period", "effort", "dated", "relative", "annual")


@dataclass(frozen=True)
class TimeMention:
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


@functools.cache
def _pattern() -> regex.Pattern:
    parts = [f"(?P<{kind}>{_cues()['patterns'][kind]})" for kind in _ORDER]
    # Group names repeat across alternatives (y, m, rel…), which `regex` allows with VERSION1.
    return regex.compile("|".join(parts), regex.VERSION1)


@functools.cache
def _cue_words(key: str, ending: bool) -> regex.Pattern:
    """The cue words under `key`, as a pattern that ends a text (ending) or starts one."""
    words = alternation(_cues()[key])
    return regex.compile(rf"(?:{words})\s*$" if ending else rf"\s*(?:{words})")


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
    if rel in ("今年", "本年"):
        return doc.year, str(doc.year)
    if rel in ("去年", "上年"):
        return doc.year - 1, str(doc.year - 1)
    if rel in ("截至目前", "目前"):
        return doc.year, f"as of {doc.year}-{doc.month:02d}"
    if m1 and m2:
        year = doc.year if int(m2) <= doc.month else doc.year - 1
        return year, _month_span(year, int(m1), int(m2))
    if m:
        year = doc.year if int(m) <= doc.month else doc.year - 1
        return year, f"{year}-{int(m):02d}"
    return None, None


@functools.cache
def _anchor() -> regex.Pattern:
    return regex.compile(_cues()["anchor"])


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of text[start:end] around the characters every time expression holds (年, 月, 季…),
    merged where they meet. Scanning only these keeps the large time pattern off the rest of the text,
    and finds what a scan of the whole text finds: no expression reaches further than the margin
    from its anchor."""
    margin, windows = _cues()["anchor_margin"], []
    for anchor in _anchor().finditer(text, start, end):
        low, high = max(start, anchor.start() - margin), min(end, anchor.end() + margin)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _matches(text: str, start: int, end: int):
    for low, high in _windows(text, start, end):
        yield from _pattern().finditer(text, low, high)


def find_times(text: str, start: int, end: int, doc_date: dt.date | None) -> list[TimeMention]:
    found = []
    for match in _matches(text, start, end):
        kind = match.lastgroup if match.lastgroup in _ORDER else next(k for k in _ORDER if match.group(k))
        groups = match.capturesdict()
        pick = lambda name: (groups.get(name) or [None])[-1]
        y, m, m1, m2, rel = pick("y"), pick("m"), pick("m1"), pick("m2"), pick("rel")
        year, period = None, None
        if kind == "deadline":
            year = int(y)
            period = f"by {year}"
        elif kind == "as_of":
            year = int(y)
            period = f"as of {year}-{int(m):02d}" if m else f"as of {year}"
        elif kind == "dated":
            year = int(y)
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
            if _cue_words("span_start_after", ending=False).match(text, match.end()):
                kind = "since"
            elif _cue_words("from_before", ending=True).search(text, max(0, match.start() - 2), match.start()):
                kind = "from"
        elif kind == "relative":
            year, period = _relative(rel, m1, m2, m, doc_date)
            if year is None:
                continue
            if pick("end"):          # 截至11月底: a stock measured at that month's end
                kind, period = "as_of", f"as of {period}"
        elif kind == "effort":
            if doc_date is None:
                continue
            kind, year = "deadline", doc_date.year + _count(pick("n")) - 1
            period = f"by {year}"
        elif kind == "plan_period":
            year = _cues_fyp(pick("fyp"))
            period = f"by {year}"
        elif kind == "annual":
            period = "annual"
        base = _cue_words("comparison_base_before", ending=True)
        if kind in ("dated", "relative", "as_of") and base.search(text, max(0, match.start() - 3), match.start()):
            kind = "base"
        found.append(TimeMention(match.start(), match.end(), kind, year, period))
    return found


def _count(written: str) -> int:
    return int(numeral_value(written))      # cached: cn2an builds its converter on every call


def _cues_fyp(digit: str | None) -> int | None:
    return _cues()["five_year_plan_end"].get(digit)
