"""Sources: the ingested documents with their dates and fact counts; one opened shows its facts and sentences."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from parsing import queries
from parsing.queries import FactFilter

from .. import link, widgets
from ..context import ViewContext


def documents_table(documents: pd.DataFrame, t) -> pd.DataFrame:
    return pd.DataFrame({
        t("title"): documents["title"],
        t("date"): documents["date"].dt.date,
        t("document_kind"): documents["kind"],
        t("fact_count"): documents["n_facts"],
        t("document"): documents["file_name"],
    })


def render(ctx: ViewContext) -> None:
    t = ctx.t
    documents = queries.documents(ctx.con)
    st.header(t("view_sources"))
    if documents.empty:
        st.info(t("empty_database"))
        return
    st.dataframe(documents_table(documents, t), hide_index=True, width="stretch")

    titles = dict(zip(documents["document_id"].astype(str), documents["title"].fillna(documents["file_name"])))
    names = dict(zip(documents["document_id"].astype(str), documents["file_name"]))
    chosen = link.selectbox("doc", t("document"), list(titles), format_func=lambda d: f"{titles[d]} ({names[d]})",
                            unknown_message=lambda v: t("unknown_document", value=v),
                            index=None, placeholder=t("choose_document"))
    if chosen is None:
        return
    facts = queries.document_facts(ctx.con, int(chosen))
    if facts.empty:
        st.info(t("empty_result"))
        return
    widgets.facts_with_download(ctx, facts, FactFilter(source=names[chosen]), key="sources")
