"""The attachment cues of data/cues.yaml (`attach`, `growth.negative`, `growth.rate_words`), compiled once: the words that tie a
percentage to a level as its growth, mark a share, keep a region from being a sentence's subject, and
spread one cue over a list (分别)."""
from __future__ import annotations

import functools

from ..knowledge import alternation, compiled, load_yaml


@functools.cache
def attach_rules() -> dict:
    cues = load_yaml("cues.yaml")
    attach, growth = cues["attach"], cues["growth"]
    return {
        "yoy_between": compiled(attach["yoy_between"]),
        "growth_before": compiled(attach["growth_before"]),
        "growth_before_reach": attach["growth_before_reach"],
        "annual": compiled(attach["annual_growth_before"]),
        "share_before": compiled(attach["share_before"]),
        "share_word": attach["share_word"],
        "increment_before": compiled(attach["increment_before"]),
        "decrease_words": tuple(attach["decrease_words"]),
        "derived_names": attach["derived_names"],
        "sequential": compiled(attach["sequential_before"]),
        "multiple_unit": attach["multiple_unit"],
        "multiple_before": compiled(attach["multiple_before"]),
        "per_capita_before": tuple(attach["per_capita_before"]),
        "rate_name_ends": tuple(attach["rate_name_ends"]),
        "share_name_ends": tuple(attach["share_name_ends"]),
        "denominator": tuple(attach["region_denominator_before"]),
        "qualifier": tuple(attach["region_qualifier_after"]),
        "organisation": compiled(attach["organisation_after"]),
        "respectively": attach["respectively"],
        "separator": compiled(attach["list_separator"]),
        "possessive": compiled(attach["possessive_between"]),
        "growth_column": compiled(attach["growth_column"]),
        "year_span": compiled(attach["year_span_before"]),
        "conversion": compiled(attach["conversion_between"]),
        "segment": compiled(attach["segment_before"]),
        "segment_suffixes": attach["segment_suffixes"],
        "region_count": compiled(attach["region_count_before"]),
        "region_count_name": attach["region_count_name"],
        "negative": tuple(growth["negative"]),
        "rate_word_end": compiled(f"(?:{alternation(growth['rate_words'])})$"),
    }
