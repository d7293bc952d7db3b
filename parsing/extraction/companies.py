"""Company figures: a fact measures a region (FACTS.md), so a named company's revenue, profit, shipments,
capacity, share price, market value or market share is none. The cues (data/cues.yaml `companies`) are
found once per paragraph that holds a number; a paragraph without any of their words is not searched.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from ..knowledge import alternation, compiled, load_yaml

_KINDS = ("subject", "measures", "ranking", "group")


class CompanyCue(NamedTuple):
    start: int
    end: int
    kind: str           # one of _KINDS


@functools.cache
def _rules() -> dict:
    cues = load_yaml("cues.yaml")["companies"]
    sources = {kind: cues[kind] if isinstance(cues[kind], str) else alternation(cues[kind]) for kind in _KINDS}
    return {"gate": tuple(cues["gate_words"]),
            "cue": compiled("|".join(f"(?P<{kind}>{source})" for kind, source in sources.items()))}


def company_cues(text: str, start: int, end: int) -> list[CompanyCue]:
    """The company cues in text[start:end], in order."""
    rules, piece = _rules(), text[start:end]
    if not any(word in piece for word in rules["gate"]):
        return []
    return [CompanyCue(m.start(), m.end(), m.lastgroup) for m in rules["cue"].finditer(text, start, end)]


def is_company_figure(cues: list[CompanyCue], number_start: int, clause_start: int, sentence_start: int,
                      names_region) -> bool:
    """Whether the number at `number_start` is a company's: a company measure in its clause, a ranking of
    vendors or a sum over the top companies before it in its sentence, or the company as the subject of a
    clause before it in its sentence with no region named between them (`names_region(start, end)`)."""
    for cue in reversed(cues):
        if cue.start >= number_start:
            continue
        if cue.start < sentence_start:
            return False
        if cue.kind == "measures":
            if cue.start >= clause_start:
                return True
        elif cue.kind == "subject":
            return not names_region(cue.end, number_start)
        else:
            return True
    return False
