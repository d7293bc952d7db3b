"""A figure stated twice in one article is one fact: where one statement dates it (2021年…16.43亿户) and
the other is dated only by the document's own date, both take the stated date.

Reports restate their headline figures — in a lead without a year, then in a sentence with one; the
reader takes the year from the dated statement, and so does this step.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..fact import Fact


# A headline rounds its figure (我市5G基站突破4万个 for 4.12万个): by at most this factor.
_HEADLINE_ROUNDING = 1.2


def dated_restatements(facts: list[Fact], doc_date: dt.date | None, headline_line: int | None = None) -> list[Fact]:
    """`facts` (one article's) with every figure dated only by the document given the date of the
    same figure stated elsewhere in the article with its own period; a headline's figure (on
    `headline_line`) also that of the body's figure it rounds (突破4万个 → 截至2025年底…4.12万个)."""
    if doc_date is None:
        return facts
    undated = f"as of {doc_date:%Y-%m}"
    stated: dict[tuple, Fact] = {}
    for fact in facts:
        if fact.period != undated and fact.kind == "actual":
            stated.setdefault(_figure(fact), fact)
    dated = []
    for fact in facts:
        source = None
        if fact.period == undated and fact.kind == "actual":
            source = stated.get(_figure(fact))
            if source is None and fact.line == headline_line:
                source = _rounded_from(fact, stated.values(), headline_line)
        dated.append(dataclasses.replace(fact, year=source.year, period=source.period) if source else fact)
    return dated


def _figure(fact: Fact) -> tuple:
    return fact.indicator, fact.region, fact.unit_base, fact.value_base


def _rounded_from(headline: Fact, stated, headline_line: int) -> Fact | None:
    """The dated body figure a headline's floor (突破, 超过), ceiling (不足) or approximation (近, 约) rounds:
    same measure and region, within _HEADLINE_ROUNDING of it; the closest if several."""
    value = headline.value_base
    if not value or value < 0:
        return None
    low, high = {">=": (value, value * _HEADLINE_ROUNDING), "<=": (value / _HEADLINE_ROUNDING, value),
                 "~": (value / _HEADLINE_ROUNDING, value * _HEADLINE_ROUNDING)}.get(headline.comparator, (None, None))
    if low is None:
        return None
    found = [f for f in stated if f.line != headline_line and _figure(f)[:3] == _figure(headline)[:3]
             and low <= f.value_base <= high]
    return min(found, key=lambda f: abs(f.value_base - value), default=None)
