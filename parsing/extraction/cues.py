"""The attachment cues of data/cues.yaml (`attach`, `growth.negative`, `growth.rate_words`), compiled once: the words that tie a
percentage to a level as its growth, mark a share, keep a region from being a sentence's subject, and
spread one cue over a list (分别)."""
from __future__ import annotations

import functools

import regex

from ..knowledge import alternation, load_yaml


@functools.cache
def attach_rules() -> dict:
    cues = load_yaml("cues.yaml")
    attach, growth = cues["attach"], cues["growth"]
    return {
        "yoy_between": regex.compile(attach["yoy_between"]),
        "growth_before": regex.compile(attach["growth_before"]),
        "annual": regex.compile(attach["annual_growth_before"]),
        "share_before": regex.compile(attach["share_before"]),
        "denominator": tuple(attach["region_denominator_before"]),
        "qualifier": tuple(attach["region_qualifier_after"]),
        "organisation": regex.compile(attach["organisation_after"]),
        "respectively": attach["respectively"],
        "separator": regex.compile(attach["list_separator"]),
        "conversion": regex.compile(attach["conversion_between"]),
        "segment": regex.compile(attach["segment_before"]),
        "segment_suffixes": attach["segment_suffixes"],
        "region_count": regex.compile(attach["region_count_before"]),
        "region_count_name": attach["region_count_name"],
        "negative": tuple(growth["negative"]),
        "rate_word_end": regex.compile(f"(?:{alternation(growth['rate_words'])})$"),
    }
