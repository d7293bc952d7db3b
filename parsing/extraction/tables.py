"""Statistics tables that a dump left as lines of text: a header naming each column with its unit in
brackets (地区 软件业务收入（亿元） 同比增长（%）), or a line of units (单位：万户、%) over a header of bare
names, and rows of a region and one figure per column (北京 25,680 12.3). Their figures have no words of
their own: the header (or the caption above it, for a column the catalog does not know) names them, the row places them, and a growth
column gives the level column before it its year-on-year growth.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..knowledge import compiled, pattern
from .context.indicators import catalog
from .context.regions import Region, gazetteer
from .cues import attach_rules
from .numbers import base_value, find_numbers, numeral_value

_COLUMN = compiled(r"(?P<name>[^\s()]+)\((?P<unit>[^()]+)\)")
_CELL = compiled(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A whole header line (a paragraph of its own): a word, then words with their unit in brackets.
_HEADER_LINE = compiled(r"\S+(?:\s+[^\s()]+\([^()\s]+\))+")
# Tables' lines are short: longer paragraphs are prose, and are not split into words at all.
_LINE_MAX = 200


@dataclass(frozen=True)
class Column:
    name: str
    unit_raw: str       # the unit the header writes, multiplier included: 亿元, %, 万户
    factor: float       # what a figure of the column is multiplied by (亿元 → 1e8)
    unit_base: str
    growth: bool        # a year-on-year growth column (同比增长（%）)


@dataclass(frozen=True)
class Cell:
    start: int          # where the figure stands in the normalised text
    end: int
    value: float
    value_base: float   # the value with the column's multiplier applied
    column: Column


@dataclass(frozen=True)
class Row:
    start: int          # the row's paragraph
    end: int
    region: Region
    cells: tuple[Cell, ...]


def table_rows(text: str, paragraphs: list[tuple[int, int]]) -> list[Row]:
    """The rows of every table among `paragraphs` (spans of `text`, in order): a header paragraph, then the
    paragraphs right after it whose first word is a region and whose other words are one figure per column.
    A header writes its units in brackets, so only the paragraphs holding a bracket are looked at, each
    once, and rows only after a header."""
    rows: list[Row] = []
    for index in _paragraphs_holding(text, paragraphs, "("):
        start, end = paragraphs[index]
        # (a header ends with its last column's unit bracket)
        if end - start > _LINE_MAX or text[end - 1] != ")" or not _HEADER_LINE.fullmatch(text, start, end):
            continue
        caption = _caption_labels(text, paragraphs[index - 1] if index else None)
        rows.extend(_rows_under(text, paragraphs, index, _header(text, _words(text, start, end), caption)))
    units_line = pattern("layout.yaml", "table_units_line")
    for index in _paragraphs_holding(text, paragraphs, "单位"):
        start, end = paragraphs[index]
        found = units_line.match(text, start, end) if end - start <= _LINE_MAX else None
        if found and index + 1 < len(paragraphs):
            caption = paragraphs[index - 1] if index else None
            columns = _bare_header(text, paragraphs[index + 1], found["units"], caption)
            rows.extend(_rows_under(text, paragraphs, index + 1, columns))
    return rows


def _paragraphs_holding(text: str, paragraphs: list[tuple[int, int]], mark: str) -> list[int]:
    """The indexes of the paragraphs in which `mark` occurs, found by searching for it: tables are rare,
    and a text without the mark costs one search."""
    found: list[int] = []
    if not paragraphs:
        return found
    starts, last = [start for start, _ in paragraphs], paragraphs[-1][1]
    at = text.find(mark, paragraphs[0][0], last)
    while at >= 0:
        index = bisect.bisect_right(starts, at) - 1
        found.append(index)
        at = text.find(mark, max(at + 1, paragraphs[index][1]), last)      # the next paragraph holding it
    return found


def _rows_under(text: str, paragraphs: list[tuple[int, int]], header: int, columns: list[Column] | None) -> list[Row]:
    """The rows right after the header paragraph: a table ends at the first paragraph that is no row of it."""
    rows: list[Row] = []
    for start, end in paragraphs[header + 1:] if columns else []:
        row = _row(text, start, end, _words(text, start, end), columns) if end - start <= _LINE_MAX else None
        if row is None:
            break
        rows.append(row)
    return rows


def _bare_header(text: str, header: tuple[int, int], units: str, caption: tuple[int, int] | None) -> list[Column] | None:
    """The columns of a header of bare names (省份 用户数 同比增长) whose units a units line gave; a column
    whose name the catalog does not know is named by the caption's first catalog label (表1 …千兆宽带用户情况)."""
    start, end = header
    words = _words(text, start, end) if end - start <= _LINE_MAX else []
    names = [text[s:e] for s, e in words[1:]]
    listed = pattern("layout.yaml", "table_units_separator").split(units)
    listed = listed * len(names) if len(listed) == 1 else listed
    if not names or len(listed) != len(names) or any("(" in name for name in names):
        return None
    caption_labels = _caption_labels(text, caption)
    columns = []
    for name, unit in zip(names, listed):
        column = _column(name, unit)
        if column is None:
            return None
        columns.append(_named_by_caption(column, caption_labels))
    return columns


def _caption_labels(text: str, caption: tuple[int, int] | None) -> list:
    """The catalog labels of a table's caption (表2 …部分城市电子信息制造业产值), when the paragraph is one."""
    if caption is None or not pattern("layout.yaml", "table_caption").match(text, *caption):
        return []
    return catalog().labels(text, *caption)


def _named_by_caption(column: Column, caption_labels: list) -> Column:
    """A level column whose name the catalog does not know (用户数, 产值) named by the caption's first label."""
    if column.growth or not caption_labels or catalog().named(column.name) is not None:
        return column
    return Column(caption_labels[0].name, column.unit_raw, column.factor, column.unit_base, False)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words (runs of non-space characters) of text[start:end]."""
    spans, at = [], start
    for word in text[start:end].split():
        at = text.index(word, at, end)
        spans.append((at, at + len(word)))
        at += len(word)
    return spans


def _header(text: str, words: list[tuple[int, int]], caption_labels: list) -> list[Column] | None:
    """The columns a header names (its first word names the rows: 地区, 省份), or None; a column the
    catalog does not know is named by the caption's label."""
    if len(words) < 2:
        return None
    columns = []
    for start, end in words[1:]:
        found = _COLUMN.fullmatch(text[start:end])
        column = _column(found["name"], found["unit"]) if found else None
        if column is None:
            return None
        columns.append(_named_by_caption(column, caption_labels))
    return columns


def _column(name: str, unit: str) -> Column | None:
    """A column named `name` whose figures are in `unit` (read as the numbers stage reads 1 of it)."""
    read = find_numbers(f"1{unit}")
    if len(read) != 1 or read[0].text != f"1{unit}":
        return None
    one = read[0]
    growth = one.is_percent and attach_rules()["growth_column"].search(name) is not None
    return Column(name, one.unit_raw, one.value_base, one.unit_base, growth)


def _row(text: str, start: int, end: int, words: list[tuple[int, int]], columns: list[Column]) -> Row | None:
    if len(words) != len(columns) + 1:
        return None
    places = gazetteer().find(text, words[0][0], words[0][1])
    if len(places) != 1 or (places[0].start, places[0].end) != words[0] or places[0].region is None:
        return None
    cells = []
    for (cell_start, cell_end), column in zip(words[1:], columns):
        if not _CELL.fullmatch(text[cell_start:cell_end]):
            return None
        value = numeral_value(text[cell_start:cell_end])
        cells.append(Cell(cell_start, cell_end, value, base_value(value, column.factor), column))
    return Row(start, end, places[0].region, tuple(cells))
