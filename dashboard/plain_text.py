"""Text shown in Streamlit's Markdown elements (st.warning, st.error, st.info, st.caption) exactly as written.

Those elements render Markdown — links, images, `:red[...]` colour and `:material/…:` icon directives,
`$…$` LaTeX — so a value taken from a link, a file name or a document would otherwise become a clickable
link or an image the browser fetches. CommonMark lets a backslash escape every ASCII punctuation
character, which then shows as itself: escaping all of them leaves no Markdown construct to form.
"""
from __future__ import annotations

import re
import string

_ASCII_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")


def literal(text: object) -> str:
    """`text` escaped so Streamlit's Markdown shows it character for character."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", str(text))
