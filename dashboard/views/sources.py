"""Sources: the ingested documents with their dates and fact counts; one opened shows its facts and sentences."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.queries import FactFilter

from .. import link, widgets
from ..context import ViewContext


def documents_table(documents: pd.DataFrame, t) -> pd.DataFrame:
    return pd.DataFrame({
        t("title"): documents["title"].fillna(""),
        t("date"): documents["date"].dt.date,
        t("document_kind"): [t.document_kind(kind) for kind in documents["kind"]],
        t("fact_count"): documents["n_facts"],
        t("document"): documents["file_name"],
    })


def document_label(file_name: str, title, date) -> str:
    """"2023-07-28 · title (file)"; the file name alone when the document has neither date nor title."""
    parts = [part for part in ("" if pd.isna(date) else date.strftime("%Y-%m-%d"),
                               title if isinstance(title, str) else "") if part]
    return f"{' · '.join(parts)} ({file_name})" if parts else file_name


def render(ctx: ViewContext) -> None:
    t = ctx.t
    documents = queries.documents(ctx.con)
    st.header(t("view_sources"))
    if documents.empty:
        st.info(t("empty_database"))
        return
    st.dataframe(documents_table(documents, t), hide_index=True, width="stretch")

    ids = documents["document_id"].astype(str)
    names = dict(zip(ids, documents["file_name"]))
    labels = {doc: document_label(name, title, date)
              for doc, name, title, date in zip(ids, documents["file_name"], documents["title"], documents["date"])}
    chosen = link.selectbox("doc", t("document"), list(ids), format_func=labels.get,
                            unknown_message=lambda v: t("unknown_document", value=v),
                            index=None, placeholder=t("choose_document"))
    if chosen is None:
        return
    facts = queries.document_facts(ctx.con, int(chosen))
    if facts.empty:
        st.info(t("empty_result"))
        return
    widgets.facts_with_download(ctx, facts, FactFilter(source=names[chosen]), key="sources")
