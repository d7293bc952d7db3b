"""Explorer: one indicator, chosen kinds, regions and years; value by year per region, and the facts behind it."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from parsing.store import queries
from parsing.fact import KINDS
from parsing.store.queries import FactFilter

from .. import charts, widgets
from ..context import ViewContext


@dataclass
class ExplorerResult:
    """The server-side work of one filter change: the rows read (only those drawn and shown) and the figures."""
    series: pd.DataFrame       # the series rows drawn
    facts: pd.DataFrame        # the first widgets.TABLE_ROWS facts
    n_facts: int               # how many facts match in all (the download holds them all)
    figures: list[go.Figure]
    regions_not_drawn: int


def compute(ctx: ViewContext, flt: FactFilter) -> ExplorerResult:
    # A figure without a year has no place on the time axis; it stays in the table.
    drawn, not_drawn = queries.chart_series(ctx.con, flt, charts.MAX_CHART_REGIONS, charts.LEVEL_PRIORITY)
    facts, n_facts = queries.facts_page(ctx.con, flt, widgets.TABLE_ROWS)
    label = ctx.indicator_label(flt.indicators[0]) if flt.indicators else ""
    figures = [charts.series_figure(rows, unit, label, ctx.t, ctx.region_label)
               for unit, rows in charts.split_by_unit(drawn)] if not drawn.empty else []
    return ExplorerResult(drawn, facts, n_facts, figures, not_drawn)


def render(ctx: ViewContext) -> None:
    t = ctx.t
    indicator = widgets.indicator_picker(ctx)
    kinds = widgets.kinds_picker(ctx)
    regions = widgets.regions_picker(ctx)
    roll_up = widgets.roll_up_picker(ctx)
    year_from, year_to = widgets.year_range_picker(ctx)

    st.header(t("view_explorer"))
    if indicator is None:
        st.info(t("choose_indicator"))
        return
    st.subheader(ctx.indicator_label(indicator))
    every_kind = set(kinds) == set(KINDS)  # no restriction: a shorter query and file name
    flt = FactFilter(indicators=(indicator,), regions=tuple(regions), kinds=() if every_kind else tuple(kinds),
                     year_from=year_from, year_to=year_to, roll_up_cities=roll_up)
    result = compute(ctx, flt)
    if result.facts.empty:
        st.info(t("empty_result"))
        return
    if len(result.figures) > 1:
        st.caption(t("several_units"))
    if result.regions_not_drawn:
        st.caption(t("regions_not_drawn", n=result.regions_not_drawn, limit=charts.MAX_CHART_REGIONS))
    for figure in result.figures:
        st.plotly_chart(figure, width="stretch")
    st.subheader(t("facts_behind_chart"))
    widgets.fact_page_with_download(ctx, result.facts, result.n_facts, flt, key="explorer")
