"""Reading a fact's `period` (FACTS.md) for target tracking: what kind of goal, which years, which date.

Periods are written by the extractor in a small controlled vocabulary ("annual 2022-2025",
"cumulative by 2025", "as of 2022-07", "2023H1", "2023-01..2023-05", "end-2021", "2025"); this module turns
them into the goal basis, the plan window and the end date of a measured period.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})(?!\d)")
_HALF = re.compile(r"((?:19|20)\d{2})\s*H([12])", re.IGNORECASE)
_QUARTER = re.compile(r"((?:19|20)\d{2})\s*Q([1-4])", re.IGNORECASE)
_QUARTER_RANGE = re.compile(r"Q[1-4]\s*[-–.]+\s*Q([1-4])", re.IGNORECASE)

ANNUAL = "annual"          # a quota for every year of the plan (每年培育100家)
STOCK = "stock"            # a level or running total to reach by the deadline (达到10万个, 累计…)


@dataclass(frozen=True)
class GoalWindow:
    basis: str                 # ANNUAL or STOCK
    start_year: int | None     # first year the plan counts from, when the period says so
    deadline: int | None       # last year of the plan; None for an open-ended annual quota


@lru_cache(maxsize=4096)
def goal_window(period: str | None, year: int | None) -> GoalWindow:
    """The basis and years of a target from its period and year (the year is the deadline, FACTS.md)."""
    text = (period or "").strip()
    years = [int(y) for y in _YEAR.findall(text)]
    if text.lower().startswith("annual"):
        if "from" in text.lower():
            # "annual (from 2023)": a standing quota with no end year.
            return GoalWindow(ANNUAL, years[0] if years else year, None)
        start = years[0] if years else year
        end = years[-1] if years else year
        return GoalWindow(ANNUAL, start, end if end is not None else year)
    # "cumulative 2021-2025" counts from 2021; "cumulative by 2025" and plain years give only the deadline.
    start = years[0] if len(years) >= 2 else None
    deadline = year if year is not None else (years[-1] if years else None)
    return GoalWindow(STOCK, start, deadline)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    month = min(max(month, 1), 12)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=65536)
def measured_date(period: str | None, year: int | None, document_date: dt.date | None = None) -> dt.date | None:
    """The last day of the period an actual measures, so series can be ordered and growth annualised.

    A bare year means the whole year; without any year the document's date stands in (a release reports
    what is known on its date); with neither the fact cannot be placed in time and None is returned.
    Nothing is measured after the document reporting it was published, so the date never passes it.
    """
    end = _period_end(period, year) or document_date
    if end is not None and document_date is not None and end > document_date:
        return document_date
    return end


def _period_end(period: str | None, year: int | None) -> dt.date | None:
    text = (period or "").strip()
    months = _YEAR_MONTH.findall(text)
    if months:
        last_year, last_month = months[-1]
        return _month_end(int(last_year), int(last_month))
    half = _HALF.search(text)
    if half:
        return _month_end(int(half.group(1)), 6 * int(half.group(2)))
    quarter = _QUARTER.search(text)
    if quarter:
        last_q = _QUARTER_RANGE.search(text)
        q = int(last_q.group(1)) if last_q else int(quarter.group(2))
        return _month_end(int(quarter.group(1)), 3 * q)
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return year_end(years[-1])
    if year is not None:
        return year_end(int(year))
    return None


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25
