"""Validate the held-out gold: every hNN_*.jsonl line against its hNN_*.txt and the fact contract.

Run from the repository root:  python tests/heldout/check_gold.py
Prints one line per problem and the counts by kind and indicator key; exits 1 if anything is wrong.

It checks the form of the gold, not its meaning: fields present and in the order of the external gold,
quote an exact substring of the given line, the value's digits in the quote, value_base = value × the
multiplier written in unit_raw, keys, kinds, comparators and region levels from the contract, regions
known to data/regions.csv, facts in reading order. It does not import the extractor (the gold must stay
independent of it).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

FIELDS = ["source", "line", "quote", "article", "region", "region_level", "province", "indicator",
          "indicator_key", "kind", "value", "value_high", "unit_raw", "value_base", "unit_base",
          "comparator", "year", "period", "yoy_pct", "note"]
KINDS = {"actual", "target", "forecast", "incentive"}
COMPARATORS = {"=", ">=", "<=", "~", "range"}
LEVELS = {"world", "country", "national", "macro_region", "province", "city", "district", "other"}
NO_PROVINCE = {"world", "country", "national", "macro_region", "other"}
HEADER = ("标题: ", "日期: ", "来源URL: ")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\??")
# Multipliers a unit may start with (simplified and traditional). 兆 is deliberately absent: in 兆瓦 it
# means mega and is part of the unit.
MULTIPLIERS = [("万亿", 1e12), ("萬億", 1e12), ("亿", 1e8), ("億", 1e8), ("万", 1e4), ("萬", 1e4)]
CHINESE_DIGITS = dict(zip("一二两三四五六七八九十", [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10]))


def catalog_keys() -> set[str]:
    entries = yaml.safe_load((ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8"))
    return {entry["key"] for entry in entries} | {"other"}


def known_regions() -> set[str]:
    with (ROOT / "data" / "regions.csv").open(encoding="utf-8") as fh:
        return {row["name"] for row in csv.DictReader(fh)}


def numbers_in(quote: str) -> list[float]:
    """Every number the quote writes: ASCII digits (thousands commas dropped) and the Chinese forms the
    gold records (X成 → X, A分之B → B/A)."""
    found = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d{3})", "", quote))]
    found += [CHINESE_DIGITS[c] for c in re.findall(r"([一二三四五六七八九十])成", quote)]
    found += [CHINESE_DIGITS[b] / CHINESE_DIGITS[a]
              for a, b in re.findall(r"([一二三四五六七八九十])分之([一二三四五六七八九十])", quote)]
    return found


def expected_base(fact: dict) -> float:
    unit_raw, value = fact["unit_raw"], fact["value"]
    if unit_raw == "成":
        return value * 10
    if unit_raw == "" and fact["unit_base"] == "%":
        return value * 100
    for prefix, factor in MULTIPLIERS:
        if unit_raw.startswith(prefix):
            return value * factor
    return value


def check_fact(fact: dict, lines: list[str], article: str, keys: set[str], regions: set[str]) -> list[str]:
    problems = []
    if list(fact) != FIELDS:
        return [f"fields {list(fact)} differ from {FIELDS}"]
    line = fact["line"]
    if not 1 <= line <= len(lines) or fact["quote"] not in lines[line - 1]:
        problems.append(f"quote not on line {line}: {fact['quote']}")
    for name in ("value", "value_high"):
        number = fact[name]
        if number is not None and not any(abs(n - number) < 1e-9 for n in numbers_in(fact["quote"])):
            problems.append(f"{name} {number} not written in the quote")
    base = expected_base(fact)
    if abs(fact["value_base"] - base) > 1e-6 * max(1.0, abs(base)):
        problems.append(f"value_base {fact['value_base']} != {base}")
    if fact["article"] != article:
        problems.append(f"article {fact['article']!r} != title {article!r}")
    if fact["indicator_key"] not in keys:
        problems.append(f"indicator_key {fact['indicator_key']} not in the catalog")
    if fact["kind"] not in KINDS:
        problems.append(f"kind {fact['kind']}")
    if fact["comparator"] not in COMPARATORS:
        problems.append(f"comparator {fact['comparator']}")
    if (fact["comparator"] == "range") != (fact["value_high"] is not None):
        problems.append("range comparator and value_high disagree")
    level = fact["region_level"]
    if level not in LEVELS:
        problems.append(f"region_level {level}")
    if (fact["province"] is None) != (level in NO_PROVINCE):
        problems.append(f"province {fact['province']} for level {level}")
    if level == "province" and fact["province"] != fact["region"]:
        problems.append("a province's province must be itself")
    if level in {"province", "city", "district"} and fact["region"] not in regions:
        problems.append(f"region {fact['region']} not in data/regions.csv")
    if not isinstance(fact["year"], int) or not fact["unit_base"] or not fact["indicator"]:
        problems.append("year, unit_base and indicator are required")
    return problems


def check_document(txt: Path, keys: set[str], regions: set[str], kinds: Counter, by_key: Counter) -> list[str]:
    lines = txt.read_text(encoding="utf-8").split("\n")
    problems = []
    if [line[:len(h)] for line, h in zip(lines, HEADER)] != list(HEADER) or lines[3] != "":
        problems.append("header must be 标题:/日期:/来源URL: then a blank line")
    if not DATE.fullmatch(lines[1][len("日期: "):]):
        problems.append(f"date {lines[1]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    article = lines[0][len("标题: "):].rstrip("?")
    gold = txt.with_suffix(".jsonl")
    if not gold.exists():
        return problems + ["no gold file"]
    previous = 0
    for number, raw in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        fact = json.loads(raw)
        if fact.get("source") != txt.name:
            problems.append(f"gold line {number}: source {fact.get('source')}")
        problems += [f"gold line {number}: {p}" for p in check_fact(fact, lines, article, keys, regions)]
        if fact.get("line", 0) < previous:
            problems.append(f"gold line {number}: not in reading order")
        previous = fact.get("line", 0)
        kinds[fact.get("kind")] += 1
        by_key[fact.get("indicator_key")] += 1
    return [f"{txt.name}: {p}" for p in problems]


def main() -> int:
    keys, regions = catalog_keys(), known_regions()
    kinds, by_key = Counter(), Counter()
    problems = []
    documents = sorted(HERE.glob("h[0-9][0-9]_*.txt"))
    for txt in documents:
        problems += check_document(txt, keys, regions, kinds, by_key)
    print("\n".join(problems) or f"{len(documents)} documents, {sum(kinds.values())} facts: all lines valid")
    print("by kind:", dict(kinds.most_common()))
    print("by key:", dict(by_key.most_common()))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
