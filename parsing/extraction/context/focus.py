"""An article's geographic focus: the region its title, publisher and lead are about.

Geoparsers find a text's focus first and read bare place words against it; so does this stage. The
evidence, strongest first: a region the title names; the publisher's region (来源: 温州日报); in the lead,
an organisation speaking for a region (山西省工信厅) or a plan named after one (《江苏省…规划》); the
province abbreviation opening a document number (鲁改委发〔2022〕5号); and, for a text that says 全省 or
我市 but names its region nowhere else, the region its site's host name spells (www.jinan-zhengxie.cn),
else the region its places add up to (cities vote for their province).
A newsletter's articles each have their own focus: nothing carries over from one article to the next.
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ...knowledge import alternation, compiled, load_yaml
from ..cues import attach_rules
from ..scope import title_spans
from .regions import Region, RegionMention, gazetteer, places

@functools.cache
def _cues() -> dict:
    cues = load_yaml("cues.yaml")["regions"]
    return {
        "speaker": regex.compile(cues["speaker_after"]),
        "document_number": regex.compile(cues["document_number"], regex.MULTILINE),
        "abbreviations": cues["province_abbreviations"],
        "self_level": {word: level for level, words in cues["self_level"].items() for word in words},
        # one search for all of them: a substring test per word read a long article 18 times
        "self_words": compiled(alternation(word for words in cues["self_level"].values() for word in words)),
        "whole_of": cues["whole_of"],
    }


def self_level(word: str) -> str:
    """province | city | any: the level a self word (全省, 我市, 全区) refers to."""
    return _cues()["self_level"].get(word, "any")


def stands_for(word: str, region: Region) -> bool:
    """Whether a whole word may stand for `region` (全市 for 大同市, not for 浏阳市, a county-level city);
    never for other self words (我市 is the article's own city wherever it stands)."""
    place = _cues()["whole_of"].get(word)
    return place is not None and region.name.endswith(place["name_end"]) and region.level in place["levels"]


@dataclass(frozen=True)
class Focus:
    """The region an article is about, and how a self word resolves against it."""
    region: Region | None

    def default(self, national: Region) -> Region:
        """The region of a figure whose sentence names none."""
        return self.region or national

    def for_self_word(self, word: str, national: Region) -> Region:
        """全省 in an article about a city is the city's province; 全市 about a province stays the province
        (the best a reader can do); with no focus at all, the nation."""
        region = self.region
        if region is None:
            return national
        if self_level(word) == "province" and region.level in ("city", "district") and region.province:
            return gazetteer().by_name.get(region.province, region)
        return region


def _named(text: str) -> list[RegionMention]:
    return [m for m in gazetteer().find(text) if m.region is not None and m.region.level != "world"]


def _first_region(text: str, worldwide: bool = False) -> Region | None:
    """The first region the text names as its subject (not 居全国第一's 全国, not 全国领先的)."""
    rules = attach_rules()
    mentions = [m for m in gazetteer().find(text) if m.region is not None] if worldwide else _named(text)
    for index, mention in enumerate(mentions):
        before, after = text[max(0, mention.start - 3):mention.start].rstrip(), text[mention.end:mention.end + 4]
        if not before.endswith(rules["denominator"]) and not after.startswith(rules["qualifier"]):
            return _narrowest(mentions[index:])
    return None


def _narrowest(mentions: list[RegionMention]) -> Region:
    """The first mention's region, or the smaller place written right after it in the same province
    (杭州市滨江区融媒体中心 → 滨江区; 浙江杭州 → 杭州市)."""
    region, end = mentions[0].region, mentions[0].end
    for mention in mentions[1:]:
        if mention.start != end or not places(region, mention.region):
            break
        region, end = mention.region, mention.end
    return region


def _speaking_region(lead: str) -> Region | None:
    """A region named by an organisation that speaks in the lead, or by a plan the lead names."""
    speaker = _cues()["speaker"]
    for mention in _named(lead):
        if speaker.match(lead, mention.end):
            return mention.region
    for start, end in title_spans(lead, 0, len(lead)):
        found = _named(lead[start + 1:end - 1])
        if found and found[0].start == 0:
            return found[0].region
    return None


def _numbered_by(lead: str) -> Region | None:
    match = _cues()["document_number"].search(lead)
    name = _cues()["abbreviations"].get(match["abbr"]) if match else None
    return gazetteer().by_name.get(name) if name else None


def _places_add_up_to(mentions: list[RegionMention], level: str) -> Region | None:
    """The province (or, for 全市, the city) that the article's place names point to most."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        region = mention.region
        if region is None or region.level not in ("province", "city", "district"):
            continue
        if level == "city":
            if region.level == "city":
                votes[region.name] += 1
        elif region.province:
            votes[region.province] += 1
    if not votes:
        return None
    (name, count), *rest = votes.most_common(2)
    if rest and rest[0][1] == count:
        return None         # no single region stands out
    return gazetteer().by_name.get(name)


def find_focus(title: str, organisation: str | None, lead: str, article: str = "",
               body: Callable[[], list[RegionMention]] = list, worldwide: bool = False,
               site: str | None = None) -> Focus:
    """The article's focus from its title, publisher and lead; failing those, when the `article` text
    says 全省 or 我市, from its `site` (the host name of its address), else from the places its body names
    (`body` gives every region mention, self words included). A text that speaks of its own region
    without naming it is published by that region, and its places are as often those it compares itself
    with (与杭州市超过28%的水平差距明显).
    全球 in a title is a focus only for a `worldwide` article (an analyst house's market figures); in
    other titles it names an event or a report (全球工业互联网创新发展报告) read for a Chinese audience."""
    for evidence in (lambda: _first_region(title, worldwide), lambda: _first_region(organisation or ""),
                     lambda: _speaking_region(lead), lambda: _numbered_by(lead)):
        if (region := evidence()) is not None:
            return Focus(region)
    if not _cues()["self_words"].search(article):
        return Focus(None)         # no 全省/我市 to read: a plain string search spares the gazetteer pass
    mentions = body()
    self_words = [mention.word for mention in mentions if mention.region is None]
    if not self_words:
        return Focus(None)
    if site and (region := gazetteer().in_host(site)) is not None:
        return Focus(region)
    level = "city" if all(self_level(word) == "city" for word in self_words) else "province"
    return Focus(_places_add_up_to(mentions, level))
