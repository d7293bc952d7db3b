"""Store reads kept per version of the store, for the reruns that ask for them again unchanged.

Streamlit reruns the whole view on every click: picking the map tab's year, selecting a table row, each
field of the correction form, opening an indicator in a region's profile. Those reruns would read the
chart, the facts page or the province profile again for the same filter. Kept here, keyed by the store
file's stamp (dashboard.database: a rebuilt or corrected store is a new file with a new stamp, so nothing
stale is served), they are read once. A context without a stamp (a test harness, the benchmark) reads
the store every time.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from .context import ViewContext

Result = TypeVar("Result")


def read(ctx: ViewContext, query: Callable[..., Result], *args) -> Result:
    """`query(ctx.con, *args)` (a parsing.store.queries function), from the cache when this store version
    has answered it before. Streamlit hands each run a copy, so callers may change what they get."""
    if ctx.stamp is None:
        return query(ctx.con, *args)
    return _cached(ctx.con, ctx.stamp, query.__module__, query.__qualname__, args, _query=query)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached(_con, stamp, module: str, name: str, args: tuple, _query: Callable):
    # The query is named by module and name for the key (arguments starting with _ are not hashed).
    return _query(_con, *args)
