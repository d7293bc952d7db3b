"""Pipeline entry point: a document's text in, its articles and facts out.

normalise → documents (articles, date) → for each article, paragraph and sentence: the numbers kept by
scope (paragraph) → slots with lists and growth resolved (sentences) → each slot's indicator, region,
period and kind resolved from its clause, its sentence, then its article (context) → facts.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from ..fact import Fact
from ..knowledge import load_yaml
from .context.focus import find_focus
from .context.indicators import catalog
from .context.kinds import PLAN, RELEASE, article_kind, by_analyst
from .context.periods import TimeMention, find_times, topic_times
from .context.regions import gazetteer
from .context.resolve import ArticleContext
from .documents import ArticleSpan, DocumentLayout, split_articles
from .normalise import NormalisedText
from .facts import row_facts, slot_facts
from .normalise import layout_pattern, normalise
from .restatements import dated_restatements
from .marks import SENTENCE_END
from .paragraph import MAX_PARAGRAPH_CHARS, DocumentIndex, bounded
from .sentences import sentence_slots
from .tables import table_rows

# How many earlier paragraphs that state a time a number may take its date from.
_PARAGRAPH_LOOKBACK = 3
# The kinds of time that date the paragraphs after theirs (a base of comparison or a span's start do not).
_DATING = frozenset(("deadline", "plan_period", "as_of", "dated", "relative"))
# How much of a section's heading (一、政务服务“一网通办”; 一、生产情况。1—10月，…) names its theme.
_HEADING_CHARS = 30
_NUMERALS = frozenset("一二三四五六七八九十")


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
    date_origin: str           # 'header' | 'masthead' | 'date_line' | 'cli' | 'none'
    kind: str                  # 'newsletter' | 'plan' | 'release' | 'report' | 'news'


@dataclass
class Extraction:
    document: DocumentInfo
    articles: list[Article]
    facts: list[Fact]
    warnings: list[str] = field(default_factory=list)


def _article_facts(index: DocumentIndex, paragraphs, span: ArticleSpan, ctx: ArticleContext) -> list[Fact]:
    facts: list[Fact] = []
    history: list[list[TimeMention]] = []
    # Outside plans, the items of a list are stories of their own (1. 江西：… 2. 贵州：…到2027年… 3. 山西：
    # 已签约…): an item's numbers are dated by what came before the list, not by the items before it. A
    # plan's items share its horizon. Per marker style: how long the history was when its first item began.
    list_starts: dict[str, int] | None = {} if ctx.kind != PLAN else None
    list_item = layout_pattern("list_item", ctx.norm.plain).match
    theme = ctx.theme           # the key of the section's heading, else of the article's title
    first = bisect.bisect_left(paragraphs, (span.start, -1))
    last = bisect.bisect_left(paragraphs, (span.end, -1))
    article_paragraphs = bounded(paragraphs[first:last], index.text, MAX_PARAGRAPH_CHARS, SENTENCE_END)
    rows = {(row.start, row.end): row for row in table_rows(index.text, article_paragraphs)}
    for start, end in article_paragraphs:
        if span.title_start <= start < span.body_start and (start, end) != span.title_paragraph:
            continue
        # (plans read only a section's heading, which opens with a numeral: other paragraphs are not matched)
        item = list_item(index.text, start, end) if list_starts is not None or index.text[start] in _NUMERALS else None
        if list_starts is not None and item is not None:
            del history[list_starts.setdefault(item.lastgroup, len(history)):]
        if item is not None and item.lastgroup == "numeral":       # a section opens (一、…)
            theme = _heading_theme(index.text, start, end, ctx.theme)
        if (start, end) in rows:
            facts.extend(row_facts(ctx, rows[start, end], theme))
        elif index.holds_number(start, end):
            paragraph = index.paragraph(start, end)
            recent = history[-_PARAGRAPH_LOOKBACK:]
            for sentence in paragraph.sentences:
                for slot in sentence_slots(paragraph, sentence):
                    facts.extend(slot_facts(ctx, paragraph, recent, slot, sentence, theme))
        times = index.times_in(start, end)
        dating = [t for t in topic_times(index.text, start, times, gazetteer().find) if t.kind in _DATING] if times else []
        if dating:        # look back over paragraphs that state a time, however many plain ones lie between
            history.append(dating)
    return facts


def _heading_theme(text: str, start: int, end: int, article_theme: str) -> str:
    """The theme key a section's heading names (up to its first full stop), else the article's."""
    heading = text[start:min(end, start + _HEADING_CHARS)].split("。", 1)[0]
    key = catalog().key_for_phrase(heading)
    return article_theme if key == "other" else key


def _article_context(norm: NormalisedText, source: str, span: ArticleSpan, doc_date: dt.date | None) -> ArticleContext:
    """What the article as a whole says: its kind (from its title, else its lead), its focus region and
    the time its title states."""
    # The lead is the article's first paragraph: an organisation or plan named further on is a detail of
    # the story (各地政府相继出台…江西省政府…), not the one it is told for.
    body = norm.text[span.body_start:min(span.end, span.body_start + load_yaml("layout.yaml")["lead_chars"])]
    lead = body.lstrip().split("\n", 1)[0]
    kind = article_kind(span.title, lead)
    analyst = by_analyst(span.title)
    focus = find_focus(span.title, span.organisation, lead, norm.text[span.start:span.end],
                       lambda: gazetteer().find(norm.text, span.start, span.end), worldwide=analyst, site=span.site)
    # A plan's title dates its goals (…行动计划(2023—2025年)), a release's its figures (2022年前三季度…);
    # a year in a report's title is a theme (——2035年数字经济迈向繁荣成熟期), not a period.
    title_times = [t for t in find_times(span.title, 0, len(span.title), doc_date)
                   if t.year and kind in (PLAN, RELEASE)]
    return ArticleContext(norm, source, span.title, focus, gazetteer().get("全国"), kind, analyst,
                          title_times[-1] if title_times else None, doc_date, catalog().key_for_phrase(span.title))


def _document_kind(layout: DocumentLayout, contexts: list[ArticleContext]) -> str:
    return "newsletter" if layout.newsletter and len(contexts) > 1 else contexts[0].kind


def extract_text(text: str, source: str, date: dt.date | None = None) -> Extraction:
    """Extract every in-scope fact from one document's decoded text."""
    norm = normalise(text)
    layout = split_articles(norm)
    doc_date = date or layout.date
    origin = "cli" if date else layout.date_origin
    warnings = []
    if doc_date is None:
        warnings.append(f"{source}: no document date found (no masthead date, 日期 line or header); "
                        "relative periods such as 上半年 or 今年 are left without a year — pass --date")
    found, paragraphs = DocumentIndex(norm, doc_date), norm.paragraphs
    articles, facts, contexts = [], [], []
    for index, span in enumerate(layout.articles):
        last = max(span.start, span.end - 1)
        articles.append(Article(index, span.title, span.organisation, norm.line_at(span.start), norm.line_at(last)))
        ctx = _article_context(norm, source, span, doc_date)
        contexts.append(ctx)
        headline = norm.line_at(span.title_paragraph[0]) if span.title_paragraph else None
        facts.extend(dated_restatements(_article_facts(found, paragraphs, span, ctx), doc_date, headline))
    document = DocumentInfo(source, layout.title, doc_date, origin, _document_kind(layout, contexts))
    return Extraction(document, articles, facts, warnings)
