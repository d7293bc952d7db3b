"""Fact rows as readers see them: values as the source says them, periods, kinds and headings in the
reader's language, and the provenance (quote, article, document title, line)."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .formatting import readable_values
from .i18n import Translator
from .periods import read_period

# Columns shown under every chart, in order (FACTS.md names).
FACT_COLUMNS = ("value", "region", "year", "period", "kind", "quote", "article", "source", "line", "corrected")


def period_texts(facts: pd.DataFrame, lang: str) -> list[str]:
    return [read_period(period if isinstance(period, str) else None, None if pd.isna(year) else int(year), lang).text
            for period, year in zip(facts["period"], facts["year"])]


def facts_table(facts: pd.DataFrame, t: Translator, region_label: Callable[[str], str],
                document_title: Callable[[str], str] = str) -> pd.DataFrame:
    shown = pd.DataFrame({
        "value": readable_values(facts, t.lang),
        "region": [region_label(region) for region in facts["region"]],
        "year": facts["year"].astype("Int64"),
        "period": period_texts(facts, t.lang),
        "kind": [t.kind(k) for k in facts["kind"]],
        "quote": facts["quote"],
        "article": facts["article"],
        "source": [document_title(name) for name in facts["source"]],
        "line": facts["line"],
        "corrected": facts["corrected"].map({True: "✎", False: ""}),
    })
    return shown.rename(columns={c: t("document" if c == "source" else c) for c in FACT_COLUMNS})
