"""Generic measures read against the industry they are stated for (data/industries.yaml).

MIIT releases name their industry once (2017年，全国软件和信息技术服务业完成软件业务收入…) and then write
measures bare: 全行业实现利润总额7020亿元, 出口538亿美元. A bare measure takes the industry named last
before it in its paragraph, else in its article's title; the catalog then names 软件业利润总额 and keys it.
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Callable

from ...knowledge import LiteralMatcher, alternation, compiled, load_yaml
from .indicators import Indicator, catalog


@functools.cache
def _rules() -> dict:
    data = load_yaml("industries.yaml")
    prefix_of = {word: prefix for prefix, words in data["industries"].items() for word in words}
    return {
        "prefix_of": prefix_of,
        "words": LiteralMatcher(prefix_of),
        "measure": compiled(rf"(?P<measure>{alternation(data['measures'])})"
                                 rf"(?P<growth>{alternation(load_yaml('cues.yaml')['growth']['rate_words'])})?$"),
        "lookback": data["lookback_chars"],
    }


def industry_mentions(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, industry prefix) of every industry named in text[start:end], in order."""
    rules = _rules()
    return [(s, rules["prefix_of"][word]) for word, s, _ in rules["words"].find(text, start, end)]


def industry_before(mentions: list[tuple[int, str]], offset: int, title: str) -> str | None:
    """The industry (its prefix, 软件业) named last before `offset` within the look-back, among a
    paragraph's industry `mentions`; else the one the title names."""
    index = bisect.bisect_left(mentions, (offset, ""))
    if index and mentions[index - 1][0] >= offset - _rules()["lookback"]:
        return mentions[index - 1][1]
    in_title = industry_mentions(title, 0, len(title))
    return in_title[-1][1] if in_title else None


def scoped_measure(phrase: str, industry: Callable[[], str | None]) -> Indicator | None:
    """The industry's own indicator for a phrase ending in a generic measure (全行业实现利润总额 in a
    software release → 软件业利润总额), or None when the phrase is not a bare measure. `industry` gives
    the industry of the context, asked only when the phrase does not name its own."""
    rules = _rules()
    match = rules["measure"].search(phrase)
    if not match:
        return None
    named_here = rules["words"].find(phrase[:match.start()])
    prefix = rules["prefix_of"][named_here[-1][0]] if named_here else industry()
    if prefix is None:
        return None
    name = prefix + match["measure"]
    known = catalog().named(name)
    return known or Indicator(name, catalog().key_for_phrase(name))
