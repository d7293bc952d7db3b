"""Loads the knowledge files under data/ once per process (cue words, layout, catalogs).

The engine's modules ask this module for data; none of them opens data files itself.

Parsing the YAML and CSV catalogs costs far more than reading them (the indicator catalog alone takes a
large share of a short run), so what a file parses to is kept in a cache directory as a pickle named by
the SHA-256 of the file's bytes (and of this loader's version): a changed file has another name and is
parsed afresh, so the cache can never serve stale data; a missing or unreadable cache entry is simply
parsed again. The directory is locations.cache_dir() (TRACKER_CACHE_DIR set to an empty string switches the
cache off).
"""
from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import io
import os
import pickle
import re
import tempfile
from pathlib import Path

import ahocorasick_rs
import regex
import yaml

from .locations import DATA_DIR, cache_dir

# Bump when what a file parses to changes shape (e.g. another YAML loader), so old entries are not read.
CACHE_VERSION = b"knowledge-cache-1"


@functools.cache
def load_yaml(name: str):
    return _parsed(name, _parse_yaml)


def load_yaml_file(path: Path):
    """A YAML file outside data/ (the store's catalogs come from a folder the caller names), cached alike."""
    return _cached_parse(path.read_bytes(), _parse_yaml)


@functools.cache
def load_csv(name: str) -> tuple[dict, ...]:
    return _parsed(name, lambda data: tuple(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))))


# libyaml's loader when PyYAML was built with it (same results, several times faster).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(data: bytes):
    return yaml.load(data.decode("utf-8"), Loader=_YAML_LOADER)


def _parsed(name: str, parse):
    return _cached_parse((DATA_DIR / name).read_bytes(), parse)


def _cached_parse(data: bytes, parse):
    """What `parse` makes of `data`, from the cache when this exact content was parsed before."""
    directory = cache_dir()
    if directory is None:
        return parse(data)
    digest = hashlib.sha256(CACHE_VERSION + b"\0" + data).hexdigest()
    entry = directory / f"{digest}.pickle"
    try:
        return pickle.loads(entry.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
        pass        # not cached yet, or an entry we cannot read: parse the file
    value = parse(data)
    _store(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _store(entry: Path, payload: bytes) -> None:
    """Write a cache entry atomically (a concurrent run sees the whole entry or none); a cache that cannot
    be written (read-only home, full disk) only costs the next run the parse."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, suffix=".tmp") as handle:
            handle.write(payload)
        os.replace(handle.name, entry)
    except OSError:
        pass


@functools.cache
def pattern(file: str, key: str, backwards: bool = False) -> regex.Pattern:
    """A compiled pattern kept as text in a data file (verbose: whitespace is insignificant; ^/$ match
    at paragraph boundaries). `backwards`: searched from the end of the text (regex's REVERSE), for a
    pattern anchored at the end ($), which a forward search would try at every position before it."""
    flags = regex.VERSION1 | regex.VERBOSE | regex.MULTILINE | (regex.REVERSE if backwards else 0)
    return regex.compile(load_yaml(file)[key], flags)


def compiled(source: str) -> re.Pattern | regex.Pattern:
    """`source` compiled by the standard library's re where it can be, else by regex (\\p{Han},
    variable-width look-behinds, sets). On the short windows the engine matches at every number, re runs
    two to four times faster per call; a pattern both compile reads alike in both, save that re's \\s
    also takes the separators U+001C–U+001F, which the reader drops from every document, and that
    regex's newer Unicode tables know a few more (astral) digits for \\d."""
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source)


_DFA_MAX_WORDS = 500


class LiteralMatcher:
    """Finds, in one pass, the leftmost-longest occurrences of thousands of literal words (region
    names, indicator synonyms) or, `overlapping`, every occurrence of every word (cue words: one pass
    for all of them instead of one per list). Aho-Corasick (ahocorasick-rs) runs ~50x faster here than a
    regex union."""

    def __init__(self, words, overlapping: bool = False):
        self.words = sorted({w for w in words if w})
        kind = ahocorasick_rs.MatchKind.Standard if overlapping else ahocorasick_rs.MatchKind.LeftmostLongest
        self._overlapping = overlapping
        # A DFA searches ~40% faster than the library's default choice; for a few hundred words it takes
        # under a millisecond to build, for the thousands of region names tens of milliseconds of every start.
        implementation = ahocorasick_rs.Implementation.DFA if len(self.words) <= _DFA_MAX_WORDS else None
        self._automaton = ahocorasick_rs.AhoCorasick(self.words, matchkind=kind, implementation=implementation)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(word, start, end) of each match in text[start:end], as offsets into `text`."""
        piece = shared_slice(text, start, end) if (start or end is not None) else text
        matches = self._automaton.find_matches_as_indexes(piece, overlapping=self._overlapping)
        return [(self.words[index], start + s, start + e) for index, s, e in matches]


_last_slice: tuple = (None, 0, None, None)


def shared_slice(text: str, start: int, end: int | None) -> str:
    """text[start:end], as the same str object when the slice asked for last is asked again: the
    matchers of a paragraph (regions, labels, industries, cue words) each search it, and a str keeps its
    UTF-8 form once the automaton has asked for it, so the paragraph is encoded once, not once each."""
    global _last_slice
    last_text, last_start, last_end, piece = _last_slice
    if last_text is not text or last_start != start or last_end != end:
        piece = text[start:end]
        _last_slice = (text, start, end, piece)
    return piece


class WordLists:
    """Named lists of plain words (cue lists), matched together: `occurrences` finds every occurrence of
    every word of every list in one pass, so that whether a list has a word inside a window is then a
    lookup, not a regex search per window."""

    def __init__(self, lists: dict[str, list[str]]):
        self._lists_of: dict[str, tuple[str, ...]] = {}
        for name, words in lists.items():
            for word in words:
                self._lists_of[word] = self._lists_of.get(word, ()) + (name,)
        self._names = tuple(lists)
        self._matcher = LiteralMatcher(self._lists_of, overlapping=True)

    def occurrences(self, text: str, start: int = 0, end: int | None = None) -> Occurrences:
        spans: dict[str, list[tuple[int, int]]] = {name: [] for name in self._names}
        for word, s, e in self._matcher.find(text, start, end):
            for name in self._lists_of[word]:
                spans[name].append((s, e))
        for found in spans.values():
            found.sort()
        return Occurrences(spans)


class Occurrences:
    """Where each list's words occur in a text (WordLists.occurrences)."""

    def __init__(self, spans: dict[str, list[tuple[int, int]]]):
        self._spans = spans

    def of(self, name: str) -> list[tuple[int, int]]:
        """The (start, end) of each occurrence of a word of list `name`, in order."""
        return self._spans[name]

    def within(self, name: str, window: tuple[int, int]) -> bool:
        """Whether a word of list `name` lies wholly inside text[window[0]:window[1]] (what a search of
        the window for the list's words would find)."""
        spans = self._spans[name]
        if not spans:
            return False
        low, high = window
        for start, end in spans[bisect.bisect_left(spans, (low, -1)):]:
            if start >= high:
                return False
            if end <= high:
                return True
        return False


# How far from a position the gates of WordsAfter / WordsBefore look for the character next to it.
_GATE_REACH = 16


class WordsAfter:
    """Cue words standing right after a position (spaces between allowed). Most positions have none: the
    first character after the spaces, looked up in the set of the words' first characters, rules them
    out before the pattern runs."""

    def __init__(self, words: list[str]):
        self.pattern = compiled(rf"\s*(?:{alternation(words)})")
        self._first = frozenset(word[0] for word in words)

    def match(self, text: str, pos: int = 0):
        head = text[pos:pos + _GATE_REACH].lstrip()
        return self.pattern.match(text, pos) if not head or head[0] in self._first else None


class WordsBefore:
    """Cue words ending right before a position (spaces between allowed), unless `not_after` stands
    before them (不超过); the last character before the spaces decides most positions, as above."""

    def __init__(self, words: list[str], not_after: str = ""):
        guard = f"(?<!{regex.escape(not_after)})" if not_after else ""
        self._pattern = compiled(rf"{guard}(?:{alternation(words)})\s*$")
        self.last_chars = frozenset(word[-1] for word in words)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        """The cue ending text[pos:endpos] (like a pattern's search with pos and endpos), or None."""
        end = len(text) if endpos is None else endpos
        tail = text[max(pos, end - _GATE_REACH):end].rstrip()
        return self._pattern.search(text, pos, end) if not tail or tail[-1] in self.last_chars else None


class AnyMatch:
    """One test that none of several patterns matches at a position (`match`, anchored there), so that the
    checks using them can be skipped at once: most numbers have no cue after them. It is exact when every
    pattern compiled with re (their union then reads alike); otherwise it never rules anything out."""

    def __init__(self, patterns: list):
        plain = all(isinstance(p, re.Pattern) for p in patterns)
        self._union = re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if plain else None

    def may_match(self, text: str, pos: int = 0) -> bool:
        return self._union is None or self._union.match(text, pos) is not None


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest cue wins."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
