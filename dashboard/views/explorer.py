"""Explorer: one indicator, chosen kinds, regions and years, as a chart, a table and a map (tabs, the map drawn
only while open); each chart names the documents behind it; downloads of the data (CSV) and the chart (PNG/SVG)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from parsing.store import queries
from parsing.fact import KINDS
from parsing.store.queries import FactFilter

from .. import charts, link, store_reads, widgets
from ..context import ViewContext
from ..documents import series_sources
from . import province_map


@dataclass
class ExplorerResult:
    """The server-side work of one filter change: the rows read (only those drawn and shown) and the figures."""
    series: pd.DataFrame                 # the series rows drawn
    facts: pd.DataFrame                  # the first widgets.TABLE_ROWS facts
    n_facts: int                         # how many facts match in all (the download holds them all)
    figures: list[go.Figure]
    figure_rows: list[pd.DataFrame]      # the series rows each figure draws (for its source note)
    regions_not_drawn: int


def compute(ctx: ViewContext, flt: FactFilter) -> ExplorerResult:
    # A figure without a year has no place on the time axis; it stays in the table.
    drawn, not_drawn = store_reads.read(ctx, queries.chart_series, flt, charts.MAX_CHART_REGIONS,
                                        charts.LEVEL_PRIORITY)
    facts, n_facts = store_reads.read(ctx, queries.facts_page, flt, widgets.TABLE_ROWS)
    label = ctx.indicator_label(flt.indicators[0]) if flt.indicators else ""
    groups = charts.split_by_unit(drawn) if not drawn.empty else []
    figures = [charts.series_figure(rows, unit, label, ctx.t, ctx.region_label) for unit, rows in groups]
    return ExplorerResult(drawn, facts, n_facts, figures, [rows for _, rows in groups], not_drawn)


def render(ctx: ViewContext) -> None:
    t = ctx.t
    indicator = widgets.indicator_picker(ctx)
    kinds = widgets.kinds_picker(ctx)
    roll_up = widgets.roll_up_picker(ctx)
    regions = widgets.regions_picker(ctx, indicator=indicator, roll_up=roll_up)
    year_from, year_to = widgets.year_range_picker(ctx)

    st.header(t("view_explorer"))
    if indicator is None:
        st.info(t("choose_indicator_hint"))
        return
    st.subheader(ctx.indicator_label(indicator))
    every_kind = set(kinds) == set(KINDS)  # no restriction: a shorter query and file name
    flt = FactFilter(indicators=(indicator,), regions=tuple(regions), kinds=() if every_kind else tuple(kinds),
                     year_from=year_from, year_to=year_to, roll_up_cities=roll_up)
    result = compute(ctx, flt)
    if result.facts.empty:
        st.info(t("empty_result"))
        return
    # The map tab is drawn only while it is open (opening it reruns the page): its queries and figure were a
    # fifth of every filter change's work. Chart and table are always drawn.
    chart_tab, table_tab, map_tab = st.tabs([t("tab_chart"), t("tab_table"), t("tab_map")], key="explorer.tab",
                                            on_change="rerun", default=t("tab_map") if opens_on_map() else None)
    with chart_tab:
        render_charts(ctx, indicator, result)
    with table_tab:
        widgets.fact_page_with_download(ctx, result.facts, result.n_facts, flt, key="explorer")
    if map_tab.open:
        with map_tab:
            render_map_tab(ctx, indicator, kinds)


def opens_on_map() -> bool:
    """Whether the explorer first shows its map tab: when the link still holds a `year` on the session's first
    explorer run (a link to the explorer's map; the Map view consumes the year of a link to it). Decided once,
    so the tabs keep their identity and the tab chosen."""
    if "explorer.opens_on_map" not in st.session_state:
        st.session_state["explorer.opens_on_map"] = "year" in st.session_state[link.LINK_KEY]
    return st.session_state["explorer.opens_on_map"]


def render_charts(ctx: ViewContext, indicator: str, result: ExplorerResult) -> None:
    t = ctx.t
    if not result.figures:
        st.info(t("nothing_to_draw"))
        return
    if len(result.figures) > 1:
        st.caption(t("several_units"))
    if result.regions_not_drawn:
        st.caption(t("regions_not_drawn", n=result.regions_not_drawn, limit=charts.MAX_CHART_REGIONS))
    for index, (figure, rows) in enumerate(zip(result.figures, result.figure_rows)):
        file_stem = f"{indicator}_{index + 1}"
        st.plotly_chart(figure, width="stretch", key=f"explorer.chart.{index}", config=charts.chart_config(file_stem))
        note = ctx.source_note(series_sources(rows))
        st.caption(note)
        widgets.chart_downloads(ctx, figure, file_stem, ctx.indicator_label(indicator), note,
                                key=f"explorer.chart.{index}")


def render_map_tab(ctx: ViewContext, indicator: str, kinds: list[str]) -> None:
    """The map of the first chosen kind (actuals when chosen) in a year picked here, latest by default; the
    year is the link's `year`, as in the Map view."""
    t = ctx.t
    kind = "actual" if "actual" in kinds or not kinds else kinds[0]
    unit, years = store_reads.read(ctx, queries.map_years, indicator, kind)
    if unit is None:
        st.info(t("map_no_province_values_any"))
        return
    year = link.selectbox("year", t("year"), years, default=years[0],
                          unknown_message=lambda v: t("bad_year", value=v))
    st.caption(t("map_tab_note", year=year, kind=t.kind(kind)))
    province_map.draw_map(ctx, indicator, kind, year, unit, key="explorer.map")
