"""What every view's `render(ctx)` receives."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .catalog import Catalog
from .i18n import Translator


@dataclass
class ViewContext:
    con: duckdb.DuckDBPyConnection   # read-only cursor for this run; pass it to parsing.store.queries
    catalog: Catalog                 # indicators, regions, years of the open database
    t: Translator                    # t(label key) in the chosen language; t.lang is "zh" or "en"

    def region_label(self, name: str) -> str:
        return self.catalog.label(name, self.t.lang)

    def indicator_label(self, name: str) -> str:
        return self.catalog.label(name, self.t.lang)
