"""dashboard.database: each session's connection is its own, so a session reopening a swapped-in store
never closes a cursor another session is using (finding 7 of issue 12)."""
from __future__ import annotations

import os

from dashboard import database, store_reads
from dashboard.context import ViewContext
from dashboard.i18n import Translator
from dashboard_store import build_sample_db
from parsing import store
from parsing.store import queries
from parsing.store.queries import FactFilter


def fact_count(cursor) -> int:
    return cursor.execute("SELECT count(*) FROM facts").fetchone()[0]


def test_a_swap_seen_by_one_session_leaves_the_other_sessions_cursor_working(tmp_path):
    live, update = tmp_path / "tracker.duckdb", tmp_path / "update.duckdb"
    build_sample_db(live)
    first_session, second_session = {}, {}
    in_use, old_stamp = database.connection(live, first_session)
    before = fact_count(in_use)

    build_sample_db(update)
    con = store.open_writable(update)
    con.execute("DELETE FROM facts WHERE kind = 'target'")
    con.close()
    os.replace(update, live)  # what an ingest does when it finishes

    newer, new_stamp = database.connection(live, second_session)
    assert new_stamp != old_stamp
    assert fact_count(newer) < before          # the second session reads the new file ...
    assert fact_count(in_use) == before         # ... while the first session's cursor still reads its snapshot
    reopened, _ = database.connection(live, first_session)
    assert fact_count(reopened) == fact_count(newer)  # and the first session's next run sees the new file too


def test_an_unchanged_file_keeps_the_sessions_connection(tmp_path):
    live = build_sample_db(tmp_path / "tracker.duckdb")
    session = {}
    database.connection(live, session)
    held = session[database.SESSION_KEY][1]
    database.connection(live, session)
    assert session[database.SESSION_KEY][1] is held


# --- Reads kept per store version (dashboard.store_reads) -------------------------------------------------------

CALLS: list[tuple] = []


def counted_facts_page(con, flt, limit):
    CALLS.append((flt, limit))
    return queries.facts_page(con, flt, limit)


def view_context(cursor, stamp) -> ViewContext:
    return ViewContext(con=cursor, catalog=None, t=Translator("zh"), stamp=stamp)


def test_a_read_is_served_again_for_the_same_store_version_and_made_again_for_a_swapped_store(tmp_path):
    store_reads._cached.clear()
    CALLS.clear()
    live, update = tmp_path / "tracker.duckdb", tmp_path / "update.duckdb"
    build_sample_db(live)
    session, flt = {}, FactFilter(indicators=("5G基站",))
    cursor, stamp = database.connection(live, session)
    first = store_reads.read(view_context(cursor, (str(live), *stamp)), counted_facts_page, flt, 10)
    first[0].loc[0, "quote"] = "changed"       # a caller changing what it got changes no later read
    again = store_reads.read(view_context(cursor, (str(live), *stamp)), counted_facts_page, flt, 10)
    assert len(CALLS) == 1 and len(again[0]) == 10 and again[1] > 10 and again[0].loc[0, "quote"] != "changed"

    build_sample_db(update)
    con = store.open_writable(update)
    con.execute("DELETE FROM facts WHERE kind = 'target'")
    con.close()
    os.replace(update, live)
    cursor, new_stamp = database.connection(live, session)
    swapped = store_reads.read(view_context(cursor, (str(live), *new_stamp)), counted_facts_page, flt, 10)
    assert len(CALLS) == 2 and swapped[1] < again[1]

    store_reads.read(view_context(cursor, None), counted_facts_page, flt, 10)   # no version known: read
    store_reads.read(view_context(cursor, None), counted_facts_page, flt, 10)
    assert len(CALLS) == 4
