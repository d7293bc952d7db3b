"""Integrity of the region catalog (data/regions.csv) and the province geometry (data/geo/)."""
import csv
import json
import runpy
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
COLUMNS = ["code", "name", "short_name", "level", "province", "macro_region", "english", "aliases"]
LEVELS = {"world", "country", "national", "macro_region", "province", "city", "district", "other"}
# Provincial units outside the NBS mainland macro-region classification: 台湾, 香港, 澳门.
NON_MAINLAND_PREFIXES = {"71", "81", "82"}
GEOMETRY_BUDGET_BYTES = 1_500_000


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regions() -> list[dict[str, str]]:
    return read_csv(DATA / "regions.csv")


@pytest.fixture(scope="module")
def provinces(regions) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in regions if row["level"] == "province"}


@pytest.fixture(scope="module")
def geometry() -> dict:
    return json.loads((DATA / "geo" / "china_provinces.geojson").read_text(encoding="utf-8"))


def test_header_is_the_contract():
    with open(DATA / "regions.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_every_row_is_complete(regions):
    for row in regions:
        assert row["level"] in LEVELS, row
        assert row["code"] and row["name"] and row["short_name"] and row["english"], row
        assert all(cell == cell.strip() for cell in row.values()), row


def test_codes_are_unique(regions):
    duplicates = [code for code, n in Counter(r["code"] for r in regions).items() if n > 1]
    assert duplicates == []


def test_34_provincial_units_with_gbt2260_codes(provinces):
    assert len(provinces) == 34
    for name, row in provinces.items():
        assert len(row["code"]) == 6 and row["code"].isdigit() and row["code"].endswith("0000"), row
        assert row["province"] == name, "a province row names itself as province"


def test_province_short_names_are_unique(provinces):
    short_names = Counter(row["short_name"] for row in provinces.values())
    assert [s for s, n in short_names.items() if n > 1] == []


def test_cities_and_districts_sit_in_an_existing_province(regions, provinces):
    for row in regions:
        if row["level"] in ("city", "district"):
            province = provinces.get(row["province"])
            assert province is not None, row
            assert row["code"][:2] == province["code"][:2], row
            assert row["macro_region"] == province["macro_region"], row


def test_city_short_names_never_shadow_a_province(regions, provinces):
    province_short_names = {row["short_name"] for row in provinces.values()}
    cities = [row for row in regions if row["level"] == "city"]
    assert [c["name"] for c in cities if c["short_name"] in province_short_names] == []
    short_names = Counter(c["short_name"] for c in cities)
    assert [s for s, n in short_names.items() if n > 1] == []


def test_rows_outside_china_carry_no_province(regions):
    for row in regions:
        if row["level"] in ("world", "country", "national", "macro_region", "other"):
            assert row["province"] == "" and row["macro_region"] == "", row


def test_macro_regions_cover_the_31_mainland_provinces_exactly_once(regions, provinces):
    macro_names = {row["name"] for row in regions if row["level"] == "macro_region"}
    assert len(macro_names) == 4
    mainland = {n for n, row in provinces.items() if row["code"][:2] not in NON_MAINLAND_PREFIXES}
    assert len(mainland) == 31
    # One macro_region cell per province row, so "exactly once" means: mainland rows have one of the
    # four names, the others have none, and every macro-region gets at least one province.
    for name, row in provinces.items():
        if name in mainland:
            assert row["macro_region"] in macro_names, row
        else:
            assert row["macro_region"] == "", row
    assert {provinces[n]["macro_region"] for n in mainland} == macro_names


def test_aliases_do_not_point_at_two_large_regions(regions):
    """An alias that names a different province, city or aggregate would make resolution ambiguous."""
    large = [r for r in regions if r["level"] not in ("district",)]
    owner_by_form: dict[str, set[str]] = {}
    for row in large:
        forms = {row["name"], row["short_name"], *filter(None, row["aliases"].split("|"))}
        for form in forms:
            owner_by_form.setdefault(form, set()).add(row["code"])
    assert {form: owners for form, owners in owner_by_form.items() if len(owners) > 1} == {}


SPOT_CHECKS = read_csv(DATA / "sources" / "catalog_spot_checks.csv")


@pytest.mark.parametrize("check", SPOT_CHECKS, ids=[f"{c['name']}.{c['column']}" for c in SPOT_CHECKS])
def test_spot_check(regions, check):
    matches = [r for r in regions if r["name"] == check["name"] and r["province"] == check["province"]]
    assert len(matches) == 1, f"{check['name']} ({check['province']}) should be one row"
    assert matches[0][check["column"]] == check["expected"], check["why"]


def test_geometry_features_are_catalog_provinces(geometry, provinces):
    features = geometry["features"]
    names = [f["properties"]["name"] for f in features]
    assert sorted(names) == sorted(provinces)
    for feature in features:
        properties = feature["properties"]
        assert provinces[properties["name"]]["code"] == properties["code"], properties


def shoelace(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def test_geometry_rings_are_closed_and_wound_for_plotly_geo(geometry):
    for feature in geometry["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for index, ring in enumerate(polygon):
                where = f"{feature['properties']['name']} ring {index}"
                assert len(ring) >= 4 and ring[0] == ring[-1], where
                assert (shoelace(ring) < 0) == (index == 0), f"{where}: exterior clockwise, holes not"


def test_geometry_centroids_fall_inside_china(geometry):
    for feature in geometry["features"]:
        lon, lat = feature["properties"]["centroid"]
        assert 73 <= lon <= 136 and 3 <= lat <= 54, feature["properties"]


def test_geometry_stays_small():
    assert (DATA / "geo" / "china_provinces.geojson").stat().st_size < GEOMETRY_BUDGET_BYTES


def test_committed_catalog_matches_its_generator(regions):
    """The CSV is generated, never hand-edited: fixes go into data/sources/ and are regenerated."""
    pytest.importorskip("pypinyin", reason="build-time tool, only on machines that regenerate the catalog")
    pytest.importorskip("cpca")
    generator = runpy.run_path(str(DATA / "sources" / "build_regions.py"), run_name="build_regions")
    assert [region.as_row() for region in generator["build_catalog"]()] == regions
