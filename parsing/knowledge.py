"""Loads the knowledge files under data/ once per process (cue words, layout, catalogs).

The engine's modules ask this module for data; none of them opens data files itself.
"""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

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


def trie_union(words) -> str:
    """A regex matching any of `words`, compiled from a prefix trie so that a union of thousands of
    names (regions, indicator synonyms) is checked in one pass per position; longest match wins."""
    trie: dict = {}
    for word in set(words):
        if word:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = True

    def render(node: dict) -> str:
        ends = "" in node
        branches = [regex.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return render(trie)


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest cue wins."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
