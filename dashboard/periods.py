"""A fact's period (FACTS.md: 2025 · 2023H1 · 2023-01..2023-05 · as of 2022-07 · annual 2022-2025 …) in the
reader's language, and which part of a year it covers. The vocabulary and its readings are data (periods.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from .i18n import untranslated

PERIODS_PATH = Path(__file__).with_name("periods.yaml")


@dataclass(frozen=True)
class PeriodReading:
    text: str          # the whole period: 2023年1—5月 / Jan–May 2023
    part: str | None   # the part of a year it covers (1—5月 / Jan–May), None for a year, a level or a deadline


@lru_cache(maxsize=1)
def _rules() -> tuple[dict, list[tuple[regex.Pattern, dict]]]:
    with PERIODS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data, [(regex.compile(rule["regex"]), rule) for rule in data["patterns"]]


@lru_cache(maxsize=4096)
def read_period(period: str | None, year: int | None, lang: str) -> PeriodReading:
    """The period as the reader's language says it; a period the vocabulary does not know is shown as it is,
    marked untranslated; a fact with only a year reads as that year."""
    lang = "en" if lang == "en" else "zh"
    data, rules = _rules()
    text = (period or "").strip()
    if not text:
        return read_period(str(int(year)), None, lang) if year is not None else PeriodReading("", None)
    for pattern, rule in rules:
        match = pattern.fullmatch(text)
        if match:
            fields = {name: value for name, value in match.groupdict().items() if value is not None}
            part = rule.get("part")
            return PeriodReading(_fill(rule[lang], fields, data), _fill(part[lang], fields, data) if part else None)
    return PeriodReading(untranslated(text, lang) if lang == "zh" else text, None)


def _fill(template: str, fields: dict[str, str], data: dict) -> str:
    values = dict(fields)
    for name, value in fields.items():
        if name.startswith("m"):
            month = int(value)
            values[name], values[f"{name}_en"] = str(month), data["month_en"][month - 1]
        elif name == "q":
            values["q_zh"] = data["number_zh"][int(value) - 1]
    return template.format(**values)


def month_label(year: int, month: int, lang: str) -> str:
    """A month on a time axis: 2023年5月 / May 2023."""
    return read_period(f"{year}-{month:02d}", year, lang).text
