"""Region profile: everything known about one province (its cities rolled up), grouped by indicator.

One summary row per indicator (latest actual, its goals, how many facts), then the facts of the
indicator the reader opens: a province of a large store has hundreds of indicators and tens of
thousands of facts, too many to lay out at once.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.queries import FactFilter

from .. import link, widgets
from ..context import ViewContext
from ..formatting import readable_values
from ..tables import period_texts

GOALS_LISTED = 5  # per indicator in the summary; the rest are a click away


def indicator_summary(facts: pd.DataFrame, ctx: ViewContext) -> pd.DataFrame:
    """One row per indicator in theme order: theme, indicator, latest actual (year), goals (deadline), facts."""
    t = ctx.t
    # Latest = last after sorting; within a year the province's own figure beats one of its cities.
    ordered = (facts.assign(_own=facts["source_region"] == facts["region"])
               .sort_values(["year", "_own", "document_date", "line"], na_position="first"))
    latest = ordered[ordered["kind"] == "actual"].drop_duplicates("indicator", keep="last")
    latest_text = dict(zip(latest["indicator"], _value_when(latest, t)))
    goals = ordered[ordered["kind"] == "target"].drop_duplicates(["indicator", "year", "value_base", "unit_base"])
    goal_texts = {}
    for indicator, rows in goals.groupby("indicator", sort=False):
        texts = _value_when(rows.tail(GOALS_LISTED), t)
        goal_texts[indicator] = t("list_separator").join(texts + (["…"] if len(rows) > GOALS_LISTED else []))
    counts = facts.groupby("indicator").size()
    indicators = sorted(counts.index, key=lambda name: (ctx.catalog.theme_order(name), name))
    return pd.DataFrame({
        t("theme"): [ctx.catalog.theme_label(name, t.lang) for name in indicators],
        t("indicator"): [ctx.indicator_label(name) for name in indicators],
        t("latest"): [latest_text.get(name, "") for name in indicators],
        t("profile_targets"): [goal_texts.get(name, "") for name in indicators],
        t("fact_count"): [int(counts[name]) for name in indicators],
    }, index=pd.Index(indicators, name="indicator"))


def _value_when(rows: pd.DataFrame, t) -> list[str]:
    """≥20万个（到2025年累计） / at least 200,000 (cumulative by 2025): the value as stated, with its period."""
    return [t("value_when", value=value, when=when) if when else value
            for value, when in zip(readable_values(rows, t.lang), period_texts(rows, t.lang))]


def render(ctx: ViewContext) -> None:
    t = ctx.t
    province = link.selectbox(
        "province", t("province"), ctx.catalog.provinces, format_func=ctx.region_label,
        unknown_message=lambda v: t("unknown_region", value=v), where=st.sidebar,
        index=None, placeholder=t("choose_province"),
    )
    st.header(t("view_region"))
    if province is None:
        st.info(t("choose_province"))
        return
    st.subheader(ctx.region_label(province))
    in_view = FactFilter(regions=(province,), roll_up_cities=True)
    facts = queries.facts(ctx.con, in_view)
    if facts.empty:
        st.info(t("empty_result"))
        return

    is_target = facts["kind"] == "target"
    left, middle, right = st.columns(3)
    left.metric(t("indicator"), facts["indicator"].nunique())
    middle.metric(t("profile_targets"), int(is_target.sum()))
    right.metric(t("profile_statistics"), int((~is_target).sum()))

    summary = indicator_summary(facts, ctx)
    st.dataframe(summary, hide_index=True, width="stretch")
    widgets.download_csv(ctx, facts, in_view, key="region")

    opened = link.selectbox(
        "open", t("open_indicator"), list(summary.index), format_func=ctx.indicator_label,
        unknown_message=lambda v: t("unknown_indicator", value=v), index=None,
        placeholder=t("choose_indicator"),
    )
    if opened is not None:
        widgets.facts_with_download(ctx, facts[facts["indicator"] == opened],
                                    replace(in_view, indicators=(opened,)), key="region-indicator")
