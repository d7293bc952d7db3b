"""Figures that measure no region, so no facts (FACTS.md: a fact measures a region): a named company's
revenue, profit, shipments, capacity, share price, market value or market share, and the size of a survey's
sample. Their words (data/cues.yaml `no_region`) are found with the paragraph's other cue words, in its one
pass (Paragraph.cues); the company patterns run only around the company words of a paragraph whose number
has one before it in its sentence, once.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from ..knowledge import alternation, compiled, load_yaml

_COMPANY_CUES = ("subject", "measures", "ranking", "group")


class CompanyCue(NamedTuple):
    start: int
    end: int
    kind: str           # one of _COMPANY_CUES


@functools.cache
def _rules() -> dict:
    cues = load_yaml("cues.yaml")["no_region"]
    sources = {kind: cues[kind] if isinstance(cues[kind], str) else alternation(cues[kind]) for kind in _COMPANY_CUES}
    return {"cue": compiled("|".join(f"(?P<{kind}>{source})" for kind, source in sources.items())),
            "survey_reach": cues["survey_reach"], "company_reach": cues["company_reach"]}


def word_lists() -> dict[str, list[str]]:
    """The plain words this module asks a paragraph's cues about (found in Paragraph.cues' one pass)."""
    cues = load_yaml("cues.yaml")["no_region"]
    return {"company_words": cues["company_words"], "survey_words": cues["survey_words"]}


def company_cues(text: str, start: int, end: int, words: list[tuple[int, int]]) -> list[CompanyCue]:
    """The company cues in text[start:end] that hold one of the company `words` (their spans), in order:
    each is looked for only within reach of its word, not over the whole paragraph."""
    rules, found = _rules(), {}
    reach = rules["company_reach"]
    for word_start, word_end in words:
        for m in rules["cue"].finditer(text, max(start, word_start - reach), min(end, word_end + reach)):
            if m.start() < word_end and word_start < m.end():
                found[m.start()] = CompanyCue(m.start(), m.end(), m.lastgroup)
    return sorted(found.values())


def measures_no_region(paragraph, slot, sentence: tuple[int, int]) -> bool:
    """Whether the slot's number is a survey's sample (a count with a survey word in its clause) or a
    company's figure (is_company_figure)."""
    mention, cues = slot.mention, paragraph.cues
    surveys, companies = cues.of("survey_words"), cues.of("company_words")
    if not surveys and not companies:
        return False        # most paragraphs: neither
    counter = not mention.is_percent and mention.unit_base not in ("元", "美元")
    reach = min(slot.clause[1], mention.end + _rules()["survey_reach"])
    if surveys and counter and cues.within("survey_words", (slot.clause[0], reach)):
        return True
    if not companies or not cues.within("company_words", (sentence[0], mention.start)):
        return False
    return is_company_figure(paragraph.companies, mention.digits_start, slot.clause[0], sentence[0],
                             lambda start, end: bool(paragraph.regions_within(start, end)))


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
