"""Statistics tables that a dump left as lines of text: a header naming each column with its unit in
brackets (地区 软件业务收入（亿元） 同比增长（%）) and rows of a region and one figure per column
(北京 25,680 12.3). Their figures have no words of their own: the header names them, the row places them,
and a growth column gives the level column before it its year-on-year growth.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..knowledge import compiled
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
    if not paragraphs:
        return []
    rows, starts = [], [start for start, _ in paragraphs]
    at = text.find("(", paragraphs[0][0], paragraphs[-1][1])
    while at >= 0:
        index = bisect.bisect_right(starts, at) - 1
        start, end = paragraphs[index]
        at = text.find("(", max(at + 1, end), paragraphs[-1][1])     # the next paragraph with a bracket
        # (a header ends with its last column's unit bracket)
        if end - start > _LINE_MAX or text[end - 1] != ")" or not _HEADER_LINE.fullmatch(text, start, end):
            continue
        columns = _header(text, _words(text, start, end))
        for start, end in paragraphs[index + 1:] if columns else []:
            row = _row(text, start, end, _words(text, start, end), columns) if end - start <= _LINE_MAX else None
            if row is None:
                break               # a table ends at the first paragraph that is no row of it
            rows.append(row)
    return rows


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words (runs of non-space characters) of text[start:end]."""
    spans, at = [], start
    for word in text[start:end].split():
        at = text.index(word, at, end)
        spans.append((at, at + len(word)))
        at += len(word)
    return spans


def _header(text: str, words: list[tuple[int, int]]) -> list[Column] | None:
    """The columns a header names (its first word names the rows: 地区, 省份), or None."""
    if len(words) < 2:
        return None
    columns = []
    for start, end in words[1:]:
        found = _COLUMN.fullmatch(text[start:end])
        column = _column(found["name"], found["unit"]) if found else None
        if column is None:
            return None
        columns.append(column)
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
