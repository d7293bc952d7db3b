"""Loads the knowledge files under data/ once per process (cue words, layout, catalogs).

The engine's modules ask this module for data; none of them opens data files itself.
"""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import ahocorasick_rs
import regex
import yaml

DATA_DIR = Path(os.environ.get("TRACKER_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))


@functools.cache
def load_yaml(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def load_csv(name: str) -> tuple[dict, ...]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@functools.cache
def pattern(file: str, key: str) -> regex.Pattern:
    """A compiled pattern kept as text in a data file (verbose: whitespace is insignificant; ^/$ match
    at paragraph boundaries)."""
    return regex.compile(load_yaml(file)[key], regex.VERSION1 | regex.VERBOSE | regex.MULTILINE)


class LiteralMatcher:
    """Finds, in one pass, the leftmost-longest occurrences of thousands of literal words (region
    names, indicator synonyms). Aho-Corasick (ahocorasick-rs) runs ~50x faster here than a regex union."""

    def __init__(self, words):
        self.words = sorted({w for w in words if w})
        self._automaton = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(word, start, end) of each match in text[start:end], as offsets into `text`."""
        piece = text[start:end] if (start or end is not None) else text
        return [(self.words[index], start + s, start + e) for index, s, e in self._automaton.find_matches_as_indexes(piece)]


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest cue wins."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
