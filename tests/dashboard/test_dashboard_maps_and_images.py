"""The map's 南海诸岛 inset, the explorer map tab's year, and charts downloaded as PNG and SVG (made on the
server by kaleido in Debian's chromium), through Streamlit's AppTest against the small store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import chart_images, geo
from dashboard_store import build_sample_db
from test_dashboard_reading import run

needs_chromium = pytest.mark.skipif(not chart_images.available(),
                                    reason="needs kaleido and a Chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("store") / "tracker.duckdb")


def map_data(at: AppTest) -> list[dict]:
    return [trace for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]
            if trace["type"] in ("choropleth", "scattergeo")]


def coloured_provinces(at: AppTest) -> list[str]:
    [coloured] = [trace for trace in map_data(at) if trace["type"] == "choropleth" and trace.get("showscale") is not False]
    return sorted(coloured["locations"])


# --- 南海诸岛 -------------------------------------------------------------------------------------------------

def _points(collection: dict) -> list[list[float]]:
    return [point for feature in collection["features"] for polygon in feature["geometry"]["coordinates"]
            for ring in polygon for point in ring]


def test_the_inset_box_lies_in_the_lower_right_of_the_map_clear_of_every_province():
    provinces, inset = _points(geo.province_geojson()), _points(geo.inset_geojson())
    west, east = min(x for x, _ in provinces), max(x for x, _ in provinces)
    south, north = min(y for _, y in provinces), max(y for _, y in provinces)
    box_west, box_east = min(x for x, _ in inset), max(x for x, _ in inset)
    box_south, box_north = min(y for _, y in inset), max(y for _, y in inset)
    assert box_west > (west + east) / 2 and box_north < (south + north) / 2      # lower right quarter
    assert not [p for p in provinces if box_west <= p[0] <= box_east and box_south <= p[1] <= box_north]
    assert [f["properties"]["name"] for f in geo.inset_geojson()["features"]] == ["南海诸岛"]
    assert len(geo.inset_geojson()["features"][0]["geometry"]["coordinates"]) == 12  # frame, coast, 10 dashes


def test_every_province_map_sent_carries_the_whole_outlines_and_leaves_the_loaded_ones_as_read(sample_db, monkeypatch):
    """The outlines are shared between figures, not copied (geo.SharedGeometry): what the browser gets is
    still every province in each province layer, and nothing a map does changes the loaded GeoJSON."""
    with geo.GEOMETRY_PATH.open(encoding="utf-8") as fh:
        as_read = json.load(fh)
    for year in ("2022", "2023", "2022"):
        at = run(sample_db, monkeypatch, view="map", indicator="5G基站", year=year)
        province_layers = [trace for trace in map_data(at)
                           if trace["type"] == "choropleth" and trace["locations"] != ["南海诸岛"]]
        assert len(province_layers) == 2 and all(layer["geojson"] == as_read for layer in province_layers)
    assert geo.province_geojson() == as_read


@pytest.mark.parametrize("lang, label", [("zh", "南海诸岛"), ("en", "South China<br>Sea Islands")])
def test_the_map_carries_the_inset_named_in_the_readers_language(sample_db, monkeypatch, lang, label):
    at = run(sample_db, monkeypatch, view="map", indicator="5G基站", year="2022", lang=lang)
    [box] = [trace for trace in map_data(at) if trace.get("locations") == ["南海诸岛"]]
    assert box["showscale"] is False and box["hoverinfo"] == "skip"   # not a value: no colour bar, no hover
    assert box["geojson"] == geo.inset_geojson()
    [name] = [trace for trace in map_data(at) if trace["type"] == "scattergeo"]
    assert name["text"] == [label]
    assert coloured_provinces(at) == ["山东省", "广东省"]  # the inset colours no province


# --- The explorer's map tab picks its year ----------------------------------------------------------------------

def test_the_explorer_map_tab_is_drawn_only_when_opened_then_shows_the_latest_year_then_the_one_chosen(sample_db,
                                                                                                       monkeypatch):
    at = run(sample_db, monkeypatch, view="explorer", indicator="5G基站")
    assert [tab.label for tab in at.tabs] == ["图表", "表格", "地图"]
    assert map_data(at) == [] and "w.year" not in [box.key for box in at.selectbox]   # closed: no map work
    at.session_state["explorer.tab"] = "地图"
    at.run()
    assert at.selectbox(key="w.year").value == 2023 and coloured_provinces(at) == ["山东省"]
    at.selectbox(key="w.year").set_value(2022).run()
    assert coloured_provinces(at) == ["山东省", "广东省"]
    assert at.query_params["year"] in ("2022", ["2022"])
    assert "2022年各省实际值。" in [caption.value for caption in at.caption]
    again = run(sample_db, monkeypatch, view="explorer", indicator="5G基站", year="2022")   # opens on the map
    assert coloured_provinces(again) == ["山东省", "广东省"]


def test_a_year_the_map_has_no_figures_for_is_refused_with_a_message(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, view="explorer", indicator="5G基站", year="1999")
    assert any("1999" in warning.value for warning in at.warning)
    assert at.selectbox(key="w.year").value == 2023


# --- Chart images ------------------------------------------------------------------------------------------

def offered(at: AppTest, downloads: dict, suffix: str) -> list[tuple]:
    files = [downloads[button.proto.deferred_file_id] for button in at.download_button]
    return [(make, name) for make, name in files if name.endswith(suffix)]


@needs_chromium
def test_the_explorer_chart_downloads_as_png_and_svg_with_its_title_and_sources(sample_db, monkeypatch, downloads):
    at = run(sample_db, monkeypatch, view="explorer", indicator="5G基站", region="全国")
    [(make_png, png_name)], [(make_svg, svg_name)] = offered(at, downloads, ".png")[:1], offered(at, downloads, ".svg")[:1]
    assert png_name == "5G基站_1.png" and svg_name == "5G基站_1.svg"
    assert make_png().startswith(b"\x89PNG\r\n\x1a\n")
    svg = make_svg().decode("utf-8")
    assert svg.startswith("<svg") and "5G基站（万个）" in svg   # the chart's own axis title
    note = next(caption.value for caption in at.caption if caption.value.startswith("来源："))
    assert "大数据发展动态 2023年第30期" in note and note in svg   # the note under the chart travels with it


@needs_chromium
def test_the_map_downloads_with_its_inset(sample_db, monkeypatch, downloads):
    at = run(sample_db, monkeypatch, view="map", indicator="5G基站", year="2022")
    [(make_svg, name)] = offered(at, downloads, ".svg")
    assert name == "map_5G基站_2022.svg"
    svg = make_svg().decode("utf-8")
    assert "南海诸岛" in svg and "5G基站 · 2022 · 实际值" in svg


def test_without_chromium_the_chart_says_to_use_the_camera_button_and_offers_no_image(sample_db, monkeypatch,
                                                                                       downloads):
    monkeypatch.setattr(chart_images, "available", lambda: False)
    at = run(sample_db, monkeypatch, view="explorer", indicator="5G基站", region="全国")
    assert offered(at, downloads, ".png") == [] and offered(at, downloads, ".svg") == []
    assert any("相机按钮" in caption.value for caption in at.caption)
    assert offered(at, downloads, ".csv")   # the data still downloads


def test_an_unknown_image_format_is_refused():
    with pytest.raises(ValueError, match="png, svg"):
        chart_images.chart_image(None, "jpg")
