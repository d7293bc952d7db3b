"""Target Tracker's extraction engine, fact store and goal tracking.

The packages follow the flow of a document:
  extraction/  bytes → facts: read (bytes → text) → normalise (paragraphs + line map) → documents (articles,
               date) → numbers/units → scope → context (indicators, regions, periods, kinds) → assemble (facts)
  fact.py      the fact contract every package shares (FACTS.md)
  store/       facts → DuckDB: schema, write, ingest, catalogs; read side: queries, export
  targets/     goals from the store beside their actuals: goals, periods, progress, tracking
  evaluation/  extraction scored against hand-checked gold facts
  cli/         `python -m parsing extract|evaluate|ingest|export|targets|corrections|compile`
  compiled.py  the stages' optional Cython build, imported in place of the .py files when built from them

The entry points callers use are importable from here (`from parsing import extract_text`). They are
imported on first use: the extraction stages take a third of a second to import, which the dashboard and
the store commands should not pay for a name they do not touch.
"""
from __future__ import annotations

import importlib

from .compiled import use_build

# Before any stage is imported: the compiled stages when built from exactly this source (compiled.py).
use_build()

_ENTRY_POINTS = {
    "extract_text": "parsing.extraction",
    "Extraction": "parsing.extraction",
    "read_document": "parsing.extraction.read",
    "UnreadableDocument": "parsing.extraction.read",
    "Fact": "parsing.fact",
}
__all__ = sorted(_ENTRY_POINTS)


def __getattr__(name: str):
    if name not in _ENTRY_POINTS:
        raise AttributeError(f"module 'parsing' has no attribute {name!r}")
    return getattr(importlib.import_module(_ENTRY_POINTS[name]), name)
