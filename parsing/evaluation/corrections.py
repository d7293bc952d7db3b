"""Which corrections the current extractor would no longer need (`python -m parsing evaluate --corrections`).

The documents the corrections name are extracted afresh into a throw-away in-memory store and the
corrections applied there exactly as an ingest applies them. A correction is no longer needed when the
fact it finds already has the corrected value, or, for a rejection, when the extractor no longer yields
the fact at all.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from ..extraction import extract_text
from ..extraction.read import UnreadableDocument, read_document
from ..store import write
from ..store.catalogs import DATA_DIR, load_catalogs
from ..store.corrections import Correction
from ..store.corrections_apply import apply_corrections, correction_states

VERDICTS = ("no longer needed", "still needed", "orphaned", "document missing")


def correction_verdicts(corrections: list[Correction], corpus: Path,
                        catalog_dir: Path = DATA_DIR) -> list[tuple[Correction, str]]:
    """Each correction with one of VERDICTS."""
    con = duckdb.connect()
    try:
        write.create_schema(con)
        load_catalogs(con, catalog_dir)
        readable = {source for source in {c.source for c in corrections} if _ingest(con, corpus / source)}
        apply_corrections(con, corrections)
        states = correction_states(con)
    finally:
        con.close()
    return [(correction, _verdict(correction, row, readable))
            for correction, (_, row) in zip(corrections, states.iterrows())]


def summary(verdicts: list[tuple[Correction, str]]) -> str:
    counts = Counter(verdict for _, verdict in verdicts)
    return f"corrections {len(verdicts)}: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS)


def _ingest(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    try:
        source = read_document(path)
    except UnreadableDocument:
        return False
    stored = write.StoredFile(file_name=path.name, path=str(path), content_hash="", n_bytes=0,
                              format=source.format, encoding=source.encoding)
    write.write_document(con, stored, extract_text(source.text, path.name))
    return True


def _verdict(correction: Correction, row, readable: set[str]) -> str:
    if correction.source not in readable:
        return "document missing"
    if row["state"] == "orphaned":
        return "no longer needed" if correction.field == "reject" else "orphaned"
    if correction.field == "reject":
        return "still needed"
    extracted = row[f"extracted_{correction.field}"]
    if correction.field == "value_base":
        agrees = math.isclose(extracted, float(correction.new_value), rel_tol=0.005)
    elif correction.field == "year":
        agrees = not pd.isna(extracted) and int(extracted) == int(correction.new_value)
    else:
        agrees = str(extracted) == correction.new_value
    return "no longer needed" if agrees else "still needed"
