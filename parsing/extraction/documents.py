"""Stage 2: a normalised document → its date, title and articles (title, 来源 organisation, editor's note).

Newsletters open with a masthead and a table of contents (本期要目) whose entries name the articles;
each article may be preceded by an editor's note (编者按) and closed by a source note ((来源：工信部)).
Newsletters without a contents table are split at their numbered item headings (1、…). A single document
(a saved page, a release, a plan) is one article: titled by its metadata header (标题: …) or by a short
first line, whose words are read for facts like the body's.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import regex

from ..knowledge import load_yaml
from .header import Header, read_header
from .normalise import NormalisedText, layout_pattern

LAYOUT = "layout.yaml"
_TITLE_MAX = 60
_MASTHEAD_REACH = 4000      # a masthead stands on the first page
_OPENING = 8
_NOT_TITLE_MARKS = "()（）《》“”\"'·:：,，、-—~"     # (2023 ~ 2025 年) = (2023—2025年)
_NOT_TITLE_CHARS = rf"[\s{re.escape(_NOT_TITLE_MARKS)}]"
# The characters dropped from titles to compare them; re reads the class alike on plain text (is_plain)
# and runs faster there.
_NOT_TITLE = {False: regex.compile(_NOT_TITLE_CHARS), True: re.compile(_NOT_TITLE_CHARS)}
_NUMBERED_TITLE = regex.compile(r"^\d{1,2}、")


@dataclass
class ArticleSpan:
    title: str
    start: int                 # offsets into NormalisedText.text (editor's note included)
    end: int
    body_start: int            # where the text after the title begins
    title_start: int = -1      # where the printed title begins
    organisation: str | None = None
    site: str | None = None    # the host name of the document's address (来源URL), when its header gives one
    has_editor_note: bool = False
    # The title paragraph read for facts (a single document's title states its headline figure); a
    # newsletter's article titles repeat their body and are not read.
    title_paragraph: tuple[int, int] | None = None


@dataclass
class DocumentLayout:
    date: dt.date | None
    date_origin: str           # 'header' | 'masthead' | 'date_line' | 'none'
    title: str | None
    articles: list[ArticleSpan]
    newsletter: bool = False   # articles listed by a contents table or numbered headings
    source: str | None = None  # the publisher a header names (来源: 温州日报)


def _compact(text: str, plain: bool = False) -> str:
    """`text` without the characters titles are compared without; `plain`: is_plain holds for it."""
    return _NOT_TITLE[plain].sub("", text)


def _as_date(match) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def masthead_title(text: NormalisedText) -> str | None:
    """A newsletter's name and issue from its masthead (《大数据发展动态》2023年第30期), or None."""
    match = layout_pattern("newsletter_masthead", text.plain).search(text.display, 0, _MASTHEAD_REACH)
    return load_yaml(LAYOUT)["newsletter_title"].format(**match.groupdict()) if match else None


def find_date(text: NormalisedText) -> tuple[dt.date | None, str]:
    """The masthead date in the document's opening, else the first date line (日期：…) anywhere."""
    for match in layout_pattern("masthead_date", text.plain).finditer(text.text, 0, _MASTHEAD_REACH):
        if found := _as_date(match):
            return found, "masthead"
    date_line = layout_pattern("date_line", text.plain)
    for start, end in text.paragraphs:
        if (match := date_line.match(text.text, start, end)) and (found := _as_date(match)):
            return found, "date_line"
    return None, "none"


def _toc_titles(text: NormalisedText, paragraphs) -> tuple[list[str], int]:
    """Titles listed in the contents table, and the index of the first paragraph after it."""
    marker, entry = layout_pattern("toc_marker", text.plain), layout_pattern("toc_entry", text.plain)
    for index, (start, end) in enumerate(paragraphs):
        if marker.match(text.text, start, end):
            titles, last = [], index
            for offset, (s, e) in enumerate(paragraphs[index + 1:index + 80], start=index + 1):
                if e - s > _TITLE_MAX or layout_pattern("editor_note", text.plain).match(text.text, s, e):
                    break
                found = entry.match(text.text, s, e)
                if found:
                    titles.append(found.group(2).strip())
                    last = offset
            return titles, last + 1
    return [], 0


def _offset_after_compact(text: str, start: int, end: int, count: int) -> int:
    """Offset in `text` just after the first `count` title characters from `start` (spaces and
    punctuation that _compact drops are skipped)."""
    seen = 0
    for offset in range(start, end):
        if not _NOT_TITLE[False].match(text[offset]):
            seen += 1
            if seen == count:
                return offset + 1
    return end


def _title_at(text, paragraphs, index, toc: dict[str, str], heads: set[str],
              head_starts: set[str]) -> tuple[str, int, int] | None:
    """If paragraph `index` opens a listed article: the article's title, how many paragraphs the
    printed title spans, and where the text after the title begins. `head_starts`: the first characters
    of `heads`, which a paragraph opening with a kept character must open with."""
    start, end = paragraphs[index]
    first = text.text[start]
    if first not in head_starts and first not in _NOT_TITLE_MARKS and not first.isspace():
        return None         # (most paragraphs: decided without compacting their opening)
    # Every way of matching shares a title's first four characters, which the paragraph's first few
    # characters almost always hold: most paragraphs are ruled out before more of them is compacted.
    opening = _compact(text.text[start:min(end, start + _OPENING)], text.plain)
    if len(opening) >= 4 and opening[:4] not in heads:
        return None
    # Titles are short: comparing the paragraph's opening is enough, and keeps long paragraphs cheap.
    head = _compact(text.text[start:min(end, start + _TITLE_MAX + 20)], text.plain)
    if len(head) < 4 or head[:4] not in heads:      # every way of matching shares the first characters
        return None
    if head in toc:
        return text.display[start:end], 1, end + 1
    if end - start <= _TITLE_MAX:
        if index + 1 < len(paragraphs) and any(t.startswith(head) for t in toc):
            s2, e2 = paragraphs[index + 1]
            if e2 - s2 <= _TITLE_MAX and head + _compact(text.text[s2:e2], text.plain) in toc:
                return text.display[start:end] + " " + text.display[s2:e2], 2, e2 + 1
        # A shortened printed title (数字经济发展情况报告 for 数字经济发展情况报告——2035年…).
        longer = [t for t in toc if t.startswith(head)] if len(head) >= 6 else []
        if len(longer) == 1:
            return toc[longer[0]], 1, end + 1
    # The title ran into the first sentence of the article when the dump lost the line between them.
    for compact_title, title in toc.items():
        if len(compact_title) >= 6 and head.startswith(compact_title):
            body = _offset_after_compact(text.text, start, end, len(compact_title))
            return text.display[start:body], 1, body
    return None


def _numbered_title(text, paragraphs, index) -> tuple[str, int] | None:
    start, end = paragraphs[index]
    if end - start > _TITLE_MAX:
        return None
    line = text.text[start:end]
    if _NUMBERED_TITLE.match(line) and not line.endswith("。"):
        return text.display[start:end], 1, end + 1
    return None


def _single_document(text: NormalisedText, paragraphs, header: Header | None) -> ArticleSpan:
    """The whole text as one article, titled by its header, else by a short first line (after the
    header, when a header gives no title)."""
    if header is not None and header.title:
        title_paragraph = next(((s, e) for s, e in paragraphs if header.title_span and s <= header.title_span[0] < e),
                               None)
        return ArticleSpan(header.title, 0, len(text.text), header.end + 1, title_start=0,
                           organisation=header.source, site=header.site, title_paragraph=title_paragraph)
    body = [(s, e) for s, e in paragraphs if header is None or s > header.end]
    source, site = (header.source, header.site) if header else (None, None)
    if body:
        start, end = body[0]
        first = text.text[start:end]
        if end - start <= _TITLE_MAX and not layout_pattern("sentence_end", text.plain).search(first):
            return ArticleSpan(text.display[start:end].strip(), 0, len(text.text), end + 1, title_start=0,
                               organisation=source, site=site, title_paragraph=(start, end))
    return ArticleSpan("", 0, len(text.text), header.end + 1 if header else 0, title_start=0, organisation=source,
                       site=site)


def split_articles(text: NormalisedText) -> DocumentLayout:
    paragraphs = text.paragraphs
    header = read_header(text, paragraphs)
    if header is not None and header.date is not None:
        date, origin = header.date, "header"
    else:
        date, origin = find_date(text)
    if header is not None:
        single = _single_document(text, paragraphs, header)
        return DocumentLayout(date, origin, single.title or None, [single], source=header.source)
    titles, body_index = _toc_titles(text, paragraphs)
    toc = {_compact(t, text.plain): t for t in titles}
    heads = {t[:4] for t in toc}
    head_starts = {head[0] for head in heads}
    editor_note, source_note = layout_pattern("editor_note", text.plain), layout_pattern("source_note", text.plain)
    source_note_word = load_yaml(LAYOUT)["source_note_word"]

    articles: list[ArticleSpan] = []
    pending_note: int | None = None
    last_note_end: int | None = None     # where the last source note seen in an article ends
    index = body_index
    while index < len(paragraphs):
        start, end = paragraphs[index]
        if editor_note.match(text.text, start, end):
            pending_note = start
            index += 1
            continue
        found = _title_at(text, paragraphs, index, toc, heads, head_starts) if toc else _numbered_title(text, paragraphs, index)
        if found and not (articles and _compact(found[0], text.plain) == _compact(articles[-1].title, text.plain)):
            title, span, body_start = found
            if articles:
                articles[-1].end = min(articles[-1].end, pending_note if pending_note is not None else start)
            articles.append(ArticleSpan(title, pending_note if pending_note is not None else start,
                                        len(text.text), body_start, title_start=start,
                                        has_editor_note=pending_note is not None))
            pending_note = None
            index += span
            continue
        note = source_note.search(text.text, start, end) if text.text.find(source_note_word, start, end) >= 0 else None
        if note and articles:
            if articles[-1].organisation is None:
                articles[-1].organisation = note.group(1) or None
            last_note_end = end
        index += 1

    if not articles:   # no recognisable structure: the whole text is one article
        if origin == "masthead":     # a newsletter's first line is its name, not an article's title
            return DocumentLayout(date, origin, masthead_title(text),
                                  [ArticleSpan("", 0, len(text.text), 0, title_start=0)])
        single = _single_document(text, paragraphs, None)
        return DocumentLayout(date, origin, single.title or None, [single])
    if last_note_end is not None and last_note_end > articles[-1].body_start:
        # The last article ends at its source note: what follows is the newsletter's back matter (the
        # publisher's and its partners' profiles), whose member counts are no facts of the article.
        articles[-1].end = min(articles[-1].end, last_note_end)
    doc_title = masthead_title(text) or (articles[0].title if len(articles) == 1 else None)
    return DocumentLayout(date, origin, doc_title or None, articles, newsletter=True)
