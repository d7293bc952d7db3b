"""Where the engine finds its knowledge files and keeps what it can make again from its sources.

A module of plain paths, never compiled (compiled.py): a compiled module's __file__ is in its build
folder, so no path may be derived from a compiled module's own location.
- DATA_DIR: the knowledge files (data/, or $TRACKER_DATA_DIR).
- cache_dir(): parsed catalogs (knowledge.py) and the compiled build of the extraction stages
  (compiled.py): $TRACKER_CACHE_DIR, else $XDG_CACHE_HOME/target-tracker, else ~/.cache/target-tracker;
  an empty TRACKER_CACHE_DIR switches the cache off (None).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRACKER_DATA_DIR", PACKAGE_DIR.parent / "data"))


def cache_dir() -> Path | None:
    configured = os.environ.get("TRACKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "target-tracker"
