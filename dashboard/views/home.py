"""Overview, the landing page: what the store holds at a glance — headline national figures with their
dates and sources, goals by status, the provinces with most facts, the latest documents. Every item has a
button into the view that explains it."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml

from parsing.store import queries
from parsing.store.queries import FactFilter
from parsing.targets import STATUSES
from parsing.targets.periods import measured_date

from .. import link
from ..context import ViewContext
from ..documents import document_table
from ..formatting import readable_values
from ..periods import read_period
from . import targets

# Cards side by side: at three, "at least 5.9 million" is already cut short in the metric's large type.
HEADLINES_PER_ROW = 2
SETTINGS_PATH = Path(__file__).resolve().parents[1] / "landing.yaml"


@lru_cache(maxsize=1)
def settings() -> dict:
    with SETTINGS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def go_to(view: str, **filters) -> None:
    """Button callback: open `view` with its pickers set (through the same widget keys dashboard.link binds)."""
    st.session_state["w.view"] = view
    for param, value in filters.items():
        st.session_state[f"w.{param}"] = value
        st.session_state[link.FILTERS_KEY][param] = value


def latest_actual(ctx: ViewContext, indicator: str, region: str) -> pd.Series | None:
    """The most recent actual of the indicator for the region (by the end of the period it measures)."""
    rows = queries.series(ctx.con, FactFilter(indicators=(indicator,), regions=(region,), kinds=("actual",)))
    rows = rows[rows["year"].notna()]
    if rows.empty:
        return None
    when = [measured_date(p if isinstance(p, str) else None, int(y)) for p, y in zip(rows["period"], rows["year"])]
    return rows.assign(_when=when).sort_values(["_when", "n_mentions"]).iloc[-1]


def render(ctx: ViewContext) -> None:
    t = ctx.t
    st.header(t("home_title"))
    st.write(t("home_intro"))
    render_headlines(ctx)
    goals_column, provinces_column, documents_column = st.columns(3)
    with goals_column:
        render_goals(ctx)
    with provinces_column:
        render_provinces(ctx)
    with documents_column:
        render_documents(ctx)


def render_headlines(ctx: ViewContext) -> None:
    t, conf = ctx.t, settings()
    region = conf["headline_region"]
    found = [(name, row) for name in conf["headline_indicators"] if name in ctx.catalog.indicators
             for row in [latest_actual(ctx, name, region)] if row is not None][:conf["max_headlines"]]
    st.subheader(t("home_headlines", region=ctx.region_label(region)))
    if not found:
        st.info(t("home_no_headlines"))
        return
    columns = [column for start in range(0, len(found), HEADLINES_PER_ROW)
               for column in st.columns(HEADLINES_PER_ROW)][:len(found)]
    for column, (name, row) in zip(columns, found):
        frame = row.to_frame().T
        with column.container(border=True):
            st.metric(ctx.indicator_label(name), readable_values(frame, t.lang)[0])
            period = read_period(row["period"] if isinstance(row["period"], str) else None, int(row["year"]), t.lang)
            st.caption(period.text)
            st.caption(ctx.source_note(list(row["sources"])))
            st.button(t("home_open_chart"), key=f"home.headline.{name}", on_click=go_to,
                      args=("explorer",), kwargs={"indicator": name, "region": [region]})


def render_goals(ctx: ViewContext) -> None:
    t, lb = ctx.t, targets.Labels(ctx.t.lang)
    st.subheader(t("home_goals"))
    goals = targets.load_tracking(ctx, dt.date.today(), lb).goals
    if goals.empty:
        st.info(lb("no_goals"))
        return
    counts = goals["status"].value_counts()
    for status in STATUSES:
        n = int(counts.get(status, 0))
        st.button(t("home_goal_count", status=lb.status(status), n=n), key=f"home.goals.{status}",
                  on_click=go_to, args=("targets",), kwargs={"status": [status]}, disabled=n == 0, width="stretch")


def render_provinces(ctx: ViewContext) -> None:
    t = ctx.t
    st.subheader(t("home_provinces"))
    regions = queries.regions(ctx.con)
    provinces = regions[(regions["level"] == "province") & (regions["n_facts_with_cities"] > 0)]
    top = provinces.sort_values("n_facts_with_cities", ascending=False).head(settings()["top_provinces"])
    for name, n in zip(top["region"], top["n_facts_with_cities"]):
        st.button(t("home_province_count", region=ctx.region_label(name), n=int(n)), key=f"home.province.{name}",
                  on_click=go_to, args=("region",), kwargs={"province": name}, width="stretch")


def render_documents(ctx: ViewContext) -> None:
    t = ctx.t
    st.subheader(t("home_documents"))
    documents = document_table(ctx.con).head(settings()["latest_documents"])
    for doc_id, title, date, n in zip(documents["document_id"], documents["title"], documents["date"],
                                      documents["n_facts"]):
        when = "" if pd.isna(date) else f"{date:%Y-%m-%d} · "
        st.button(t("home_document", document=f"{when}{title}", n=int(n)), key=f"home.document.{doc_id}",
                  on_click=go_to, args=("sources",), kwargs={"doc": str(doc_id)}, width="stretch")
