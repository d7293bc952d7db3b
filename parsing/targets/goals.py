"""From target facts to goals: one goal per thing a plan asks for, however many times it is stated.

A goal is identified by (indicator, region, unit_base, basis, deadline). Statements of the same goal in
several places (an editor's note repeating the body, a later newsletter restating a plan) are merged; the
statement from the most recent document is the one tracked, and where statements disagree the goal says so:
- `value`: same goal and deadline, different target values;
- `deadline`: the same target value restated with a different deadline (merged into one goal, since a plan
  moving its date is the same goal; staged goals with different values and deadlines stay separate).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .periods import GoalWindow, goal_window, measured_date

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: the ingest's goal refresh makes none
    import pandas as pd

# Two statements whose base values differ by less than this share are the same number written twice
# (rounding such as 1万家 vs 10000家), not a conflict.
SAME_VALUE_TOLERANCE = 0.005

# Typographic quotes and brackets carry no meaning in an indicator name (专精特新“小巨人”企业 and
# 专精特新"小巨人"企业 are the same indicator); they are dropped when linking, never when displaying.
_LINK_IGNORED = str.maketrans("", "", "\"'“”‘’「」『』《》")


def fact_records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """Rows as dicts the engine can read without checks: missing values (NaN, NA, NaT) are None, `year` and
    `line` are ints, `document_date` a date, and `_pos` the row's index label. Column-wise, because this
    runs over every target and actual of the store."""
    import pandas as pd
    data = {"_pos": frame.index.tolist()}
    for name in columns:
        if name not in frame.columns:
            data[name] = [None] * len(frame)
            continue
        column = frame[name]
        if name == "document_date":
            column = pd.to_datetime(column, errors="coerce").dt.date
        elif name in ("year", "line"):
            column = column.astype("Int64")
        missing = column.isna()
        data[name] = column.astype(object).where(~missing, None).tolist() if missing.any() else column.tolist()
    names = list(data)
    return [dict(zip(names, row)) for row in zip(*data.values())]


@lru_cache(maxsize=None)
def _link_name(indicator: str) -> str:
    return unicodedata.normalize("NFKC", indicator or "").translate(_LINK_IGNORED).strip()


def link_key(indicator: str, region: str, unit_base: str) -> tuple[str, str, str]:
    """What a target and an actual must share to be linked: indicator, region and base unit."""
    return _link_name(indicator), (region or "").strip(), (unit_base or "").strip()


def high_in_base(fact: dict) -> float | None:
    """value_high converted to base units with the multiplier the low end used (3—5万个 → 50000)."""
    high, value, base = fact.get("value_high"), fact.get("value"), fact.get("value_base")
    if high is None:
        return None
    if value in (None, 0) or base is None:
        return float(high)
    return float(high) * float(base) / float(value)


@dataclass
class Goal:
    goal_id: str
    series_id: str                      # the actual series measuring it, shared by goals with the same key
    key: tuple[str, str, str]
    window: GoalWindow
    statements: list[dict]              # every target fact of this goal, in _statement_order
    conflict: str | None = None         # None, 'value', 'deadline' or 'value+deadline'
    actuals: list[dict] = field(default_factory=list)

    @property
    def current(self) -> dict:
        """The statement tracked: the one from the most recent document."""
        return self.statements[-1]


def _window(fact: dict) -> GoalWindow:
    return goal_window(fact.get("period"), fact.get("year"))


def _statement_order(fact: dict):
    """Oldest first: by document date, then file name, then line (the later mention of a document wins)."""
    return fact.get("document_date") or dt.date.min, fact.get("source") or "", fact.get("line") or 0


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=SAME_VALUE_TOLERANCE, abs_tol=1e-9)


def _distinct_values(statements: list[dict]) -> list[float]:
    seen: list[float] = []
    for fact in statements:
        value = float(fact["value_base"])
        if not any(_same_value(value, other) for other in seen):
            seen.append(value)
    return seen


def _single_value(statements: list[dict]) -> float | None:
    """The target value when all statements agree on it, else None."""
    values = _distinct_values(statements)
    return values[0] if len(values) == 1 else None


def _digest(text: str) -> str:
    """A short stable id (the same goal gets the same id in every run and every database)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=None)
def series_id_of(key: tuple[str, str, str]) -> str:
    """The id of the actual series a link key names (shared by every goal with that key)."""
    return _digest("|".join(key))


def build_goals(targets: list[dict]) -> list[Goal]:
    """Group target facts into goals, merging restatements and marking conflicts."""
    by_deadline: dict[tuple, list[dict]] = {}
    for fact in targets:
        window = _window(fact)
        key = link_key(fact.get("indicator"), fact.get("region"), fact.get("unit_base"))
        by_deadline.setdefault((key, window.basis, window.deadline), []).append(fact)

    # Same indicator/region/unit/basis, same value, different deadline: one goal whose date moved.
    by_family: dict[tuple, list[list[dict]]] = {}
    for (key, basis, _deadline), facts in by_deadline.items():
        by_family.setdefault((key, basis), []).append(facts)

    goals: list[Goal] = []
    for (key, _basis), groups in by_family.items():
        merged: list[tuple[float | None, list[dict]]] = []     # (the value all agree on, statements)
        for facts in groups:
            value = _single_value(facts)
            home = None
            if value is not None:
                home = next((m for m in merged if m[0] is not None and _same_value(m[0], value)), None)
            if home is None:
                merged.append((value, list(facts)))
            else:
                home[1].extend(facts)
        goals += [_make_goal(key, facts) for _value, facts in merged]
    goals.sort(key=lambda g: (g.key, g.window.deadline or 0))
    return goals


def _make_goal(key: tuple[str, str, str], facts: list[dict]) -> Goal:
    statements = sorted(facts, key=_statement_order)
    current = statements[-1]
    window = _window(current)
    if window.start_year is None:
        # The plan window is only stated in some restatements ("cumulative 2021-2025"); keep it.
        starts = [_window(f).start_year for f in statements]
        starts = [s for s in starts if s is not None]
        if starts:
            window = GoalWindow(window.basis, min(starts), window.deadline)
    deadlines = {_window(f).deadline for f in statements}
    kinds = []
    if len(_distinct_values(statements)) > 1:
        kinds.append("value")
    if len(deadlines) > 1:
        kinds.append("deadline")
    return Goal(
        goal_id=_digest("|".join([*key, window.basis, str(window.deadline)])),
        series_id=series_id_of(key),
        key=key,
        window=window,
        statements=statements,
        conflict="+".join(kinds) or None,
    )


def link_actuals(goals: list[Goal], actuals: list[dict]) -> None:
    """Attach to each goal every actual with its indicator, region and base unit (across documents),
    each actual carrying `_date`, the end of the period it measures (None when it cannot be placed)."""
    by_key: dict[tuple[str, str, str], list[dict]] = {}
    for fact in actuals:
        fact["_date"] = measured_date(fact.get("period"), fact.get("year"), fact.get("document_date"))
        by_key.setdefault(link_key(fact.get("indicator"), fact.get("region"), fact.get("unit_base")), []).append(fact)
    for goal in goals:
        goal.actuals = by_key.get(goal.key, [])
