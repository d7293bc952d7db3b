"""Add documents: upload files, ingest them in the background with a progress bar, report each file.

The ingest is the command line's (dashboard/upload_job.py); when it has swapped in the new database the
whole app reruns, so the new facts show in every view without a restart. A document without a date is
listed with a date field, to be added again with the date given.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from parsing.extraction import read

from .. import database
from ..context import ViewContext
from ..fact_corrections import CurationLabels
from ..upload_job import ACCEPTED_SUFFIXES, UploadJob, start_upload, stored_files

JOB_KEY = "upload.job"
MIB = 1024 * 1024
POLL_SECONDS = 0.5


def render(ctx: ViewContext) -> None:
    c = CurationLabels(ctx.t.lang)
    st.header(c("upload_title"))
    st.caption(c("upload_limits", types=", ".join(ACCEPTED_SUFFIXES), size=readable_size(read.MAX_BYTES)))
    # No `type=` filter: a file of another type is refused by the reader with its reason, shown below.
    # The browser's own limit is in whole MB; the reader's check of the exact limit follows.
    files = st.file_uploader(c("upload_files"), accept_multiple_files=True, key="upload.files",
                             max_upload_size=math.ceil(read.MAX_BYTES / MIB))
    job: UploadJob | None = st.session_state.get(JOB_KEY)
    running = job is not None and not job.finished.is_set()
    if st.button(c("upload_start"), disabled=not files or running, type="primary", key="upload.start"):
        begin([(f.name, f.getvalue()) for f in files])
    if job is not None:
        job_status(c)


def readable_size(n_bytes: int) -> str:
    return f"{n_bytes / MIB:g} MB" if n_bytes >= MIB else f"{n_bytes / 1024:.0f} KB"


def begin(files: list[tuple[str, bytes]], dates=None) -> None:
    """Start the background ingest of (name, bytes) files and rerun the app to follow it."""
    path = database.db_path()
    st.session_state[JOB_KEY] = start_upload(files, path, database.corrections_path(), database.uploads_dir(path),
                                             dates)
    st.rerun(scope="app")


@st.fragment(run_every=POLL_SECONDS)
def job_status(c: CurationLabels) -> None:
    """Progress while the job runs (this fragment reruns alone); when it ends, the whole app reruns once
    so the new database is opened, then the report stays."""
    job: UploadJob = st.session_state[JOB_KEY]
    if not job.finished.is_set():
        text = c("upload_running", name=job.current, done=job.done, total=job.total) if job.done else c("upload_waiting")
        st.progress(job.done / job.total if job.total else 0.0, text=text)
        return
    if not st.session_state.get(f"{JOB_KEY}.shown") is job:
        st.session_state[f"{JOB_KEY}.shown"] = job
        st.rerun(scope="app")
    report(c, job)


def report(c: CurationLabels, job: UploadJob) -> None:
    if job.error:
        st.error(c("upload_failed_run", reason=job.error))
        return
    st.subheader(c("upload_report"))
    st.dataframe(pd.DataFrame({
        c("upload_file"): [o.path.name for o in job.outcomes],
        c("upload_status"): [c(f"status_{o.status}") for o in job.outcomes],
        c("upload_reason"): [o.reason or "" for o in job.outcomes],
        c("upload_facts"): [o.n_facts for o in job.outcomes],
    }), hide_index=True, width="stretch")
    undated = [o for o in job.outcomes if o.undated]
    if undated:
        ask_for_dates(c, undated)


def ask_for_dates(c: CurationLabels, undated) -> None:
    st.warning(c("upload_undated"))
    dates = {o.path.name: st.date_input(c("upload_date_for", name=o.path.name), value=None,
                                        key=f"upload.date.{o.path.name}") for o in undated}
    given = {name: date for name, date in dates.items() if date is not None}
    if st.button(c("upload_with_dates"), disabled=not given, key="upload.redate"):
        uploads = database.uploads_dir(database.db_path())
        begin(stored_files([o for o in undated if o.path.name in given], uploads), given)
