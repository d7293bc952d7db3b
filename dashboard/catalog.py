"""What can be chosen (indicators, regions, years), read once per database file and labelled per language."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from parsing.store import queries

from .formatting import scale_for
from .i18n import untranslated


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[str, ...]           # with facts, ordered by theme then most facts
    regions: tuple[str, ...]              # with facts (own or, for a province, its cities'), by level and code
    provinces: tuple[str, ...]            # province-level regions among them
    years: tuple[int, ...]
    english: dict[str, str]               # indicator or region name -> English name
    themes: dict[str, tuple[str, str]]    # indicator -> (theme zh, theme en)
    units: dict[str, str]                 # indicator -> its most common base unit
    levels: dict[str, str]                # region -> level (national, province, city, other, country…)

    @classmethod
    def load(cls, con) -> Catalog:
        indicators = queries.indicators(con)
        indicators = indicators[indicators["n_facts"] > 0]
        regions = queries.regions(con)
        regions = regions[regions["n_facts_with_cities"] > 0].drop_duplicates("region")
        english = {**_names(regions, "region"), **_names(indicators, "indicator")}
        return cls(
            indicators=tuple(indicators["indicator"]),
            regions=tuple(regions["region"]),
            provinces=tuple(regions.loc[regions["level"] == "province", "region"]),
            years=tuple(int(y) for y in queries.years(con)),
            english=english,
            themes={row.indicator: (_text(row.theme_zh, row.indicator_key), _text(row.theme_en, row.indicator_key))
                    for row in indicators.itertuples()},
            units={row.indicator: _text(row.unit_base, "") for row in indicators.itertuples()},
            levels=dict(zip(regions["region"], regions["level"])),
        )

    def label(self, name: str, lang: str) -> str:
        """A region's or indicator's name in the language; a name without English is marked untranslated."""
        if lang != "en":
            return name
        return self.english.get(name) or untranslated(name, lang)

    def indicator_choice_label(self, name: str, lang: str) -> str:
        """"【theme】indicator（unit）" / "[theme] indicator (unit)": the theme in front so the flat list reads
        as grouped."""
        theme = self.theme_label(name, lang)
        unit = self.units.get(name, "")
        label = self.label(name, lang)
        if lang == "en":
            unit = scale_for(None, unit, lang).unit(unit)   # RMB, %, people; "" for a counter
            return (f"[{theme}] " if theme and theme != label else "") + label + (f" ({unit})" if unit else "")
        return (f"【{theme}】" if theme and theme != label else "") + label + (f"（{unit}）" if unit else "")

    def theme_label(self, name: str, lang: str) -> str:
        theme_zh, theme_en = self.themes.get(name, ("", ""))
        return theme_en if lang == "en" else theme_zh

    def theme_order(self, name: str) -> int:
        return self.indicators.index(name) if name in self.indicators else len(self.indicators)


def _names(table: pd.DataFrame, key: str) -> dict[str, str]:
    return {name: english for name, english in zip(table[key], table["english"])
            if isinstance(english, str) and english}


def _text(value, fallback: str) -> str:
    return value if isinstance(value, str) and value else fallback
