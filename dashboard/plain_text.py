"""Text shown in Streamlit's Markdown elements (st.warning, st.error, st.info, st.caption) exactly as written.

Those elements render Markdown — links, images, `:red[...]` colour and `:material/…:` icon directives,
`$…$` LaTeX — so a value taken from a link, a file name or a document would otherwise become a clickable
link or an image the browser fetches. CommonMark lets a backslash escape every ASCII punctuation
character, which then shows as itself: escaping all of them leaves no Markdown construct to form.

Escapes do not stop GitHub-style autolinks: Streamlit finds bare `http://…`, `www.…` and `name@host`
in the text after escapes are resolved. An invisible word joiner (U+2060) before `:` and `@` and
between `www` and `.` breaks those patterns without changing what the reader sees.
"""
from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"
_ASCII_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_AUTOLINK_TRIGGERS = re.compile(r"(?=[:@])|(?<=www)(?=\.)", re.IGNORECASE)


def literal(text: object) -> str:
    """`text` escaped so Streamlit's Markdown shows it character for character, with no link in it."""
    unlinked = _AUTOLINK_TRIGGERS.sub(WORD_JOINER, str(text))
    return _ASCII_PUNCTUATION.sub(r"\\\1", unlinked)
