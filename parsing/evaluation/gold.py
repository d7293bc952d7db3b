"""Gold folders and the extractor's predictions for them.

A gold folder holds `<source>.jsonl` files of hand-checked facts. Each fact's source document is looked
for beside the gold (../shared/external keeps `eNN.txt` next to `eNN.jsonl`), then in the corpus folder
(../shared/gold's sources are the bundled newsletters). A document dates itself (masthead, 日期 header).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..extraction import extract_text
from ..extraction.read import UnreadableDocument, read_document


@dataclass
class GoldRun:
    """One gold folder scored: its facts, the predictions for their sources, each source's document kind."""
    folder: Path
    gold: list[dict]
    predicted: list[dict] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)       # source → document kind
    errors: list[str] = field(default_factory=list)           # sources that could not be read


def load_gold(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def source_path(source: str, folder: Path, corpus: Path) -> Path:
    beside = folder / source
    return beside if beside.is_file() else corpus / source


def run_gold(folder: Path, corpus: Path, gold: list[dict] | None = None) -> GoldRun:
    """Extract every source the folder's gold names (or the given subset's sources)."""
    run = GoldRun(folder, load_gold(folder) if gold is None else gold)
    for source in sorted({g["source"] for g in run.gold}):
        try:
            text = read_document(source_path(source, folder, corpus)).text
        except UnreadableDocument as error:
            run.errors.append(str(error))
            continue
        extraction = extract_text(text, source)
        run.kinds[source] = extraction.document.kind
        run.predicted.extend(f.to_dict() for f in extraction.facts)
    return run
