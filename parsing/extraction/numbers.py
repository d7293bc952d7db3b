"""Numbers stage: every quantity in normalised text, with its unit, base value and comparator.

Input is NFKC-normalised text with PDF line breaks joined (spaces may remain: "196.8 万个", "4000 亿 元").
One compiled regex finds candidates in a single pass; a short per-match check then drops what FACTS.md
puts out of scope at this level (years, dates, document numbers, ordinals, list markers, labels such as
5G or 3.0, phone numbers, percentage-point changes). Structure counts and procedural durations are kept:
telling them apart needs the clause, which the scope stage has.
"""
from __future__ import annotations

import functools
import re
from collections import namedtuple
from typing import NamedTuple

import regex

from ..knowledge import alternation
from .units import UNITS, UNITS_FILE


class NumberMention(NamedTuple):
    """One number as the text states it (a tuple: one is built for every number, and the cyclic garbage
    collector and attribute reads cost less on a tuple than on an object with a __dict__)."""
    start: int            # offsets of the whole mention (cue words + number + unit + modifiers)
    end: int
    digits_start: int     # where the number itself starts (mapped to a source line downstream)
    value: float          # as written, multiplier not applied; low end of a range
    value_high: float | None
    unit_raw: str         # as written incl. multiplier and 余/多: 万个, 亿元, 多家, %, 成, ''
    value_base: float     # multiplier applied (and 成 / 分之 turned into %)
    unit_base: str        # counter/currency without multiplier; '' when the text gives none (6.97亿)
    comparator: str       # '=' '>=' '<=' '~' 'range'
    is_percent: bool
    text: str


def _new_mention(start, end, digits_start, value, value_high, unit_raw, value_base, unit_base, comparator,
                 text) -> NumberMention:
    return tuple.__new__(NumberMention, (start, end, digits_start, value, value_high, unit_raw, value_base,
                                         unit_base, comparator, unit_base == "%", text))


MINUS_SIGNS = ("-", "−")
# The master pattern runs on the standard library's re, two to four times faster per position than the
# regex module. Its \s also takes the separators \x1c-\x1f, which regex's does not: this class keeps the
# old meaning.
_S = r"[^\S\x1c-\x1f]"


# a number does not start inside a word or code (IPv6, GPT-4, ICV-2035)
_NOT_INSIDE_A_WORD = r"(?<![A-Za-z0-9.\-_@/])"
# hyphens and dashes chaining digits into a code or phone number (3-3-4, 400-123-4567)
_DASHES = "-—–"


def _last_characters(words) -> str:
    return regex.escape("".join(sorted({w[-1] for w in words})))


def _joiner_reaches(joiners, spaces_spelt_out: int = 3) -> list[str]:
    """What stands before digits joined to a name: a joiner followed by up to `spaces_spelt_out` spaces,
    and more spaces than that (a guess, confirmed by _JOINED_BEFORE); each of fixed width for re."""
    exact = [f"{regex.escape(j)}{_S * n}" for j in joiners for n in range(spaces_spelt_out + 1)]
    return [*exact, _S * (spaces_spelt_out + 1)]


def _read_once(number: str, *followers: str) -> str:
    """The number as an atomic group when nothing that may follow it could also continue it.

    Any shorter reading of a number stands before a digit, ',' or '.', or spaces and a digit (1 000):
    when no follower starts with one of those, re's backtracking into the number can never succeed, and
    atomic spares it that work at every candidate that is no such skip."""
    if any(w[:1].isdigit() or w[:1] in (",", ".") or w[:1].isspace() for w in followers):
        return number
    return f"(?>{number})"


def _read_at_once(number: str, *followers: str) -> str:
    """_read_once's atomic group, required: an error names the data that would make it unsafe."""
    reading = _read_once(number, *followers)
    if reading == number:
        raise ValueError(f"{UNITS_FILE}: a range separator, label suffix or joiner starts with a digit, ',', "
                         "'.' or a space, which the skip pattern's single reading of a number cannot allow")
    return reading


def _build_pattern(with_joined: bool = True) -> str:
    """The master pattern for re. re's look-behinds are of fixed width, so the two that reach back over
    spaces (a joiner before a number, a cue before a bare multiplier) only check the character before
    here; find_numbers confirms them with the full look-behinds (_JOINED_BEFORE, _CUE_BEFORE)."""
    u = UNITS
    # 55,170; 1 000 only when a group after a space starts with 0 — "1 234" may be a stray page number
    # and 234, but "000" stands alone as no number
    arabic = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: 0\d\d)+(?!\d)|\d+)(?:\.\d+)?"
    number = f"(?:{arabic}|{u.chinese_number_re})"
    # (the high end of a range may start inside a word)
    leading_arabic = f"{_NOT_INSIDE_A_WORD}{arabic}"
    # a measured value may be negative (同比 -0.9%); the sign is not a hyphen of GPT-4 or 8月-9月
    signed_arabic = f"{_NOT_INSIDE_A_WORD}(?:{alternation(MINUS_SIGNS)}(?=\\d))?{arabic}"
    sep = f"(?:{alternation(u.range_separators)})"
    approx = alternation(u.approximators)

    opens = regex.escape("".join(q[0] for q in u.label_quotes))
    closes = regex.escape("".join(q[1] for q in u.label_quotes))
    joiners = alternation(u.label_joiners)
    rate = regex.escape(u.rate_separator)
    # Things that contain digits but are never quantities; matched first so their digits are consumed.
    skip = "|".join([
        # (digits inside URLs and after letters are already excluded by leading_arabic's look-behind)
        # e-mail with a numeric name, starting only where the name starts (linear on long runs)
        # (possessive: @ is not in the set, so giving characters back never helps)
        r"(?<![A-Za-z0-9._%+\-])\d[A-Za-z0-9._%+\-]*+@[A-Za-z0-9.\-]+",
        r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)",                              # landline with area code
        r"(?<!\d)1[3-9]\d{9}(?!\d)",                                   # mobile
        rf"(?<![\d.])\d++(?:{_S}*[{regex.escape(_DASHES)}]{_S}*\d++){{2,}}(?![\d.])",    # 3-3-4, 400-123-4567
        r"(?<!\d)(?:19|20)\d{2}(?:[-/](?:0?[1-9]|1[0-2])(?!\d)(?:[-/]\d{1,2}(?!\d))?"
        r"|\.(?:0[1-9]|1[0-2])(?!\d)(?:\.\d{1,2}(?!\d))?)",             # 2023-07, 2023/7/28, 2023.07
        r"(?<!\d)\d{1,2}:\d{2}(?!\d)",                                 # 14:30
        # the number read once for what may follow it (atomic: the list marker needs it so, 1.5 is not
        # 1 + "."; the others may have it so, see _read_once)
        rf"{_read_at_once(leading_arabic, *u.range_separators, *u.label_suffixes, *u.label_joiners)}(?:"
        # 2023 年, 1—5 月份, 7月28日, 141号, 30期, 2023版: dates, document numbers, labels
        rf"(?:{_S}*{sep}{_S}*{_read_once(arabic, *u.label_suffixes)})?{_S}*(?:{alternation(u.label_suffixes)})"
        # 1、 2. (3): list markers
        rf"|(?:{alternation(u.list_marker_suffixes)})"
        # “20+8”, “1+11+N”: numbers joined as names (here before the quoted alternative below, with which
        # it never competes: a closing quote is no space or joiner)
        rf"|(?={_S}*(?:{joiners})))",
        # “385”行动计划: numbers used as names
        rf"(?<=[{opens}]){_read_once(leading_arabic, *(q[1] for q in u.label_quotes))}(?=[{closes}])",
        # (after more spaces than re's fixed-width look-behinds spell out, _JOINED_BEFORE confirms the
        # joiner, else the pattern without this alternative decides)
        (rf"(?:{'|'.join(f'(?<={reach})' for reach in _joiner_reaches(u.label_joiners))})(?P<joined>\d+)"
         if with_joined else "(?P<joined>(?!))"),
        alternation(u.named_expressions),
        # 5G, 415X, 10G-PON: digits glued to letters that are not a unit
        rf"{_read_once(leading_arabic, 'A')}(?=[A-Za-z])(?!{u.ascii_unit_re})",
    ])

    # what may follow a number: the number is read once, then these are tried in turn
    tails = "|".join([
        # 四分之三 (n1 is the denominator)
        rf"{u.chinese_fraction_infix}(?P<numr>{u.chinese_number_re})",
        # 1/3; with a unit or more slashes it is no share (7/24 小时, 1/2/3), consumed and dropped
        rf"{u.fraction_separator}(?P<aden>\d+)"
        rf"(?P<not_share>(?:{u.fraction_separator}\d+)+|\.\d+|{_S}*(?:{u.unit_re}))?",
        # 九成
        rf"{_S}*(?P<tenth>{u.tenths_re})",
        # a plain number or range, with 余/多, multiplier and unit (any of them may be absent)
        # (a range's low end may repeat the % or multiplier of its high end: 10%-15%, 3万-5万家)
        # (or its unit, when the high end repeats it: 500元-1000元, 0.9元/度-1元/度, 3万个-5万个)
        rf"(?:(?:{_S}*(?P<pct1>%)|{_S}*(?P<mult1>{u.multiplier_re}))?"
        rf"(?:{_S}*(?P<unit1>{u.unit_re}(?:{rate}(?:{u.multiplier_re})?(?:{u.unit_re}))?)"
        rf"(?={_S}*{sep}{_S}*{arabic}{_S}*(?:{u.multiplier_re})?{_S}*(?P=unit1)))?"
        rf"{_S}*(?P<sep>{sep}){_S}*(?P<n2>{number}))?"
        rf"(?:{_S}*(?P<ap1>{approx}))?"
        rf"(?:{_S}*(?P<mult>{u.multiplier_re}))?"
        rf"(?:{_S}*(?P<ap2>{approx}))?"
        rf"(?:{_S}*(?P<unit>{u.unit_re})(?P<per>{rate}(?:{u.multiplier_re})?(?:{u.unit_re}))?)?",
    ])
    # a Chinese numeral only counts with something quantity-like after it (十四五, 一是 are words)
    chinese_quantity = (rf"{u.chinese_number_re}(?={_S}*(?:{sep}|{approx}|{u.multiplier_re}|{u.unit_re}"
                        rf"|{u.tenths_re}|{u.chinese_fraction_infix}))")
    body = "|".join([
        rf"(?P<pct_cn>{regex.escape(u.chinese_percent_prefix)}(?P<pct_num>{u.chinese_number_re}))",
        rf"(?P<n1>{signed_arabic}|{chinese_quantity})(?:{tails})",
        # 突破万亿美元: a multiplier alone stands for 1 of it, only right after a cue word
        # (the cue before it is confirmed by _CUE_BEFORE)
        rf"(?<=[{_last_characters(u.pre_cues)}]|{_S})(?P<bare>{alternation(u.bare_multipliers)}){_S}*(?P<bare_unit>{u.unit_re})",
    ])
    # Cue words before the number are found afterwards (PRE_CUE): starting matches at them would make
    # every 大/力/高 in the text a candidate position.
    mention = rf"(?:{body})(?:{_S}*(?P<post>{u.post_cue_re}))?"
    return rf"(?:(?P<plain>{_plain_number()})|(?P<counted>{_counted_number()})|(?P<skip>{skip})|{mention})"


def _first_characters(*word_lists) -> set[str]:
    return {word[0] for words in word_lists for word in words}


def _short_digits() -> str:
    """Where the shortcut alternatives start: up to six digits (a longer run may be a phone number or a
    code, which the skip alternatives decide) where a number may start and no joiner stands before."""
    not_joined = "".join(f"(?<!{reach})" for reach in _joiner_reaches(UNITS.label_joiners))
    return rf"{_NOT_INSIDE_A_WORD}{not_joined}\d{{1,6}}(?!\d)"


def _non_ascii_except(characters: set[str]) -> str:
    """A character that is no ASCII (every ASCII character may continue a number somewhere: ',', '.',
    '/', '-', '%', letters of units and codes…), no digit and none of `characters`."""
    return rf"(?![\d{regex.escape(''.join(sorted(c for c in characters if not c.isascii())))}])[^\x00-\x7f]"


def _continuations() -> set[str]:
    """First characters of what may stand after a number (or after it and spaces) and make the pattern
    read on, besides units and multipliers: the shortcut alternatives refuse these."""
    u = UNITS
    return _first_characters(u.post_cues, u.label_suffixes, u.list_marker_suffixes, u.label_joiners,
                             u.range_separators, u.approximators, [u.rate_separator, _DASHES],
                             [quotes[1] for quotes in u.label_quotes], u.share_suffixes)


def _plain_number() -> str:
    """The commonest shape, a table cell's bare number (123, 4 567 in a row of figures): digits matched
    where nothing after them could make the rest of the pattern read more. It is tried first but never
    changes what the pattern finds: it refuses whenever the next character that is no space could start
    anything that may follow a number; there the other alternatives decide as before. find_numbers then
    reads the digits without the thirty groups of the general alternative."""
    followers = _continuations() | set(UNITS.quantity_followers)
    # (a digit 1-9 can follow only after spaces, where no reading continues with it: 1 000 needs a 0)
    return rf"{_short_digits()}(?={_S}*+(?:[1-9]|{_non_ascii_except(followers)}|\Z))"


def _counted_number() -> str:
    """The next commonest, a count or amount (10万个, 300 家; digits only, so not 196.8万个): digits, a
    multiplier perhaps, and a unit, where nothing could make the rest of the pattern read otherwise: the character
    after the digits (and spaces) is no separator, suffix, cue, 余/多, 成 or 分之, and none follows the
    multiplier or the unit. Multiplier and unit are read atomically, as the general alternative reads
    them first, so that where its reading would need backtracking this one refuses."""
    u = UNITS
    after_multiplier = regex.escape("".join(sorted(_first_characters(u.range_separators, u.approximators))))
    # (a range separator after the unit may open the high end of a range that repeats it: 500元-1000元)
    after_unit = regex.escape("".join(sorted(_first_characters(u.post_cues, u.range_separators))))
    return (rf"(?P<count_digits>{_short_digits()})(?={_S}*+{_non_ascii_except(_continuations())})"
            rf"(?>(?:{_S}*(?P<count_multiplier>{u.multiplier_re}))?)(?!{_S}*+[{after_multiplier}])"
            rf"(?>{_S}*(?P<count_unit>{u.unit_re}))(?!{regex.escape(u.rate_separator)})(?!{_S}*+[{after_unit}])")


def _date_suffixes() -> str:
    """The label suffixes of one character that start nothing else a number may go on with (年, 月):
    digits before one (spaces between allowed) are a date, which the pattern reads as a skip or not at
    all (tests/extraction/test_numbers_shortcuts.py), so the gate passes them by."""
    u = UNITS
    others = _first_characters(u.post_cues, u.list_marker_suffixes, u.label_joiners, u.range_separators,
                               u.approximators, [u.rate_separator, _DASHES], [q[1] for q in u.label_quotes],
                               u.share_suffixes, [s for s in u.label_suffixes if len(s) > 1])
    return "".join(s for s in u.label_suffixes if len(s) == 1 and s not in others | set(u.quantity_followers))


def _build_gate(pass_dates: bool = True) -> str:
    """Where a match may start: one character, consumed so that re scans for the set of first characters
    in C, then confirmed by look-behinds and a look-ahead (only positions it finds are tried at all).
    Every alternative starting with a digit refuses a digit before it, so only the first digit of a run
    is tried, and none before a date suffix (`pass_dates`: 2023年, 6 月 are a third of the digit runs of
    a text). Most Chinese numeral characters are parts of words (一体化, 统一), so those must also be
    followed by the first character of a unit, multiplier, separator, 余/多, 成 or 分之."""
    u = UNITS
    no_date = f"(?![0-9]*{_S}*[{regex.escape(_date_suffixes())}])" if pass_dates else ""
    starters = regex.escape("".join(sorted(set(MINUS_SIGNS) | {u.chinese_percent_prefix[0]}
                                           | {m[0] for m in u.bare_multipliers})))
    digits, numeral_chars = regex.escape(u.chinese_digits), regex.escape(u.chinese_numeral_chars)
    first = regex.escape("".join(sorted(set("0123456789" + u.chinese_digits) | set(MINUS_SIGNS)
                                        | {u.chinese_percent_prefix[0]} | {m[0] for m in u.bare_multipliers})))
    return (f"[{first}](?:(?<=[0-9])(?<![0-9][0-9]){no_date}|(?<=[{starters}])"
            f"|(?<=[{digits}])(?<![{numeral_chars}][{digits}])(?=[{numeral_chars}]*{_S}*[{regex.escape(u.quantity_followers)}]))")


GATE = re.compile(_build_gate())
PATTERN = re.compile(_build_pattern())
_PLAIN, _COUNTED, _SKIP = (PATTERN.groupindex[name] for name in ("plain", "counted", "skip"))
_COUNT = tuple(PATTERN.groupindex[name] for name in ("count_digits", "count_multiplier", "count_unit"))
# what decides at a position where digits follow a joiner only by the look-behind's guess
_WITHOUT_JOINED = re.compile(_build_pattern(with_joined=False))
_JOINED = PATTERN.groupindex["joined"]
_JOINED_BEFORE = regex.compile(rf"(?<=(?:{alternation(UNITS.label_joiners)})\s*)")
_CUE_BEFORE = regex.compile(rf"(?<=(?:{UNITS.pre_cue_re})\s*)")
# The pattern's (all named) groups as attributes, read with one call per match: m["unit"] looks the
# name up on every access, several times slower, and a match is read a dozen times. (Built with
# tuple.__new__, which spares the Python-level _make.)
_Groups = namedtuple("_Groups", sorted(PATTERN.groupindex, key=PATTERN.groupindex.get))
PRE_CUE = regex.compile(rf"(?:{UNITS.pre_cue_re})\s*$")
PRE_CUE_REACH = max(map(len, UNITS.pre_cues)) + 3     # characters looked back for a cue (+ spaces)
# A cue ends right before the number or before spaces: any other character there rules one out, which
# spares most numbers the search.
_PRE_CUE_ENDS = frozenset(cue[-1] for cue in UNITS.pre_cues)


# a clause cue with no clause delimiter between it and the end of the searched window (the number)
_CLAUSE_CUE = regex.compile(
    rf"(?:{alternation(UNITS.clause_cues)})(?=[^{regex.escape(UNITS.clause_delimiters)}]*$)")
# the first characters of the clause cues: searched for first, as they are rarely in the window at all
_CLAUSE_CUE_STARTS = re.compile(f"[{regex.escape(''.join({cue[0] for cue in UNITS.clause_cues}))}]")


@functools.lru_cache(maxsize=4096)
def numeral_value(number: str) -> float:
    """Arabic (55,170 / 196.8) or Chinese (三 / 一百 / 零点五) numeral → float."""
    if _is_arabic(number):
        return float(number.replace(",", "").replace(" ", "").replace("−", "-"))
    import cn2an       # here, not at the top: it takes a quarter of the command line's start-up
    try:
        return float(cn2an.cn2an(number, "normal"))
    except (ValueError, KeyError) as error:    # cn2an raises either on malformed runs (十十四)
        raise ValueError(f"not a Chinese numeral: {number}") from error


def base_value(value: float, factor: float) -> float:
    """`value` with its multiplier applied (196.8 × 10^4), exact to 12 significant digits."""
    if factor == 1.0 and value.is_integer() and abs(value) < 1e12:
        return value                   # already exact in 12 digits: spares formatting most numbers
    # keep 12 significant digits so 196.8 × 10^4 is 1968000.0, not 1968000.0000000002
    return float(f"{value * factor:.12g}")


def _is_arabic(number: str) -> bool:
    return number[-1].isdigit()          # Chinese numerals end in a numeral character, signed ones start with -


PREFIX_REACH = 6        # characters looked back for a caption or ordinal prefix (+ spaces)
_LOOK_BACK = max(PREFIX_REACH, PRE_CUE_REACH)


def _visible_before(text: str, position: int) -> str:
    """The nearest character before `position` that is no space, within reach of every word looked for
    before a number ('' if none): a word ends there or nowhere, which decides most numbers at once."""
    before = text[position - _LOOK_BACK if position > _LOOK_BACK else 0:position].rstrip()
    return before[-1] if before else ""


class _Prefixes:
    """Words that make a number something else when they stand right before it (spaces between allowed)."""

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self.last_characters = frozenset(w[-1] for w in words)

    def stand_before(self, text: str, digits_start: int, visible_before: str) -> bool:
        return (visible_before in self.last_characters
                and text[max(0, digits_start - PREFIX_REACH):digits_start].rstrip().endswith(self.words))


_CAPTION_PREFIXES = _Prefixes(UNITS.caption_prefixes)
_ORDINAL_PREFIXES = _Prefixes(UNITS.ordinal_prefixes)
# the last characters of every word looked for before a number: any other character right before it
# (spaces skipped) rules all of them out at once
_WORD_ENDS = _CAPTION_PREFIXES.last_characters | _ORDINAL_PREFIXES.last_characters | _PRE_CUE_ENDS


def _pre_cue(text: str, digits_start: int, visible_before: str) -> regex.Match | None:
    """The cue word right before the number (spaces between allowed), if any."""
    if visible_before not in _PRE_CUE_ENDS:
        return None
    return PRE_CUE.search(text, max(0, digits_start - PRE_CUE_REACH), digits_start)


def _is_unitless_noise(number: str) -> bool:
    """A bare Arabic number that is a code, a version label or a year standing alone."""
    if number.startswith(MINUS_SIGNS):
        return True                                            # a dash before a page number, not a sign
    if "." in number:
        return number.endswith(".0")                           # 数字政府 2.0, Web 3.0
    return _are_noise_digits(number.replace(",", "").replace(" ", ""))


def _are_noise_digits(digits: str) -> bool:
    length = len(digits)
    return (length >= 7                                         # codes, phone fragments
            or (length == 4 and digits[:2] in ("19", "20"))       # a year without 年
            or (digits[0] == "0" and length > 1))                 # 01 list numbering


_CLAUSE_CUE_WINDOW = UNITS.clause_cue_window


class _ClauseCues:
    """The comparator a cue earlier in the clause gives a number (约占全球的四分之三), for numbers asked
    about in order of position. Where the next first character of a clause cue stands is remembered, so
    a number with none in its window costs a comparison instead of a search: each stretch of text is
    searched once (linear however many numbers it holds)."""

    def __init__(self, text: str):
        self.text = text
        self.next_start = -1        # the first cue character at or after every window start seen so far

    def comparator(self, digits_start: int) -> str:
        text = self.text
        window_start = digits_start - _CLAUSE_CUE_WINDOW if digits_start > _CLAUSE_CUE_WINDOW else 0
        if self.next_start < window_start:
            found = _CLAUSE_CUE_STARTS.search(text, window_start)
            self.next_start = found.start() if found else len(text)
        if self.next_start >= digits_start:
            return "="
        cue = _CLAUSE_CUE.search(text, window_start, digits_start)
        return UNITS.clause_cues[cue.group()] if cue else "="


def _general_quantity(g: _Groups, start: int, text: str, visible_before: str):
    """(value, value_high, unit_raw, unit group, value_base) of a plain number/range, None if out of scope."""
    number = g.n1
    unit_group = g.unit or g.pct1
    multiplier = g.mult or g.mult1
    is_range = g.n2 is not None
    if _is_arabic(number):
        if not (unit_group or multiplier or g.ap1 or g.ap2) and _is_unitless_noise(g.n2 or number):
            return None
        if not (unit_group or multiplier) and _CAPTION_PREFIXES.stand_before(text, start, visible_before):
            return None                                        # 图 2, 关键词 3
    elif not unit_group:
        return None                                            # 一至五 (levels), “百十万千” (a slogan)
    elif number in UNITS.vague_chinese and not multiplier and not is_range:
        return None                                            # 一批, 一个中心, 零部件
    value = numeral_value(number)
    value_high = numeral_value(g.n2) if is_range else None
    # unit_raw is what stands after the (last) number, spaces dropped: 万余家, 余万元, 亿 元 → 亿元
    unit_raw = "".join(filter(None, (g.ap1, g.mult, g.ap2, g.unit, g.per))) or g.pct1 or g.mult1 or ""
    return value, value_high, unit_raw, unit_group, base_value(value, UNITS.factor_of(multiplier))


def _mention(g: _Groups, start: int, end: int, text: str, clause_cues: _ClauseCues) -> NumberMention | None:
    """Turn one match of the pattern's general alternatives into a mention, or None when it is out of
    scope (a match always starts where its digits do)."""
    unit_group = None
    value_high = None
    visible_before = _visible_before(text, start)
    if g.pct_cn:                                               # 百分之十
        value = numeral_value(g.pct_num)
        unit_raw, value_base, unit_base = "%", value, "%"
    elif g.numr or g.aden:                                     # 四分之三, 1/3
        numerator, denominator = (g.numr, g.n1) if g.numr else (g.n1, g.aden)
        numerator, denominator = numeral_value(numerator), numeral_value(denominator)
        if g.not_share or not 0 < numerator < denominator:     # 零分之…, 24/7: no share of a whole
            return None
        value = numerator / denominator
        unit_raw, value_base, unit_base = "", base_value(value, 100), "%"
    elif g.tenth:                                              # 九成
        if g.n1 in UNITS.vague_chinese:                        # 一成不变
            return None
        value = numeral_value(g.n1)
        unit_raw, value_base, unit_base = "成", base_value(value, 10), "%"
    elif g.bare:                                               # (突破)万亿美元
        value = 1.0
        unit_group = g.bare_unit
        unit_raw, value_base = g.bare + unit_group, UNITS.factor_of(g.bare)
        unit_base = UNITS.base_of(unit_group)
    else:
        quantity = _general_quantity(g, start, text, visible_before)
        if quantity is None:
            return None
        value, value_high, unit_raw, unit_group, value_base = quantity
        unit_base = UNITS.base_of(unit_group) + (g.per or "") if unit_group else ""
    if unit_group in UNITS.dropped_units:
        return None
    stated = ("range" if value_high is not None else UNITS.post_cues[g.post] if g.post
              else UNITS.approximators[g.ap1 or g.ap2] if g.ap1 or g.ap2 else None)
    return _placed(text, start, end, visible_before, value, value_high, unit_raw, value_base, unit_base,
                   stated, clause_cues)


def _plain_mention(text: str, start: int, end: int, clause_cues: _ClauseCues) -> NumberMention | None:
    """A match of the plain alternative (up to six digits, nothing after them): what _mention decides for
    a number with no unit, range or cue after it, in fewer steps."""
    digits = text[start:end]
    if _are_noise_digits(digits):
        return None
    visible_before = _visible_before(text, start)
    if visible_before in _WORD_ENDS and _CAPTION_PREFIXES.stand_before(text, start, visible_before):
        return None                                            # 图 2, 关键词 3
    # (a float of at most six digits is whole: _base would return it unchanged)
    value = numeral_value(digits)
    return _placed(text, start, end, visible_before, value, None, "", value, "", None, clause_cues)


def _counted_mention(text: str, start: int, end: int, digits: str, multiplier: str | None, unit: str,
                     clause_cues: _ClauseCues) -> NumberMention | None:
    """A match of the counted alternative (digits, a multiplier perhaps, a unit): what _mention decides
    for a number with a unit and nothing else, in fewer steps."""
    if unit in UNITS.dropped_units:
        return None
    value = numeral_value(digits)
    return _placed(text, start, end, _visible_before(text, start), value, None, (multiplier or "") + unit,
                   base_value(value, UNITS.factor_of(multiplier)), UNITS.base_of(unit), None, clause_cues)


def _placed(text: str, digits_start: int, end: int, visible_before: str, value: float, value_high: float | None,
            unit_raw: str, value_base: float, unit_base: str, stated: str | None,
            clause_cues: _ClauseCues) -> NumberMention | None:
    """The mention with what stands before the number: None after an ordinal prefix (第 3), else with
    its cue word and comparator. `stated` is the comparator the match itself gives (a range, a cue
    after the number, 余/多): a range's wins over a cue before the number, the others do not; a cue
    earlier in the clause comes last."""
    start = digits_start
    comparator = stated
    if visible_before in _WORD_ENDS:
        if _ORDINAL_PREFIXES.stand_before(text, digits_start, visible_before):
            return None
        cue = _pre_cue(text, digits_start, visible_before)
        if cue:
            start = cue.start()
            if stated != "range":
                comparator = UNITS.pre_cues[cue.group().rstrip()]
    if comparator is None:
        comparator = clause_cues.comparator(digits_start)
    return _new_mention(start, end, digits_start, value, value_high, unit_raw, value_base, unit_base, comparator,
                        text[start:end])


def find_numbers(text: str) -> list[NumberMention]:
    """All quantity mentions in normalised text, in order of appearance."""
    mentions = []
    clause_cues = _ClauseCues(text)
    end = 0                                  # where the last match ended: the next starts there or later
    match = PATTERN.match
    for candidate in GATE.finditer(text):
        start = candidate.start()
        if start < end or (m := match(text, start)) is None:
            continue
        which = m.lastindex
        if which == _PLAIN or which == _COUNTED:
            end = m.end()
            mention = (_plain_mention(text, start, end, clause_cues) if which == _PLAIN
                       else _counted_mention(text, start, end, *m.group(*_COUNT), clause_cues))
            if mention is not None:
                mentions.append(mention)
            continue
        if which == _SKIP:
            if m.group(_JOINED) is None or _JOINED_BEFORE.match(text, start):
                end = m.end()
                continue
            m = _WITHOUT_JOINED.match(text, start)           # the joiner guessed before was none
            if m is None:
                continue
            if m.lastindex == _SKIP:
                end = m.end()
                continue
        g = tuple.__new__(_Groups, m.groups())
        if g.bare is not None and not _CUE_BEFORE.match(text, start):
            continue                         # no match here: the look-behind's guess of a cue was wrong
        end = m.end()
        try:
            mention = _mention(g, start, end, text, clause_cues)
        except ValueError:        # a run of numeral characters that is no numeral (十十四) is not a number
            continue
        if mention is not None:
            mentions.append(mention)
    return mentions
