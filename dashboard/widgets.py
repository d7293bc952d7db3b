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

from . import database, link
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


def regions_picker(ctx: ViewContext, where=st.sidebar) -> list[str]:
    return link.multiselect(
        "region", ctx.t("regions"), ctx.catalog.regions, format_func=ctx.region_label,
        unknown_message=lambda v: ctx.t("unknown_region", value=v), where=where,
        placeholder=ctx.t("all_regions_hint"),
    )


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
    """The facts table and a CSV of exactly these rows (the same bytes the export command writes)."""
    _facts_table(ctx, facts, len(facts))
    download_csv(ctx, facts, named_after, key)


def fact_page_with_download(ctx: ViewContext, shown: pd.DataFrame, total: int, flt: FactFilter, key: str,
                            named_after: FactFilter | None = None) -> None:
    """The first rows of the facts matching `flt` (`parsing.store.queries.facts_page`) and a CSV of every
    one of them, read from the store when the button is clicked: only the rows shown leave the database
    on a filter change. The file is named after `named_after` (default `flt`) as the export command would."""
    _facts_table(ctx, shown, total)
    download_every_fact(ctx, flt, key, named_after)


def download_every_fact(ctx: ViewContext, flt: FactFilter, key: str, named_after: FactFilter | None = None) -> None:
    """A CSV of every fact matching `flt`, read from the store when the button is clicked."""
    st.download_button(ctx.t("download_csv"), data=lambda: facts_csv_bytes(_every_fact(flt)),
                       file_name=export_file_name(named_after or flt, "csv"), mime="text/csv",
                       key=f"download.{key}", on_click="ignore")


def _facts_table(ctx: ViewContext, facts: pd.DataFrame, total: int) -> None:
    if total > TABLE_ROWS:
        st.caption(ctx.t("rows_shown", n=total, shown=TABLE_ROWS))
    else:
        st.caption(ctx.t("row_count", n=total))
    st.dataframe(facts_table(facts.head(TABLE_ROWS), ctx.t, ctx.region_label), hide_index=True, width="stretch")


def _every_fact(flt: FactFilter) -> pd.DataFrame:
    """Every fact matching `flt`, on a cursor of its own: a download is made after the run that offered it,
    when that run's cursor is closed."""
    con, _stamp = database.connection(database.db_path())
    try:
        return queries.facts(con, flt)
    finally:
        con.close()


def download_csv(ctx: ViewContext, facts: pd.DataFrame, named_after: FactFilter, key: str) -> None:
    """A CSV of exactly `facts`, made by the export module so it equals the export command's file,
    and named as that command names it for the filters `named_after`.

    Made when the button is clicked, not on every rerun: a large extract takes seconds to write."""
    st.download_button(ctx.t("download_csv"), data=lambda: facts_csv_bytes(facts), file_name=export_file_name(named_after, "csv"),
                       mime="text/csv", key=f"download.{key}", on_click="ignore")


def roll_up_picker(ctx: ViewContext, where=st.sidebar) -> bool:
    return link.checkbox("rollup", ctx.t("roll_up_cities"), where=where)
