"""Generate data/geo/china_provinces.geojson and data/geo/south_china_sea_inset.geojson from the China map
that the npm package echarts@4.9.0 ships.

Build-time only; the dashboard reads the committed GeoJSON and never touches the network.

    cd /tmp && npm pack echarts@4.9.0          # writes echarts-4.9.0.tgz
    .venv/bin/python data/sources/build_province_geometry.py /tmp/echarts-4.9.0.tgz

echarts stores `map/json/china.json` with `UTF8Encoding: true`: each ring is a string of characters
whose code points carry zigzag-encoded coordinate deltas (scale 1/1024 degree), starting from the
ring's `encodeOffsets`. This script decodes that to plain GeoJSON and names each feature with the
canonical province name and GB/T 2260 code from data/regions.csv.

The 南海诸岛 inset is not in that file: echarts adds it at run time (`src/coord/geo/fix/nanhai.js`) as a
box of polygons laid in lon/lat east of Taiwan, the lower right of the map, where Chinese maps put the
inset. This script reads that module's point list from the same tarball and applies its transform.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import tarfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
REGIONS = DATA / "regions.csv"
OUTPUT = DATA / "geo" / "china_provinces.geojson"
INSET_OUTPUT = DATA / "geo" / "south_china_sea_inset.geojson"
MAP_MEMBER = "package/map/json/china.json"
INSET_MEMBER = "package/src/coord/geo/fix/nanhai.js"
INSET_NAME = "南海诸岛"
# nanhai.js divides x by 10.5 and y by -10.5 / 0.75, then adds its geoCoord; checked against the file below.
INSET_TRANSFORM = ("points[i][k][0] /= 10.5;", "points[i][k][1] /= -10.5 / 0.75;")
INSET_X_DIVISOR, INSET_Y_DIVISOR = 10.5, -10.5 / 0.75
ECHARTS_SCALE = 1024  # echarts' default when the file gives no UTF8Scale
DECIMALS = 3  # 1/1024 degree is about 0.001 degree, so more digits only add bytes


def zigzag_decode(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def decode_ring(encoded: str, offset: list[int], scale: int) -> list[list[float]]:
    """Port of echarts 4 `decodePolygon` (src/coord/geo/parseGeoJson.js)."""
    previous_x, previous_y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        previous_x += zigzag_decode(ord(encoded[i]) - 64)
        previous_y += zigzag_decode(ord(encoded[i + 1]) - 64)
        point = [round(previous_x / scale, DECIMALS), round(previous_y / scale, DECIMALS)]
        if not ring or point != ring[-1]:
            ring.append(point)
    if ring[0] != ring[-1]:
        ring.append(ring[0])  # GeoJSON rings are closed; echarts leaves closing implicit
    return ring


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in degrees²: positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def orient_polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """Exterior clockwise, holes counter-clockwise: the d3-geo winding that plotly's `geo` maps use.

    With the opposite winding d3 fills the whole globe except the ring; echarts' file mixes both.
    """
    oriented = []
    for index, ring in enumerate(rings):
        want_clockwise = index == 0
        oriented.append(ring if (signed_area(ring) < 0) == want_clockwise else ring[::-1])
    return oriented


def polygons_of(geometry: dict, encoded: bool, scale: int) -> list[list[list[list[float]]]]:
    """The geometry as a list of polygons (lists of rings), decoded when echarts encoded it."""
    if geometry["type"] == "Polygon":
        polygons, offsets = [geometry["coordinates"]], [geometry.get("encodeOffsets")]
    elif geometry["type"] == "MultiPolygon":
        polygons, offsets = geometry["coordinates"], geometry.get("encodeOffsets")
    else:
        raise ValueError(f"{MAP_MEMBER}: unsupported geometry type {geometry['type']!r}")
    if not encoded:
        return polygons
    return [[decode_ring(ring, offset, scale) for ring, offset in zip(polygon, polygon_offsets)]
            for polygon, polygon_offsets in zip(polygons, offsets)]


def read_province_names() -> dict[str, str]:
    with open(REGIONS, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle) if row["level"] == "province"}


def read_echarts_map(tarball: Path) -> dict:
    return json.loads(read_member(tarball, MAP_MEMBER))


def read_member(tarball: Path, member_name: str) -> bytes:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(member_name)
        if member is None:
            raise ValueError(f"{tarball}: no {member_name} inside")
        return member.read()


def _js_array(source: str, name: str):
    """The literal array assigned to `var name = [...];` in nanhai.js (its numbers are valid JSON)."""
    found = re.search(rf"var {name} = (\[.*?\]);", source, re.S)
    if not found:
        raise ValueError(f"{INSET_MEMBER}: no `var {name} = [...]`")
    return json.loads(found.group(1))


def build_inset(tarball: Path) -> dict:
    """The 南海诸岛 inset as one MultiPolygon feature: the box's frame, the coast along its top and the
    dashes of the boundary line, placed as echarts places them."""
    source = read_member(tarball, INSET_MEMBER).decode("utf-8")
    if not all(step in source for step in INSET_TRANSFORM):
        raise ValueError(f"{INSET_MEMBER}: the transform is not the one this script ports")
    origin_x, origin_y = _js_array(source, "geoCoord")
    rings = [[[round(x / INSET_X_DIVISOR + origin_x, DECIMALS), round(y / INSET_Y_DIVISOR + origin_y, DECIMALS)]
              for x, y in ring] for ring in _js_array(source, "points")]
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"name": INSET_NAME},
        "geometry": {"type": "MultiPolygon", "coordinates": [orient_polygon([ring]) for ring in rings]},
    }]}


def build(tarball: Path) -> dict:
    source = read_echarts_map(tarball)
    scale = source.get("UTF8Scale", ECHARTS_SCALE)
    province_names = read_province_names()
    features = []
    for feature in source["features"]:
        code = feature["properties"]["id"]
        if code not in province_names:
            raise ValueError(f"{tarball}: feature {feature['properties']} has no province row in {REGIONS}")
        polygons = polygons_of(feature["geometry"], bool(source.get("UTF8Encoding")), scale)
        # echarts has slivers that are just a line out and back (3 positions, no area); GeoJSON
        # requires four positions per ring and d3 would treat a zero-area ring as the whole globe.
        polygons = [p for p in polygons if len(p[0]) >= 4]
        features.append({
            "type": "Feature",
            "properties": {"name": province_names[code], "code": code,
                           "centroid": feature["properties"]["cp"]},
            "geometry": {"type": "MultiPolygon", "coordinates": [orient_polygon(p) for p in polygons]},
        })
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection", "features": features}


def write(collection: dict, path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(collection['features'])} features to {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write(build(Path(sys.argv[1])), OUTPUT)
    write(build_inset(Path(sys.argv[1])), INSET_OUTPUT)
