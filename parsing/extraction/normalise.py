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
import warnings
from dataclasses import dataclass, field

import opencc
import regex

from ..knowledge import load_yaml, pattern
from .marks import PHRASE_MARK

LAYOUT = "layout.yaml"
# A numbered line this short with no clause punctuation is a heading (10、IDC：2025年全球…将达7920亿美元),
# never the first half of a wrapped sentence.
_HEADING_MAX = 60
_CLAUSE_MARK = re.compile(r"[,;。]")
# Pattern syntax that re accepts but reads differently from regex (Unicode word characters, fuzzy
# matching): a pattern using it is left to regex.
_REGEX_ONLY = ("\\w", "\\W", "\\b", "\\B", "{e")


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
def _changes() -> dict[str, str]:
    """The entries of _width_table that change their character, keyed by the character."""
    return {chr(code): folded for code, folded in _width_table().items() if chr(code) != folded}


@functools.cache
def _changeable() -> re.Pattern:
    """The characters _changes replaces. (The standard `re` compiles a large character class into a
    bitmap and is ~15x faster than `regex` here.)"""
    return _char_class(_changes())


@functools.cache
def _replace_order(char: str) -> int:
    """When characters are replaced one after another, one whose replacement is itself replaced
    (︲ → – → —) goes after it, so that each character is folded once, as a single pass would."""
    target = _changes()[char]
    return _replace_order(target) + 1 if target in _changes() else 0


# Up to this many distinct characters to fold, str.replace per character (a fast scan each) beats one
# str.translate (a dictionary look-up per character of the text); a text has a handful (，：（）).
_REPLACE_MAX = 16


def fold_widths(text: str) -> str:
    return _fold_present(text, set(_changeable().findall(text)))


def _fold_present(text: str, present: set[str]) -> str:
    """`text` width-folded, `present` being the characters of it that _changes replaces."""
    changes = _changes()
    if len(present) > _REPLACE_MAX:
        return text.translate({ord(char): changes[char] for char in present})
    for char in sorted(present, key=_replace_order):
        text = text.replace(char, changes[char])
    return text


def _fold_scanning_script(raw: str) -> tuple[str, bool]:
    """fold_widths(raw), and whether the folded text may hold a character simplify converts, from one
    scan of `raw` for both sets of characters instead of a scan for each (a scan costs as much as the
    rest of the reflow): a folded character is traditional when its folding is."""
    found = {char for char in _frequent_width_forms() if char in raw}
    found.update(_rare_foldable_or_traditional().findall(raw))
    changes, traditional = _changes(), _traditional_chars()
    present = {char for char in found if char in changes}
    return _fold_present(raw, present), any(changes.get(char, char) in traditional for char in found)


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _traditional_chars() -> frozenset[str]:
    """Characters OpenCC writes differently in simplified script, to skip conversion of text that has none
    (every ideograph, should a conversion change the text's length)."""
    ideographs = "".join(chr(c) for c in range(0x4E00, 0xA000))
    converted = _t2s().convert(ideographs)
    if len(converted) != len(ideographs):
        return frozenset(ideographs)
    return frozenset(a for a, b in zip(ideographs, converted) if a != b)


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(chars)) + "]")


@functools.cache
def _traditional() -> re.Pattern:
    return _char_class(_traditional_chars())


@functools.cache
def _frequent_width_forms() -> str:
    """The width forms of nearly every Chinese text (，（）；：), looked for by a substring test each: a
    character scan that matched every comma would spend more on its thousands of matches than on reading."""
    return "".join(char for char in load_yaml(LAYOUT)["frequent_width_forms"] if char in _changes())


@functools.cache
def _rare_foldable_or_traditional() -> re.Pattern:
    return _char_class((_traditional_chars() | set(_changes())) - set(_frequent_width_forms()))


def fold(text: str) -> str:
    """Width-fold and simplify `text` without changing its length."""
    return simplify(fold_widths(text))


def simplify(folded: str) -> str:
    """Traditional → simplified script, one character for one. Only the paragraphs holding a character
    OpenCC writes differently are converted (a simplified text quoting one traditional name converts
    one paragraph, not the whole text): OpenCC's phrases never span a line break, so a paragraph
    converts alone as it does within the whole text."""
    search = _traditional().search
    parts, done = [], 0
    while (found := search(folded, done)) is not None:
        newline = folded.rfind("\n", done, found.start())
        start = newline + 1 if newline >= 0 else done
        end = folded.find("\n", found.end())
        end = len(folded) if end < 0 else end
        parts += (folded[done:start], _simplified(folded[start:end]))
        done = end
    return "".join(parts) + folded[done:] if parts else folded


def _simplified(folded: str) -> str:
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
    # is_plain of both texts: later stages may then match layout patterns with re (layout_pattern).
    plain: bool = field(default=False, compare=False, repr=False)

    def line_at(self, offset: int) -> int:
        """1-based source line of the character at `offset` (line 1 in a text that normalised to nothing,
        such as a lone page number)."""
        if not self._seg_starts:
            return 1
        return self._seg_lines[bisect.bisect_right(self._seg_starts, offset) - 1]

    @functools.cached_property
    def paragraphs(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each paragraph; the article split and the fact loop both walk them."""
        spans, start = [], 0
        for paragraph in self.text.split("\n"):
            if paragraph:
                spans.append((start, start + len(paragraph)))
            start += len(paragraph) + 1
        return tuple(spans)


def is_plain(text: str) -> bool:
    """Whether re and regex read the layout patterns alike on `text`: it holds none of U+001C–U+001F
    (re's \\s takes them, regex's does not) and nothing beyond the BMP (where regex's newer Unicode
    tables know more \\d digits than Python's)."""
    return (not any(separator in text for separator in "\x1c\x1d\x1e\x1f")
            and len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text))


@functools.cache
def layout_pattern(key: str, plain: bool) -> re.Pattern | regex.Pattern:
    """pattern(LAYOUT, key), for plain text (is_plain) compiled by the standard library's re where the
    pattern allows: it then matches alike, two to three times faster on a short line."""
    source = load_yaml(LAYOUT)[key]
    if plain and not any(token in source for token in _REGEX_ONLY):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")      # re's warning of a set that regex reads as nested
                return re.compile(source, re.VERBOSE | re.MULTILINE)
        except (re.error, FutureWarning):
            pass
    return pattern(LAYOUT, key)


def _clean_lines(raw: str, folded_raw: str, plain: bool) -> list[tuple[int, str | None, str | None]]:
    """(source line, cleaned display text, its width-folded form) of the lines that carry text;
    None for furniture such as "扫描二维码阅读全文", which closes whatever paragraph came before it.
    `folded_raw`: fold_widths(raw); `plain`: is_plain(raw)."""
    page_number = layout_pattern("page_number", plain).match
    boilerplate = layout_pattern("boilerplate", plain).match
    heading = layout_pattern("markdown_heading", plain)
    emphasis = layout_pattern("markdown_emphasis", plain)
    kept = []
    # Folding is one character for one and keeps whitespace whitespace, so the folded text splits
    # into the same lines, blank where the source is blank: a line's source is the same stretch of raw.
    end = 0
    for number, folded in enumerate(folded_raw.splitlines(keepends=True), start=1):
        start, end = end, end + len(folded)
        folded = folded.strip()
        if not folded or page_number(folded):
            continue
        if boilerplate(folded):
            kept.append((number, None, None))
            continue
        line = raw[start:end].strip()
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


class _Reflow:
    """Whether a line continues the sentence the line before broke off, for one text (its layout patterns
    looked up once, not for every line)."""

    def __init__(self, plain: bool, wrap_width: int):
        self._standalone = layout_pattern("standalone", plain).match
        # (anchored at the line's end: searched from there, one attempt for most lines, instead of one
        # at each of its hundred characters)
        self._sentence_end = pattern(LAYOUT, "sentence_end", backwards=True).search
        self._sentence_end_chars = load_yaml(LAYOUT)["sentence_end_chars"]
        self._wrap_width = wrap_width

    def continues(self, prev_folded: str, prev_numbered: bool, next_folded: str, next_numbered: bool) -> bool:
        """`*_numbered`: whether the line opens like a paragraph (一、 (1) 编者按 …)."""
        if next_folded[0] in ",，、。;；:：)）]】》%":
            return True
        if next_numbered or self._standalone(prev_folded) or (
                prev_folded[-1] in self._sentence_end_chars and self._sentence_end(prev_folded)):
            return False
        if prev_numbered and len(prev_folded) <= _HEADING_MAX and not _CLAUSE_MARK.search(prev_folded):
            return False        # a numbered heading (一、总体思路和目标), not half a sentence
        if len(prev_folded) >= self._wrap_width:
            return True
        # A short line with no clause punctuation is a title, not half a sentence.
        return PHRASE_MARK.search(prev_folded) is not None or len(prev_folded) > 60


def normalise(raw: str) -> NormalisedText:
    plain = is_plain(raw)
    folded_raw, may_be_traditional = _fold_scanning_script(raw)
    lines = _clean_lines(raw, folded_raw, plain)
    continues = _Reflow(plain, _wrap_width(lines)).continues
    paragraph_start = layout_pattern("paragraph_start", plain).match
    closed = "。"        # what furniture leaves of the line before it: a closed sentence
    parts: list[str] = []
    folded_parts: list[str] = []      # the same lines width-folded, so the text is folded only once
    seg_starts: list[int] = []
    seg_lines: list[int] = []
    offset = 0
    previous = None
    previous_numbered = False
    for number, text, folded in lines:
        if text is None:
            if previous is not None:
                previous, previous_numbered = closed, paragraph_start(closed) is not None
            continue
        numbered = paragraph_start(folded) is not None
        if previous is not None and not continues(previous, previous_numbered, folded, numbered):
            parts.append("\n")
            folded_parts.append("\n")
            offset += 1
        seg_starts.append(offset)
        seg_lines.append(number)
        parts.append(text)
        folded_parts.append(folded)
        offset += len(text)
        previous, previous_numbered = folded, numbered
    display = "".join(parts)
    folded_text = "".join(folded_parts)
    text = simplify(folded_text) if may_be_traditional else folded_text
    # The display holds the source's characters; the text, when simplified, may hold others.
    plain = plain and (text == folded_text or is_plain(text))
    return NormalisedText(text, display, seg_starts, seg_lines, plain)
