"""Kind stage: actual, target, forecast or incentive, from cue words, the figure's period and the
kind of article (a plan's numbers are goals unless they say otherwise; a release's are results)."""
from __future__ import annotations

import functools

import regex

from ...knowledge import Occurrences, WordLists, alternation, compiled, load_yaml, pattern
from .. import no_region
from ..marks import FULL_STOPS
from .periods import TimeMention

PLAN, RELEASE, REPORT, NEWS = "plan", "release", "report", "news"


@functools.cache
def _cues() -> dict[str, regex.Pattern]:
    """The kind cues searched as patterns (the word cues of numbers' windows are looked up in
    cue_lists' occurrences instead)."""
    cues = load_yaml("cues.yaml")["kinds"]
    return {
        "forecasters": compiled(alternation(cues["forecasters"])),      # in titles (by_analyst)
        "target_floor_before": compiled(f"(?:{alternation(cues['target_floor_before'])})$"),
        "quoted_goal_before": compiled(cues["quoted_goal_before"]),
        "goal_list_opening": compiled(cues["goal_list_opening"]),
    }


# How far back from a number a goal list's opening is looked for (its items are short).
_GOAL_LIST_REACH = 300


def in_goal_list(text: str, paragraph_start: int, number_start: int) -> bool:
    """Whether the number is an item of a list of goals opened earlier in its full sentence (主要预期目标
    是：增长10%以上；新建5G基站1.5万个以上；…): the text since the last full stop holds the opening."""
    window = text[max(paragraph_start, number_start - _GOAL_LIST_REACH):number_start]
    if ":" not in window and "：" not in window:
        return False            # every opening ends with a colon: most numbers are ruled out by one scan
    since_stop = window[max(window.rfind(stop) for stop in FULL_STOPS) + 1:]
    return _cues()["goal_list_opening"].search(since_stop) is not None


# The word cues decide_kind asks about a number's windows (cues.yaml kinds).
_WORD_CUES = ("incentive_sentence", "incentive_before", "incentive_clause", "forecast_before", "forecasters",
              "forecast_clause", "target_strong_before", "actual_before", "target_before", "goal_setting_before")


@functools.cache
def cue_lists() -> WordLists:
    """The word cues decide_kind asks about, with those of no_region.py, matched together: a paragraph's
    occurrences are found in one pass (Paragraph.cues) and each number's windows looked up in them."""
    cues = load_yaml("cues.yaml")["kinds"]
    return WordLists({**{name: cues[name] for name in _WORD_CUES}, **no_region.word_lists()})


def by_analyst(text: str) -> bool:
    """Whether the text names an analyst house (IDC, Gartner, 赛迪顾问…: cues.yaml kinds.forecasters)."""
    return bool(_cues()["forecasters"].search(text))


def article_kind(title: str, lead: str = "") -> str:
    """plan | release | report | news: from the title's words, else from the lead's (…印发《…规划》,
    数据显示); a text that says neither is a news report, whose numbers take their kind from their cues."""
    if by_analyst(title):
        return REPORT           # IDC发布《…支出指南》: an analyst house's publication, whatever it is called
    for where, suffix in ((title, "title"), (lead, "lead")):
        for kind in (RELEASE, PLAN, REPORT):
            if where and pattern("layout.yaml", f"{kind}_{suffix}").search(where):
                return kind
    return NEWS


def decide_kind(cues: Occurrences, text: str, sentence_before: tuple[int, int], clause_before: tuple[int, int],
                clause: tuple[int, int], sentence: tuple[int, int], unit_base: str, is_percent: bool,
                time: TimeMention | None, doc_year: int | None, kind_of_article: str, analyst: bool = False,
                goal_list: bool = False) -> str:
    """The kind from the cue words in the number's windows of `text` (spans: its sentence before it, its
    clause before it, its clause, its sentence), the figure's time, the kind of article and whether the
    number is an item of a list of goals (in_goal_list)."""
    within = cues.within
    granting = within("incentive_sentence", sentence)
    if unit_base in ("元", "美元") and (within("incentive_before", clause_before)
                                      or (granting and within("incentive_clause", clause))):
        return "incentive"
    if is_percent and granting and within("incentive_clause", clause_before):
        return "incentive"
    if goal_list:
        return "target"
    if time is not None and time.kind == "from" and time.year is not None and doc_year is not None \
            and time.year < doc_year:
        return "actual"         # 由2023年的22%提升至2027年的35%: the start of a forecast was measured
    if within("goal_setting_before", sentence_before) and not (analyst or within("forecasters", sentence)):
        return "target"
    forecast_cue = within("forecast_before", sentence_before)
    by_forecaster = analyst or within("forecasters", sentence)
    if forecast_cue and (kind_of_article != PLAN or by_forecaster):
        return "forecast"
    deadline = time is not None and time.kind in ("deadline", "plan_period")
    future = time is not None and time.year is not None and (
        doc_year is None or time.year > doc_year or (deadline and time.year >= doc_year))
    if future and by_forecaster:
        return "forecast"       # a research firm's figure for a year ahead is its forecast
    if deadline and future:
        return "target"
    if _cues()["quoted_goal_before"].search(text[sentence_before[0]:sentence_before[1]]):
        return "target"         # a plan's words quoted: 提出“2023年底累计建成5G基站9.21万个”
    if future and doc_year is not None and time.year > doc_year:
        return "target"         # 增加到2025年的25万个: a later year is never measured yet
    if time is not None and time.year is not None and doc_year is not None and time.year < doc_year:
        return "actual"
    if kind_of_article != PLAN and within("forecast_clause", clause):
        return "forecast"
    if within("target_strong_before", sentence_before):
        return "target"
    if within("actual_before", sentence_before):
        return "actual"
    if time is not None and time.kind == "annual" and kind_of_article == PLAN:
        return "target"
    if within("target_before", sentence_before) and (kind_of_article == PLAN or future):
        return "target"
    return "target" if kind_of_article == PLAN else "actual"


def goal_comparator(kind: str, text_before: str, comparator: str) -> str:
    """A goal "to reach" a level (达到 80 万架) is met at or above it: a floor, not an equality."""
    if kind == "target" and comparator == "=" and _cues()["target_floor_before"].search(text_before.rstrip()):
        return ">="
    return comparator
