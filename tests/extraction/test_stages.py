"""Single stages on table-driven cases: periods (tests/cases/periods.yaml), regions
(tests/cases/regions.yaml), article kinds and their default region."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parsing.extraction.context.kinds import PLAN, RELEASE, REPORT, article_kind
from parsing.extraction.context.periods import find_times
from parsing.extraction.context.focus import find_focus
from parsing.extraction.context.regions import ARTICLE_SELF, gazetteer

CASES = Path(__file__).parents[1] / "cases"
PERIODS = yaml.safe_load((CASES / "periods.yaml").read_text(encoding="utf-8"))
REGIONS = yaml.safe_load((CASES / "regions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PERIODS, ids=[c["text"] for c in PERIODS])
def test_periods(case):
    from parsing.extraction.normalise import fold
    text = fold(case["text"])
    got = [[t.kind, t.year, t.period] for t in find_times(text, 0, len(text), case["date"])]
    assert got == case["times"]


@pytest.mark.parametrize("case", REGIONS, ids=[c["text"] for c in REGIONS])
def test_regions(case):
    found = gazetteer().find(case["text"])
    assert [m.region.name if m.region else ARTICLE_SELF for m in found] == case["regions"]


@pytest.mark.parametrize("title,kind,region", [
    ("山东数字强省建设 2023 年工作要点", PLAN, "山东省"),
    ("福州市人民政府办公厅 关于加快培育发展未来产业的实施意见", PLAN, "福州市"),
    ("2023 上半年软件业经济运行情况", RELEASE, None),
    ("云计算白皮书（2023年）", REPORT, None),
])
def test_article_kind_and_region(title, kind, region):
    assert article_kind(title) == kind
    found = find_focus(title, None, "").region
    assert (found.name if found else None) == region
