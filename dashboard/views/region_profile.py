"""Region profile: everything known about one province (its cities rolled up), grouped by indicator."""
from __future__ import annotations

import streamlit as st

from parsing import queries
from parsing.queries import FactFilter

from .. import link, widgets
from ..context import ViewContext
from ..tables import facts_table


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
    facts = queries.facts(ctx.con, FactFilter(regions=(province,), roll_up_cities=True))
    if facts.empty:
        st.info(t("empty_result"))
        return

    is_target = facts["kind"] == "target"
    left, right, third = st.columns(3)
    left.metric(t("indicator"), facts["indicator"].nunique())
    right.metric(t("profile_targets"), int(is_target.sum()))
    third.metric(t("profile_statistics"), int((~is_target).sum()))

    ordered = sorted(facts["indicator"].unique(), key=lambda name: (ctx.catalog.theme_order(name), name))
    for indicator in ordered:
        rows = facts[facts["indicator"] == indicator].sort_values(["kind", "year"])
        n_targets = int((rows["kind"] == "target").sum())
        title = f"{ctx.indicator_label(indicator)} · {t('profile_targets')} {n_targets} · " \
                f"{t('profile_statistics')} {len(rows) - n_targets}"
        with st.expander(title):
            st.dataframe(facts_table(rows, t), hide_index=True, width="stretch")
    widgets.download_csv(ctx, facts, [province], key="region")
