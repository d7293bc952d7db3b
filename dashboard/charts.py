"""Plotly figures built from query results (no Streamlit here, so the benchmark can time them)."""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from parsing.targets.periods import measured_date

from .formatting import readable_values, scale_for
from .i18n import Translator
from .periods import month_label, read_period

# How each kind is drawn: goals stand apart from measurements (hollow, no connecting line).
KIND_STYLE = {
    "actual": {"mode": "lines+markers", "marker": {"symbol": "circle", "size": 8}, "line": {"dash": "solid"}},
    "forecast": {"mode": "lines+markers", "marker": {"symbol": "diamond-open", "size": 10}, "line": {"dash": "dot"}},
    "target": {"mode": "markers+text", "marker": {"symbol": "circle-open", "size": 14, "line": {"width": 2}}},
    "incentive": {"mode": "markers", "marker": {"symbol": "triangle-up-open", "size": 11}},
}
PALETTE = qualitative.Plotly + qualitative.D3
# More lines than this cannot be told apart (and each costs a trace to build and draw).
MAX_CHART_REGIONS = 12
# Who is drawn first when there are too many: the nation, then macro-regions, provinces, cities.
LEVEL_PRIORITY = ("national", "macro_region", "province", "city", "district", "other", "world", "country")


def split_by_unit(series: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One group per base unit (an indicator can be both a count and a share); the commonest first."""
    counts = series["unit_base"].value_counts()
    return [(unit, series[series["unit_base"] == unit]) for unit in counts.index]


def series_figure(series: pd.DataFrame, unit_base: str, indicator_label: str, t: Translator,
                  region_label: Callable[[str], str]) -> go.Figure:
    """Value over time, one colour per region, one marker style per kind; the axis names the unit.

    A point stands at the end of the period it measures (2023H1 at 30 June, Jan–May at 31 May, a
    year or a deadline at 31 December). A figure for part of a year (上半年, 1—5月) is a series of its own,
    drawn dashed, never joined by a line to the annual figures.
    """
    lang = t.lang
    scale = scale_for(series["value_base"].abs().max(), unit_base, lang)
    regions = list(dict.fromkeys(series["region"]))
    # Every per-point text and position is worked out once for the whole frame, then each trace takes its
    # slice: plotly checks a list item by item but copies an array at once, and dates as datetime64 are
    # written to JSON as the same "2023-12-31" as date objects, without a check per point.
    periods = [p if isinstance(p, str) else None for p in series["period"].tolist()]
    years = [int(y) for y in series["year"].tolist()]
    readings = [read_period(period, year, lang) for period, year in zip(periods, years)]
    # A chart has thousands of points but only a few distinct periods: each one's end is worked out once.
    ends = {key: measured_date(*key) for key in set(zip(periods, years))}
    when = np.array([ends[key] for key in zip(periods, years)], dtype="datetime64[D]")
    parts = [reading.part or "" for reading in readings]
    # Texts as numpy strings, not objects: plotly deep-copies every trace when it builds the figure, which
    # for an object array means a copy call per point.
    hover = np.column_stack([
        np.array(readable_values(series, lang), dtype=str),
        np.array([reading.text for reading in readings], dtype=str),
        np.where(series["conflicting"].to_numpy(dtype=bool), t("conflict"), ""),
    ])
    target_labels = {year: t("target_label", year=year) for year in set(years)}
    target_texts = np.array([target_labels[year] for year in years], dtype=str)
    scaled = series["value_base"].to_numpy(dtype=float) / scale.factor
    # Points in time order; a trace per region, kind and part of a year, in the order they first appear.
    order = np.argsort(when, kind="stable")
    keys = pd.DataFrame({"region": series["region"].to_numpy()[order], "kind": series["kind"].to_numpy()[order],
                         "part": np.array(parts, dtype=object)[order]})
    traces = []
    for (region, kind, part), positions in keys.groupby(["region", "kind", "part"], sort=False).indices.items():
        rows = order[positions]
        style = KIND_STYLE[kind]
        colour = PALETTE[regions.index(region) % len(PALETTE)]
        traces.append(dict(
            type="scatter", x=when[rows], y=scaled[rows],
            name=" · ".join([region_label(region), t.kind(kind), *([part] if part else [])]),
            legendgroup=region,
            mode=style["mode"],
            marker={**style["marker"], "color": colour, **({"symbol": "square"} if part else {})},
            line={**style.get("line", {}), "color": colour, **({"dash": "dash"} if part else {})},
            text=target_texts[rows] if kind == "target" else None,
            textposition="top center",
            customdata=hover[rows],
            hovertemplate="%{customdata[1]}: %{customdata[0]} %{customdata[2]}<extra>%{fullData.name}</extra>",
        ))
    # All traces at once, as plain dicts (a go.Scatter is checked, then copied and checked again by the
    # figure; each add_trace copies the trace list again). Not checked by plotly either (_validate=False):
    # the traces are built here from fixed keys the tests draw, and checking their per-point arrays cost
    # three times as much as the rest of the figure.
    figure = go.Figure(traces, _validate=False)
    figure.update_layout(
        yaxis_title={"text": axis_title(indicator_label, scale.unit(unit_base), t)},  # unchecked: no coercion
        xaxis=time_axis(when.astype(dt.date).tolist(), t),
        yaxis_rangemode="tozero",  # a count read from zero, so a small change does not look like a leap
        yaxis=NUMBER_AXIS[lang],
        legend={"orientation": "h", "y": -0.2}, margin={"t": 30, "l": 10, "r": 10},
        hovermode="closest",
    )
    return figure


# Plain numbers on value axes (plotly would write 200k or 2M, neither the UI's language nor its scale);
# English groups thousands.
NUMBER_AXIS = {"zh": {"exponentformat": "none", "separatethousands": False},
               "en": {"exponentformat": "none", "separatethousands": True}}


def axis_title(indicator_label: str, unit: str, t: Translator) -> str:
    """5G基站（万个） / 5G base stations (million); the name alone when the unit is a bare English count."""
    return t("unit_axis", indicator=indicator_label, unit=unit) if unit else indicator_label


# At most this many ticks on a time axis; more are thinned to every n-th year or month.
MAX_TICKS = 12


def time_axis(dates: list[dt.date], t: Translator) -> dict:
    """A date axis with ticks we place ourselves, so plotly never invents sub-day or weekly ticks.

    Years when every point is a year's end (one year alone stays one year) or the span is long: a tick on
    31 December of each year, labelled with the year, so 2023H1 sits half-way to the 2023 tick. Months
    otherwise: a tick at each month's end, labelled in the reader's language (2023年5月 / May 2023)."""
    first, last = min(dates), max(dates)
    if all((d.month, d.day) == (12, 31) for d in dates) or (last - first).days > 3 * 365:
        years = list(range(first.year, last.year + 1))[::-1][::_step(last.year - first.year + 1)][::-1]
        ticks, labels, pad, title = [dt.date(y, 12, 31) for y in years], [str(y) for y in years], 183, t("year")
    else:
        months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
                  if (first.year, first.month) <= (y, m) <= (last.year, last.month)]
        months = months[::-1][::_step(len(months))][::-1]
        ticks = [month_end(y, m) for y, m in months]
        labels, pad, title = [month_label(y, m, t.lang) for y, m in months], 20, t("month")
    return {"type": "date", "tickmode": "array", "tickvals": ticks, "ticktext": labels,
            "range": [first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)], "title": {"text": title}}


def _step(n: int) -> int:
    return max(1, -(-n // MAX_TICKS))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def province_map(values: pd.DataFrame, geojson: dict, unit_base: str, legend_title: str, t: Translator,
                 region_label: Callable[[str], str], inset: dict | None = None) -> go.Figure:
    """Provinces coloured by value_base (scaled to a readable unit); provinces without data stay grey.
    Hover texts are in the reader's language, with the figure as the source says it (≥, 约, ranges).
    `inset`: the 南海诸岛 box (geo.inset_geojson), drawn in the lower right as Chinese maps carry it."""
    scale = scale_for(values["value_base"].abs().max(), unit_base, t.lang)
    scaled = values["value_base"] / scale.factor
    coloured = go.Choropleth(
        geojson=geojson, featureidkey="properties.name",
        locations=values["region"], z=scaled,
        # From zero, so the smallest province is not as pale as "no data" (plotly needs both ends).
        zmin=min(0.0, scaled.min()), zmax=max(0.0, scaled.max()),
        text=[f"{region_label(region)}: {text}" for region, text in zip(values["region"], readable_values(values, t.lang))],
        hovertemplate="%{text}<extra></extra>",
        colorscale="Blues", marker_line_color="white", marker_line_width=0.5,
        colorbar=NUMBER_AXIS[t.lang],
        colorbar_title=legend_title + (f"<br>({scale.unit(unit_base)})" if scale.unit(unit_base) else ""),
    )
    # Every province outlined in grey so the ones without data still show.
    names = [feature["properties"]["name"] for feature in geojson["features"]]
    grey_base = go.Choropleth(
        geojson=geojson, featureidkey="properties.name", locations=names, z=[0] * len(names),
        colorscale=[[0, "#e5e5e5"], [1, "#e5e5e5"]], showscale=False,
        text=[f"{region_label(name)}: {t('no_data')}" for name in names], hovertemplate="%{text}<extra></extra>",
        marker_line_color="white", marker_line_width=0.5,
    )
    # Grey base below the coloured layer; built in that order, since each re-assignment of a figure's
    # traces copies the province geometry again.
    figure = go.Figure([grey_base, coloured, *(inset_traces(inset, t) if inset else [])])
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(margin={"t": 0, "b": 0, "l": 0, "r": 0}, height=520)
    return figure


INSET_COLOUR = "#7f7f7f"


def inset_traces(inset: dict, t: Translator) -> list:
    """The 南海诸岛 inset: its outlines filled in one grey (not a value, so no hover and no colour bar) and its
    name in the reader's language centred under the box (the box is narrower than the name at dashboard
    sizes)."""
    [feature] = inset["features"]
    name = feature["properties"]["name"]
    points = [point for polygon in feature["geometry"]["coordinates"] for ring in polygon for point in ring]
    west, east, south = min(x for x, _ in points), max(x for x, _ in points), min(y for _, y in points)
    box = go.Choropleth(
        geojson=inset, featureidkey="properties.name", locations=[name], z=[1],
        colorscale=[[0, INSET_COLOUR], [1, INSET_COLOUR]], showscale=False, hoverinfo="skip",
        marker_line_width=0)
    label = go.Scattergeo(
        lon=[(west + east) / 2], lat=[south], text=[t("south_china_sea_islands")], mode="text",
        textposition="bottom center", textfont={"size": 9, "color": "#555555"}, hoverinfo="skip",
        showlegend=False)
    return [box, label]


# plotly.js fetches a world base map (world_110m.json) for every choropleth, even with all of its layers
# hidden, from a CDN this app must not depend on. Pointing it at an empty topology inline keeps the map
# offline; the provinces come from our own GeoJSON.
EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'
# plotly.js appends the file name to the URL; the "#" makes that a fragment of the data URL.
EMPTY_TOPOLOGY_URL = "data:application/json," + EMPTY_TOPOLOGY + "#"
OFFLINE_MAP_CONFIG = {"topojsonURL": EMPTY_TOPOLOGY_URL}


def chart_config(file_name: str) -> dict:
    """Plotly's browser-side config: offline (see EMPTY_TOPOLOGY), no plotly logo, and the toolbar's camera
    button saving a PNG under a file name that says what it shows (the server-made PNG and SVG are
    download buttons under the chart: dashboard.chart_images)."""
    return {**OFFLINE_MAP_CONFIG, "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2}}
