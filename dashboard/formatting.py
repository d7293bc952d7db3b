"""Values in the units people read: 196.8万个, 5.52万亿元, 14.2%."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

UNITS_PATH = Path(__file__).with_name("units.yaml")


@dataclass(frozen=True)
class Scale:
    """A display scale: divide base values by `factor` and write `prefix` before the base unit."""
    prefix: str
    factor: float

    def unit(self, unit_base: str) -> str:
        return f"{self.prefix}{unit_base}"


PLAIN = Scale("", 1.0)


@lru_cache(maxsize=1)
def _rules() -> dict:
    with UNITS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def scale_for(magnitude: float | None, unit_base: str | None) -> Scale:
    """The largest multiplier that `magnitude` (in base units) reaches, for a unit that takes one."""
    rules = _rules()
    if _missing(magnitude) or not unit_base or unit_base not in rules["scalable_units"]:
        return PLAIN
    for step in rules["multipliers"]:
        if abs(magnitude) >= step["factor"]:
            return Scale(step["name"], step["factor"])
    return PLAIN


def number_text(number: float) -> str:
    """A number rounded to the configured decimals, trailing zeros dropped, thousands unseparated."""
    text = f"{number:.{_rules()['decimals']}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value_base: float | None, unit_base: str | None, value_high_base: float | None = None) -> str:
    """Readable text for one value (or range) in base units: format_value(1968000, '个') == '196.8万个'."""
    if _missing(value_base):
        return ""
    unit_base = unit_base or ""
    scale = scale_for(value_base, unit_base)
    text = number_text(value_base / scale.factor)
    if not _missing(value_high_base):
        text += "–" + number_text(value_high_base / scale.factor)
    return text + scale.unit(unit_base)


def readable_values(rows) -> list[str]:
    """format_value for each row of a facts/series frame; value_high is raw like value, so it is
    brought to base units with the row's own multiplier (value_base / value)."""
    texts = []
    for value, high, base, unit in zip(rows["value"], rows["value_high"], rows["value_base"], rows["unit_base"]):
        high_base = None if _missing(high) or not value else high * base / value
        texts.append(format_value(base, unit, high_base))
    return texts


def _missing(number) -> bool:
    return number is None or bool(pd.isna(number))
