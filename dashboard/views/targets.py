"""Targets: every goal beside the actuals that measure it, with progress and status (parsing.targets).

A table of goals filtered by indicator, region (a province includes its cities), deadline year and status;
one goal opened shows its actual series with the goal, the straight path from baseline to goal and the
sentence behind every point. The CSV download is the file `python -m parsing targets` writes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from parsing.store import queries
from parsing.store.export import facts_csv_bytes
from parsing.targets import STATUSES, GoalBook, export_frame, filter_goals, load_goals

from .. import charts, database, link, widgets
from ..context import ViewContext
from ..i18n import Translator
from ..plain_text import literal
from ..formatting import format_value, readable_values, scale_for
from ..tables import period_texts

GOAL_COLOUR, PATH_COLOUR, OTHER_COLOUR = "#d62728", "#7f7f7f", "#bcbcbc"
GOAL_PARAM = "goal"                  # URL parameter of the opened goal
CLICKED_KEY = "targets.clicked"      # the goal of the last table row clicked


class Labels(Translator):
    """This view's strings in the dashboard's language (ctx.t serves the shared ones)."""

    labels_path = Path(__file__).with_name("targets_labels.yaml")

    def status(self, status: str) -> str:
        return self(f"status_{status}")


@st.cache_resource(show_spinner=False, max_entries=2)
def _tracking(_con, stamp, as_of: dt.date) -> GoalBook:
    """Goals of the database file as it was at `stamp`, judged as of a day (read again when either changes).
    A resource, not data: shared without a copy per run (a large store has 100 000s of rows; nothing here
    modifies the tables)."""
    return load_goals(_con, as_of=as_of)


def load_tracking(ctx: ViewContext, as_of: dt.date, lb: Labels) -> GoalBook:
    """The goals the ingest stored (computed here only for a store without them, or for those whose status
    changed since: parsing.targets.stored), read once per database file and day."""
    stamp = queries.database_stamp(database.db_path())
    with st.spinner(lb("computing")):
        if stamp is None:      # not the dashboard's own file (e.g. a test harness): nothing to key a cache on
            return load_goals(ctx.con, as_of=as_of)
        return _tracking(ctx.con, stamp, as_of)


# The goal fields the table shows (of parsing.targets.GOAL_COLUMNS).
TABLE_FIELDS = ("status", "indicator", "region", "target_value", "target_value_high", "unit_base", "comparator",
                "deadline", "latest_value", "latest_value_high", "latest_comparator", "latest_date", "percent_reached", "needed_growth_pct",
                "observed_growth_pct", "n_statements", "conflict")
# Evidence older than this (days before the day statuses are judged) is flagged in the table.
STALE_AFTER_DAYS = 365


def target_text(goal: dict, lang: str) -> str:
    """The goal as its statement says it, in the reader's language: ≥20万个 / at least 200,000."""
    return format_value(goal["target_value"], goal["unit_base"], goal.get("target_value_high"), goal["comparator"], lang)


def latest_text(goal: dict, lang: str) -> str:
    """The latest actual as its source says it: ≥300万个 / at least 3 million."""
    comparator = goal["latest_comparator"]
    return format_value(goal["latest_value"], goal["unit_base"], goal["latest_value_high"],
                        comparator if isinstance(comparator, str) else None, lang)


def evidence_text(goal: dict, as_of: dt.date, lb: Labels) -> str:
    """The date of the latest actual the status rests on, flagged when it is more than a year old."""
    when = goal["latest_date"]
    if when is None or pd.isna(when):
        return ""
    when = pd.Timestamp(when).date()
    text = when.strftime("%Y-%m-%d")
    return lb("evidence_stale", date=text) if (as_of - when).days > STALE_AFTER_DAYS else text


def goals_table(goals: pd.DataFrame, ctx: ViewContext, lb: Labels, as_of: dt.date) -> pd.DataFrame:
    """The goal rows as readers see them: translated status and the date of its evidence, values as stated,
    progress in %."""
    lang = ctx.t.lang
    rows = goals[list(TABLE_FIELDS)].to_dict("records")
    return pd.DataFrame({
        lb("status"): [lb.status(r["status"]) for r in rows],
        ctx.t("indicator"): [ctx.indicator_label(r["indicator"]) for r in rows],
        ctx.t("region"): [ctx.region_label(r["region"]) for r in rows],
        lb("target_value"): [target_text(r, lang) for r in rows],
        lb("deadline"): [_deadline_text(r["deadline"], lb) for r in rows],
        lb("latest"): [latest_text(r, lang) for r in rows],
        lb("evidence_date"): [evidence_text(r, as_of, lb) for r in rows],
        # numbers or NaN (a missing figure shows blank, never "None")
        lb("percent_reached"): pd.to_numeric(pd.Series([r["percent_reached"] for r in rows], dtype=object)),
        lb("needed_growth"): pd.to_numeric(pd.Series([r["needed_growth_pct"] for r in rows], dtype=object)),
        lb("observed_growth"): pd.to_numeric(pd.Series([r["observed_growth_pct"] for r in rows], dtype=object)),
        lb("restated"): [r["n_statements"] for r in rows],
        lb("conflict"): [_conflict_text(r["conflict"], lb) for r in rows],
    })


def _deadline_text(deadline, lb: Labels) -> str:
    return lb("no_deadline") if deadline is None or pd.isna(deadline) else str(int(deadline))


def _conflict_text(conflict, lb: Labels) -> str:
    keys = {"value": "conflict_value", "deadline": "conflict_deadline", "value+deadline": "conflict_both"}
    return lb(keys[conflict]) if isinstance(conflict, str) else ""


def goal_figure(goal: dict, actuals: pd.DataFrame, statements: pd.DataFrame, ctx: ViewContext,
                lb: Labels) -> go.Figure:
    """The actual series with the goal at its deadline, the straight path from baseline to goal (a flat
    line for an annual quota) and other statements of the goal; hovering a point shows its sentence."""
    unit = goal["unit_base"] or ""
    values = [goal["target_value"], *actuals["value_base"]]
    lang = ctx.t.lang
    scale = scale_for(max(abs(v) for v in values), unit, lang)
    stated = target_text(goal, lang)
    figure = go.Figure()
    if not actuals.empty:
        figure.add_trace(go.Scatter(
            x=actuals["date"], y=actuals["value_base"] / scale.factor, name=lb("actual_series"),
            mode="lines+markers", marker={"size": 9},
            customdata=list(zip(readable_values(actuals, lang), actuals["source"].map(ctx.document_title),
                                actuals["line"], actuals["quote"].map(_wrap), actuals["date"].map(_date_text))),
            hovertemplate="%{customdata[4]}: %{customdata[0]}<br>%{customdata[1]}:%{customdata[2]}"
                          "<br>%{customdata[3]}<extra></extra>"))
    deadline = goal["deadline"]
    goal_date = dt.date(int(deadline), 12, 31) if not pd.isna(deadline) else None
    if goal["basis"] == "annual":
        _add_quota_line(figure, goal, actuals, goal_date, scale.factor, lb)
    elif goal_date is not None:
        if _path_needed(goal):
            figure.add_trace(go.Scatter(
                x=[goal["baseline_date"], goal_date], y=[goal["baseline_value"] / scale.factor,
                                                         goal["target_value"] / scale.factor],
                name=lb("straight_path"), mode="lines", line={"dash": "dash", "color": PATH_COLOUR},
                hoverinfo="skip"))
        figure.add_trace(_goal_marker(goal, goal_date, scale.factor, lb, stated, ctx))
    _add_other_statements(figure, goal, statements, scale.factor, lb, ctx)
    dates = [d for trace in figure.data for d in trace.x if d is not None and not pd.isna(d)]
    figure.update_layout(
        yaxis_title=charts.axis_title(ctx.indicator_label(goal["indicator"]), scale.unit(unit), ctx.t),
        yaxis=charts.NUMBER_AXIS[lang],
        xaxis=charts.time_axis([pd.Timestamp(d).date() for d in dates], ctx.t) if dates else {}, legend={"orientation": "h", "y": -0.2}, margin={"t": 30, "l": 10, "r": 10},
        hovermode="closest")
    return figure


def _path_needed(goal: dict) -> bool:
    """A path from baseline to goal only means something when the baseline had not reached the goal yet."""
    baseline = goal["baseline_value"]
    if baseline is None or pd.isna(baseline):
        return False
    if goal["comparator"] == "<=":
        return baseline > goal["target_value"]
    return baseline < goal["target_value"]


def _goal_marker(goal: dict, goal_date: dt.date, factor: float, lb: Labels, stated: str,
                 ctx: ViewContext) -> go.Scatter:
    return go.Scatter(
        x=[goal_date], y=[goal["target_value"] / factor], name=lb("goal_marker", deadline=int(goal["deadline"])),
        mode="markers+text", text=[stated], textposition="top center",
        marker={"symbol": "circle-open", "size": 16, "line": {"width": 3}, "color": GOAL_COLOUR},
        customdata=[[ctx.document_title(goal["target_source"]), goal["target_line"], _wrap(goal["target_quote"])]],
        hovertemplate="%{text}<br>%{customdata[0]}:%{customdata[1]}<br>%{customdata[2]}<extra></extra>")


def _add_quota_line(figure: go.Figure, goal: dict, actuals: pd.DataFrame, goal_date: dt.date | None,
                    factor: float, lb: Labels) -> None:
    """An annual quota is the same bar every year of its window: a flat line across it."""
    start_year = goal["start_year"] if not pd.isna(goal["start_year"]) else None
    dates = list(actuals["date"])
    start = dt.date(int(start_year), 1, 1) if start_year else (min(dates) if dates else goal_date)
    end = goal_date or (max(dates) if dates else start)
    if start is None or end is None:
        return
    figure.add_trace(go.Scatter(
        x=[start, end], y=[goal["target_value"] / factor] * 2, name=lb("annual_quota"), mode="lines",
        line={"dash": "dash", "color": GOAL_COLOUR},
        customdata=[[target_text(goal, lb.lang), _wrap(goal["target_quote"])]] * 2,
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))


def _add_other_statements(figure: go.Figure, goal: dict, statements: pd.DataFrame, factor: float,
                          lb: Labels, ctx: ViewContext) -> None:
    """Restatements that disagree with the tracked one, so a conflict is visible on the chart."""
    others = statements[(statements["value_base"] != goal["target_value"]) | (statements["year"] != goal["deadline"])]
    others = others[others["year"].notna()]
    if others.empty:
        return
    figure.add_trace(go.Scatter(
        x=[dt.date(int(y), 12, 31) for y in others["year"]], y=others["value_base"] / factor,
        name=lb("other_statement"), mode="markers",
        marker={"symbol": "x-open", "size": 12, "color": OTHER_COLOUR},
        customdata=list(zip(others["source"].map(ctx.document_title), others["line"], others["quote"].map(_wrap))),
        hovertemplate="%{customdata[0]}:%{customdata[1]}<br>%{customdata[2]}<extra></extra>"))


def conflict_detail(statements: pd.DataFrame, ctx: ViewContext) -> str:
    """Every distinct version of the goal with its document and line, in the reader's language."""
    texts = [f"{ctx.t('value_when', value=value, when=when)} — {ctx.document_title(source)}:{line}"
             for value, when, source, line in zip(readable_values(statements, ctx.t.lang),
                                                  period_texts(statements, ctx.t.lang),
                                                  statements["source"], statements["line"])]
    return ctx.t("list_separator").join(dict.fromkeys(texts))


def _date_text(when) -> str:
    return "" if when is None or pd.isna(when) else pd.Timestamp(when).strftime("%Y-%m-%d")


def _wrap(text, width: int = 40) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


def sources_table(statements: pd.DataFrame, actuals: pd.DataFrame, ctx: ViewContext, lb: Labels) -> pd.DataFrame:
    """The sentence behind every point of the chart: the goal's statements, then its actuals."""
    parts = [(ctx.t.kind("target"), statements), (ctx.t.kind("actual"), actuals)]
    frames = []
    for kind_label, rows in parts:
        frames.append(pd.DataFrame({
            lb("point_kind"): kind_label,
            ctx.t("date"): rows["date"],
            ctx.t("year"): rows["year"].astype("Int64"),
            ctx.t("value"): readable_values(rows, ctx.t.lang),
            ctx.t("quote"): rows["quote"],
            ctx.t("article"): rows["article"],
            ctx.t("document"): rows["source"].map(ctx.document_title),
            ctx.t("line"): rows["line"],
        }))
    return pd.concat(frames, ignore_index=True)


def goal_choices(goals: pd.DataFrame) -> tuple[list[str], list[int]]:
    """What the pickers offer: indicators that have goals (grouped by theme key) and deadline years."""
    named = goals[["indicator_key", "indicator"]].drop_duplicates()
    indicators = list(named.sort_values(["indicator_key", "indicator"])["indicator"].drop_duplicates())
    return indicators, sorted(int(d) for d in goals["deadline"].dropna().unique())


def render(ctx: ViewContext, as_of: dt.date | None = None) -> None:
    t, lb = ctx.t, Labels(ctx.t.lang)
    today = as_of or dt.date.today()
    tracking = load_tracking(ctx, today, lb)
    goals = tracking.goals
    indicators, deadlines = goal_choices(goals)
    indicator = link.selectbox(
        "indicator", t("indicator"), indicators, format_func=ctx.indicator_label,
        unknown_message=lambda v: t("unknown_indicator", value=v), where=st.sidebar,
        index=None, placeholder=lb("all_indicators"))
    regions = widgets.regions_picker(ctx)
    chosen_deadlines = link.multiselect(
        "deadline", lb("deadline"), deadlines, unknown_message=lambda v: t("bad_year", value=v), where=st.sidebar,
        placeholder=lb("all_choices"))
    statuses = link.multiselect(
        "status", lb("status"), STATUSES, format_func=lb.status,
        unknown_message=lambda v: lb("status") + f" “{v}”?", where=st.sidebar, placeholder=lb("all_choices"))

    st.header(t("view_targets"))
    with st.expander(lb("status_help")):
        st.write(lb("status_rules"))
    if goals.empty:
        st.info(lb("no_goals"))
        return
    shown = filter_goals(goals, indicator=indicator, region=regions, deadline=chosen_deadlines, status=statuses)
    if shown.empty:
        st.info(lb("no_matching_goals"))
        return

    counts = shown["status"].value_counts()
    for column, status in zip(st.columns(len(STATUSES)), STATUSES):
        column.metric(lb.status(status), int(counts.get(status, 0)))
    if len(shown) > widgets.TABLE_ROWS:
        st.caption(t("rows_shown", n=len(shown), shown=widgets.TABLE_ROWS))
    else:
        st.caption(t("row_count", n=len(shown)))
    event = st.dataframe(goals_table(shown.head(widgets.TABLE_ROWS), ctx, lb, today), hide_index=True, width="stretch", column_config={
        lb("percent_reached"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
        lb("needed_growth"): st.column_config.NumberColumn(format="%.1f"),
        lb("observed_growth"): st.column_config.NumberColumn(format="%.1f")},
        on_select="rerun", selection_mode="single-row", key="targets.table")
    _open_clicked_row(shown, event.selection.rows)
    # Made when clicked, not on every rerun (as the other views' downloads): a large table takes seconds.
    st.download_button(t("download_csv"), data=lambda: facts_csv_bytes(export_frame(shown)),
                       file_name=csv_filename(indicator, regions, chosen_deadlines, statuses),
                       mime="text/csv", key="download.targets", on_click="ignore")
    _render_goal(ctx, lb, shown.head(widgets.TABLE_ROWS), tracking)


def _open_clicked_row(shown: pd.DataFrame, rows: list[int]) -> None:
    """A row clicked in the table opens its goal: the goal picker (URL parameter `goal`) is set to it, once
    per click, so choosing another goal in the picker afterwards still works."""
    clicked = shown.iloc[rows[0]]["goal_id"] if rows and rows[0] < len(shown) else None
    if clicked is not None and st.session_state.get(CLICKED_KEY) != clicked:
        st.session_state[CLICKED_KEY] = clicked
        st.session_state[f"w.{GOAL_PARAM}"] = clicked     # the widget key dashboard.link gives the picker


def csv_filename(indicator, regions, deadlines, statuses) -> str:
    """targets_5G基站_山东省_2025_behind.csv — the filters in the name, like the facts downloads."""
    name = widgets.csv_filename([indicator, "-".join(regions), "-".join(map(str, deadlines)), "-".join(statuses)])
    return "targets" + name.removeprefix("facts")


def _render_goal(ctx: ViewContext, lb: Labels, shown: pd.DataFrame, tracking: GoalBook) -> None:
    by_id = {row["goal_id"]: row for row in shown.to_dict("records")}

    def summary(goal_id: str) -> str:
        row = by_id[goal_id]
        return lb("goal_summary", status=lb.status(row["status"]), indicator=ctx.indicator_label(row["indicator"]),
                  region=ctx.region_label(row["region"]), target=target_text(row, ctx.t.lang),
                  deadline=_deadline_text(row["deadline"], lb))

    goal_id = link.selectbox(GOAL_PARAM, lb("choose_goal"), list(by_id), format_func=summary, default=next(iter(by_id)),
                             unknown_message=lambda v: lb("choose_goal") + f" “{v}”?")
    goal = by_id[goal_id]
    st.subheader(summary(goal_id))
    actuals, statements = tracking.goal_actuals(ctx.con, goal_id), tracking.goal_statements(ctx.con, goal_id)
    if isinstance(goal["conflict"], str):
        st.warning(literal(lb("conflict_note", detail=conflict_detail(statements, ctx))))
    st.plotly_chart(goal_figure(goal, actuals, statements, ctx, lb), width="stretch", key="targets.chart")
    st.subheader(lb("sources_of_points"))
    st.dataframe(sources_table(statements, actuals, ctx, lb), hide_index=True, width="stretch")
