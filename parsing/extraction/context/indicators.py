"""Indicator stage: what a number measures, named from the catalog (data/indicators.yaml).

Synonyms are matched on the clause with spaces removed (PDF dumps write 5G 基站). The label that ends
nearest before the number wins; failing that, one right after it (5万户企业上云). A number no synonym
names gets a short phrase taken from its clause as indicator and a key from data/indicator_fallbacks.yaml.
"""
from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ...knowledge import LiteralMatcher, alternation, compiled, load_yaml, shared_slice

_SPACE = compiled(r"\s+")
_LIST_MARKER = compiled(r"^\d{1,2}[.、]")
_REMEMBERED = 4096      # phrases whose reading a catalog keeps
_CLAUSE_EDGE = compiled(r"[，,。；;：:、（）()“”\"《》]")


class Indicator(NamedTuple):
    name: str
    key: str
    start: int = -1        # where its label stands in the text (-1 when taken from context)
    end: int = -1


@dataclass(frozen=True)
class _Entry:
    name: str
    key: str


class Catalog:
    def __init__(self, entries: list[dict], fallbacks: dict):
        self._by_form: dict[str, _Entry] = {}
        for entry in entries:
            target = _Entry(entry["name"], entry["key"])
            for form in [entry["name"], *entry.get("synonyms", [])]:
                self._by_form.setdefault(_SPACE.sub("", str(form)), target)
        self._matcher = LiteralMatcher(self._by_form)
        self.first_characters = frozenset(form[0] for form in self._by_form)
        self._key_rules = [(word, key) for word, key in fallbacks["key_rules"]]
        self._counter_rules = [(word, counter) for word, counter in fallbacks["counter_rules"]]
        self._lead = compiled(rf"(?:{alternation(fallbacks['trim_leading'])})+")
        # searched backwards from the end (REVERSE), not tried at every position of the phrase
        self._trail = regex.compile(rf"(?:{alternation(fallbacks['trim_trailing'])})+$", regex.REVERSE)
        self._max = fallbacks["max_phrase_chars"]
        self._context_measure = compiled(alternation(fallbacks["context_measures"]))
        self._units = {entry["name"]: list(entry.get("units") or []) for entry in entries}
        # Both are pure functions of a short text that a document asks about again and again (the same
        # label words before many numbers, a table's separators): each answer is kept, up to a bound.
        self.key_for_phrase = functools.lru_cache(maxsize=_REMEMBERED)(self._key_for_phrase)
        self.phrase = functools.lru_cache(maxsize=_REMEMBERED)(self._phrase)

    def labels(self, text: str, start: int, end: int) -> list[Indicator]:
        """Every catalog label in text[start:end], as offsets into `text`; spaces inside a label
        (5G 基站) are ignored."""
        piece = shared_slice(text, start, end)
        spaces = _SPACE.findall(piece)
        if not spaces:
            return [self._indicator(form, s, e) for form, s, e in self._matcher.find(text, start, end)]
        words = _SPACE.split(piece)          # one more than the runs of spaces between them
        compact = "".join(words)
        # kept_before[i] = compact characters before the i-th space run, removed[i] = characters dropped
        # up to its end: enough to map compact offsets back
        kept_before = list(itertools.accumulate(map(len, words[:-1])))
        removed = list(itertools.accumulate(map(len, spaces)))

        def original(offset: int) -> int:
            index = bisect.bisect_right(kept_before, offset) - 1
            return start + offset + (removed[index] if index >= 0 else 0)

        return [self._indicator(form, original(s), original(e - 1) + 1) for form, s, e in self._matcher.find(compact)]

    def _indicator(self, form: str, start: int, end: int) -> Indicator:
        entry = self._by_form[form]
        return Indicator(entry.name, entry.key, start, end)

    def named(self, name: str) -> Indicator | None:
        """The catalog's indicator for a name as written, if it has one."""
        entry = self._by_form.get(_SPACE.sub("", name))
        return Indicator(entry.name, entry.key) if entry else None

    def canonical(self, name: str) -> str:
        """The catalog's name for a derived name written another way (软件业务收入占比 → …占全国比重)."""
        entry = self._by_form.get(_SPACE.sub("", name))
        return entry.name if entry else name

    def expected_unit(self, name: str, unit_raw: str) -> str:
        """The counter a bare multiplier stands for (IPv6活跃用户数达6.97亿 → 人), from the catalog, else
        from the head word of a name it does not know (实名注册用户 → 人)."""
        if not unit_raw:
            return ""           # a bare number stands for no multiplier
        if name in self._units:
            units = [u for u in self._units[name] if u != "%"]
            return units[0] if units else ""
        return _last_rule(name, self._counter_rules, "")

    def in_context(self, indicator_key: str, name: str, theme: str) -> str:
        """The key of a figure in its context's theme (a section's or an article's key): a name with no
        theme of its own that names only a measure (产值, 注册用户, 办件量) measures the theme's."""
        if indicator_key != "other" or theme == "other" or not self._context_measure.search(name):
            return indicator_key
        return theme

    def _key_for_phrase(self, phrase: str) -> str:
        """The key of the rule word ending last in the phrase: a Chinese noun phrase names its head last
        (数字经济龙头企业 counts enterprises); of words ending together, the earlier rule's."""
        return _last_rule(phrase, self._key_rules, "other")

    def _phrase(self, text: str) -> str:
        """A short indicator phrase from clause text: fillers and verbs trimmed from both ends."""
        compact = _SPACE.sub("", text)
        compact = _CLAUSE_EDGE.split(compact)[-1] if compact else compact
        compact = _LIST_MARKER.sub("", compact)
        for _ in range(3):
            lead = self._lead.match(compact)
            compact = compact[lead.end():] if lead else compact
            trail = self._trail.search(compact)
            if trail:
                compact = compact[:trail.start()]
            if not (lead or trail):
                break
        phrase = compact[-self._max:]
        # punctuation and digits left between two numbers (1-2~3至4) name nothing
        return phrase if any(map(str.isalpha, phrase)) else ""


def _last_rule(phrase: str, rules: list[tuple[str, str]], default: str) -> str:
    """The value of the rule whose word ends last in the phrase (of words ending together, the earlier
    rule's), else `default`."""
    best, best_end = default, 0
    for word, value in rules:
        end = phrase.rfind(word) + len(word)
        if end > best_end and end >= len(word):
            best, best_end = value, end
    return best


@functools.cache
def catalog() -> Catalog:
    return Catalog(load_yaml("indicators.yaml"), load_yaml("indicator_fallbacks.yaml"))
