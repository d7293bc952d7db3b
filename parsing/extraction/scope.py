"""Scope stage: which number mentions are facts (FACTS.md "Out of scope").

The numbers stage already drops dates, document numbers, labels and percentage-point changes; this
stage looks at the words around a mention for what only context tells: counts of a plan's own
structure (27项重点任务, 三大专项工程), procedural durations (10个工作日内), thresholds that qualify
something else (处理100万人以上个人信息的数据处理者), ordinals and rankings (前5名), page numbers the
dump left mid-sentence, and numbers inside titles (《…》).
"""
from __future__ import annotations

import bisect
import functools

from ..knowledge import AnyMatch, WordsAfter, WordsBefore, alternation, compiled, load_yaml
from .context.indicators import catalog
from .context.regions import gazetteer
from .marks import LAST_CLAUSE_MARK
from .numbers import NumberMention


@functools.cache
def _rules() -> dict:
    rules = _cue_rules()
    item_before, item_after = rules["list_item"]
    # Most numbers have no cue word right before them and none right after: two tests rule out every
    # check of those words at once.
    rules["cue_before"] = frozenset().union(*(
        words.last_chars for words in (rules["ordinal"], rules["enumeration_before"], rules["label_before"],
                                       item_before, rules["threshold_before"], rules["threshold_comparator"],
                                       rules["exchange_before"], rules["grant_step"])))
    rules["cue_after"] = AnyMatch([
        rules["points"], rules["grant_basis"], rules["structure"].pattern, rules["time"].pattern,
        rules["exchange_after"].pattern, rules["group"],
        rules["label"].pattern, item_after.pattern, rules["money_qualifier"], rules["threshold_after"],
        rules["of"]])
    return rules


def _cue_rules() -> dict:
    cues = load_yaml("cues.yaml")["scope"]
    return {
        "structure": WordsAfter(cues["structure_after"]),
        "enumeration_units": set(cues["enumeration_units"]),
        "enumeration_before": WordsBefore(cues["enumeration_before"]),
        "time_units": set(cues["time_units"]),
        "exchange_before": WordsBefore(cues["exchange_rate"]),
        "speed_units": frozenset(cues["speed_units"]),
        "open_ended": tuple(cues["open_ended_after"]),
        "ranked_group": compiled(cues["ranked_group_after"]),
        "group": compiled(cues["group_after"]),      # (ranked_group starts with it: one gate for both)
        "group_before": compiled(cues["group_before"]),
        "exchange_after": WordsAfter(cues["exchange_rate"]),
        "time": WordsAfter(cues["time_units"]),
        "threshold_before": WordsBefore(cues["threshold_before"]),
        "threshold_after": compiled(cues["threshold_after"]),
        # 不超过100万元的资助 is a cap on a grant, not a threshold
        "threshold_comparator": WordsBefore(cues["threshold_comparator_before"], not_after="不"),
        "ranking_units": set(cues["ranking_units"]),
        "ranking": compiled(alternation(cues["ranking_clause"])),
        "ordinal": WordsBefore(cues["ordinal_before"]),
        "label": WordsAfter(cues["label_after"]),
        "points": compiled(cues["percentage_point_list"]),
        "money_qualifier": compiled(cues["money_qualifier_after"]),
        "label_before": WordsBefore(cues["label_before"]),
        "list_item": (WordsBefore(cues["list_item_before"]), WordsAfter(cues["list_item_after"])),
        "stray": compiled(cues["stray_number"]),
        "book": compiled(r"《[^《》]*》"),
        "telephone": compiled(cues["telephone"]),
        "condition": compiled(cues["condition_clause"]),
        "condition_tail": compiled(cues["condition_tail"]),
        "grant_basis": compiled(cues["grant_basis_after"]),
        "condition_before_grant": compiled(cues["condition_before_grant"]),
        "grant_step": WordsBefore(cues["grant_step_before"]),
        "ratio_marks": frozenset(cues["ratio_marks"]),
        "admin_units": compiled(cues["admin_units_after"]),
        "admin_among": compiled(cues["admin_units_among"]),
        "admin_all": compiled(cues["admin_units_all"]),
        "admin_whole": WordsBefore(cues["admin_units_whole_before"]),
        "small_chinese": compiled(cues["small_chinese_count"]),
        "grant": compiled(alternation(cues["grant_words"])),
        "of": compiled(r"\s*的"),
    }


def title_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of 《book titles》 in text[start:end]: numbers in them name a document, not a quantity."""
    return [m.span() for m in _rules()["book"].finditer(text, start, end)]


def _followed_by_indicator(text: str, offset: int) -> bool:
    """Whether a catalog label starts within two characters of `offset` (个 + 5G基站)."""
    if catalog().first_characters.isdisjoint(text[offset:offset + 3]):
        return False        # no label can start there: spares the search
    labels = catalog().labels(text, offset, min(len(text), offset + 20))
    return bool(labels) and labels[0].start <= offset + 2


def _lists_places(text: str, enumeration_end: int) -> bool:
    """Whether the list closed at `enumeration_end` (by 等) names places (深圳、重庆、天津等8个城市): the
    number then counts places that did something, a fact, not the size of a plan's list."""
    places = gazetteer().find(text, max(0, enumeration_end - 8), enumeration_end)
    return bool(places) and places[-1].end == enumeration_end


# How far back a number's clause is looked for (real clauses are shorter; the bound keeps the work per
# number constant in text without punctuation).
_CLAUSE_REACH = 80


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` lies inside one of `spans` (sorted, not overlapping), found by bisect."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and offset < spans[index][1]


class ScopedText:
    """A document's text and its 《titles》, found once for the whole text and looked up by position;
    what else a number's checks read lies within a bounded reach of it, so the work per number stays
    constant however dense the numbers are."""

    def __init__(self, text: str):
        self.text = text
        self.titles = title_spans(text, 0, len(text))
        self._title_starts = [start for start, _ in self.titles]
        self._telephones = [m.span() for m in _rules()["telephone"].finditer(text)]
        self._last_query = (-_CLAUSE_REACH - 1, None)     # (offset, its clause mark) asked last

    def inside_title(self, offset: int) -> bool:
        return _inside(self.titles, offset)

    def titles_reach(self, start: int, end: int) -> bool:
        """Whether a title overlaps text[start:end]."""
        index = bisect.bisect_right(self._title_starts, start) - 1
        if index < 0 or self.titles[index][1] <= start:
            index += 1
        return index < len(self.titles) and self.titles[index][0] < end

    def clause_mark(self, offset: int) -> int | None:
        """Where the last clause mark (，。；：or a paragraph break) within reach before `offset` stands.
        Numbers are asked about in order: after the one before, only the text between them is read."""
        last_offset, last_mark = self._last_query
        if last_offset <= offset <= last_offset + _CLAUSE_REACH:
            found = LAST_CLAUSE_MARK.match(self.text, last_offset, offset)
            mark = found.start(1) if found else last_mark
            if mark is not None and mark < offset - _CLAUSE_REACH:
                mark = None
        else:
            found = LAST_CLAUSE_MARK.match(self.text, max(0, offset - _CLAUSE_REACH), offset)
            mark = found.start(1) if found else None
        self._last_query = (offset, mark)
        return mark

    def granted(self, start: int, end: int) -> bool:
        """Whether a grant word (给予, 资助…) lies inside text[start:end]."""
        return bool(_rules()["grant"].search(self.text, start, end))

    def out_of_scope(self, mention: NumberMention) -> str | None:
        """Why `mention` is not a fact, or None when it is one."""
        if self.inside_title(mention.digits_start):
            return "inside a title"
        if self._telephones and _inside(self._telephones, mention.digits_start):
            return "telephone number"
        return _out_of_scope(self, mention)


def _out_of_scope(scoped: ScopedText, mention: NumberMention) -> str | None:
    rules, text = _rules(), scoped.text
    after = text[mention.end:mention.end + 30]
    before = text[max(0, mention.digits_start - 12):mention.digits_start]
    # Each check below reads `before` for a cue word ending it, or matches a cue at the start of `after`.
    previous = before.rstrip()[-1:]
    cue_before = previous in rules["cue_before"]
    cue_after = rules["cue_after"].may_match(after)
    counter = not mention.is_percent and mention.unit_base not in ("元", "美元")
    mark = scoped.clause_mark(mention.digits_start)
    clause_start = mark + 1 if mark is not None else max(0, mention.digits_start - _CLAUSE_REACH)
    if cue_before and rules["ordinal"].search(before):
        return "ordinal or ranking"
    if cue_after and rules["points"].match(after):
        return "percentage-point change"
    if mention.unit_base in ("元", "美元") and ((cue_after and rules["exchange_after"].match(after))
                                              or (cue_before and rules["exchange_before"].search(before))):
        return "exchange rate"
    if counter and mention.unit_raw in rules["enumeration_units"] and not _followed_by_indicator(text, mention.end):
        return "size of an enumeration"
    if counter and cue_before and (cue := rules["enumeration_before"].search(before)) \
            and not _followed_by_indicator(text, mention.end) \
            and not _lists_places(text, mention.digits_start - len(before) + cue.start()):
        return "size of an enumeration"
    if counter and cue_after and rules["grant_basis"].match(after):
        return "basis of a grant"
    if mention.unit_base in rules["speed_units"] and mention.text.endswith(rules["open_ended"]) \
            and "\u4e00" <= text[mention.end:mention.end + 1] <= "\u9fff":
        return "speed tier of users"
    if counter and cue_after and (rules["ranked_group"].match(after) or (
            rules["group"].match(after) and rules["group_before"].search(before))):
        return "size of the group a ranking or comparison is made in"
    if mention.unit_raw in rules["ranking_units"] and \
            rules["ranking"].search(text, clause_start, mention.digits_start):
        return "ordinal or ranking"
    digits = text[mention.digits_start:mention.end].rstrip()
    if counter and mention.value < 10 and not digits[:1].isdecimal() and rules["small_chinese"].match(digits[:1]) \
            and not _followed_by_indicator(text, mention.end):
        return "rhetorical count"
    if mark is not None and rules["condition"].match(text, clause_start) \
            and not scoped.granted(mark, mention.digits_start) \
            and rules["condition_tail"].match(text, mention.end, mention.end + 40):
        return "condition of a grant or rule"
    if counter and mention.unit_raw == "个" and (units := rules["admin_units"].match(after)) and (
            rules["admin_among"].match(after, units.end())
            or (rules["admin_all"].match(after, units.end()) and rules["admin_whole"].search(before))):
        return "count of the administrative units a statement is made over"
    # (the pattern needs 的 and a comma — every comma of the folded text is "," — within `after`'s reach:
    # a substring test spares it at most numbers)
    if "的," in after and rules["condition_before_grant"].match(text, mention.end, mention.end + 40):
        return "condition of a grant"
    if cue_before and rules["grant_step"].search(before):
        return "step a grant is paid per"
    if counter and ((cue_after and rules["structure"].match(after))
                    or (mention.unit_raw and rules["structure"].match(mention.unit_raw[-1:] + after))):
        return "count of the plan's own structure"
    bare_unit = mention.unit_raw in ("", "个")
    if not mention.is_percent and (mention.unit_raw in rules["time_units"]
                                   or (bare_unit and cue_after and rules["time"].match(after))):
        return "duration"
    if not mention.unit_base and not mention.is_percent:
        if after[:1] in rules["ratio_marks"] or previous in rules["ratio_marks"]:
            return "ratio"
        if (cue_after and rules["label"].match(after)) or (cue_before and rules["label_before"].search(before)):
            return "label"
        item_before, item_after = rules["list_item"]
        if cue_before and cue_after and item_before.search(before) and item_after.match(after):
            return "name in a list of names"
        # a page number stands right after a Han character (spaces between allowed); every Han character
        # lies at U+2E80 or beyond
        after_han = not previous or previous >= "\u2e80"
        stray = rules["stray"].match(text, mention.digits_start) if mention.comparator == "=" and after_han else None
        if stray and stray.end() == mention.end:
            return "page number or footnote mark"
    if not cue_after:
        return None     # the checks left all read a cue after the number
    # 给予8000元、5000元、3000元的用电支持: a grant word opening the amounts' clause grants them all
    if mention.unit_base in ("元", "美元") and rules["money_qualifier"].match(after) \
            and not scoped.granted(max(clause_start, mention.digits_start - 30), mention.digits_start):
        return "amount qualifying a noun"
    if rules["threshold_after"].match(after) or (after.lstrip().startswith("的") and cue_before and (
            rules["threshold_before"].search(before) or rules["threshold_comparator"].search(before))):
        return "threshold qualifying something else"
    return None
