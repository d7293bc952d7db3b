"""Province outlines shipped in data/geo/ (see its README): `properties.name` is the canonical province name."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .database import REPO_ROOT

GEOMETRY_PATH = REPO_ROOT / "data" / "geo" / "china_provinces.geojson"


def province_geojson(path: Path = GEOMETRY_PATH) -> dict:
    """The province GeoJSON; raises FileNotFoundError when the file is missing."""
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _load(path: Path, mtime_ns: int) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)
