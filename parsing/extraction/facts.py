"""One number's facts: its context resolved, its value signed, one `Fact` per region it is stated for."""
from __future__ import annotations

from ..fact import Fact
from .no_region import measures_no_region
from .context.indicators import Indicator, catalog
from .context.kinds import PLAN, goal_comparator
from .context.naming import UNNAMED, fact_indicator_name, qualified, resolve_indicator
from .context.periods import TimeMention
from .context.regions import Region
from .context.resolve import (
    ArticleContext,
    resolve_kind,
    resolve_period,
    resolve_region,
    resolve_time,
)
from .paragraph import Paragraph, Slot
from .tables import Row


def slot_facts(ctx: ArticleContext, paragraph: Paragraph, history: list[list[TimeMention]], slot: Slot,
               sentence: tuple[int, int], theme: str) -> list[Fact]:
    """The facts of one number; `theme` is the key of its section or article (Catalog.in_context)."""
    mention, text = slot.mention, paragraph.text
    indicator = slot.indicator or _list_indicator(paragraph, slot, sentence, ctx.title)
    if indicator.name == UNNAMED and (not mention.unit_raw or mention.is_percent):
        # a bare number or a share that nothing names measures nothing (1 1 1…, a table's row numbers,
        # 12% 15% 18% in a row of figures); a counted or money amount still says what it counts
        return []
    if measures_no_region(paragraph, slot, sentence):
        return []       # a company's figure, a survey's sample
    time, annual = resolve_time(paragraph, history, slot, sentence, ctx.title_time)
    clause_before = text[slot.clause[0]:mention.start]
    indicator = qualified(indicator, slot, text[max(slot.clause[0], mention.start - 120):mention.start])
    unit_base = mention.unit_base or catalog().expected_unit(indicator.name, mention.unit_raw)
    kind = resolve_kind(paragraph, slot, sentence, unit_base, time, ctx)
    year, period = resolve_period(time, annual, kind, sentence, ctx.doc_date)
    name = fact_indicator_name(indicator, slot, clause_before)
    sign = slot.growth_sign or 1
    comparator = goal_comparator(kind, clause_before, mention.comparator)
    if sign < 0:
        comparator = {">=": "<=", "<=": ">="}.get(comparator, comparator)
    quote = ctx.norm.display[slot.clause[0]:slot.quote_end or slot.clause[1]].strip(" ，,。；;：:")
    regions = slot.regions or [resolve_region(paragraph, slot, sentence, ctx)]
    key = "incentive" if kind == "incentive" else indicator.key
    if key == "other":
        key = catalog().in_context(key, name, theme)
    facts = []
    for region in regions:
        facts.append(Fact(
            source=ctx.source, line=ctx.norm.line_at(mention.digits_start), quote=quote,
            article=ctx.title or None, region=region.name, region_level=region.level, province=_province(region),
            indicator=name, indicator_key=key, kind=kind,
            value=sign * mention.value,
            value_high=None if mention.value_high is None else sign * mention.value_high,
            unit_raw=mention.unit_raw, value_base=sign * mention.value_base, unit_base=unit_base,
            comparator=comparator, year=year, period=period, yoy_pct=slot.yoy,
        ))
    return facts


def row_facts(ctx: ArticleContext, row: Row, theme: str) -> list[Fact]:
    """A table row's facts: one per level column, named by its header and placed by its row's region; a
    growth column is the growth of the level column before it (or a fact of its own when none is). The
    row is dated by the article's title, else by the document."""
    kind = "target" if ctx.kind == PLAN else "actual"
    year, period = resolve_period(ctx.title_time, False, kind, (row.start, row.end), ctx.doc_date)
    quote = ctx.norm.display[row.start:row.end].strip()
    facts, cells = [], row.cells
    for index, cell in enumerate(cells):
        column = cell.column
        if column.growth and index and not cells[index - 1].column.growth:
            continue        # the growth of the level before it
        following = cells[index + 1] if index + 1 < len(cells) else None
        indicator = catalog().named(column.name) or Indicator(
            column.name, catalog().in_context(catalog().key_for_phrase(column.name), column.name, theme))
        facts.append(Fact(
            source=ctx.source, line=ctx.norm.line_at(cell.start), quote=quote, article=ctx.title or None,
            region=row.region.name, region_level=row.region.level, province=_province(row.region),
            indicator=indicator.name, indicator_key=indicator.key, kind=kind, value=cell.value, value_high=None,
            unit_raw=column.unit_raw, value_base=cell.value_base,
            unit_base=column.unit_base, comparator="=", year=year, period=period,
            yoy_pct=following.value if following is not None and following.column.growth and not column.growth
            else None,
        ))
    return facts


def _province(region: Region) -> str | None:
    return region.province if region.level in ("province", "city", "district") else None


def _list_indicator(paragraph: Paragraph, slot: Slot, sentence: tuple[int, int], title: str) -> Indicator:
    """What the words name the slot's list by (its first number's words), resolved once per list: a
    table row of a thousand numbers costs one search for its name, not a thousand."""
    head = slot.list_head or slot
    if head.list_indicator is None:
        head.list_indicator = resolve_indicator(paragraph, head, sentence, title)
    return head.list_indicator
