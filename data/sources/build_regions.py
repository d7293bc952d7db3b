"""Generate data/regions.csv, the region catalog read by the extractor, store and dashboard.

Build-time only: run it by hand when a source table changes and commit the CSV it writes.
Nothing in the product imports this script, `cpca` or `pypinyin`; they read only the CSV.

    .venv/bin/python data/sources/build_regions.py

Inputs (all beside this script unless noted, see README.md for provenance):
  cpca/resources/adcodes.csv   administrative divisions with 12-digit adcodes (from the installed `cpca`)
  cpca/resources/56_nations.csv  ethnic group names, stripped from autonomous-area names to get short names
  aggregate_regions.csv        world, national and the four NBS macro-regions (hand-written)
  provinces.csv                short names, English, macro-region, aliases of the 34 provincial units
  adcode_corrections.csv       division changes newer than the cpca snapshot
  national_new_areas.csv       national-level new areas (国家级新区) named in policy text
  countries.csv                foreign countries and blocs named in Chinese economic news
  english_overrides.csv        English names where pinyin of the characters is wrong or not customary
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pypinyin import lazy_pinyin

SOURCES = Path(__file__).resolve().parent
OUTPUT = SOURCES.parent / "regions.csv"
COLUMNS = ["code", "name", "short_name", "level", "province", "macro_region", "english", "aliases"]
ALIAS_SEPARATOR = "|"

# cpca rows that are grouping placeholders in the code table, not places.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Suffix -> English term, longest first so 自治县 wins over 县. Empty term: the bare name is customary.
CITY_SUFFIXES = [("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", "")]
DISTRICT_SUFFIXES = [
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("林区", "Forestry District"),
    ("特区", "Special District"), ("新区", "New Area"), ("群岛", "Islands"), ("区", "District"),
    ("县", "County"), ("旗", "Banner"), ("市", ""),
]
# 清新区 is the 清新 district, not a 清 new area: 新区 only counts as a suffix before a two-character stem.
MIN_STEM_LENGTH = {"新区": 2}


@dataclass
class Region:
    code: str
    name: str
    short_name: str
    level: str
    province: str = ""
    macro_region: str = ""
    english: str = ""
    aliases: list[str] = field(default_factory=list)

    def as_row(self) -> dict[str, str]:
        row = {column: getattr(self, column) for column in COLUMNS if column != "aliases"}
        row["aliases"] = ALIAS_SEPARATOR.join(self.aliases)
        return row


def read_table(name: str) -> list[dict[str, str]]:
    with open(SOURCES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_aliases(cell: str) -> list[str]:
    return [alias for alias in cell.split(ALIAS_SEPARATOR) if alias]


def read_cpca_divisions() -> dict[str, str]:
    """Six-digit GB/T 2260 code -> name, placeholders dropped, corrections applied."""
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    divisions = {}
    for row in csv.DictReader(text.splitlines()):
        if row["name"] not in PLACEHOLDER_NAMES:
            divisions[row["adcode"][:6]] = row["name"]
    for fix in read_table("adcode_corrections.csv"):
        divisions.pop(fix["old_code"], None)
        if fix["new_code"]:
            divisions[fix["new_code"]] = fix["new_name"]
    return divisions


def read_ethnic_names() -> list[str]:
    """Ethnic names with and without 族 (博尔塔拉蒙古自治州 omits it), longest first."""
    text = resources.files("cpca").joinpath("resources/56_nations.csv").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip()}
    names |= {name.removesuffix("族") for name in names if len(name) > 2}
    return sorted(names, key=len, reverse=True)


ETHNIC_NAMES = read_ethnic_names()


def strip_ethnic_names(stem: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for ethnic in ETHNIC_NAMES:
            if stem.endswith(ethnic) and len(stem) > len(ethnic):
                stem = stem[: -len(ethnic)]
                stripped = True
    return stem


def split_suffix(name: str, suffixes: list[tuple[str, str]]) -> tuple[str, str, str]:
    """Return (stem, Chinese suffix, English term); ethnic names go with the suffix for autonomous areas."""
    for suffix, term in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM_LENGTH.get(suffix, 1):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = strip_ethnic_names(stem)
            return stem, suffix, term
    return name, "", ""


def romanise(chinese: str) -> str:
    """Hanyu pinyin as place names are written: one word, capitalised, apostrophe before a/o/e syllables."""
    syllables = lazy_pinyin(chinese, v_to_u=True)
    word = syllables[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in syllables[1:])
    return word.capitalize()


def english_name(stem: str, term: str, overrides: dict[str, str], name: str) -> str:
    if name in overrides:
        return overrides[name]
    return f"{romanise(stem)} {term}".strip()


def readable_short_name(stem: str, name: str) -> str:
    # A one-character stem (忠县 -> 忠) or a bare ethnic name (鄂温克族自治旗 -> 鄂温克族) is not
    # how anyone refers to the place.
    return stem if len(stem) >= 2 and stem not in ETHNIC_NAMES else name


def build_provinces(divisions: dict[str, str]) -> list[Region]:
    provinces = []
    for row in read_table("provinces.csv"):
        name = divisions[row["code"]]
        provinces.append(Region(
            code=row["code"], name=name, short_name=row["short_name"], level="province",
            province=name, macro_region=row["macro_region"], english=row["english"],
            aliases=split_aliases(row["aliases"]),
        ))
    return provinces


def is_city(code: str, name: str) -> bool:
    """Prefecture-level units, plus county-level cities governed directly by a province (仙桃市, 济源市)."""
    prefecture_digits, county_digits = code[2:4], code[4:6]
    if county_digits == "00":
        return prefecture_digits != "00"
    return prefecture_digits == "90" and name.endswith("市")


def build_subdivisions(divisions: dict[str, str], provinces: list[Region],
                       overrides: dict[str, str]) -> list[Region]:
    province_by_prefix = {p.code[:2]: p for p in provinces}
    regions = []
    for code, name in sorted(divisions.items()):
        province = province_by_prefix[code[:2]]
        if code == province.code:
            continue
        city = is_city(code, name)
        stem, suffix, term = split_suffix(name, CITY_SUFFIXES if city else DISTRICT_SUFFIXES)
        # People write 恩施州 for 恩施土家族苗族自治州.
        aliases = [stem + "州"] if suffix == "自治州" else []
        regions.append(Region(
            code=code, name=name, short_name=readable_short_name(stem, name),
            level="city" if city else "district", province=province.name,
            macro_region=province.macro_region, english=english_name(stem, term, overrides, name),
            aliases=aliases,
        ))
    return regions


def keep_short_names_for_larger_units(provinces: list[Region], subdivisions: list[Region]) -> None:
    """A short name belongs to the larger unit: 吉林 is the province, not 吉林市; 河北 is not 天津's 河北区.

    A city or district whose stripped name clashes with a province's (or, for a district, a city's)
    short name keeps its 州 form or its full name instead.
    """
    taken = {p.short_name for p in provinces}
    for level in ("city", "district"):
        units = [r for r in subdivisions if r.level == level]
        for unit in units:
            if unit.short_name in taken:
                unit.short_name = next((a for a in unit.aliases if a.endswith("州")), unit.name)
        taken |= {unit.short_name for unit in units}


def add_new_areas(regions: list[Region], provinces: list[Region]) -> None:
    """Attach national-level new areas: enrich the district row when one exists, else add a row."""
    province_by_name = {p.name: p for p in provinces}
    for row in read_table("national_new_areas.csv"):
        province = province_by_name[row["province"]]
        existing = [r for r in regions if r.name == row["name"] and r.province == province.name]
        if existing:
            region = existing[0]
            region.short_name, region.english = row["short_name"], row["english"]
            region.aliases += split_aliases(row["aliases"])
            continue
        # No GB/T 2260 code exists for most new areas (they span several counties); the code keeps
        # the province's two digits so a code prefix still tells the province.
        slug = row["english"].removesuffix(" New Area").upper().replace("'", "").replace(" ", "-")
        regions.append(Region(
            code=f"{province.code[:2]}-NA-{slug}", name=row["name"], short_name=row["short_name"],
            level="district", province=province.name, macro_region=province.macro_region,
            english=row["english"], aliases=split_aliases(row["aliases"]),
        ))


def build_aggregates() -> list[Region]:
    return [Region(code=r["code"], name=r["name"], short_name=r["short_name"], level=r["level"],
                   english=r["english"], aliases=split_aliases(r["aliases"]))
            for r in read_table("aggregate_regions.csv")]


def build_countries() -> list[Region]:
    return [Region(code=r["code"], name=r["name"], short_name=r["short_name"], level="country",
                   english=r["english"], aliases=split_aliases(r["aliases"]))
            for r in read_table("countries.csv")]


def build_catalog() -> list[Region]:
    divisions = read_cpca_divisions()
    overrides = {row["name"]: row["english"] for row in read_table("english_overrides.csv")}
    provinces = build_provinces(divisions)
    subdivisions = build_subdivisions(divisions, provinces, overrides)
    keep_short_names_for_larger_units(provinces, subdivisions)
    add_new_areas(subdivisions, provinces)
    return build_aggregates() + provinces + subdivisions + build_countries()


def write_catalog(regions: list[Region], path: Path = OUTPUT) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(region.as_row() for region in regions)


if __name__ == "__main__":
    catalog = build_catalog()
    write_catalog(catalog)
    counts: dict[str, int] = {}
    for region in catalog:
        counts[region.level] = counts.get(region.level, 0) + 1
    print(f"wrote {len(catalog)} regions to {OUTPUT}: {counts}")
