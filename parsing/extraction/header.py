"""A single document's metadata header: the 标题: / 日期: / 来源: / 来源URL: lines a saved page or release
opens with. The title is text like any other (its figures are facts); every other header line is read
for context only — no fact is ever taken from a URL, a byline or a date line.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import urllib.parse
from dataclasses import dataclass

from ..knowledge import load_yaml, pattern
from .normalise import NormalisedText, layout_pattern

LAYOUT = "layout.yaml"


@dataclass(frozen=True)
class Header:
    end: int                             # offset just after the last header line
    title: str | None = None
    title_span: tuple[int, int] | None = None   # where the title's words stand in the text
    date: dt.date | None = None
    source: str | None = None            # the publishing organisation (来源: 温州日报)
    site: str | None = None              # the host name of the page's address (来源URL), lower case


@functools.cache
def _keys() -> dict[str, str]:
    """header key → role (title, date, source); other keys (URL, author…) have no role."""
    roles = load_yaml(LAYOUT)["header_keys"]
    return {key: role for role, keys in roles.items() for key in keys}


def header_date(value: str) -> dt.date | None:
    """A date as header lines write it; a partial one (2022, 2022-12, '2022?') stands for the last day
    of what it names, so that 今年 and 截至目前 resolve inside it."""
    match = pattern(LAYOUT, "header_date").search(value)
    if not match:
        return None
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(match["d"]) if match["d"] else last
    return dt.date(year, month, day) if 1 <= day <= last else None


def read_header(text: NormalisedText, paragraphs: list[tuple[int, int]]) -> Header | None:
    """The metadata lines opening the document, or None when it does not open with one."""
    line, roles = layout_pattern("header_line", text.plain), _keys()
    found: dict[str, tuple[str, int, int]] = {}
    end = None
    for start, stop in paragraphs[:load_yaml(LAYOUT)["header_max_lines"]]:
        match = line.match(text.text, start, stop)
        if not match:
            break
        role = roles.get(match["key"])
        if role and role not in found:
            found[role] = (text.display[match.start("value"):match.end("value")], *match.span("value"))
        end = stop
    if end is None:
        return None
    title = found.get("title")
    date = found.get("date")
    source = found.get("source")
    site = found.get("site")
    return Header(
        end=end,
        title=title[0].rstrip("?？ ") or None if title else None,
        title_span=(title[1], title[2]) if title else None,
        date=header_date(date[0]) if date else None,
        source=source[0] or None if source else None,
        site=_host(site[0]) if site else None,
    )


def _host(address: str) -> str | None:
    """www.jinan-zhengxie.example.cn from https://www.jinan-zhengxie.example.cn/tajy/…"""
    host = urllib.parse.urlsplit(address.strip() if "//" in address else "//" + address.strip()).hostname
    return host or None
