"""Punctuation that ends sentences and clauses, shared by every stage that cuts text at them."""
from __future__ import annotations

import re

# Follows a set of marks that holds ",": a comma between a digit and three more is a thousands separator
# (1,200家), not a clause mark. (One set and a look-behind, not an alternation with a comma branch: re
# then scans for the set's characters instead of trying both branches at every position.)
_NOT_THOUSANDS = r"(?<!\d,(?=\d{3}(?!\d)))"
FULL_STOPS = "。！？!?"
SEMICOLONS = "；;"          # end a sentence that the next one may go on from (…；到2030年，达到15%)
SENTENCE_END = re.compile(f"[{FULL_STOPS}{SEMICOLONS}]")
CLAUSE_END = re.compile(rf"[，：:。！？；;!?,]{_NOT_THOUSANDS}")
# Matched from a window's start: greedy, it runs to the window's end and backs off to the last clause mark
# or paragraph break in it, reading only the characters after that mark (group 1 is the mark).
LAST_CLAUSE_MARK = re.compile(rf".*([，。；;：:\n,]{_NOT_THOUSANDS})", re.DOTALL)
# The quotation marks around a name (“中国数据谷”, “吉事办”).
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
# What makes a broken line half of a sentence rather than a title or a table's row (27,000 is neither).
PHRASE_MARK = re.compile(rf"[、。;,]{_NOT_THOUSANDS}")
