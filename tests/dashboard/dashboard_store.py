"""The small fact store the dashboard tests run against, written through the store's own functions
from tests/cases/dashboard/store.yaml."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from parsing import store  # noqa: E402
from parsing.extraction import Article, DocumentInfo, Extraction  # noqa: E402
from parsing.fact import Fact  # noqa: E402
from parsing.store.catalogs import load_catalogs  # noqa: E402

SPEC_PATH = REPO / "tests" / "cases" / "dashboard" / "store.yaml"


def spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def sample_facts(data: dict | None = None) -> list[dict]:
    """Every fact of the spec (default: store.yaml) as a FACTS.md dict, defaults filled in."""
    data = data or spec()
    return [{**data["defaults"], "source": doc["file_name"], **fact}
            for doc in data["documents"] for fact in doc["facts"]]


def build_sample_db(path: Path, data: dict | None = None) -> Path:
    """A store holding the documents and facts of `data` (default: store.yaml), written through parsing.store."""
    data = data or spec()
    con = store.open_writable(path)
    try:
        load_catalogs(con)
        for doc in data["documents"]:
            facts = [Fact(**fact) for fact in sample_facts(data) if fact["source"] == doc["file_name"]]
            articles = sorted({fact.article for fact in facts})
            extraction = Extraction(
                document=DocumentInfo(source=doc["file_name"], title=doc["title"], date=doc["date"],
                                      date_origin="masthead", kind="newsletter"),
                articles=[Article(index=i, title=title, organisation=None, first_line=1, last_line=999)
                          for i, title in enumerate(articles)],
                facts=facts)
            body = json.dumps([fact.to_dict() for fact in facts], ensure_ascii=False).encode()
            stored = store.StoredFile(file_name=doc["file_name"], path=doc["file_name"],
                                      content_hash=hashlib.sha256(body).hexdigest(), n_bytes=len(body),
                                      format="text", encoding="utf-8")
            store.write_document(con, stored, extraction)
    finally:
        con.close()
    return path
