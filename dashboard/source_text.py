"""A document's text as HTML with every extracted number marked, each mark reachable from a list of the
facts (one click from a fact to its place in the text). All text is escaped: documents and quotes are data."""
from __future__ import annotations

import bisect
import html
from collections.abc import Callable

import pandas as pd
import regex

# Lines before a fact's line (its paragraph may start earlier) and after it (a reflowed paragraph runs on)
# searched for its number.
LINES_BEFORE, LINES_AFTER = 2, 20


def number_pattern(value: float, unit_raw: str | None) -> regex.Pattern:
    """The number as written (4762, 20.2, 1,200, with spaces before the unit) followed by its unit."""
    digits = f"{float(value):f}".rstrip("0").rstrip(".")
    whole, _, decimals = digits.partition(".")
    grouped = r",?".join(regex.escape(ch) for ch in whole)
    number = grouped + (r"\." + regex.escape(decimals) if decimals else "")
    unit = r"\s*" + regex.escape(unit_raw) if unit_raw else ""
    return regex.compile(rf"(?<![\d.]){number}(?![\d]){unit}")


def fact_spans(text: str, facts: pd.DataFrame) -> dict[int, tuple[int, int]]:
    """fact_id -> (start, end) of its number in `text` near its line (else its quote); facts found nowhere
    are left out. Two facts on one span keep the first."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    spans, taken = {}, []
    for fact in facts.itertuples():
        line = int(fact.line) - 1
        lo = line_starts[max(0, min(line - LINES_BEFORE, len(line_starts) - 1))]
        hi = line_starts[line + LINES_AFTER] if line + LINES_AFTER < len(line_starts) else len(text)
        quote = fact.quote if isinstance(fact.quote, str) else ""
        at = text.find(quote, lo, hi) if quote else -1
        where = (at, at + len(quote)) if at >= 0 else (lo, hi)
        found = None
        if not pd.isna(fact.value):
            match = number_pattern(fact.value, fact.unit_raw if isinstance(fact.unit_raw, str) else None) \
                .search(text, where[0], where[1])
            found = match.span() if match else None
        if found is None and at >= 0:
            found = where
        if found is None or any(s < found[1] and found[0] < e for s, e in taken):
            continue
        bisect.insort(taken, found)
        spans[int(fact.fact_id)] = found
    return spans


def marked_html(text: str, spans: dict[int, tuple[int, int]], tooltip: Callable[[int], str]) -> str:
    """The text, escaped, with <mark id="fact-N"> around each span; line breaks kept."""
    parts, at = [], 0
    for fact_id, (start, end) in sorted(spans.items(), key=lambda item: item[1]):
        parts.append(html.escape(text[at:start]))
        parts.append(f'<mark id="fact-{fact_id}" title="{html.escape(tooltip(fact_id), quote=True)}">'
                     f'{html.escape(text[start:end])}</mark>')
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")


def fact_links_html(items: list[tuple[int, str]]) -> str:
    """A list of links, one per fact, each jumping to its mark in the text."""
    return "".join(f'<li><a href="#fact-{fact_id}">{html.escape(label)}</a></li>' for fact_id, label in items)
