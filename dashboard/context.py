"""What every view's `render(ctx)` receives."""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from .catalog import Catalog
from .documents import DocumentName, document_names, source_note
from .i18n import Translator


@dataclass
class ViewContext:
    con: duckdb.DuckDBPyConnection   # read-only cursor for this run; pass it to parsing.store.queries
    catalog: Catalog                 # indicators, regions, years of the open database
    t: Translator                    # t(label key) in the chosen language; t.lang is "zh" or "en"
    stamp: tuple | None = None       # the store's path and file stamp (dashboard.store_reads caches by it)
    _documents: dict[str, DocumentName] | None = field(default=None, repr=False)

    def region_label(self, name: str) -> str:
        return self.catalog.label(name, self.t.lang)

    def indicator_label(self, name: str) -> str:
        return self.catalog.label(name, self.t.lang)

    @property
    def documents(self) -> dict[str, DocumentName]:
        """file name -> display title and date of every document (read once per run)."""
        if self._documents is None:
            self._documents = document_names(self.con)
        return self._documents

    def document_title(self, file_name: str) -> str:
        known = self.documents.get(file_name)
        return known.title if known else file_name

    def source_note(self, file_names) -> str:
        """The note under a chart: the documents behind its points, with their dates."""
        return source_note(file_names, self.documents, self.t)
