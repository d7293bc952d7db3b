"""Pickers and outputs shared by the views: URL-bound filters, the facts table and its CSV download."""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.export import export_file_name, facts_csv_bytes
from parsing.fact import KINDS
from parsing.store.queries import FactFilter

from . import chart_images, database, fact_corrections, link, store_reads
from .context import ViewContext
from .tables import facts_table

UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')
# Rows drawn in a table; the download always holds every row (a browser table of 100k rows stalls the page).
TABLE_ROWS = 1000


def indicator_picker(ctx: ViewContext, where=st.sidebar) -> str | None:
    return link.selectbox(
        "indicator", ctx.t("indicator"), ctx.catalog.indicators,
        format_func=lambda name: ctx.catalog.indicator_choice_label(name, ctx.t.lang),
        unknown_message=lambda v: ctx.t("unknown_indicator", value=v), where=where,
        index=None, placeholder=ctx.t("choose_indicator"),
    )


def kinds_picker(ctx: ViewContext, where=st.sidebar) -> list[str]:
    return link.multiselect(
        "kind", ctx.t("kinds"), KINDS, default=KINDS, format_func=ctx.t.kind,
        unknown_message=lambda v: ctx.t("unknown_kind", value=v), where=where,
    )


# Region groups in the picker, in this order; aggregates (前五省份合计) and places abroad are set apart
# from China's administrative regions.
REGION_GROUPS = {"national": 0, "macro_region": 1, "province": 2, "city": 3, "district": 3,
                 "other": 4, "world": 5, "country": 5}
GROUP_TAGS = {4: "region_group_aggregate", 5: "region_group_abroad"}


def regions_with_data(ctx: ViewContext, indicator: str | None, roll_up: bool = False) -> set[str]:
    """Regions that have facts for `indicator` (with `roll_up`, a province with facts of its cities too);
    every region with facts when no indicator is chosen."""
    if indicator is None:
        return set(ctx.catalog.regions)
    return store_reads.read(ctx, queries.regions_with_facts, indicator, roll_up)


def regions_picker(ctx: ViewContext, where=st.sidebar, indicator: str | None = None,
                   roll_up: bool = False) -> list[str]:
    """Regions grouped (nation, macro-regions, provinces, cities, then aggregates, then abroad), those with
    data for the indicator first; the others follow, marked, and a chosen one without data gets a note."""
    with_data = regions_with_data(ctx, indicator, roll_up)
    group = {name: REGION_GROUPS.get(ctx.catalog.levels.get(name, "other"), 4) for name in ctx.catalog.regions}
    ordered = sorted(ctx.catalog.regions, key=lambda name: (name not in with_data, group[name]))

    def label(name: str) -> str:
        tags = [ctx.t(GROUP_TAGS[group[name]])] if group[name] in GROUP_TAGS else []
        tags += [] if name in with_data else [ctx.t("region_no_data")]
        return ctx.region_label(name) + "".join(ctx.t("region_tag", tag=tag) for tag in tags)

    chosen = link.multiselect(
        "region", ctx.t("regions"), ordered, format_func=label,
        unknown_message=lambda v: ctx.t("unknown_region", value=v), where=where,
        placeholder=ctx.t("all_regions_hint"),
    )
    missing = [name for name in chosen if name not in with_data]
    if missing:
        st.info(ctx.t("chosen_regions_without_data", regions=ctx.t("list_separator").join(map(ctx.region_label, missing))))
    return chosen


def year_range_picker(ctx: ViewContext, where=st.sidebar) -> tuple[int | None, int | None]:
    """The chosen years; an end left at the first or last year is None, so facts without a year stay in."""
    if not ctx.catalog.years:
        return None, None
    start, end = link.year_range(("from", "to"), ctx.t("year_range"), ctx.catalog.years,
                                 bad_year_message=lambda v: ctx.t("bad_year", value=v), where=where)
    return (None if start == ctx.catalog.years[0] else start), (None if end == ctx.catalog.years[-1] else end)


def csv_filename(parts: Iterable[object]) -> str:
    """facts_5G基站_北京市-上海市_2020-2025.csv, for views whose filters are not a FactFilter (those use
    parsing.store.export.export_file_name, as the export command does): the filters, nothing a file system rejects."""
    words = [UNSAFE_FILENAME.sub("-", str(p)).strip("-") for p in parts if p not in (None, "", ())]
    return "_".join(["facts", *filter(None, words)]) + ".csv"


def facts_with_download(ctx: ViewContext, facts: pd.DataFrame, named_after: FactFilter, key: str) -> None:
    """The facts table and a CSV of exactly these rows (the same bytes the export command writes);
    a row selected in the table opens the form to correct that fact."""
    _table_with_download(ctx, facts.head(TABLE_ROWS), len(facts), key,
                         lambda: download_csv(ctx, facts, named_after, key))


def fact_page_with_download(ctx: ViewContext, shown: pd.DataFrame, total: int, flt: FactFilter, key: str,
                            named_after: FactFilter | None = None) -> None:
    """As `facts_with_download` for a view that read only the rows shown (`parsing.store.queries.facts_page`)
    of the `total` facts matching `flt`: the CSV of every one of them is read from the store when the button
    is clicked, so only the rows shown leave the database on a filter change. The file is named after
    `named_after` (default `flt`) as the export command would name it."""
    _table_with_download(ctx, shown, total, key, lambda: download_every_fact(ctx, flt, key, named_after))


def _table_with_download(ctx: ViewContext, shown: pd.DataFrame, total: int, key: str, download) -> None:
    if total > TABLE_ROWS:
        st.caption(ctx.t("rows_shown", n=total, shown=TABLE_ROWS))
    else:
        st.caption(ctx.t("row_count", n=total) if total != 1 else ctx.t("row_count_one"))
    event = st.dataframe(facts_table(shown, ctx.t, ctx.region_label, ctx.document_title), hide_index=True,
                         width="stretch", on_select="rerun", selection_mode="single-row", key=f"facts.{key}")
    download()
    fact_corrections.show_flash()
    selected = [row for row in event.selection.rows if row < len(shown)]
    if selected:
        fact_corrections.correction_form(ctx, shown.iloc[selected[0]], key)
    else:
        st.caption(fact_corrections.CurationLabels(ctx.t.lang)("correct_hint"))


def download_csv(ctx: ViewContext, facts: pd.DataFrame, named_after: FactFilter, key: str) -> None:
    """A CSV of exactly `facts`, made by the export module so it equals the export command's file,
    and named as that command names it for the filters `named_after`.

    Made when the button is clicked, not on every rerun: a large extract takes seconds to write."""
    st.download_button(ctx.t("download_csv"), data=lambda: facts_csv_bytes(facts), file_name=export_file_name(named_after, "csv"),
                       mime="text/csv", key=f"download.{key}", on_click="ignore")


def download_every_fact(ctx: ViewContext, flt: FactFilter, key: str, named_after: FactFilter | None = None) -> None:
    """A CSV of every fact matching `flt`, read from the store when the button is clicked (same bytes and
    name as `download_csv` of those facts)."""
    st.download_button(ctx.t("download_csv"), data=lambda: facts_csv_bytes(_every_fact(flt)),
                       file_name=export_file_name(named_after or flt, "csv"), mime="text/csv",
                       key=f"download.{key}", on_click="ignore")


def _every_fact(flt: FactFilter) -> pd.DataFrame:
    """Every fact matching `flt`, on a cursor of its own: a download is made after the run that offered it,
    when that run's cursor is closed."""
    con, _stamp = database.connection(database.db_path(), st.session_state)
    try:
        return queries.facts(con, flt)
    finally:
        con.close()         # the cursor only: the session's connection stays open


def roll_up_picker(ctx: ViewContext, where=st.sidebar) -> bool:
    return link.checkbox("rollup", ctx.t("roll_up_cities"), where=where)


def chart_downloads(ctx: ViewContext, figure, file_stem: str, title: str, note: str, key: str) -> None:
    """PNG and SVG of the chart (with its title and source note) made on the server when a button is
    clicked; where that cannot run (no Chromium) a note points to the chart toolbar's camera button."""
    if not chart_images.available():
        st.caption(ctx.t("chart_images_unavailable"))
        return
    row = st.container(horizontal=True)
    for image_format in chart_images.IMAGE_FORMATS:
        row.download_button(
            ctx.t("download_image", format=image_format.upper()),
            data=lambda image_format=image_format: chart_images.chart_image(figure, image_format, title, note),
            file_name=f"{UNSAFE_FILENAME.sub('-', file_stem)}.{image_format}",
            mime=chart_images.IMAGE_FORMATS[image_format], key=f"download.{key}.{image_format}", on_click="ignore")
