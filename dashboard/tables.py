"""Fact rows as readers see them: formatted values, translated kinds and headings, the provenance."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .formatting import readable_values
from .i18n import Translator

# Columns shown under every chart, in order (FACTS.md names).
FACT_COLUMNS = ("value", "region", "year", "kind", "period", "quote", "article", "source", "line", "corrected")


def facts_table(facts: pd.DataFrame, t: Translator, region_label: Callable[[str], str]) -> pd.DataFrame:
    shown = pd.DataFrame({
        "value": readable_values(facts),
        "region": [region_label(region) for region in facts["region"]],
        "year": facts["year"].astype("Int64"),
        "kind": [t.kind(k) for k in facts["kind"]],
        "period": facts["period"],
        "quote": facts["quote"],
        "article": facts["article"],
        "source": facts["source"],
        "line": facts["line"],
        "corrected": facts["corrected"].map({True: "✎", False: ""}),
    })
    return shown.rename(columns={c: t("document" if c == "source" else c) for c in FACT_COLUMNS})
