"""Pure parts of the dashboard: readable values, labels in both languages, download file names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dashboard.formatting import format_value, scale_for
from dashboard.i18n import LANGUAGES, Translator, labels
from dashboard.widgets import csv_filename

CASES = Path(__file__).parents[1] / "cases" / "dashboard" / "values.yaml"
DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", yaml.safe_load(CASES.read_text(encoding="utf-8")), ids=lambda case: case["zh"])
def test_values_read_as_the_source_says_them(case, lang):
    text = format_value(case["value_base"], case["unit_base"], case.get("value_high_base"), case.get("comparator"),
                        lang=lang)
    assert text == case[lang]


@pytest.mark.parametrize("value, unit, lang, axis_unit", [
    (3_377_000, "个", "zh", "万个"), (60e12, "元", "zh", "万亿元"), (99.0, "%", "zh", "%"),
    (3_377_000, "个", "en", "million"), (60e12, "元", "en", "RMB trillion"), (99.0, "%", "en", "%"),
    (500, "人", "en", "people"),
])
def test_axis_scale_follows_the_largest_value(value, unit, lang, axis_unit):
    assert scale_for(value, unit, lang).unit(unit) == axis_unit


def test_missing_value_reads_as_blank():
    assert format_value(None, "个") == "" and format_value(float("nan"), "个") == ""


def test_every_label_exists_in_both_languages():
    for key, texts in labels().items():
        assert set(texts) == set(LANGUAGES), key
        placeholders = [set(re.findall(r"{(\w+)}", texts[lang])) for lang in LANGUAGES]
        assert placeholders[0] == placeholders[1], key


def test_every_label_the_code_asks_for_exists():
    asked = set()
    for path in DASHBOARD.rglob("*.py"):
        if path.name != "targets.py":  # the targets view keeps its own labels
            asked |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert asked and asked <= set(labels())


def test_translator_fills_placeholders_and_falls_back_to_chinese():
    assert Translator("en")("row_count", n=3) == "3 rows"
    assert Translator("xx")("view_map") == "地图"
    assert Translator("en").kind("target") == "Target"


def test_download_name_carries_the_filters_and_nothing_unsafe():
    assert csv_filename(["5G基站", "山东省-广东省", "target", "2020-2025"]) == "facts_5G基站_山东省-广东省_target_2020-2025.csv"
    assert csv_filename(["a/b:c", "", None, "x y"]) == "facts_a-b-c_x-y.csv"
