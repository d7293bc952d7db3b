"""Map: provinces coloured by one indicator in one year, with the national figure beside it."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.fact import KINDS
from parsing.store.queries import FactFilter

from .. import charts, geo, link, store_reads, widgets
from ..context import ViewContext
from ..documents import series_sources
from ..formatting import readable_values


def draw_map(ctx: ViewContext, indicator: str, kind: str, year: int, unit: str, key: str) -> pd.DataFrame:
    """The map of one year beside the national figure, with its notes; returns the rows shown (one per
    province and the nation: parsing.store.queries.map_values)."""
    t = ctx.t
    shown = store_reads.read(ctx, queries.map_values, indicator, kind, unit, year)
    provinces = shown[shown["region_level"] == "province"]
    national = shown[shown["region_level"] == "national"]
    file_stem, figure = f"map_{indicator}_{year}", None
    map_column, total_column = st.columns([4, 1])
    with total_column:
        if national.empty:
            st.metric(t("national_total"), "—", help=t("no_national_total"))
        else:
            st.metric(t("national_total"), readable_values(national, t.lang)[0])
    with map_column:
        if provinces.empty:
            st.info(t("map_no_province_values", year=year))
        try:
            geometry, inset = geo.province_geojson(), geo.inset_geojson()
        except FileNotFoundError as missing:
            st.warning(t("map_no_geometry", path=missing.filename))
        else:
            figure = charts.province_map(provinces, geometry, unit, ctx.indicator_label(indicator), t,
                                         ctx.region_label, inset)
            st.plotly_chart(figure, width="stretch", config=charts.chart_config(file_stem), key=key)
            st.caption(t("map_caption"))
            if (shown["n_figures"] > 1).any():
                st.caption(t("map_choice"))
    note = ctx.source_note(series_sources(shown))
    st.caption(note)
    if figure is not None:
        widgets.chart_downloads(ctx, figure, file_stem, f"{ctx.indicator_label(indicator)} · {year} · {t.kind(kind)}",
                                note, key=key)
    return shown


def render(ctx: ViewContext) -> None:
    t = ctx.t
    indicator = widgets.indicator_picker(ctx)
    kind = link.selectbox("mapkind", t("map_kind"), KINDS, default="actual", format_func=t.kind,
                          unknown_message=lambda v: t("unknown_kind", value=v), where=st.sidebar)
    st.header(t("view_map"))
    if indicator is None:
        st.info(t("choose_indicator_hint"))
        return
    unit, years = store_reads.read(ctx, queries.map_years, indicator, kind)
    if unit is None:
        st.info(t("empty_result"))
        return
    year = link.selectbox("year", t("year"), years, default=years[0],
                          unknown_message=lambda v: t("bad_year", value=v), where=st.sidebar)
    st.subheader(f"{ctx.indicator_label(indicator)} · {year} · {t.kind(kind)}")
    shown = draw_map(ctx, indicator, kind, year, unit, key="map.chart")
    in_view = FactFilter(indicators=(indicator,), kinds=(kind,), year_from=year, year_to=year)
    mapped = replace(in_view, regions=tuple(shown["region"]), unit_bases=(unit,))
    facts, n_facts = store_reads.read(ctx, queries.facts_page, mapped, widgets.TABLE_ROWS)
    widgets.fact_page_with_download(ctx, facts, n_facts, mapped, key="map", named_after=in_view)
