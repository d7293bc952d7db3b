"""Stage 1: raw text → normalised paragraphs with a map from every character back to its source line.

PDF text dumps break sentences (and words, and units) across lines, put blank lines everywhere and
drop page numbers mid-sentence. This stage folds widths (NFKC, one character for one character so the
original text can still be quoted), converts traditional script to simplified for matching, drops page
numbers and furniture, and reflows broken lines into paragraphs separated by "\n".
"""
from __future__ import annotations

import bisect
import functools
import re
import statistics
import sys
import unicodedata
from dataclasses import dataclass

import opencc

from ..knowledge import pattern

LAYOUT = "layout.yaml"
# A numbered line this short with no clause punctuation is a heading (10、IDC：2025年全球…将达7920亿美元),
# never the first half of a wrapped sentence.
_HEADING_MAX = 60
_CLAUSE_MARK = re.compile(r"[,;。]")


@functools.cache
def _width_table() -> dict[int, str]:
    """NFKC mappings that replace one BMP character by one other (full-width forms, ideographic
    space, compatibility ideographs). Multi-character expansions are left alone so offsets stay 1:1."""
    table = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    for dash in "‐‑‒–—―－~～〜":      # dashes and tildes of ranges (3—5, 1~2) read alike downstream
        table[ord(dash)] = "—" if dash not in "~～〜" else "~"
    table[ord("—")] = "—"
    return table


@functools.cache
def _foldable() -> re.Pattern:
    """The characters _width_table changes: most text has few, so substituting only them is far
    cheaper than translating every character. (The standard `re` compiles a large character class
    into a bitmap and is ~15x faster than `regex` here.)"""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_width_table())) + "]")


def fold_widths(text: str) -> str:
    table = _width_table()
    return _foldable().sub(lambda m: table[ord(m.group())], text)


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _traditional() -> re.Pattern:
    """Characters OpenCC writes differently in simplified script, to skip conversion of text that has none."""
    ideographs = "".join(chr(c) for c in range(0x4E00, 0xA000))
    converted = _t2s().convert(ideographs)
    changed = [a for a, b in zip(ideographs, converted) if a != b] if len(converted) == len(ideographs) else []
    return re.compile("[" + "".join(changed) + "]") if changed else re.compile(r"[\u4E00-\u9FFF]")


def fold(text: str) -> str:
    """Width-fold and simplify `text` without changing its length."""
    return simplify(fold_widths(text))


def simplify(folded: str) -> str:
    """Traditional → simplified script, one character for one."""
    if not _traditional().search(folded):
        return folded
    simplified = _t2s().convert(folded)
    if len(simplified) == len(folded):
        return simplified
    # A phrase conversion changed length: fall back to character by character, keeping offsets.
    convert = _t2s().convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in folded)


@dataclass
class NormalisedText:
    """`text` is for matching; `display` holds the same characters as the source (same length) for quotes.
    Paragraphs are separated by "\\n"."""
    text: str
    display: str
    _seg_starts: list[int]
    _seg_lines: list[int]

    def line_at(self, offset: int) -> int:
        """1-based source line of the character at `offset`."""
        return self._seg_lines[bisect.bisect_right(self._seg_starts, offset) - 1]

    def paragraphs(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for end in _find_all(self.text, "\n"):
            if end > start:
                spans.append((start, end))
            start = end + 1
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans


def _find_all(text: str, char: str):
    index = text.find(char)
    while index != -1:
        yield index
        index = text.find(char, index + 1)


def _clean_lines(raw: str) -> list[tuple[int, str | None, str | None]]:
    """(source line, cleaned display text, its width-folded form) of the lines that carry text;
    None for furniture such as "扫描二维码阅读全文", which closes whatever paragraph came before it."""
    page_number = pattern(LAYOUT, "page_number")
    heading = pattern(LAYOUT, "markdown_heading")
    emphasis = pattern(LAYOUT, "markdown_emphasis")
    boilerplate = pattern(LAYOUT, "boilerplate")
    kept = []
    # Folding is one character for one, so the folded text splits into the same lines.
    for number, (line, folded) in enumerate(zip(raw.splitlines(), fold_widths(raw).splitlines()), start=1):
        line, folded = line.strip(), folded.strip()
        if not line:
            continue
        if page_number.match(folded):
            continue
        if boilerplate.match(folded):
            kept.append((number, None, None))
            continue
        if "#" in line or "*" in line:
            line = emphasis.sub("", heading.sub("", line)).strip()
            folded = fold_widths(line)
            if not line:
                continue
        kept.append((number, line, folded))
    return kept


def _wrap_width(lines) -> int:
    """The width at which the dump wrapped lines, when it did so regularly (else a width no line reaches)."""
    lengths = [len(text) for _, text, _ in lines if text and len(text) >= 20]
    if len(lengths) < 20:
        return sys.maxsize
    mode = statistics.mode(lengths)
    share = sum(1 for n in lengths if abs(n - mode) <= 1) / len(lengths)
    return mode - 2 if share >= 0.1 else sys.maxsize


def _continues(prev_folded: str, next_folded: str, wrap_width: int) -> bool:
    """Whether the line `next_folded` continues the sentence that `prev_folded` broke off."""
    if next_folded[0] in ",，、。;；:：)）]】》%":
        return True
    if pattern(LAYOUT, "paragraph_start").match(next_folded) or pattern(LAYOUT, "standalone").match(prev_folded):
        return False
    if pattern(LAYOUT, "sentence_end").search(prev_folded):
        return False
    if pattern(LAYOUT, "paragraph_start").match(prev_folded) and len(prev_folded) <= _HEADING_MAX \
            and not _CLAUSE_MARK.search(prev_folded):
        return False        # a numbered heading (一、总体思路和目标), not half a sentence
    if len(prev_folded) >= wrap_width:
        return True
    # A short line with no clause punctuation is a title, not half a sentence.
    return any(mark in prev_folded for mark in ",、。;") or len(prev_folded) > 60


def normalise(raw: str) -> NormalisedText:
    lines = _clean_lines(raw)
    wrap_width = _wrap_width(lines)
    parts: list[str] = []
    folded_parts: list[str] = []      # the same lines width-folded, so the text is folded only once
    seg_starts: list[int] = []
    seg_lines: list[int] = []
    offset = 0
    previous = None
    for number, text, folded in lines:
        if text is None:
            previous = "。" if previous is not None else None
            continue
        if previous is not None:
            if not _continues(previous, folded, wrap_width):
                parts.append("\n")
                folded_parts.append("\n")
                offset += 1
        seg_starts.append(offset)
        seg_lines.append(number)
        parts.append(text)
        folded_parts.append(folded)
        offset += len(text)
        previous = folded
    display = "".join(parts)
    return NormalisedText(simplify("".join(folded_parts)), display, seg_starts, seg_lines)
