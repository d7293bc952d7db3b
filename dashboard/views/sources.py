"""Sources: the ingested documents with titles, dates and fact counts; one opened shows its facts, and its
text with every extracted number marked (each fact one click from its place in the text)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.queries import FactFilter

from .. import link, widgets
from ..context import ViewContext
from ..documents import document_table, source_text
from ..formatting import readable_values
from ..source_text import fact_links_html, fact_spans, marked_html

TEXT_HEIGHT_PX = 640


def documents_table(documents: pd.DataFrame, t) -> pd.DataFrame:
    return pd.DataFrame({
        t("title"): documents["title"].fillna(""),
        t("date"): documents["date"].dt.date,
        t("document_kind"): [t.document_kind(kind) for kind in documents["kind"]],
        t("fact_count"): documents["n_facts"],
        t("file_name"): documents["file_name"],
    })


def document_label(file_name: str, title, date) -> str:
    """"2023-07-28 · title"; the file name alone when the title is the file name and there is no date."""
    parts = [part for part in ("" if pd.isna(date) else date.strftime("%Y-%m-%d"),
                               title if isinstance(title, str) else "") if part]
    return " · ".join(parts) if parts else file_name


def render(ctx: ViewContext) -> None:
    t = ctx.t
    documents = document_table(ctx.con)
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
    facts_tab, text_tab = st.tabs([t("tab_facts"), t("tab_text")])
    with facts_tab:
        widgets.facts_with_download(ctx, facts, FactFilter(source=names[chosen]), key="sources")
    with text_tab:
        render_text(ctx, facts, ctx.con.execute("SELECT path, content_hash FROM documents WHERE document_id = ?",
                                                [int(chosen)]).fetchone())


def render_text(ctx: ViewContext, facts: pd.DataFrame, stored: tuple) -> None:
    """The document's text beside the list of its facts; a click on a fact scrolls to its marked number."""
    t = ctx.t
    text = source_text(*stored) if stored else None
    if text is None:
        st.info(t("text_unavailable"))
        return
    spans = fact_spans(text, facts)
    values = dict(zip(facts["fact_id"].astype(int), readable_values(facts, t.lang)))
    indicators = dict(zip(facts["fact_id"].astype(int), facts["indicator"].map(ctx.indicator_label)))
    label = {fact_id: f"{indicators[fact_id]}: {values[fact_id]}" for fact_id in values}
    st.caption(t("text_marks", found=len(spans), n=len(facts)))
    listed = fact_links_html([(fact_id, label[fact_id]) for fact_id in sorted(spans, key=lambda f: spans[f])])
    st.html(f'<div style="display:flex;gap:1em;height:{TEXT_HEIGHT_PX}px">'
            f'<ol style="flex:1;overflow-y:auto;margin:0">{listed}</ol>'
            f'<div style="flex:3;overflow-y:auto;line-height:1.6">{marked_html(text, spans, label.get)}</div></div>')
