"""Map: provinces coloured by one indicator in one year, with the national figure beside it."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.fact import KINDS
from parsing.store.queries import FactFilter

from .. import charts, geo, link, widgets
from ..context import ViewContext
from ..documents import series_sources
from ..formatting import readable_values


def one_per_region(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """A region can have several figures in a year (H1, Jan–May, full year): prefer the full year, then the latest."""
    full_year = rows["period"].isna() | (rows["period"].astype("string") == str(year))
    return (rows.assign(_full=full_year).sort_values(["_full", "period"], na_position="first")
            .drop_duplicates("region", keep="last").drop(columns="_full"))


def map_series(ctx: ViewContext, indicator: str, kind: str) -> tuple[pd.DataFrame, str | None]:
    """The province and national rows with a year for the indicator and kind, in its commonest unit."""
    series = queries.series(ctx.con, FactFilter(indicators=(indicator,), kinds=(kind,)))
    series = series[series["region_level"].isin(("province", "national")) & series["year"].notna()]
    if series.empty:
        return series, None
    unit = series["unit_base"].value_counts().index[0]
    return series[series["unit_base"] == unit], unit


def draw_map(ctx: ViewContext, indicator: str, kind: str, year: int, series: pd.DataFrame, unit: str,
             key: str) -> pd.DataFrame:
    """The map of one year beside the national figure, with its notes; returns the rows shown."""
    t = ctx.t
    shown = one_per_region(series[series["year"] == year], year)
    provinces = shown[shown["region_level"] == "province"]
    national = shown[shown["region_level"] == "national"]
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
            geometry = geo.province_geojson()
        except FileNotFoundError:
            st.warning(t("map_no_geometry", path=geo.GEOMETRY_PATH))
        else:
            st.plotly_chart(charts.province_map(provinces, geometry, unit, ctx.indicator_label(indicator), t,
                                                ctx.region_label),
                            width="stretch", config=charts.chart_config(f"map_{indicator}_{year}", st.session_state.get("image_format", "png")),
                            key=key)
            st.caption(t("map_caption"))
            if len(series[series["year"] == year]) > len(shown):
                st.caption(t("map_choice"))
    st.caption(ctx.source_note(series_sources(shown)))
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
    series, unit = map_series(ctx, indicator, kind)
    if series.empty:
        st.info(t("empty_result"))
        return
    years = sorted({int(y) for y in series["year"]}, reverse=True)
    year = link.selectbox("year", t("year"), years, default=years[0],
                          unknown_message=lambda v: t("bad_year", value=v), where=st.sidebar)
    st.subheader(f"{ctx.indicator_label(indicator)} · {year} · {t.kind(kind)}")
    shown = draw_map(ctx, indicator, kind, year, series, unit, key="map.chart")
    in_view = FactFilter(indicators=(indicator,), kinds=(kind,), year_from=year, year_to=year)
    facts = queries.facts(ctx.con, replace(in_view, regions=tuple(shown["region"])))
    facts = facts[facts["unit_base"] == unit]
    widgets.facts_with_download(ctx, facts, in_view, key="map")
