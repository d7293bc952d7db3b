"""A figure stated twice in one article is one fact: where one statement dates it (2021年…16.43亿户) and
the other is dated only by the document's own date, both take the stated date.

Reports restate their headline figures — in a lead without a year, then in a sentence with one; the
reader takes the year from the dated statement, and so does this step.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..fact import Fact


def dated_restatements(facts: list[Fact], doc_date: dt.date | None) -> list[Fact]:
    """`facts` (one article's) with every figure dated only by the document given the date of the
    same figure stated elsewhere in the article with its own period."""
    if doc_date is None:
        return facts
    undated = f"as of {doc_date:%Y-%m}"
    stated: dict[tuple, Fact] = {}
    for fact in facts:
        if fact.period != undated and fact.kind == "actual":
            stated.setdefault(_figure(fact), fact)
    dated = []
    for fact in facts:
        source = stated.get(_figure(fact)) if fact.period == undated and fact.kind == "actual" else None
        dated.append(dataclasses.replace(fact, year=source.year, period=source.period) if source else fact)
    return dated


def _figure(fact: Fact) -> tuple:
    return fact.indicator, fact.region, fact.unit_base, fact.value_base
