"""Geometry shipped in data/geo/ (see its README): province outlines (`properties.name` is the canonical
province name) and the 南海诸岛 inset drawn in the map's lower right."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .database import REPO_ROOT

GEOMETRY_PATH = REPO_ROOT / "data" / "geo" / "china_provinces.geojson"
INSET_PATH = REPO_ROOT / "data" / "geo" / "south_china_sea_inset.geojson"


def province_geojson(path: Path = GEOMETRY_PATH) -> dict:
    """The province GeoJSON; raises FileNotFoundError when the file is missing."""
    return _load(path, path.stat().st_mtime_ns)


def inset_geojson(path: Path = INSET_PATH) -> dict:
    """The 南海诸岛 inset (one feature, already placed in lon/lat); raises FileNotFoundError when missing."""
    return _load(path, path.stat().st_mtime_ns)


class SharedGeometry(dict):
    """A GeoJSON read once and never changed: deep copies of it are itself. Plotly deep-copies every trace's
    properties when a figure is built and again when it is sent, and the province outlines (≈100,000 lists
    of coordinates, in two traces) made that most of a map's server-side time."""

    def __deepcopy__(self, memo: dict) -> SharedGeometry:
        return self


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> SharedGeometry:
    with path.open(encoding="utf-8") as fh:
        return SharedGeometry(json.load(fh))
