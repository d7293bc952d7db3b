"""Documents as readers know them: a display title for each (the title the extractor's document model
stored — a newsletter's masthead issue, a page's title — else the file name), the note under a chart
naming the documents behind it, and a document's text read back for the Sources view."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from parsing.store import queries
from parsing.extraction.read import UnreadableDocument, decode_document

from .i18n import Translator

@dataclass(frozen=True)
class DocumentName:
    title: str          # display title; the file name when nothing better is known
    date: str           # 2023-07-28, or "" when undated
    file_name: str

    def label(self, lang: str = "zh") -> str:
        """《大数据发展动态》2023年第30期（2023-07-28） — title and date, as a source note lists it."""
        if not self.date:
            return self.title
        return f"{self.title} ({self.date})" if lang == "en" else f"{self.title}（{self.date}）"


@lru_cache(maxsize=256)
def _source_text(path: str, content_hash: str | None, mtime_ns: int) -> str | None:
    """The text of the file at `path` if its bytes are still those ingested (same sha256), else None."""
    try:
        data = Path(path).read_bytes()
        if content_hash and hashlib.sha256(data).hexdigest() != content_hash:
            return None
        return decode_document(path, data).text
    except (OSError, UnreadableDocument):
        return None


def source_text(path, content_hash) -> str | None:
    """The document's text as it was ingested, or None when the file is gone or has changed since."""
    if not isinstance(path, str):
        return None
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        return None
    return _source_text(path, content_hash if isinstance(content_hash, str) else None, mtime)


def document_names(con) -> dict[str, DocumentName]:
    """file name -> display name of every ingested document."""
    rows = con.execute("SELECT file_name, title, date FROM documents").df()
    names = {}
    for row in rows.itertuples():
        title = row.title if isinstance(row.title, str) and row.title else None
        date = "" if pd.isna(row.date) else pd.Timestamp(row.date).strftime("%Y-%m-%d")
        names[row.file_name] = DocumentName(title or row.file_name, date, row.file_name)
    return names


def source_note(file_names: Iterable[str], names: dict[str, DocumentName], t: Translator) -> str:
    """来源：《大数据发展动态》2023年第30期（2023-07-28）；… — the documents behind a chart, newest first."""
    known = {names.get(name) or DocumentName(name, "", name) for name in file_names}
    ordered = sorted(known, key=lambda doc: (doc.date, doc.title), reverse=True)
    return t("sources_note", documents=t("list_separator").join(doc.label(t.lang) for doc in ordered))


def series_sources(series: pd.DataFrame) -> list[str]:
    """Every document file name behind the rows of a `series` frame (its `sources` lists)."""
    return sorted({name for names in series["sources"] for name in (list(names) if names is not None else [])})


def document_table(con) -> pd.DataFrame:
    """queries.documents with the display title filled in."""
    documents = queries.documents(con)
    names = document_names(con)
    return documents.assign(title=[names[name].title for name in documents["file_name"]])
