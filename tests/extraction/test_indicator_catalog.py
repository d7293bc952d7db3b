"""Integrity of the indicator catalog (data/indicators.yaml) and its themes (data/themes.yaml).

The catalog names what a number measures; the target tracker pairs goals with results by these names,
so a name must be unique, a phrasing must lead to one name only, and the hand-checked gold facts must
find their indicator in it.
"""
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from parsing.extraction.normalise import fold

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SHARED = REPO.parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))
FIELDS = {"name", "english", "key", "units", "synonyms"}
BARE_INDEX = ""                      # unit_base of an index without a unit (两化融合发展水平 55, PUE 1.1)

# How the gold writes a growth rate given without its level: the indicator's name plus one of these
# (互联网业务收入同比增速). The catalog has no entries for them; the stem must be in the catalog.
GROWTH_SUFFIXES = ("同比增速", "年均复合增长率", "年均增速", "增速")
# Aggregates the gold writes into a share's name (东部地区互联网业务收入占全国比重); the region is a
# field of its own, so the name is read without it.
AGGREGATE_PREFIXES = ("东部地区", "中部地区", "西部地区", "东北地区", "前五省份")

CJK = r"\u3400-\u9fff\uf900-\ufaff“”‘’「」、"
SPACE_NEXT_TO_CJK = re.compile(rf"[{CJK}]\s|\s[{CJK}]")


def read_yaml(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    return read_yaml(DATA / "indicators.yaml")


@pytest.fixture(scope="module")
def themes() -> dict:
    return read_yaml(DATA / "themes.yaml")


@pytest.fixture(scope="module")
def phrasing_owner(catalog) -> dict[str, dict]:
    """Every name and synonym → its catalog entry (the lookup the extractor builds)."""
    return {phrasing: entry for entry in catalog for phrasing in (entry["name"], *entry["synonyms"])}


def facts_md_keys() -> list[str]:
    text = (SHARED / "FACTS.md").read_text(encoding="utf-8")
    section = text.split("## Indicator keys", 1)[1].split("##", 1)[0]
    return [key.strip() for key in section.replace("\n", " ").split("·") if key.strip()]


def known_unit_bases() -> set[str]:
    return set(read_yaml(DATA / "units.yaml")["units"].values()) | {BARE_INDEX}


def resolve(name: str, owner: dict[str, dict]) -> tuple[dict | None, bool]:
    """The catalog entry a gold indicator name stands for, and whether the name is a growth rate of it."""
    if name in owner:
        return owner[name], False
    for suffix in GROWTH_SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in owner:
            return owner[name[: -len(suffix)]], True
    for prefix in AGGREGATE_PREFIXES:
        if name.startswith(prefix):
            return resolve(name[len(prefix):], owner)
    return None, False


def test_every_entry_has_the_contract_fields(catalog):
    assert isinstance(catalog, list) and catalog
    for entry in catalog:
        assert set(entry) == FIELDS, entry
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"] != "", entry
        assert isinstance(entry["english"], str) and entry["english"].strip(), entry
        assert isinstance(entry["units"], list) and entry["units"], entry
        assert isinstance(entry["synonyms"], list), entry
        assert all(isinstance(s, str) and s for s in entry["synonyms"]), entry


def test_themes_are_the_facts_md_keys(themes):
    if not (SHARED / "FACTS.md").exists():
        pytest.skip("../shared/FACTS.md not present")
    assert list(themes) == facts_md_keys()


def test_every_theme_has_chinese_and_english_labels(themes):
    assert "other" in themes
    for key, label in themes.items():
        assert set(label) == {"zh", "en"} and label["zh"].strip() and label["en"].strip(), key


def test_every_key_is_a_theme(catalog, themes):
    assert sorted({e["key"] for e in catalog} - set(themes)) == []


def test_every_theme_has_indicators(catalog, themes):
    assert sorted(set(themes) - {e["key"] for e in catalog}) == []


def test_catalog_is_grouped_by_theme_in_theme_order(catalog, themes):
    order = list(themes)
    positions = [order.index(e["key"]) for e in catalog if e["key"] in order]
    assert positions == sorted(positions)


def test_names_are_unique(catalog):
    assert [n for n, count in Counter(e["name"] for e in catalog).items() if count > 1] == []


def test_no_phrasing_leads_to_two_names(catalog):
    """Compared with all whitespace removed, as the extractor matches (10G PON端口 = 10GPON端口)."""
    owners: dict[str, set[str]] = {}
    for entry in catalog:
        for phrasing in (entry["name"], *entry["synonyms"]):
            owners.setdefault(re.sub(r"\s+", "", phrasing), set()).add(entry["name"])
    assert {p: sorted(n) for p, n in owners.items() if len(n) > 1} == {}


def test_no_synonym_is_listed_twice_in_one_entry(catalog):
    for entry in catalog:
        assert len(entry["synonyms"]) == len(set(entry["synonyms"])), entry["name"]


def test_units_are_known_unit_bases(catalog):
    known = known_unit_bases()
    unknown = {e["name"]: sorted(set(e["units"]) - known) for e in catalog if set(e["units"]) - known}
    assert unknown == {}


def test_phrasings_are_in_the_form_the_extractor_matches(catalog):
    """The extractor folds widths and script and drops spaces between CJK and ASCII before matching, so a
    phrasing written any other way would never match."""
    for entry in catalog:
        for phrasing in (entry["name"], *entry["synonyms"]):
            assert fold(phrasing) == phrasing, (entry["name"], phrasing, fold(phrasing))
            assert phrasing == phrasing.strip() and not SPACE_NEXT_TO_CJK.search(phrasing), (entry["name"], phrasing)


def test_resolve_reads_gold_naming_conventions():
    owner = {"互联网业务收入": {"name": "互联网业务收入"}, "互联网业务收入占全国比重": {"name": "share"}}
    assert resolve("互联网业务收入同比增速", owner) == (owner["互联网业务收入"], True)
    assert resolve("东部地区互联网业务收入占全国比重", owner) == (owner["互联网业务收入占全国比重"], False)
    assert resolve("互联网业务收入占全球比重", owner) == (None, False)


def gold_facts(gold_file: Path) -> list[tuple[int, dict]]:
    return [(n, json.loads(line)) for n, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), 1)
            if line.strip()]


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def test_first_unit_is_the_counter_of_a_bare_multiplier(gold_file, phrasing_owner):
    """IPv6活跃用户数达6.97亿: the extractor takes the counter from the indicator's first unit."""
    multipliers = set(read_yaml(DATA / "units.yaml")["multipliers"])
    problems = []
    for number, fact in gold_facts(gold_file):
        entry, is_growth = resolve(fact["indicator"], phrasing_owner)
        if entry is None or is_growth or fact["unit_raw"] not in multipliers:
            continue
        first = next((u for u in entry["units"] if u != "%"), None)
        if first != fact["unit_base"]:
            problems.append(f"{number}: {fact['indicator']} {fact['unit_raw']} is {fact['unit_base']}, catalog gives {first}")
    assert problems == []


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def test_gold_indicators_are_in_the_catalog(gold_file, phrasing_owner):
    """Every gold fact with a theme key finds its indicator (by name or synonym) under the same key, with
    the gold's unit among the indicator's units (growth rates: %)."""
    problems = []
    for number, fact in gold_facts(gold_file):
        if fact["indicator_key"] == "other":
            continue
        entry, is_growth = resolve(fact["indicator"], phrasing_owner)
        expected_units = ["%"] if is_growth else entry["units"] if entry else []
        if entry is None:
            problems.append(f"{number}: {fact['indicator']} not in the catalog")
        elif entry["key"] != fact["indicator_key"]:
            problems.append(f"{number}: {fact['indicator']} is {entry['key']}, gold says {fact['indicator_key']}")
        elif fact["unit_base"] not in expected_units:
            problems.append(f"{number}: {fact['indicator']} in {fact['unit_base']}, catalog has {expected_units}")
    assert problems == []

