"""How far a goal has come: baseline, latest actual, percent reached, growth needed vs seen, status.

The status rules are the ones documented in `parsing.targets.STATUS_RULES`; this module implements them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .goals import Goal, high_in_base
from .periods import ANNUAL, year_end, years_between

ACHIEVED, ON_TRACK, BEHIND, OVERDUE, NO_DATA = "achieved", "on_track", "behind", "overdue", "no_data"
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, OVERDUE, NO_DATA)


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float
    fact: dict


def actual_points(actuals: list[dict], as_of: dt.date) -> list[Point]:
    """Linked actuals placed in time, oldest first, leaving out those measured after `as_of`
    (a figure of the same date from a later document, or later in it, sorts after)."""
    points = [Point(fact["_date"], float(fact["value_base"]), fact) for fact in actuals
              if fact["_date"] is not None and fact["value_base"] is not None and fact["_date"] <= as_of]
    points.sort(key=lambda p: (p.date, p.fact["document_date"] or dt.date.min, p.fact["source"] or "",
                               p.fact["line"] or 0))
    return points


def unchanged_days(goal: Goal, points: list[Point], as_of: dt.date) -> tuple[dt.date, dt.date | None]:
    """The days [first, until) on which `assess` gives the same result as on `as_of` (until None: for
    ever), given every dated actual of the goal's series (`actual_points(..., dt.date.max)`). Assessing
    reads the day only to leave out actuals measured after it and to tell whether the deadline year is
    over, so the result holds from the last actual counted (or the day after the deadline year, once over)
    to the next actual or the end of the deadline year."""
    first, until = dt.date.min, None
    for point in points:
        if point.date <= as_of:
            first = max(first, point.date)
        elif until is None or point.date < until:
            until = point.date
    if goal.window.deadline and goal.window.deadline < dt.MAXYEAR:
        after_deadline = year_end(goal.window.deadline) + dt.timedelta(days=1)
        if as_of >= after_deadline:
            first = max(first, after_deadline)
        else:
            until = min(until or after_deadline, after_deadline)
    return first, until


def _cagr(start: float, end: float, years: float) -> float | None:
    if years <= 0 or start <= 0 or end <= 0:
        return None
    return ((end / start) ** (1 / years) - 1) * 100


class _Target:
    """The goal's current statement read as a floor (or a ceiling for `<=`)."""

    def __init__(self, goal: Goal, approx_tolerance: float):
        current = goal.current
        self.value = float(current["value_base"])
        self.high = high_in_base(current)
        self.comparator = current.get("comparator") or "="
        self.down = self.comparator == "<="
        self.slack = approx_tolerance if self.comparator == "~" else 0.0

    def met(self, value: float) -> bool:
        if self.down:
            return value <= self.value * (1 + self.slack)
        return value >= self.value * (1 - self.slack)

    def percent(self, value: float) -> float | None:
        if self.down:
            return self.value / value * 100 if value > 0 else None
        return value / self.value * 100 if self.value else None

    def on_pace(self, observed: float, needed: float) -> bool:
        return observed <= needed if self.down else observed >= needed


def assess(goal: Goal, points: list[Point], as_of: dt.date, approx_tolerance: float) -> dict:
    """Progress figures and status of one goal as of a date, from its `actual_points`."""
    target = _Target(goal, approx_tolerance)
    deadline_end = year_end(goal.window.deadline) if goal.window.deadline else None
    result = {"status": NO_DATA, "n_actuals": len(points), "baseline": None, "latest": None,
              "percent_reached": None, "needed_growth_pct": None, "observed_growth_pct": None,
              "growth_basis": None, "years_left": None}
    if not points:
        return result
    baseline, latest = points[0], points[-1]
    observed, basis = _observed_growth(baseline, latest)
    result.update(baseline=baseline, latest=latest, percent_reached=target.percent(latest.value),
                  observed_growth_pct=observed, growth_basis=basis)
    if deadline_end is not None:
        result["years_left"] = round(max(years_between(latest.date, deadline_end), 0.0), 2)
    passed = deadline_end is not None and as_of > deadline_end
    if goal.window.basis == ANNUAL:
        result.update(_assess_annual(goal, target, points, passed))
    else:
        result.update(_assess_stock(goal, target, latest, observed, deadline_end, passed))
    return result


def _observed_growth(baseline: Point, latest: Point) -> tuple[float | None, str | None]:
    """Annual growth seen so far: CAGR from baseline to latest, else the 同比 reported with the latest."""
    if latest.date > baseline.date:
        cagr = _cagr(baseline.value, latest.value, years_between(baseline.date, latest.date))
        if cagr is not None:
            return cagr, "cagr"
    yoy = latest.fact.get("yoy_pct")
    if yoy is not None:
        return float(yoy), "yoy"
    return None, None


def _assess_stock(goal: Goal, target: _Target, latest: Point, observed: float | None,
                  deadline_end: dt.date | None, passed: bool) -> dict:
    if target.met(latest.value):
        return {"status": ACHIEVED, "needed_growth_pct": 0.0}
    if passed:
        return {"status": OVERDUE}
    years_left = years_between(latest.date, deadline_end) if deadline_end else 0.0
    needed = _cagr(latest.value, target.value, years_left)
    if observed is not None and needed is not None:
        return {"status": ON_TRACK if target.on_pace(observed, needed) else BEHIND, "needed_growth_pct": needed}
    on_pace = _on_pace_of_plan(goal, target, latest, deadline_end)
    if on_pace is None:         # neither a growth rate nor a plan period to measure against
        return {"status": BEHIND, "needed_growth_pct": needed}
    return {"status": ON_TRACK if on_pace else BEHIND, "needed_growth_pct": needed, "growth_basis": "pace"}


def _on_pace_of_plan(goal: Goal, target: _Target, latest: Point, deadline_end: dt.date | None) -> bool | None:
    """With one data point and no growth rate: is the share of the goal reached at least the share of the
    plan's time elapsed? The plan starts with its stated window or the year of the first document stating
    it; None when neither is known or there is no deadline."""
    start_year = goal.window.start_year
    if start_year is None:
        published = [f["document_date"] for f in goal.statements if f.get("document_date")]
        start_year = min(published).year if published else None
    if start_year is None or deadline_end is None:
        return None
    start = dt.date(start_year, 1, 1)
    span = years_between(start, deadline_end)
    elapsed = years_between(start, latest.date) / span if span > 0 else 1.0
    return (target.percent(latest.value) or 0.0) / 100 >= elapsed


def _assess_annual(goal: Goal, target: _Target, points: list[Point], passed: bool) -> dict:
    """A quota for every year: each year in the plan window is judged on its own (latest figure of the year)."""
    start, end = goal.window.start_year, goal.window.deadline
    by_year: dict[int, Point] = {}
    for point in points:
        year = point.date.year
        if (start is None or year >= start) and (end is None or year <= end):
            by_year[year] = point          # points are sorted, so the year's latest figure wins
    if not by_year:
        return {"status": NO_DATA}
    last = by_year[max(by_year)]
    if target.met(last.value):
        needed = 0.0
    else:
        needed = (target.value / last.value - 1) * 100 if last.value > 0 else None
    if passed:
        status = ACHIEVED if all(target.met(p.value) for p in by_year.values()) else OVERDUE
    else:
        status = ON_TRACK if target.met(last.value) else BEHIND
    return {"status": status, "needed_growth_pct": needed, "percent_reached": target.percent(last.value)}
