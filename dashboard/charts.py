"""Plotly figures built from query results (no Streamlit here, so the benchmark can time them)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from parsing.targets.periods import measured_date

from .formatting import format_value, readable_values, scale_for
from .i18n import Translator

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
# Who is drawn first when there are too many (parsing.store.queries.chart_series): the nation, then
# macro-regions, provinces, cities; then those with most points.
LEVEL_PRIORITY = ("national", "macro_region", "province", "city", "district", "other", "world", "country")


def split_by_unit(series: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One group per base unit (an indicator can be both a count and a share); the commonest first."""
    counts = series["unit_base"].value_counts()
    return [(unit, series[series["unit_base"] == unit]) for unit in counts.index]


def series_figure(series: pd.DataFrame, unit_base: str, indicator_label: str, t: Translator,
                  region_label: Callable[[str], str]) -> go.Figure:
    """Value over time, one colour per region, one marker style per kind; the axis names the unit.

    A point stands at the end of the period it measures (2023H1 at 30 June, Jan–May at 31 May, a
    year or a deadline at 31 December), so figures for parts of a year do not pile up on one tick.
    """
    scale = scale_for(series["value_base"].abs().max(), unit_base)
    figure = go.Figure()
    regions = list(dict.fromkeys(series["region"]))
    series = series.assign(_when=[measured_date(period if isinstance(period, str) else None, int(year))
                                  for period, year in zip(series["period"], series["year"])])
    for (region, kind), rows in series.sort_values("_when").groupby(["region", "kind"], sort=False):
        style = KIND_STYLE[kind]
        colour = PALETTE[regions.index(region) % len(PALETTE)]
        figure.add_trace(go.Scatter(
            x=rows["_when"], y=rows["value_base"] / scale.factor,
            name=f"{region_label(region)} · {t.kind(kind)}",
            legendgroup=region,
            mode=style["mode"],
            marker={**style["marker"], "color": colour},
            line={**style.get("line", {}), "color": colour},
            text=[t("target_label", year=int(y)) for y in rows["year"]] if kind == "target" else None,
            textposition="top center",
            # One array, not a list of tuples: plotly copies an array at once but checks a list item by item.
            customdata=np.column_stack([
                readable_values(rows),
                [period if isinstance(period, str) else str(int(year)) for period, year in zip(rows["period"], rows["year"])],
                [t("conflict") if conflicting else "" for conflicting in rows["conflicting"]],
            ]),
            hovertemplate="%{customdata[1]}: %{customdata[0]} %{customdata[2]}<extra>%{fullData.name}</extra>",
        ))
    figure.update_layout(
        yaxis_title=t("unit_axis", indicator=indicator_label, unit=scale.unit(unit_base) or "—"),
        xaxis=time_axis(series["_when"].min(), series["_when"].max(), t),
        yaxis_rangemode="tozero",  # a count read from zero, so a small change does not look like a leap
        legend={"orientation": "h", "y": -0.2}, margin={"t": 30, "l": 10, "r": 10},
        hovermode="closest",
    )
    return figure


def time_axis(first: dt.date, last: dt.date, t: Translator) -> dict:
    """A date axis. Over a year or more, one tick per year at 31 December labelled with the year, so a
    year's figure sits on its own year's tick and 2023H1 halfway towards it; over less, plotly's ticks."""
    if (last - first).days >= 365:
        return {"type": "date", "tick0": f"{first.year - 1}-12-31", "dtick": "M12", "tickformat": "%Y",
                "title": {"text": t("year")}}
    return {"type": "date", "title": {"text": t("date")}, "tickformatstops": [{"dtickrange": [None, "M1"], "value": "%Y-%m-%d"},
                                                {"dtickrange": ["M1", None], "value": "%Y-%m"}]}


def province_map(values: pd.DataFrame, geojson: dict, unit_base: str, legend_title: str) -> go.Figure:
    """Provinces coloured by value_base (scaled to a readable unit); provinces without data stay grey."""
    scale = scale_for(values["value_base"].abs().max(), unit_base)
    scaled = values["value_base"] / scale.factor
    coloured = go.Choropleth(
        geojson=geojson, featureidkey="properties.name",
        locations=values["region"], z=scaled,
        # From zero, so the smallest province is not as pale as "no data" (plotly needs both ends).
        zmin=min(0.0, scaled.min()), zmax=max(0.0, scaled.max()),
        text=[format_value(v, unit_base) for v in values["value_base"]],
        hovertemplate="%{location}: %{text}<extra></extra>",
        colorscale="Blues", marker_line_color="white", marker_line_width=0.5,
        colorbar_title=f"{legend_title}<br>({scale.unit(unit_base) or '—'})",
    )
    # Every province outlined in grey so the ones without data still show.
    names = [feature["properties"]["name"] for feature in geojson["features"]]
    grey_base = go.Choropleth(
        geojson=geojson, featureidkey="properties.name", locations=names, z=[0] * len(names),
        colorscale=[[0, "#e5e5e5"], [1, "#e5e5e5"]], showscale=False, hoverinfo="location",
        marker_line_color="white", marker_line_width=0.5,
    )
    # Grey base below the coloured layer; built in that order, since each re-assignment of a figure's
    # traces copies the province geometry again.
    figure = go.Figure([grey_base, coloured])
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(margin={"t": 0, "b": 0, "l": 0, "r": 0}, height=520)
    return figure


# plotly.js fetches a world base map (world_110m.json) for every choropleth, even with all of its layers
# hidden, from a CDN this app must not depend on. Pointing it at an empty topology inline keeps the map
# offline; the provinces come from our own GeoJSON.
EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'
OFFLINE_MAP_CONFIG = {"topojsonURL": "data:application/json," + EMPTY_TOPOLOGY + "#"}
