"""Chinese/English labels, kept as data in labels.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("zh", "en")
LABELS_PATH = Path(__file__).with_name("labels.yaml")


@lru_cache(maxsize=None)
def labels(path: Path = LABELS_PATH) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def untranslated(text: str, lang: str) -> str:
    """A phrase that has no translation into `lang`, shown as such: "[zh: 合计招揽了顶级学者]" in the English
    UI, "[en: …]" in the Chinese one, so a reader (and the language test) sees it is not translated."""
    source = "zh" if lang == "en" else "en"
    return f"[{source}: {text}]"


class Translator:
    """`t(key, name=...)` gives the label in the chosen language, placeholders filled. A view with
    strings of its own subclasses it with its own `labels_path`."""

    labels_path: Path = LABELS_PATH

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else LANGUAGES[0]

    def __call__(self, key: str, **values) -> str:
        text = labels(self.labels_path)[key][self.lang]
        return text.format(**values) if values else text

    def kind(self, kind: str) -> str:
        return self(f"kind_{kind}")

    def document_kind(self, kind: str) -> str:
        """newsletter / release / document in the language; a kind without a label as it is."""
        key = f"document_kind_{kind}"
        return self(key) if key in labels(self.labels_path) else kind
