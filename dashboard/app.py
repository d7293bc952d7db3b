"""Target Tracker dashboard: `streamlit run dashboard/app.py` (database from $TRACKER_DB, default data/tracker.duckdb)."""
from __future__ import annotations

import logging
import sys
from urllib.parse import urlencode
from pathlib import Path

# `streamlit run` puts dashboard/ on the path, not the repo root the packages live in.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from dashboard import database, link  # noqa: E402
from dashboard.catalog import Catalog  # noqa: E402
from dashboard.context import ViewContext  # noqa: E402
from dashboard.i18n import LANGUAGES, Translator, labels  # noqa: E402
from dashboard.plain_text import literal  # noqa: E402
from dashboard.views import corrections, explorer, home, province_map, region_profile, sources, upload  # noqa: E402

log = logging.getLogger("dashboard")

VIEWS = ("home", "explorer", "region", "map", "sources", "targets", "upload", "corrections")
# Links made before the overview existed name an indicator without a view: they meant the explorer.
EXPLORER_PARAMS = ("indicator", "region", "kind", "from", "to", "rollup")


def render_targets(ctx: ViewContext) -> None:
    """The Targets page lives in its own module, written alongside target tracking."""
    try:
        from dashboard.views import targets
    except ImportError as exc:
        st.info(literal(ctx.t("targets_unavailable", reason=exc)))
        return
    targets.render(ctx)


RENDERERS = {
    "home": home.render,
    "explorer": explorer.render,
    "region": region_profile.render,
    "map": province_map.render,
    "sources": sources.render,
    "targets": render_targets,
    "upload": upload.render,
    "corrections": corrections.render,
}


@st.cache_resource(show_spinner=False, max_entries=4)
def load_catalog(_con, path: str, stamp: database.Stamp) -> Catalog:
    """Choices of the database file at `path` as it was at `stamp` (a rebuilt file is read again)."""
    return Catalog.load(_con)


def open_store(t: Translator):
    """A read-only cursor and the file's stamp, building the store first on a fresh clone;
    None after showing a message when the store cannot be used right now."""
    path = database.db_path()
    if database.ingest_running(path):
        if not path.exists():
            st.warning(t("db_busy", reason=t("db_being_built")))
            return None
        st.info(t("db_being_updated"))
    if not path.exists():
        if not database.CORPUS_DIR.is_dir():
            st.error(literal(t("no_corpus", path=database.CORPUS_DIR)))
            return None
        if not build_with_progress(path, t):
            return None
    try:
        return database.connection(path, st.session_state)
    except FileNotFoundError:  # swapped out between the check and the open
        st.warning(literal(t("db_busy", reason=path)))
    except database.DatabaseUnreadable as exc:
        st.error(literal(t("db_unreadable", path=path, reason=exc)))
    return None


def build_with_progress(path: Path, t: Translator) -> bool:
    status = st.status(literal(t("db_missing_building", path=path)), expanded=True)
    bar = status.progress(0.0)

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0, text=literal(t("db_build_progress", name=name, done=done, total=total)))

    try:
        database.build(path, database.CORPUS_DIR, progress)
    except database.StoreBusy:
        status.update(state="running")
        st.warning(t("db_busy", reason=t("db_being_built")))
        return False
    except Exception as exc:  # a failed build must read as a message, not a traceback
        log.exception("building %s failed", path)
        status.update(state="error")
        st.error(literal(t("db_build_failed", reason=exc)))
        return False
    status.update(label=t("db_build_done"), state="complete", expanded=False)
    return True


def main() -> None:
    st.set_page_config(page_title="Target Tracker", page_icon="📈", layout="wide")
    link.read_link_once(st.query_params)
    link.begin_run()
    # Chosen before any language is known, so its label and choices show both languages.
    lang = link.selectbox("lang", " / ".join(labels()["language"].values()), LANGUAGES, default=LANGUAGES[0],
                          format_func=labels()["language_name"].get, where=st.sidebar, widget="radio",
                          unknown_message=lambda v: Translator(LANGUAGES[0])("unknown_language", value=v),
                          horizontal=True)
    t = Translator(lang)
    st.sidebar.title(t("app_title"))
    if "default_view" not in st.session_state:
        linked = st.session_state[link.LINK_KEY]
        st.session_state["default_view"] = ("explorer" if "view" not in linked and any(p in linked for p in EXPLORER_PARAMS)
                                            else "home")
    view = link.selectbox("view", t("view"), VIEWS, default=st.session_state["default_view"], format_func=lambda v: t(f"view_{v}"),
                          unknown_message=lambda v: t("unknown_view", value=v), where=st.sidebar, widget="radio")
    notices = st.container()
    opened = open_store(t)
    if opened is not None:
        con, stamp = opened
        try:
            catalog = load_catalog(con, str(database.db_path()), stamp)
            if not catalog.indicators:
                notices.info(t("empty_database"))
            RENDERERS[view](ViewContext(con=con, catalog=catalog, t=t, stamp=(str(database.db_path()), *stamp)))
        except Exception as exc:  # a broken query shows as a message; the details go to the server log
            log.exception("view %s failed", view)
            st.error(literal(t("query_failed", reason=exc)))
        finally:
            con.close()
    for message in link.pop_warnings():
        notices.warning(literal(message))
    link.sync_url()
    copy_link(t)


def copy_link(t: Translator) -> None:
    """The link to exactly this view, in a code box: Streamlit gives it a copy button."""
    query = urlencode(st.session_state[link.URL_KEY], doseq=True)
    base = (st.context.url or "").split("?")[0]
    st.sidebar.caption(t("copy_link"))
    st.sidebar.code(f"{base}?{query}" if query else base or "/", language=None, wrap_lines=True)


main()
