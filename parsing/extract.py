"""Pipeline entry point: a document's text in, its articles and facts out.

(Interface fixed first so the store and dashboard can be built against it; the engine fills it in.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .fact import Fact


@dataclass
class Article:
    index: int                 # 0-based order inside the document
    title: str
    organisation: str | None   # 来源 organisation when stated
    first_line: int            # 1-based source lines covered
    last_line: int


@dataclass
class DocumentInfo:
    source: str                # file name
    title: str | None
    date: dt.date | None
    date_origin: str           # 'masthead' | 'date_line' | 'cli' | 'none'
    kind: str                  # 'newsletter' | 'release' | 'document'


@dataclass
class Extraction:
    document: DocumentInfo
    articles: list[Article]
    facts: list[Fact]
    warnings: list[str] = field(default_factory=list)


def extract_text(text: str, source: str, date: dt.date | None = None) -> Extraction:
    """Extract every in-scope fact from one document's decoded text."""
    raise NotImplementedError
