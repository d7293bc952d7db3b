"""Correcting a fact from any facts table: pick the row, say what is wrong, save.

A correction goes to the corrections file (parsing.store.corrections: locked, atomically replaced), keyed by
the fact as extracted, and the store is brought in line with the file the way an ingest does it (copy,
write, swap); the page then reruns on the new database, so every view shows the corrected fact.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from parsing.store import queries
from parsing.store.corrections import FIELDS, Correction, add_correction
from parsing.store.corrections_apply import extracted_fact_key
from parsing.fact import COMPARATORS, KINDS

from . import database
from .context import ViewContext
from .i18n import Translator

FLASH_KEY = "corrections.flash"


class CurationLabels(Translator):
    """Labels of the upload and corrections pages and of the correction form."""
    labels_path = Path(__file__).with_name("curation_labels.yaml")


def correction_form(ctx: ViewContext, fact: pd.Series, key: str) -> None:
    """The form for one fact (a row of parsing.store.queries.facts, showing its current values)."""
    c = CurationLabels(ctx.t.lang)
    with st.container(border=True):
        st.markdown(f"**{c('correct_title')}** — {fact['source']}:{fact['line']} «{fact['quote']}»")
        field = st.selectbox(c("correct_field"), FIELDS, format_func=lambda f: c(f"field_{f}"),
                             key=f"fix.field.{key}")
        new_value = _value_input(ctx, c, field, fact, key)
        comment = st.text_input(c("correct_comment"), key=f"fix.comment.{key}")
        if st.button(c("correct_save"), key=f"fix.save.{key}", type="primary"):
            save_correction(ctx, c, int(fact["fact_id"]), field, new_value, comment)


def save_correction(ctx: ViewContext, c: CurationLabels, fact_id: int, field: str, new_value: str,
                    comment: str) -> None:
    try:
        key = extracted_fact_key(ctx.con, fact_id)
        add_correction(database.corrections_path(), Correction(**key, field=field, new_value=new_value,
                                                               comment=comment.strip()))
    except (KeyError, ValueError) as error:
        st.error(c("correct_failed", reason=error))
        return
    apply_and_rerun(c, "correct_saved")


def apply_and_rerun(c: CurationLabels, done_label: str) -> None:
    """Apply the corrections file to the store and rerun on the new database, with a message for it."""
    try:
        database.apply_corrections(database.db_path())
        st.session_state[FLASH_KEY] = ("success", c(done_label))
    except database.StoreBusy:
        st.session_state[FLASH_KEY] = ("warning", c("correct_saved_pending"))
    st.rerun()


def show_flash() -> None:
    """The message of the correction saved or undone on the previous run, once."""
    if FLASH_KEY in st.session_state:
        kind, message = st.session_state.pop(FLASH_KEY)
        getattr(st, kind)(message)


def _value_input(ctx: ViewContext, c: CurationLabels, field: str, fact: pd.Series, key: str) -> str:
    label, widget_key = c("correct_value"), f"fix.value.{field}.{key}"
    if field == "region":   # any region of the catalog, not only those with facts
        regions = tuple(queries.regions(ctx.con)["region"].drop_duplicates())
        return st.selectbox(label, regions, format_func=ctx.region_label, key=widget_key,
                            index=_position(regions, fact["region"]))
    if field == "indicator":
        indicators = tuple(queries.indicators(ctx.con)["indicator"])
        return st.selectbox(label, indicators, format_func=ctx.indicator_label, key=widget_key,
                            index=_position(indicators, fact["indicator"]))
    if field == "kind":
        return st.selectbox(label, KINDS, format_func=ctx.t.kind, key=widget_key,
                            index=_position(KINDS, fact["kind"]))
    if field == "comparator":
        return st.selectbox(label, COMPARATORS, key=widget_key, index=_position(COMPARATORS, fact["comparator"]))
    if field == "year":
        year = int(fact["year"]) if pd.notna(fact["year"]) else 2025
        return str(st.number_input(label, min_value=1949, max_value=2100, value=year, step=1, key=widget_key))
    if field == "value_base":
        return repr(float(st.number_input(label, value=float(fact["value_base"]), key=widget_key,
                                          format="%.6g", help=fact["unit_base"])))
    return "true"   # reject: nothing more to say


def _position(choices, value) -> int:
    choices = list(choices)
    return choices.index(value) if value in choices else 0
