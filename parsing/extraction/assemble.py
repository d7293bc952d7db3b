"""Pipeline entry point: a document's text in, its articles and facts out.

normalise → documents (articles, date) → numbers → scope → for each kept number: indicator, region,
period, kind, growth — resolved from its clause, its sentence, then its article — → facts.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field

import regex

from .documents import ArticleSpan, split_articles
from ..fact import Fact
from .context.indicators import Indicator, catalog
from .context.kinds import PLAN, RELEASE, article_kind, decide_kind, goal_comparator
from ..knowledge import load_yaml
from .normalise import NormalisedText, normalise
from .numbers import NumberMention, find_numbers
from .context.periods import TimeMention, find_times
from .context.regions import Region, RegionMention, aggregate_mentions, gazetteer, region_of_title
from .scope import out_of_scope, title_spans

_SENTENCE_END = regex.compile(r"[。！？；;!?]")
_CLAUSE_END = regex.compile(r"[，,：:。！？；;!?]")
_LIST_WITH_COMMAS = regex.compile(r"^[\s、,，和及与]*$")
_LIST = regex.compile(r"^[\s、和及与]*$")
_ITEM_SEPARATOR = regex.compile(r"[、,，]")
_LAST_ITEM_JOIN = regex.compile(r"和|以及|及|与")
_PHRASE_END = regex.compile(r"[，,。；;、：:（(]")
_PARAGRAPH_LOOKBACK = 3


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
    date_origin: str           # 'masthead' | 'date_line' | 'cli' | 'none'
    kind: str                  # 'newsletter' | 'document'


@dataclass
class Extraction:
    document: DocumentInfo
    articles: list[Article]
    facts: list[Fact]
    warnings: list[str] = field(default_factory=list)


@functools.cache
def _attach_rules() -> dict:
    cues = load_yaml("cues.yaml")
    attach, growth = cues["attach"], cues["growth"]
    return {
        "yoy_between": regex.compile(attach["yoy_between"]),
        "growth_before": regex.compile(attach["growth_before"]),
        "annual": regex.compile(attach["annual_growth_before"]),
        "share_before": regex.compile(attach["share_before"]),
        "denominator": tuple(attach["region_denominator_before"]),
        "qualifier": tuple(attach["region_qualifier_after"]),
        "organisation": regex.compile(attach["organisation_after"]),
        "respectively": attach["respectively"],
        "separator": regex.compile(attach["list_separator"]),
        "negative": tuple(growth["negative"]),
    }


@dataclass
class _Context:
    """What a number's article tells about it when its sentence does not."""
    norm: NormalisedText
    source: str
    title: str
    region: Region
    kind: str
    title_time: TimeMention | None
    doc_date: dt.date | None


@dataclass
class _Slot:
    """One number on its way to becoming one or more facts."""
    mention: NumberMention
    clause: tuple[int, int]
    growth_sign: int | None = None       # +1/-1 when the number is a growth rate
    yoy: float | None = None
    quote_end: int | None = None
    regions: list[Region] | None = None  # set by a 分别 list or a list of regions as subject
    indicator: Indicator | None = None   # set by a 分别 list of indicators
    window_start: int = 0                # where the words that may name it begin


def _spans(text: str, start: int, end: int, boundary: regex.Pattern) -> list[tuple[int, int]]:
    spans, begin = [], start
    for match in boundary.finditer(text, start, end):
        spans.append((begin, match.end()))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


def _compact(text: str) -> str:
    return "".join(text.split())


def _containing(spans, offset):
    return next(span for span in spans if span[0] <= offset < span[1])


class _ParagraphExtractor:
    def __init__(self, ctx: _Context, index: _DocumentIndex, start: int, end: int,
                 history: list[list[TimeMention]]):
        self.ctx, self.start, self.end = ctx, start, end
        self.text = ctx.norm.text
        self.mentions = index.mentions_in(start, end)
        self.times = index.times_in(start, end)
        self.regions, self.labels, self.sentences = [], [], []
        if self.mentions:      # regions and labels matter only where there is a number to resolve
            self.regions = index.regions_in(start, end)
            self.labels = index.labels_in(start, end)
            self.sentences = _spans(self.text, start, end, _SENTENCE_END)
            for s_start, s_end in self.sentences:
                self.regions.extend(aggregate_mentions(self.text, s_start, s_end))
            self.regions.sort(key=lambda mention: mention.start)
        self.history = history     # time mentions of the article's previous paragraphs, nearest last

    # ---- resolution of one number -------------------------------------------------------------
    def _is_subject(self, mention: RegionMention, sentence_start: int) -> bool:
        """False for a region that is a comparison's denominator (占全国…) or qualifies a noun (全国领先的)."""
        rules = _attach_rules()
        before = _compact(self.text[max(sentence_start, mention.start - 3):mention.start])
        after = _compact(self.text[mention.end:mention.end + 4])
        if mention.region is not None and mention.region.level == "national" \
                and rules["organisation"].match(self.text, mention.end):
            return False
        if before.endswith(("(", "（")) and after.startswith((")", "）")):
            return False                   # 中国东南（福建）科学城: part of a name
        return not before.endswith(rules["denominator"]) and not after.startswith(rules["qualifier"])

    def _region(self, slot: _Slot, sentence: tuple[int, int]) -> Region:
        before = [r for r in self.regions if sentence[0] <= r.start and r.end <= slot.mention.start]
        enumeration_start = None     # start of a run of regions closed by 等 (广东、山东、湖南等六大…)
        for mention in reversed(before):
            if enumeration_start is not None and _LIST_WITH_COMMAS.match(self.text[mention.end:enumeration_start]):
                enumeration_start = mention.start
                continue
            if self.text[mention.end:mention.end + 2].lstrip().startswith("等"):
                enumeration_start = mention.start
                continue
            enumeration_start = None
            if self._is_subject(mention, sentence[0]):
                return mention.region or self.ctx.region
        return self.ctx.region

    def _time(self, mention: NumberMention, sentence: tuple[int, int]) -> tuple[TimeMention | None, bool]:
        """The time expression that dates `mention`, and whether the figure is stated per year."""
        annual = False
        candidates = [t for t in self.times if sentence[0] <= t.start and t.end <= mention.digits_start]
        earlier = [t for t in self.times if t.end <= sentence[0]]
        for group in (candidates, earlier, *reversed(self.history)):
            for time in reversed(group):
                if time.kind in ("since", "base"):
                    continue
                if time.kind == "annual":
                    annual = True
                    continue
                return time, annual
        return self.ctx.title_time, annual

    def _indicator(self, slot: _Slot, sentence: tuple[int, int], window_start: int) -> Indicator:
        """The label nearest before the number (not reaching back past the previous number of its
        clause), else one right after it; a count with words after it is named by those words
        (5万户企业上云); else the nearest label earlier in the sentence; else a phrase of the clause."""
        mention, c_end = slot.mention, slot.clause[1]
        in_window = [l for l in self.labels if window_start <= l.start and l.end <= mention.start]
        if in_window:
            return _nearest(in_window)
        after = [l for l in self.labels if mention.end <= l.start <= mention.end + 3 and l.end <= c_end]
        if after:
            return after[0]
        counter = not mention.is_percent and mention.unit_base not in ("元", "美元", "")
        phrase = self._phrase(slot, window_start)
        if counter and phrase.start == mention.end:
            return phrase
        in_sentence = [l for l in self.labels if sentence[0] <= l.start and l.end <= mention.start]
        if in_sentence:
            return _nearest(in_sentence)
        if phrase.key == "other":
            earlier = [l for l in self.labels if l.end <= mention.start]
            if earlier:     # a phrase of the same paragraph's subject (营业成本 of 电子信息制造业)
                return Indicator(phrase.name, earlier[-1].key, phrase.start, phrase.end)
        return phrase

    def _phrase(self, slot: _Slot, window_start: int) -> Indicator:
        """A short phrase of the clause naming what the number counts; `start` tells where it was
        taken: before the number (-1) or the words right after it (mention.end)."""
        mention, c_end = slot.mention, slot.clause[1]
        cat = catalog()
        before = self.text[window_start:mention.start]
        for found in [*self.regions, *self.times]:
            if window_start <= found.start < mention.start:
                before = before.replace(self.text[found.start:found.end], "")
        phrase, start = cat.phrase(before), -1
        if len(phrase) < 2:
            phrase, start = cat.phrase(_first_phrase(self.text[mention.end:c_end])), mention.end
        return Indicator(phrase or "未命名指标", cat.key_for_phrase(phrase), start)

    # ---- sentence-level structure: growth attached to levels, 分别 lists, lists of regions ------
    def _growth_sign(self, slot: _Slot) -> int | None:
        mention = slot.mention
        if not mention.is_percent:
            return None
        before = _compact(self.text[slot.clause[0]:mention.start])
        match = _attach_rules()["growth_before"].search(before)
        if not match:
            return None
        return -1 if any(word in match.group() for word in _attach_rules()["negative"]) else 1

    def _region_run(self, start: int, end: int, separators: regex.Pattern) -> list[RegionMention]:
        """The last run of regions in text[start:end] written as a list (北京、上海和广东)."""
        inside = [r for r in self.regions if start <= r.start and r.end <= end and r.region is not None]
        run: list[RegionMention] = []
        for mention in inside:
            if run and separators.match(self.text[run[-1].end:mention.start]):
                run.append(mention)
            else:
                run = [mention]
        return run

    def _respective_items(self, group: list[_Slot], sentence, marker: int) -> None:
        """Give each number of a 分别 list its own region or indicator."""
        run = self._region_run(sentence[0], marker, _LIST_WITH_COMMAS)
        if len(run) == len(group):
            for slot, mention in zip(group, run):
                slot.regions = [mention.region]
            return
        clause_start = group[0].clause[0]
        subject_start = max([s for s, e in _spans(self.text, sentence[0], marker, _CLAUSE_END)][-1:] or [clause_start])
        items = [item for item in _ITEM_SEPARATOR.split(self.text[subject_start:marker]) if item.strip()]
        if len(items) == len(group) - 1:     # A、B和C: 和 joins only the last two (and 普及率 holds 及)
            items[-1:] = _LAST_ITEM_JOIN.split(items[-1], maxsplit=1)
        if len(items) == len(group):
            cat = catalog()
            for slot, item in zip(group, items):
                offset = self.text.find(item, subject_start)
                labels = cat.labels(self.text, offset, offset + len(item))
                slot.indicator = labels[-1] if labels else Indicator(cat.phrase(item), cat.key_for_phrase(item))
            return
        earlier: list[Region] = []
        for mention in self.regions:
            if mention.start < sentence[0] and mention.region is not None and mention.region not in earlier:
                earlier.append(mention.region)
        if len(earlier) == len(group):
            for slot, region in zip(group, earlier):
                slot.regions = [region]

    def _slots(self, sentence: tuple[int, int]) -> list[_Slot]:
        rules = _attach_rules()
        clauses = _spans(self.text, sentence[0], sentence[1], _CLAUSE_END)
        mentions = [m for m in self.mentions if sentence[0] <= m.digits_start < sentence[1]]
        slots = [_Slot(m, _containing(clauses, m.digits_start)) for m in mentions]
        previous_end = sentence[0]
        for slot in slots:
            slot.growth_sign = self._growth_sign(slot)
            start = max(slot.clause[0], previous_end)
            if previous_end > slot.clause[0]:   # 设备联网、5 万户企业上云: the next item's words start after 、
                start = max(start, self.text.rfind("、", start, slot.mention.start) + 1)
            slot.window_start = start
            previous_end = slot.mention.end

        groups: list[list[_Slot]] = []
        for slot in slots:
            if groups and rules["separator"].match(self.text[groups[-1][-1].mention.end:slot.mention.start]):
                groups[-1].append(slot)
            else:
                groups.append([slot])

        for group in groups:       # 分别增长 19%、14.7%: the cue before the list applies to every member
            for slot in group[1:]:
                if slot.mention.is_percent and slot.growth_sign is None:
                    slot.growth_sign = group[0].growth_sign

        kept: list[_Slot] = []
        previous_group: list[_Slot] | None = None
        for group in groups:
            marker = self.text.rfind(rules["respectively"], sentence[0], group[0].mention.start)
            after_previous = previous_group is None or marker > previous_group[-1].mention.end
            respective = marker != -1 and after_previous and len(group) > 1
            if (respective and all(s.growth_sign for s in group) and previous_group
                    and len(previous_group) == len(group) and not any(s.growth_sign for s in previous_group)):
                for level, growth in zip(previous_group, group):
                    level.yoy = growth.growth_sign * growth.mention.value
                previous_group[-1].quote_end = group[-1].clause[1]
                previous_group = group
                continue
            if len(group) == 1 and group[0].growth_sign and kept and not kept[-1].mention.is_percent:
                level, growth = kept[-1], group[0]
                between = _compact(self.text[level.mention.end:growth.mention.start])
                if level.yoy is None and rules["yoy_between"].match(between):
                    level.yoy = growth.growth_sign * growth.mention.value
                    level.quote_end = growth.clause[1]
                    previous_group = group
                    continue
            if respective:
                self._respective_items(group, sentence, marker)
            for slot in group:
                if slot.regions is None and slot.indicator is None:
                    run = self._region_run(slot.clause[0], slot.mention.start, _LIST)
                    enumeration = "等" in self.text[run[-1].end:slot.mention.start] if run else True
                    if len(run) > 1 and not enumeration:   # 辽宁、西藏、湖北、宁夏增速超 40%: one fact per region
                        slot.regions = [r.region for r in run]
            kept.extend(group)
            previous_group = group
        return kept

    # ---- facts ---------------------------------------------------------------------------------
    def facts(self) -> list[Fact]:
        out: list[Fact] = []
        for sentence in self.sentences:
            for slot in self._slots(sentence):
                out.extend(self._facts_of(slot, sentence))
        return out

    def _facts_of(self, slot: _Slot, sentence) -> list[Fact]:
        ctx, mention, text = self.ctx, slot.mention, self.text
        rules = _attach_rules()
        time, annual = self._time(mention, sentence)
        doc_year = ctx.doc_date.year if ctx.doc_date else None
        clause_before = text[slot.clause[0]:mention.start]
        indicator = slot.indicator or self._indicator(slot, sentence, slot.window_start)
        unit_base = mention.unit_base or catalog().expected_unit(indicator.name, mention.unit_raw)
        kind = decide_kind(text[sentence[0]:mention.start], clause_before, text[slot.clause[0]:slot.clause[1]],
                           text[sentence[0]:sentence[1]], unit_base, mention.is_percent, time, doc_year,
                           ctx.kind)
        if kind == "incentive" and time is not None and not sentence[0] <= time.start < sentence[1]:
            time = None     # an undated award runs from the policy's issue, not its plan period
        year, period = (time.year, time.period) if time else (None, None)
        if time is None and kind in ("actual", "incentive") and ctx.doc_date:
            year, period = ctx.doc_date.year, f"as of {ctx.doc_date:%Y-%m}"
        if annual:
            if year is None and kind == "target" and ctx.doc_date:
                year = ctx.doc_date.year          # a yearly quota with no deadline runs from the plan's year
            period = f"annual (from {year})" if year else "annual"
        name = indicator.name
        compact_before = _compact(clause_before)
        if slot.growth_sign:
            suffix = "年均增速" if rules["annual"].search(compact_before) else "同比增速"
            name = name if name.endswith(("增速", "增长率")) else name + suffix
        elif mention.is_percent and rules["share_before"].search(compact_before):
            name = name if name.endswith(("比重", "占比")) else name + "占比"
        name = catalog().canonical(name)
        sign = slot.growth_sign or 1
        comparator = goal_comparator(kind, clause_before, mention.comparator)
        if sign < 0:
            comparator = {">=": "<=", "<=": ">="}.get(comparator, comparator)
        quote = ctx.norm.display[slot.clause[0]:slot.quote_end or slot.clause[1]].strip(" ，,。；;：:")
        regions = slot.regions or [self._region(slot, sentence)]
        facts = []
        for region in regions:
            province = region.province if region.level in ("province", "city", "district") else None
            facts.append(Fact(
                source=ctx.source, line=ctx.norm.line_at(mention.digits_start), quote=quote,
                article=ctx.title or None, region=region.name, region_level=region.level, province=province,
                indicator=name, indicator_key="incentive" if kind == "incentive" else indicator.key, kind=kind,
                value=sign * mention.value,
                value_high=None if mention.value_high is None else sign * mention.value_high,
                unit_raw=mention.unit_raw, value_base=sign * mention.value_base, unit_base=unit_base,
                comparator=comparator, year=year, period=period, yoy_pct=slot.yoy,
            ))
        return facts


def _nearest(labels: list[Indicator]) -> Indicator:
    """The label ending closest before a number; the longer one where two end together."""
    return max(labels, key=lambda label: (label.end, label.end - label.start))


def _first_phrase(text: str) -> str:
    return _PHRASE_END.split(text, maxsplit=1)[0]


class _DocumentIndex:
    """Every number and time expression of a document, found in one pass each over the whole text;
    regions and catalog labels only in the paragraphs that hold a number. Paragraphs take their share
    by offset."""

    def __init__(self, norm: NormalisedText, doc_date: dt.date | None):
        self.text = text = norm.text
        self.titles = title_spans(text, 0, len(text))
        self._title_starts = [s for s, _ in self.titles]
        self.mentions = [m for m in find_numbers(text) if not out_of_scope(text, m, self._near_titles(m.digits_start))]
        self.times = [t for t in find_times(text, 0, len(text), doc_date) if not self.inside_title(t.start)]
        self._time_starts = [t.start for t in self.times]
        self._mention_starts = [m.digits_start for m in self.mentions]

    def _near_titles(self, offset: int) -> list[tuple[int, int]]:
        index = bisect.bisect_right(self._title_starts, offset) - 1
        return self.titles[index:index + 1] if index >= 0 else []

    def inside_title(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self._near_titles(offset))

    def mentions_in(self, start: int, end: int) -> list[NumberMention]:
        starts = self._mention_starts
        return self.mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        starts = self._time_starts
        return self.times[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def regions_in(self, start: int, end: int) -> list[RegionMention]:
        return [r for r in gazetteer().find(self.text, start, end) if not self.inside_title(r.start)]

    def labels_in(self, start: int, end: int) -> list[Indicator]:
        return [label for label in catalog().labels(self.text, start, end) if not self.inside_title(label.start)]


def _article_facts(index: _DocumentIndex, paragraphs, span: ArticleSpan, ctx: _Context) -> list[Fact]:
    facts: list[Fact] = []
    history: list[list[TimeMention]] = []
    first = bisect.bisect_left(paragraphs, (span.start, -1))
    last = bisect.bisect_left(paragraphs, (span.end, -1))
    for start, end in paragraphs[first:last]:
        if span.title_start <= start < span.body_start:
            continue
        paragraph = _ParagraphExtractor(ctx, index, start, end, history[-_PARAGRAPH_LOOKBACK:])
        facts.extend(paragraph.facts())
        dating = [t for t in paragraph.times if t.kind in ("deadline", "plan_period", "as_of", "dated")]
        if dating:        # look back over paragraphs that state a time, however many plain ones lie between
            history.append(dating)
    return facts


def extract_text(text: str, source: str, date: dt.date | None = None) -> Extraction:
    """Extract every in-scope fact from one document's decoded text."""
    norm = normalise(text)
    layout = split_articles(norm)
    doc_date = date or layout.date
    origin = "cli" if date else layout.date_origin
    warnings = []
    if doc_date is None:
        warnings.append(f"{source}: no document date found (no masthead date or 日期 line); "
                        "relative periods such as 上半年 or 今年 are left without a year — pass --date")
    national = gazetteer().get("全国")
    found, paragraphs = _DocumentIndex(norm, doc_date), norm.paragraphs()
    articles, facts = [], []
    for index, span in enumerate(layout.articles):
        last = max(span.start, span.end - 1)
        articles.append(Article(index, span.title, span.organisation, norm.line_at(span.start), norm.line_at(last)))
        kind_of_article = article_kind(span.title)
        # A plan's title dates its goals (…行动计划(2023—2025年)), a release's its figures (2022年前三季度…);
        # a year in a report's title is a theme (——2035年数字经济迈向繁荣成熟期), not a period.
        title_times = [t for t in find_times(span.title, 0, len(span.title), doc_date)
                       if t.year and kind_of_article in (PLAN, RELEASE)]
        ctx = _Context(norm, source, span.title, region_of_title(span.title, span.organisation) or national,
                       kind_of_article, title_times[-1] if title_times else None, doc_date)
        facts.extend(_article_facts(found, paragraphs, span, ctx))
    kind = "newsletter" if len(layout.articles) > 1 else "document"
    document = DocumentInfo(source, layout.title, doc_date, origin, kind)
    return Extraction(document, articles, facts, warnings)
