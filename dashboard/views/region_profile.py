"""Region profile: everything known about one province (its cities rolled up), grouped by indicator.

One summary row per indicator (latest actual, its goals, how many facts; worked out in the database),
then the facts of the indicator the reader opens: a province of a large store has hundreds of indicators
and tens of thousands of facts, too many to lay out, or to read on every change.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.queries import FactFilter

from .. import link, store_reads, widgets
from ..context import ViewContext
from ..formatting import readable_values
from ..tables import period_texts

def indicator_summary(indicators: pd.DataFrame, goals: pd.DataFrame, ctx: ViewContext) -> pd.DataFrame:
    """One row per indicator in theme order: theme, indicator, latest actual (year), goals (deadline), facts;
    from `parsing.store.queries.province_profile`."""
    t = ctx.t
    latest = indicators[indicators["value_base"].notna()]
    latest_text = dict(zip(latest["indicator"], _value_when(latest, t)))
    listed: dict[str, list[str]] = {}
    more: dict[str, bool] = {}
    for indicator, text, n_goals in zip(goals["indicator"], _value_when(goals, t), goals["n_goals"]):
        listed.setdefault(indicator, []).append(text)
        more[indicator] = n_goals > queries.GOALS_LISTED
    goal_texts = {name: t("list_separator").join(texts + (["…"] if more[name] else []))
                  for name, texts in listed.items()}
    counts = dict(zip(indicators["indicator"], indicators["n_facts"]))
    names = sorted(counts, key=lambda name: (ctx.catalog.theme_order(name), name))
    return pd.DataFrame({
        t("theme"): [ctx.catalog.theme_label(name, t.lang) for name in names],
        t("indicator"): [ctx.indicator_label(name) for name in names],
        t("latest"): [latest_text.get(name, "") for name in names],
        t("profile_targets"): [goal_texts.get(name, "") for name in names],
        t("fact_count"): [int(counts[name]) for name in names],
    }, index=pd.Index(names, name="indicator"))


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
    indicators, goals = store_reads.read(ctx, queries.province_profile, province)
    if indicators.empty:
        st.info(t("empty_result"))
        return

    left, middle, right = st.columns(3)
    left.metric(t("indicator"), len(indicators))
    middle.metric(t("profile_targets"), int(indicators["n_targets"].sum()))
    right.metric(t("profile_statistics"), int((indicators["n_facts"] - indicators["n_targets"]).sum()))

    summary = indicator_summary(indicators, goals, ctx)
    st.dataframe(summary, hide_index=True, width="stretch")
    widgets.download_every_fact(ctx, in_view, key="region")

    opened = link.selectbox(
        "open", t("open_indicator"), list(summary.index), format_func=ctx.indicator_label,
        unknown_message=lambda v: t("unknown_indicator", value=v), index=None,
        placeholder=t("choose_indicator"),
    )
    if opened is not None:
        flt = replace(in_view, indicators=(opened,))
        facts, n_facts = store_reads.read(ctx, queries.facts_page, flt, widgets.TABLE_ROWS)
        widgets.fact_page_with_download(ctx, facts, n_facts, flt, key="region-indicator")
