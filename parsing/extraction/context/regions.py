"""Region stage: the gazetteer (data/regions.csv) and the region mentions in a piece of text.

Every written form (official name, short name, alias) maps to one canonical region; where a form is
shared (吉林 the province and the city) the higher level wins. District names are used only in full
and only where unambiguous. 全省/本市… are returned as a reference to the article's own region.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import regex

from ...knowledge import LiteralMatcher, alternation, compiled, load_csv, load_yaml
from ..marks import CLOSE_QUOTE, OPEN_QUOTE

ARTICLE_SELF = "<article>"      # how tests and logs name 全省/本市…


class Region(NamedTuple):
    name: str
    level: str
    province: str | None
    code: str


class RegionMention(NamedTuple):
    start: int
    end: int
    region: Region | None      # None for 全省/本市 (the article's own region)
    word: str = ""             # the form as written (全省, 江苏, 东部)


# (larger level, smaller level) pairs where a place of the second kind may lie in one of the first
_NESTED = frozenset({("province", "city"), ("province", "district"), ("city", "district")})


def places(outer: Region, inner: Region) -> bool:
    """Whether `inner` may lie in `outer` (浙江省 ⊃ 杭州市 ⊃ 滨江区): written right after it, `outer` only
    places it (宁夏中卫市, 杭州市滨江区). Cities are known by province only, so a district is taken to lie
    in any city of its province."""
    return (outer.level, inner.level) in _NESTED and inner.province == outer.province


def is_subject(text: str, mention: RegionMention, sentence_start: int, rules: dict) -> bool:
    """False for a region that is a comparison's denominator (占全国…) or qualifies a noun (全国领先的);
    `rules` are the attach cues (extraction.cues.attach_rules)."""
    before = "".join(text[max(sentence_start, mention.start - 3):mention.start].split())
    after = "".join(text[mention.end:mention.end + 4].split())
    if mention.region is not None and mention.region.level == "national" \
            and rules["organisation"].match(text, mention.end):
        return False
    if before.endswith(("(", "（")) and after.startswith((")", "）")):
        return False                   # 中国东南（福建）科学城: part of a name
    if _in_quoted_name(text, mention):
        return False
    return not before.endswith(rules["denominator"]) and not after.startswith(rules["qualifier"])


# How far a quoted name may run on either side of a region inside it.
_QUOTED_NAME_REACH = 12


def _in_quoted_name(text: str, mention: RegionMention) -> bool:
    """Whether the region is a word of a quoted name (大同市“中国数据谷”, “数字福建”工程): quotation marks
    close around it and more words than the region's own."""
    opening = text.rfind(OPEN_QUOTE, max(0, mention.start - _QUOTED_NAME_REACH), mention.start + 1)
    if opening == -1 or CLOSE_QUOTE in text[opening:mention.start]:
        return False
    closing = text.find(CLOSE_QUOTE, mention.end, mention.end + _QUOTED_NAME_REACH)
    if closing == -1 or OPEN_QUOTE in text[mention.end:closing]:
        return False
    return closing - opening - 1 > mention.end - mention.start


@functools.cache
def _continuation() -> regex.Pattern:
    return compiled(rf"\s*(?:{alternation(load_yaml('cues.yaml')['regions']['continuation_openers'])})")


def continues_previous(text: str, sentence_start: int) -> bool:
    """Whether the sentence goes on from the one before, keeping its subject: it opens with 其中… or
    the one before ended with a semicolon (…占GDP比重7.3%；产业数字化占GDP比重32.5%)."""
    return text[max(0, sentence_start - 1):sentence_start] in ("；", ";") or bool(_continuation().match(text, sentence_start))


class Gazetteer:
    def __init__(self, rows, cues: dict):
        priority = {level: rank for rank, level in enumerate(cues["level_priority"])}
        self.by_name: dict[str, Region] = {}
        forms: dict[str, Region] = {}
        district_forms: dict[str, list[Region]] = {}
        for row in rows:
            region = Region(row["name"], row["level"], row["province"] or None, row["code"])
            self.by_name[region.name] = region
            written = {row["name"], row["short_name"], *filter(None, row["aliases"].split("|"))}
            for form in written:
                if len(form) < 2:
                    continue
                if region.level == "district":
                    if len(form) >= 3:
                        district_forms.setdefault(form, []).append(region)
                    continue
                current = forms.get(form)
                if current is None or priority[region.level] < priority[current.level]:
                    forms[form] = region
        for form, regions in district_forms.items():
            if len(regions) == 1 and form not in forms:
                forms[form] = regions[0]
        self._forms = forms
        self._self_words = set(cues["article_self"])
        # Blocked forms (中国电信) are matched too, so that the longest match hides the region inside them.
        self._blocked = set(cues["not_regions"])
        self._context_only = set(cues["context_only"])
        separator, item = cues["shared_suffix_separator"], cues["shared_suffix_item"]
        self._suffix_separator = compiled(separator)
        self._suffix_list = compiled(rf"(?:{item}{separator})+$")
        self._matcher = LiteralMatcher(set(forms) | self._self_words | self._blocked)
        self._rows, self._priority = rows, priority
        self._romanised: dict[str, Region] | None = None    # built on first use: few texts need it
        self._host_prefixes = frozenset(cues["host_prefixes"])

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[RegionMention]:
        found = []
        for form, s, e in self._matcher.find(text, start, end):
            if form in self._blocked or (form in self._context_only and not self._in_context(text, s, e, found)):
                continue
            region = None if form in self._self_words else self._forms[form]
            found.extend(self._shared_suffix_items(text, s, form, region, found[-1].end if found else start))
            found.append(RegionMention(s, e, region, form))
        return found

    @staticmethod
    def _in_context(text: str, start: int, end: int, found: list[RegionMention]) -> bool:
        """阿里 is a place only as 阿里地区 or right after a region (西藏阿里), else a company."""
        return text.startswith("地区", end) or bool(found and found[-1].end == start)

    def _shared_suffix_items(self, text: str, start: int, form: str, region: Region | None,
                             floor: int) -> list[RegionMention]:
        """东、中、西部: the short items before 西部 take its suffix (东部, 中部) when that names a region."""
        if region is None:
            return []
        items = self._suffix_list.search(text, max(floor, start - 12), start)
        if not items:
            return []
        found, offset = [], items.start()
        for item in self._suffix_separator.split(items.group())[:-1]:
            stem = len(item)
            candidate = item + form[stem:] if 0 < stem < len(form) else None
            if candidate not in self._forms:
                return []
            found.append(RegionMention(offset, offset + stem, self._forms[candidate], item))
            offset += stem + 1
        return found

    def get(self, name: str) -> Region:
        return self.by_name[name]

    def in_host(self, host: str) -> Region | None:
        """The region a web host's first word spells in pinyin (www.jinan-zhengxie.cn → 济南市)."""
        labels = [label for label in host.split(".") if label not in self._host_prefixes]
        if not labels:
            return None
        if self._romanised is None:
            self._romanised = _romanised_names(self._rows, self.by_name, self._priority)
        return self._romanised.get(_HOST_WORD.split(labels[0])[0])


# The words of a host name's label: jinan-zhengxie → jinan, zhengxie.
_HOST_WORD = regex.compile(r"[-_]")
# How a region's English name ends when its pinyin does not (Wuhu County → wuhu).
_LEVEL_WORDS = regex.compile(r"\s+(?:District|County|City|Prefecture|Autonomous.*|Banner|Area|New Area)$")
# Shorter romanised names (an, xi) are syllables of too many words to name a place in a host name.
_MIN_ROMANISED = 4


def _romanised_names(rows, by_name: dict[str, Region], priority: dict[str, int]) -> dict[str, Region]:
    """A province's, city's or district's name as a host name writes it (its English name in lower-case
    pinyin: Jinan → jinan, Xi'an → xian); where several regions share one, the higher level, and none
    where regions of the same level do."""
    by_word: dict[str, list[Region]] = {}
    for row in rows:
        if row["level"] not in ("province", "city", "district") or not row["english"]:
            continue
        word = "".join(c for c in _LEVEL_WORDS.sub("", row["english"]).lower().replace("ü", "u") if "a" <= c <= "z")
        if len(word) >= _MIN_ROMANISED:
            by_word.setdefault(word, []).append(by_name[row["name"]])
    found = {}
    for word, named in by_word.items():
        named.sort(key=lambda region: priority[region.level])
        if len(named) == 1 or priority[named[0].level] < priority[named[1].level]:
            found[word] = named[0]
    return found


@functools.cache
def _aggregate_rules() -> tuple[regex.Pattern, regex.Pattern, str]:
    cues = load_yaml("cues.yaml")["regions"]
    return compiled(cues["aggregate_rank"]), compiled(cues["aggregate_sum"]), cues["aggregate_name"]


AGGREGATE = "AGGREGATE"     # the code of a sum over ranked regions (前五省份合计)


def aggregate_mentions(text: str, sentences: list[tuple[int, int]]) -> list[RegionMention]:
    """In each sentence, a sum over the top-N regions of a ranking (前 5 名…合计) as a region mention
    standing where the sum is stated, so that the sum and the figures after it resolve to it."""
    rank = _aggregate_rules()[0]
    if not sentences or not rank.search(text, sentences[0][0], sentences[-1][1]):
        return []       # no ranking anywhere in them: spares a search per sentence
    return [found for start, end in sentences for found in _aggregate(text, start, end)]


def _aggregate(text: str, start: int, end: int) -> list[RegionMention]:
    rank, total, name = _aggregate_rules()
    ranked = rank.search(text, start, end)
    if not ranked:
        return []
    summed = total.search(text, ranked.end(), end)
    if not summed:
        return []
    n = ranked.group("n")
    import cn2an  # here, not at the top: it takes a quarter of the command line's start-up
    label = name.format(n=cn2an.an2cn(n) if n.isdigit() else n)
    return [RegionMention(summed.start(), summed.end(), Region(label, "other", None, AGGREGATE))]


@functools.cache
def gazetteer() -> Gazetteer:
    return Gazetteer(load_csv("regions.csv"), load_yaml("cues.yaml")["regions"])
