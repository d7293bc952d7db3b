"""Filters live in the URL: widgets are seeded from the link once, and the URL follows the widgets.

Each bound widget has a URL parameter name. On a session's first run the link's values are read;
a value the widget cannot take (unknown indicator, region, bad year) is dropped with a message
instead of failing. After that the widget's value is kept in `session_state["filters"]` (so it
survives switching views, when Streamlit forgets unrendered widgets) and written back to the URL.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

FILTERS_KEY = "filters"        # param -> current value, kept across views
LINK_KEY = "link"              # param -> list[str] from the URL, consumed as widgets appear
URL_KEY = "url_params"         # param -> list[str] the current run wants in the URL
WARNINGS_KEY = "link_warnings"


def read_link_once(query_params: Mapping[str, Any]) -> None:
    """Capture the URL's parameters at the start of a session."""
    if LINK_KEY in st.session_state:
        return
    st.session_state[LINK_KEY] = {name: list(query_params.get_all(name)) for name in query_params}
    st.session_state[FILTERS_KEY] = {}
    st.session_state[WARNINGS_KEY] = []


def begin_run() -> None:
    st.session_state[URL_KEY] = {}


def link_value(param: str) -> list[str] | None:
    """The link's values for `param`, consumed so they seed a widget only once."""
    return st.session_state[LINK_KEY].pop(param, None)


def warn(message: str) -> None:
    st.session_state[WARNINGS_KEY].append(message)


def pop_warnings() -> list[str]:
    messages = st.session_state[WARNINGS_KEY]
    st.session_state[WARNINGS_KEY] = []
    return messages


def put_url(param: str, values: Sequence[str]) -> None:
    if values:
        st.session_state[URL_KEY][param] = [str(v) for v in values]


def sync_url() -> None:
    """Make the browser's URL say exactly what this run's widgets hold."""
    wanted = st.session_state[URL_KEY]
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def _seed(param: str, widget_key: str, from_link: Callable[[list[str]], Any], default: Any) -> None:
    """Put the widget's starting value into session_state before the widget is drawn."""
    if widget_key in st.session_state:
        return
    filters = st.session_state[FILTERS_KEY]
    if param in filters:
        st.session_state[widget_key] = filters[param]
        return
    raw = link_value(param)
    st.session_state[widget_key] = from_link(raw) if raw is not None else default


def _remember(param: str, value: Any, url_values: Sequence[str], default: Any) -> Any:
    """Keep the value for other views, and put it in the URL unless it is the default (short links)."""
    st.session_state[FILTERS_KEY][param] = value
    if value != default:
        put_url(param, url_values)
    return value


def multiselect(param: str, label: str, options: Sequence[Any], *, unknown_message: Callable[[str], str],
                format_func: Callable[[Any], str] = str, default: Sequence[Any] = (),
                where=st, **kwargs) -> list[Any]:
    """A multiselect whose choices are the URL's repeated `param` values."""
    by_text = {str(option): option for option in options}

    def from_link(raw: list[str]) -> list[Any]:
        for value in raw:
            if value not in by_text:
                warn(unknown_message(value))
        return [by_text[value] for value in raw if value in by_text]

    key = f"w.{param}"
    _seed(param, key, from_link, list(default))
    # Values that left the options (the database changed) would make Streamlit fail.
    st.session_state[key] = [v for v in st.session_state[key] if str(v) in by_text]
    chosen = where.multiselect(label, list(options), key=key, format_func=format_func, **kwargs)
    return _remember(param, chosen, [str(v) for v in chosen], list(default))


def selectbox(param: str, label: str, options: Sequence[Any], *, unknown_message: Callable[[str], str],
              format_func: Callable[[Any], str] = str, default: Any = None, where=st, widget: str = "selectbox",
              **kwargs) -> Any:
    """A single choice (`widget` "selectbox" or "radio") held in the URL's `param`; None when nothing is chosen."""
    by_text = {str(option): option for option in options}

    def from_link(raw: list[str]) -> Any:
        value = raw[-1] if raw else ""
        if value in by_text:
            return by_text[value]
        warn(unknown_message(value))
        return default

    key = f"w.{param}"
    _seed(param, key, from_link, default)
    if st.session_state[key] is not None and str(st.session_state[key]) not in by_text:
        st.session_state[key] = default
    chosen = getattr(where, widget)(label, list(options), key=key, format_func=format_func, **kwargs)
    return _remember(param, chosen, [] if chosen is None else [str(chosen)], default)


def year_range(params: tuple[str, str], label: str, years: Sequence[int], *,
               bad_year_message: Callable[[str], str], where=st) -> tuple[int, int]:
    """A two-ended year slider; its ends are the URL's `from` and `to` parameters."""
    lo, hi = min(years), max(years)
    key = f"w.{params[0]}-{params[1]}"

    def parse(raw: list[str] | None, fallback: int) -> int:
        if not raw:
            return fallback
        try:
            return min(max(int(raw[-1]), lo), hi)
        except ValueError:
            warn(bad_year_message(raw[-1]))
            return fallback

    if key not in st.session_state:
        filters = st.session_state[FILTERS_KEY]
        if params[0] in filters:
            st.session_state[key] = (filters[params[0]], filters[params[1]])
        else:
            start, end = parse(link_value(params[0]), lo), parse(link_value(params[1]), hi)
            st.session_state[key] = (min(start, end), max(start, end))
    start, end = st.session_state[key]
    st.session_state[key] = (min(max(start, lo), hi), max(min(end, hi), lo))
    if lo == hi:  # a slider needs two distinct ends; one year is the whole range
        start = end = lo
        where.caption(f"{label}: {lo}")
    else:
        start, end = where.slider(label, min_value=lo, max_value=hi, key=key)
    filters = st.session_state[FILTERS_KEY]
    filters[params[0]], filters[params[1]] = start, end
    if (start, end) != (lo, hi):
        put_url(params[0], [str(start)])
        put_url(params[1], [str(end)])
    return start, end


def checkbox(param: str, label: str, *, where=st) -> bool:
    """A checkbox, off unless the URL says `param=1`."""
    key = f"w.{param}"
    _seed(param, key, lambda raw: bool(raw) and raw[-1] in ("1", "true", "yes"), False)
    checked = where.checkbox(label, key=key)
    return _remember(param, checked, ["1"], False)
