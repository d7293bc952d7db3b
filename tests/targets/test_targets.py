"""Target tracking engine on hand-built facts (tests/cases/targets/*.yaml)."""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from parsing.fact import FACT_FIELDS
from parsing.targets import GOAL_COLUMNS, filter_goals, track_targets
from parsing.targets.periods import goal_window, measured_date

CASES = Path(__file__).parents[1] / "cases" / "targets"
CASE_FILES = ("statuses", "linking", "comparators", "annual", "restatements")
DEFAULTS = yaml.safe_load((CASES / "defaults.yaml").read_text(encoding="utf-8"))


def load_cases():
    for stem in CASE_FILES:
        for case in yaml.safe_load((CASES / f"{stem}.yaml").read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{stem}: {case['name']}")


def facts_frame(rows: list[dict]) -> pd.DataFrame:
    facts = []
    for line, row in enumerate(rows, start=1):
        fact = {**DEFAULTS, "line": line, **row}
        facts.append(fact)
    frame = pd.DataFrame(facts)
    assert set(FACT_FIELDS) <= set(frame.columns), "a case fact lacks a FACTS.md field"
    return frame


def same(actual, expected) -> bool:
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if isinstance(expected, float) or (isinstance(expected, int) and isinstance(actual, float)):
        return actual is not None and math.isclose(float(actual), expected, abs_tol=0.01)
    return actual == expected


def find_goal(goals: pd.DataFrame, expected: dict) -> dict:
    """The one goal whose identifying fields (indicator, region, deadline, basis) match the expectation."""
    identity = {k: v for k, v in expected.items() if k in ("indicator", "region", "deadline", "basis")}
    matches = [row for row in goals.to_dict("records") if all(same(row[k], v) for k, v in identity.items())]
    assert len(matches) == 1, f"expected one goal for {identity}, found {len(matches)}"
    return matches[0]


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    tracking = track_targets(facts_frame(case["facts"]), as_of=case["as_of"])
    assert list(tracking.goals.columns) == list(GOAL_COLUMNS)
    if "goals" in case:
        assert len(tracking.goals) == case["goals"]
    for expected in case["expect"]:
        goal = find_goal(tracking.goals, expected)
        wrong = {k: (goal[k], v) for k, v in expected.items() if not same(goal[k], v)}
        assert not wrong, f"{case['name']}: (got, expected) {wrong}"


PERIODS = yaml.safe_load((CASES / "periods.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", PERIODS["goal_window"], ids=lambda r: str(r["period"]))
def test_goal_window(row):
    window = goal_window(row["period"], row["year"])
    assert (window.basis, window.start_year, window.deadline) == (row["basis"], row["start_year"], row["deadline"])


@pytest.mark.parametrize("row", PERIODS["measured_date"],
                         ids=lambda r: f"{r['period']}|{r['year']}|{r['document_date']}")
def test_measured_date(row):
    assert measured_date(row["period"], row["year"], row["document_date"]) == row["date"]


def test_actuals_and_statements_keep_provenance():
    case = yaml.safe_load((CASES / "restatements.yaml").read_text(encoding="utf-8"))[1]
    tracking = track_targets(facts_frame(case["facts"]), as_of=case["as_of"])
    goal_id = tracking.goals.loc[0, "goal_id"]
    assert sorted(tracking.statements["source"]) == ["plan2022.txt", "plan2023.txt"]
    assert set(tracking.statements["goal_id"]) == {goal_id}
    assert tracking.goal_actuals(goal_id)["quote"].tolist() == [DEFAULTS["quote"]]
    assert tracking.goal_actuals(goal_id)["date"].tolist() == [dt.date(2023, 12, 31)]


def test_goals_of_one_series_share_its_actuals_once():
    case = yaml.safe_load((CASES / "restatements.yaml").read_text(encoding="utf-8"))[3]   # staged goals
    tracking = track_targets(facts_frame(case["facts"]), as_of=case["as_of"])
    assert tracking.goals["series_id"].nunique() == 1 and len(tracking.goals) == 3
    assert len(tracking.actuals) == 1
    for goal_id in tracking.goals["goal_id"]:
        assert len(tracking.goal_actuals(goal_id)) == 1
        assert len(tracking.goal_statements(goal_id)) == (2 if goal_id == tracking.goals.loc[2, "goal_id"] else 1)


def test_status_depends_on_as_of():
    case = yaml.safe_load((CASES / "statuses.yaml").read_text(encoding="utf-8"))[0]
    facts = facts_frame(case["facts"])
    assert track_targets(facts, as_of=dt.date(2024, 6, 30)).goals.loc[0, "status"] == "on_track"
    assert track_targets(facts, as_of=dt.date(2026, 1, 1)).goals.loc[0, "status"] == "overdue"
    assert track_targets(facts, as_of=dt.date(2021, 6, 1)).goals.loc[0, "status"] == "no_data"


def test_filter_goals_by_every_filter():
    facts = facts_frame([
        {"kind": "target", "indicator": "5G基站", "indicator_key": "5g_base_stations", "region": "济南市",
         "region_level": "city", "province": "山东省", "value": 3, "unit_raw": "万个", "value_base": 30000,
         "unit_base": "个", "year": 2025},
        {"kind": "target", "indicator": "5G基站", "indicator_key": "5g_base_stations", "region": "甘肃省",
         "value": 3, "unit_raw": "万个", "value_base": 30000, "unit_base": "个", "year": 2024},
        {"kind": "actual", "indicator": "5G基站", "region": "甘肃省", "value": 4, "unit_raw": "万个",
         "value_base": 40000, "unit_base": "个", "year": 2023},
    ])
    goals = track_targets(facts, as_of=dt.date(2024, 6, 30)).goals
    assert filter_goals(goals, region="山东省")["region"].tolist() == ["济南市"]
    assert len(filter_goals(goals, indicator="5g_base_stations")) == 2
    assert len(filter_goals(goals, indicator="5G基站")) == 2
    assert filter_goals(goals, deadline=2024)["region"].tolist() == ["甘肃省"]
    assert filter_goals(goals, status="achieved")["region"].tolist() == ["甘肃省"]
    assert filter_goals(goals, status="no_data", region="甘肃省").empty
    with pytest.raises(ValueError, match="unknown status"):
        filter_goals(goals, status="done")


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="value_base"):
        track_targets(pd.DataFrame({"kind": ["target"], "indicator": ["x"], "region": ["y"], "unit_base": ["个"]}))


def test_no_targets_gives_empty_tables_with_columns():
    facts = facts_frame([{"kind": "actual", "indicator": "5G基站", "value": 4, "unit_raw": "万个",
                          "value_base": 40000, "unit_base": "个", "year": 2023}])
    tracking = track_targets(facts, as_of=dt.date(2024, 6, 30))
    assert tracking.goals.empty and list(tracking.goals.columns) == list(GOAL_COLUMNS)
    assert tracking.actuals.empty and tracking.statements.empty
