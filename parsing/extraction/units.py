"""Units knowledge for the numbers stage: data/units.yaml turned into regex fragments and lookups.

Everything here is computed once at import; parsing/extraction/numbers.py only combines the fragments.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..knowledge import alternation, load_yaml

UNITS_FILE = "units.yaml"


def _is_ascii_word(unit: str) -> bool:
    return unit.isascii() and unit[:1].isalpha()


@dataclass(frozen=True)
class UnitTable:
    multipliers: dict[str, float]
    unit_base: dict[str, str]
    dropped_units: frozenset[str]
    approximators: dict[str, str]
    pre_cues: dict[str, str]
    pre_cue_re: str
    post_cues: dict[str, str]
    post_cue_re: str
    clause_cues: dict[str, str]
    clause_cue_window: int
    clause_delimiters: str
    rate_separator: str
    range_separators: tuple[str, ...]
    vague_chinese: frozenset[str]
    ordinal_prefixes: tuple[str, ...]
    label_suffixes: tuple[str, ...]
    list_marker_suffixes: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    label_quotes: tuple[str, ...]
    label_joiners: tuple[str, ...]
    named_expressions: tuple[str, ...]
    # regex fragments (no capturing groups)
    unit_re: str
    ascii_unit_re: str
    multiplier_re: str
    bare_multipliers: tuple[str, ...]
    chinese_digits: str
    chinese_numeral_chars: str     # every character a Chinese numeral may contain (incl. the decimal point)
    quantity_followers: str        # first characters of whatever can follow a number and make it a quantity
    chinese_number_re: str
    chinese_percent_prefix: str
    chinese_fraction_infix: str
    fraction_separator: str
    tenths_re: str
    share_suffixes: tuple[str, ...]   # 成 and 分之 as written: after a number they make it a share

    def base_of(self, unit_raw: str) -> str:
        return self.unit_base.get(unit_raw, "")

    def factor_of(self, multiplier: str | None) -> float:
        return self.multipliers[multiplier] if multiplier else 1.0


def _unit_guard(unit: str, blockers: list[str]) -> str:
    """What must not follow a unit: ASCII units end at a word boundary (5 GB, not 5 GBps); a Chinese unit
    must not be the first character of a longer word listed as its blocker (100 人工智能企业)."""
    guard = r"(?![A-Za-z])" if _is_ascii_word(unit) else ""
    if blockers:
        guard += f"(?!{alternation(blockers)})"
    return guard


def _trie(words: list[str], guard) -> str:
    """The words as one regex of shared prefixes (台|台套 → 台(?:套|)), each word followed by
    guard(word). At each prefix the longer words are tried before the word ending there, so the longest
    word whose guard holds wins, as in a longest-first alternation; but re follows the text's next
    character into one branch instead of trying ~150 units in turn."""
    root: dict = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = guard(word)

    def pattern(node: dict) -> str:
        branches = [regex.escape(c) + pattern(child) for c, child in node.items() if c]
        if "" in node:
            branches.append(node[""])
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return pattern(root)


def _first_character_gate(words) -> str:
    """A look-ahead for the first characters of the words: one set test rejects most positions, where re
    would otherwise try every alternative in turn."""
    return f"(?=[{regex.escape(''.join(sorted({w[0] for w in words})))}])"


def _ascii_unit_re(units) -> str:
    ascii_units = [u for u in units if _is_ascii_word(u)]
    return _first_character_gate(ascii_units) + _trie(ascii_units, lambda unit: _unit_guard(unit, []))


def _cue_alternation(cues, false_friends, cue_precedes_number: bool) -> str:
    """Cue words longest first, each refusing to be part of a false friend: a cue before the number must
    not end one (近 of 最近), a cue after it must not begin one (上下 of 上下游)."""
    pieces = []
    for cue in sorted(cues, key=len, reverse=True):
        if cue_precedes_number:
            rests = [w[: -len(cue)] for w in false_friends if w.endswith(cue) and len(w) > len(cue)]
            pieces.append((f"(?<!{alternation(rests)})" if rests else "") + regex.escape(cue))
        else:
            rests = [w[len(cue):] for w in false_friends if w.startswith(cue) and len(w) > len(cue)]
            pieces.append(regex.escape(cue) + (f"(?!{alternation(rests)})" if rests else ""))
    return "|".join(pieces)


def _build(data: dict) -> UnitTable:
    units: dict[str, str] = {str(k): str(v) for k, v in data["units"].items()}
    dropped = list(data["dropped_units"])
    blockers = data.get("unit_blockers", {})
    # Dropped units join the alternation so they win over their prefix (个百分点 over 个), then get discarded.
    all_units = sorted(set(units) | set(dropped), key=len, reverse=True)
    unit_re = _first_character_gate(all_units) + _trie(all_units, lambda unit: _unit_guard(unit, blockers.get(unit, [])))

    multipliers = {str(k): float(v) for k, v in data["multipliers"].items()}
    # A multiplier character that starts a unit (千 of 千米, 千瓦) belongs to the unit.
    units_led_by_multiplier = [u for u in all_units if any(u.startswith(m) for m in multipliers)]
    multiplier_re = f"{_first_character_gate(multipliers)}(?:{alternation(multipliers)})"
    if units_led_by_multiplier:
        multiplier_re = f"(?!{alternation(units_led_by_multiplier)}){multiplier_re}"

    digits = regex.escape(data["chinese_digits"])
    continuations = regex.escape(data["chinese_continuations"])
    point = regex.escape(data["chinese_decimal_point"])
    # atomic: 一千载难逢 must not fall back to 一 + multiplier 千; never starting inside a run of numeral
    # characters (四五 of 十四五), which also keeps long runs linear
    chinese_number_re = f"(?<![{continuations}])(?>[{digits}][{continuations}]*(?:{point}[{digits}]+)?)"

    tenths_re = regex.escape(data["tenths_suffix"]) + f"(?!{alternation(data['tenths_blockers'])})"

    skip = data["skip"]
    return UnitTable(
        multipliers=multipliers,
        unit_base=units,
        dropped_units=frozenset(dropped),
        approximators=dict(data["approximators"]),
        pre_cues=dict(data["pre_cues"]),
        pre_cue_re=_cue_alternation(data["pre_cues"], data["pre_cue_false_friends"], cue_precedes_number=True),
        post_cues=dict(data["post_cues"]),
        post_cue_re=(_first_character_gate(data["post_cues"]) + "(?:"
                     + _cue_alternation(data["post_cues"], data["post_cue_false_friends"], cue_precedes_number=False)
                     + ")"),
        clause_cues=dict(data["clause_cues"]),
        clause_cue_window=int(data["clause_cue_window"]),
        clause_delimiters=data["clause_delimiters"],
        rate_separator=data["rate_separator"],
        range_separators=tuple(data["range_separators"]),
        vague_chinese=frozenset(data["vague_chinese_numerals"]),
        ordinal_prefixes=tuple(skip["ordinal_prefixes"]),
        label_suffixes=tuple(skip["label_suffixes"]),
        list_marker_suffixes=tuple(skip["list_marker_suffixes"]),
        caption_prefixes=tuple(skip["caption_prefixes"]),
        label_quotes=tuple(skip["label_quotes"]),
        label_joiners=tuple(skip["label_joiners"]),
        named_expressions=tuple(skip["named_expressions"]),
        unit_re=unit_re,
        ascii_unit_re=_ascii_unit_re(all_units),
        multiplier_re=multiplier_re,
        bare_multipliers=tuple(data["bare_multipliers"]),
        chinese_digits=data["chinese_digits"],
        chinese_numeral_chars=data["chinese_continuations"] + data["chinese_decimal_point"],
        quantity_followers="".join(sorted({w[0] for w in [*all_units, *multipliers, *data["range_separators"],
                                                         *data["approximators"], data["tenths_suffix"],
                                                         data["chinese_fraction_infix"]]})),
        chinese_number_re=chinese_number_re,
        chinese_percent_prefix=data["chinese_percent_prefix"],
        chinese_fraction_infix=regex.escape(data["chinese_fraction_infix"]),
        fraction_separator=regex.escape(data["fraction_separator"]),
        tenths_re=tenths_re,
        share_suffixes=(data["tenths_suffix"], data["chinese_fraction_infix"]),
    )


UNITS = _build(load_yaml(UNITS_FILE))
