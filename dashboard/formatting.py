"""Values as the source says them, in the reader's language: ≥20万个 / at least 200,000, 约60万亿元 /
about RMB 60 trillion, 3—5万个 / 30,000–50,000, 14.2%. The rules are data (units.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .i18n import untranslated

UNITS_PATH = Path(__file__).with_name("units.yaml")


@dataclass(frozen=True)
class Scale:
    """A display scale: divide base values by `factor`; `name` is the multiplier word (万, million)."""
    name: str
    factor: float
    lang: str = "zh"

    def unit(self, unit_base: str | None) -> str:
        """The unit of scaled values: 万个, 万亿元 / million, RMB trillion, %."""
        unit_base = unit_base or ""
        if self.lang != "en":
            return f"{self.name}{unit_base}"
        english = unit_english(unit_base)
        currency = _rules()["currency_en"].get(unit_base)
        return " ".join(part for part in (currency, self.name, english) if part)


@lru_cache(maxsize=1)
def _rules() -> dict:
    with UNITS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def unit_english(unit_base: str) -> str:
    """The English of a base unit ("" for a counter or a currency, which goes in front); marked untranslated
    when the units file does not know it."""
    rules = _rules()
    if unit_base in rules["currency_en"]:
        return ""
    known = rules["english"].get(unit_base)
    return known if known is not None else untranslated(unit_base, "en")


def scale_for(magnitude: float | None, unit_base: str | None, lang: str = "zh") -> Scale:
    """The largest multiplier of the language that `magnitude` (in base units) reaches, for a unit that takes one."""
    rules = _rules()
    lang = "en" if lang == "en" else "zh"
    if _missing(magnitude) or not unit_base or unit_base not in rules["scalable_units"]:
        return _scale("", 1.0, lang)
    for step in rules["multipliers"][lang]:
        if abs(magnitude) >= step["factor"]:
            return _scale(step["name"], step["factor"], lang)
    return _scale("", 1.0, lang)


@lru_cache(maxsize=64)
def _scale(name: str, factor: float, lang: str) -> Scale:
    """The few scales there are, made once: a table or chart asks for one per value, thousands a run."""
    return Scale(name, factor, lang)


def number_text(number: float, lang: str = "zh") -> str:
    """A number rounded to the configured decimals, trailing zeros dropped; English groups thousands."""
    grouping = "," if lang == "en" else ""
    text = f"{number:{grouping}.{_rules()['decimals']}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value_base: float | None, unit_base: str | None, value_high_base: float | None = None,
                 comparator: str | None = None, lang: str = "zh") -> str:
    """Readable text for one value (or range) in base units with its comparator:
    format_value(200000, '个', comparator='>=') == '≥20万个'; in English 'at least 200,000'."""
    if _missing(value_base):
        return ""
    unit_base = unit_base or ""
    has_high = not _missing(value_high_base)
    rules = _rules()
    scale = scale_for(max(abs(value_base), abs(value_high_base) if has_high else 0), unit_base, lang)
    text = number_text(value_base / scale.factor, lang)
    if has_high:
        text += rules["range_dash"][scale.lang] + number_text(value_high_base / scale.factor, lang)
    sign = rules["comparators"].get(comparator or "=", {}).get(scale.lang, "")
    return sign + _with_unit(text, scale, unit_base)


def _with_unit(number: str, scale: Scale, unit_base: str) -> str:
    if scale.lang != "en":
        return number + scale.unit(unit_base)
    currency = _rules()["currency_en"].get(unit_base)
    after = " ".join(part for part in (scale.name, unit_english(unit_base)) if part)
    text = f"{currency} {number}" if currency else number
    if not after:
        return text
    return text + after if after == "%" else f"{text} {after}"


def readable_values(rows, lang: str = "zh") -> list[str]:
    """format_value for each row of a facts/series frame, with its comparator; value_high is raw like value,
    so it is brought to base units with the row's own multiplier (value_base / value). Columns are read
    as plain lists first: iterating pandas' string arrays item by item costs more than the formatting."""
    comparators = rows["comparator"].tolist() if "comparator" in rows else [None] * len(rows)
    texts = []
    for value, high, base, unit, comparator in zip(rows["value"].tolist(), rows["value_high"].tolist(),
                                                   rows["value_base"].tolist(), rows["unit_base"].tolist(),
                                                   comparators):
        high_base = None if _missing(high) or not value else high * base / value
        texts.append(format_value(base, unit if isinstance(unit, str) else None, high_base,
                                  comparator if isinstance(comparator, str) else None, lang))
    return texts


def _missing(number) -> bool:
    """None, NaN or pd.NA (a float NaN is the only value unequal to itself)."""
    return number is None or number is pd.NA or number != number
