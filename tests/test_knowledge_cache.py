"""The parsed catalogs are cached by the content hash of their files: reused while a file is unchanged,
never served once it changes, and a broken or unwritable cache only costs a parse."""
from __future__ import annotations

import pytest
import yaml

from parsing import knowledge


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data directory with one catalog and an empty cache directory, as the knowledge loader sees them."""
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir()
    (data_dir / "cues.yaml").write_text("kinds: [到, 达到]\n", encoding="utf-8")
    (data_dir / "regions.csv").write_text("code,name\n370000,山东省\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "DATA_DIR", data_dir)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(cache))
    yield data_dir, cache
    knowledge.load_yaml.cache_clear()
    knowledge.load_csv.cache_clear()


def fresh_process() -> None:
    """What a new run starts with: nothing loaded in memory, only the cache directory on disk."""
    knowledge.load_yaml.cache_clear()
    knowledge.load_csv.cache_clear()


def test_an_unchanged_file_is_read_from_the_cache_without_parsing(data, monkeypatch):
    _data_dir, cache = data
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["到", "达到"]}
    assert knowledge.load_csv("regions.csv") == ({"code": "370000", "name": "山东省"},)
    assert len(list(cache.glob("*.pickle"))) == 2

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although cached")
    monkeypatch.setattr(yaml, "load", no_parsing)
    monkeypatch.setattr(knowledge.csv, "DictReader", no_parsing)
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["到", "达到"]}
    assert knowledge.load_csv("regions.csv") == ({"code": "370000", "name": "山东省"},)


def test_a_changed_file_is_parsed_again_never_served_stale(data):
    data_dir, _cache = data
    fresh_process()
    knowledge.load_yaml("cues.yaml")
    (data_dir / "cues.yaml").write_text("kinds: [截至]\n", encoding="utf-8")
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["截至"]}


def test_a_corrupt_entry_or_an_unwritable_cache_only_costs_a_parse(data, monkeypatch, tmp_path):
    _data_dir, cache = data
    fresh_process()
    knowledge.load_yaml("cues.yaml")
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["到", "达到"]}

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(blocker / "cache"))     # cannot be created
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["到", "达到"]}


def test_an_empty_cache_setting_switches_the_cache_off(data, monkeypatch):
    _data_dir, cache = data
    monkeypatch.setenv("TRACKER_CACHE_DIR", "")
    fresh_process()
    assert knowledge.load_yaml("cues.yaml") == {"kinds": ["到", "达到"]}
    assert not cache.exists()
