"""The one-language check: text shown in the English UI holds no Chinese, text in the Chinese UI no English
words, beyond what names a source (quotes, document titles, file names: passed in as `allowed`), phrases
marked untranslated ([zh: …] / [en: …]) and the allowances of tests/cases/dashboard/language.yaml."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import regex
import yaml

RULES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "dashboard" / "language.yaml").read_text(encoding="utf-8"))
MARKED = regex.compile(r"\[(?:zh|en): [^\]]*\]")
CHINESE = regex.compile(r"[\p{Han}【】（）《》，。：；、“”]")
LATIN_WORD = regex.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")


def foreign_text(texts: Iterable[str], lang: str, allowed: Iterable[str] = ()) -> list[str]:
    """The texts (with their offending part) that are not in `lang`."""
    allowed = sorted({a for a in allowed if a} | set(RULES["language_switch"]) | set(RULES["icon_ligatures"]),
                     key=len, reverse=True)
    latin_ok = set(RULES["latin_in_zh"])
    bad = []
    for text in texts:
        if not isinstance(text, str) or not text:
            continue
        rest = MARKED.sub(" ", text)
        for phrase in allowed:
            rest = rest.replace(phrase, " ")
        if lang == "en":
            found = CHINESE.findall(rest)
        else:
            found = [word for word in LATIN_WORD.findall(rest) if word not in latin_ok]
        if found:
            bad.append(f"{text!r}: {''.join(found) if lang == 'en' else found}")
    return bad
