"""Corrections: every correction in the file, dated, with its state; select one to undo it.

States: applied (the store uses it), orphaned (its fact is gone after a re-ingest: shown and kept, never
dropped), pending (in the file but not yet in the store, e.g. saved while an ingest was running).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from parsing.store.corrections import CorrectionsInvalid, read_corrections, remove_correction
from parsing.store.corrections_apply import correction_of_row, correction_states

from .. import database
from ..context import ViewContext
from ..fact_corrections import CurationLabels, apply_and_rerun, show_flash


def listed_corrections(ctx: ViewContext) -> pd.DataFrame:
    """The file's corrections in file order with their state; those the store has not applied are pending."""
    applied = correction_states(ctx.con)
    applied["correction"] = [correction_of_row(row) for _, row in applied.iterrows()]
    by_correction = {c: row for c, (_, row) in zip(applied["correction"], applied.iterrows())}
    rows = []
    for correction in read_corrections(database.corrections_path()):
        row = by_correction.get(correction)
        rows.append(row if row is not None else pd.Series({**correction.__dict__, "correction": correction,
                                                          "state": "pending"}))
    return pd.DataFrame(rows).reset_index(drop=True)


def render(ctx: ViewContext) -> None:
    c = CurationLabels(ctx.t.lang)
    st.header(c("corrections_title"))
    st.caption(c("corrections_file", path=database.corrections_path()))
    show_flash()
    try:
        listed = listed_corrections(ctx)
    except CorrectionsInvalid as error:
        st.error("\n".join(error.problems))
        return
    if listed.empty:
        st.info(c("corrections_none"))
        return
    counts = listed["state"].value_counts()
    if counts.get("orphaned"):
        st.warning(c("corrections_orphaned", n=counts["orphaned"]))
    if counts.get("pending"):
        st.info(c("corrections_pending", n=counts["pending"]))
        if st.button(c("corrections_apply"), key="corrections.apply"):
            apply_and_rerun(c, "correct_saved")
    event = st.dataframe(review_table(ctx, c, listed), hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="single-row", key="corrections.table")
    if not event.selection.rows:
        st.caption(c("corrections_select"))
    elif st.button(c("corrections_undo"), key="corrections.undo", type="primary"):
        remove_correction(database.corrections_path(), listed["correction"][event.selection.rows[0]])
        apply_and_rerun(c, "corrections_undone")


def review_table(ctx: ViewContext, c: CurationLabels, listed: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        c("created_at"): [str(value)[:16].replace("T", " ") for value in listed["created_at"]],
        c("state"): [c(f"state_{state}") for state in listed["state"]],
        ctx.t("document"): listed["source"],
        ctx.t("line"): listed["line"],
        ctx.t("quote"): listed["quote"],
        c("field"): [c(f"field_{field}") for field in listed["field"]],
        c("extracted_value"): [_extracted(row) for _, row in listed.iterrows()],
        c("new_value"): ["" if row["field"] == "reject" else row["new_value"] for _, row in listed.iterrows()],
        c("comment"): listed["comment"],
    })


def _extracted(row: pd.Series) -> str:
    value = row.get(f"extracted_{row['field']}")
    return "" if value is None or pd.isna(value) else str(value)
