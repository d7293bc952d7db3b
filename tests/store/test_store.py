"""The fact store and its ingest, against real DuckDB files.

Tests that use `real_corpus_db` or `one_process_ingest` run the real extraction engine on the bundled corpus. The others stand in
for it with `sample_extract`, which returns the hand-checked facts (tests/fixtures/ingest/sample_facts.jsonl)
whose quote occurs in the text, at the line where it occurs: a changed text really changes the facts, and
the store's behaviour is tested independently of extraction quality.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from parsing import extraction, store
from parsing.cli import ingest as ingest_cli
from parsing.extraction import Article, DocumentInfo, Extraction
from parsing.fact import FACT_FIELDS, Fact
from parsing.store import write
from parsing.store import ingest as store_ingest
from parsing.store.ingest import StoreBusy, build_database

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
CATALOG = FIXTURES / "catalog"
with (FIXTURES / "sample_facts.jsonl").open(encoding="utf-8") as handle:
    SAMPLE_FACTS = [json.loads(line) for line in handle]


def sample_extract(text: str, source: str, date=None) -> Extraction:
    """Stand-in extractor: every sample fact whose quote is on a line of `text`, once per such line."""
    lines = text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), source)
    facts = [Fact(**{**{k: sample[k] for k in FACT_FIELDS}, "source": source, "line": number, "article": title})
             for sample in SAMPLE_FACTS
             for number, line in enumerate(lines, start=1) if sample["quote"] in line]
    return Extraction(document=DocumentInfo(source=source, title=title, date=None, date_origin="none",
                                            kind="newsletter"),
                      articles=[Article(index=0, title=title, organisation=None, first_line=1,
                                        last_line=len(lines))],
                      facts=facts)


@pytest.fixture(autouse=True)
def fake_extractor(request, monkeypatch):
    if not {"real_corpus_db", "one_process_ingest"} & set(request.fixturenames):
        monkeypatch.setattr(extraction, "extract_text", sample_extract)


def ingest(paths, db, **kwargs):
    return build_database([Path(p) for p in paths], db, catalog_dir=CATALOG, **kwargs)


def snapshot(db: Path) -> dict[str, list]:
    """Every row of every data table, for before/after comparisons."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY 1").fetchall()
                if table == "documents" else con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("documents", "articles", "facts", "regions", "indicators", "themes")}


@pytest.fixture
def corpus_db(tmp_path) -> Path:
    db = tmp_path / "tracker.duckdb"
    report = ingest([CORPUS], db)
    assert report.ok, report.failed
    return db


@pytest.fixture(scope="module")
def real_corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("real") / "tracker.duckdb"
    report = build_database([CORPUS], db, catalog_dir=CATALOG)
    assert report.ok, report.failed
    return db


def test_real_extractor_builds_the_bundled_corpus(real_corpus_db):
    with duckdb.connect(str(real_corpus_db), read_only=True) as con:
        documents = {row[0]: row[1:] for row in con.execute(
            "SELECT file_name, date, kind, document_id FROM documents").fetchall()}
        for path in sorted(CORPUS.glob("*.txt")):
            extracted = extraction.extract_text(path.read_text(encoding="utf-8"), source=path.name)
            date, kind, document_id = documents[path.name]
            assert (date, kind) == (extracted.document.date, extracted.document.kind)
            stored = con.execute("""SELECT line, quote, value_base, article_id IS NOT NULL FROM facts
                                    WHERE document_id = ? ORDER BY fact_id""", [document_id]).fetchall()
            assert stored == [(f.line, f.quote, f.value_base, f.article is not None) for f in extracted.facts]
            n_articles = con.execute("SELECT count(*) FROM articles WHERE document_id = ?",
                                     [document_id]).fetchone()[0]
            assert n_articles == len(extracted.articles)


def test_real_corpus_reingest_keeps_rows_and_ids(real_corpus_db):
    before = snapshot(real_corpus_db)
    report = build_database([CORPUS], real_corpus_db, catalog_dir=CATALOG)
    assert {o.status for o in report.outcomes} == {"unchanged"}
    assert snapshot(real_corpus_db) == before


@pytest.fixture(scope="module")
def one_process_ingest(tmp_path_factory) -> tuple[Path, list, dict]:
    """The corpus with a binary file among its documents, ingested by one worker, one document per
    transaction: the folder, the outcomes and the stored rows."""
    folder = tmp_path_factory.mktemp("parallel")
    inputs = folder / "in"
    shutil.copytree(CORPUS, inputs)
    shutil.copy(FIXTURES / "mixed" / "binary.txt", inputs / "002_binary.txt")  # fails between documents
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_ingest, "WRITE_BATCH_DOCUMENTS", 1)
        report = ingest([inputs], folder / "one.duckdb", jobs=1)
    return inputs, report.outcomes, snapshot(folder / "one.duckdb")


@pytest.mark.parametrize("batch", [2, store_ingest.WRITE_BATCH_DOCUMENTS])
def test_parallel_ingest_stores_exactly_the_facts_and_ids_of_one_process(one_process_ingest, tmp_path,
                                                                         monkeypatch, batch):
    inputs, one_outcomes, one_rows = one_process_ingest
    monkeypatch.setattr(store_ingest, "WRITE_BATCH_DOCUMENTS", batch)
    report = ingest([inputs], tmp_path / "parallel.duckdb", jobs=2)
    assert report.outcomes == one_outcomes
    assert [(o.path.name, o.status) for o in report.failed] == [("002_binary.txt", "failed")]
    assert report.failed[0].reason == "binary file, not text"
    assert len(report.changed) == 5 and sum(o.n_facts for o in report.changed) > 0
    assert snapshot(tmp_path / "parallel.duckdb") == one_rows


def test_build_from_bundled_corpus(corpus_db):
    corpus_files = sorted(p.name for p in CORPUS.glob("*.txt"))
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        stored = [row[0] for row in con.execute("SELECT file_name FROM documents ORDER BY 1").fetchall()]
        per_source = dict(con.execute("SELECT source, count(*) FROM facts GROUP BY source").fetchall())
        hashes = con.execute("SELECT count(DISTINCT content_hash) FROM documents").fetchone()[0]
    assert stored == corpus_files
    assert hashes == len(corpus_files)
    expected = {name: len(sample_extract((CORPUS / name).read_text(encoding="utf-8"), name).facts)
                for name in corpus_files}
    assert {name: per_source.get(name, 0) for name in corpus_files} == expected
    assert sum(expected.values()) > 0


def test_reingest_is_a_no_op(corpus_db):
    before, inode = snapshot(corpus_db), corpus_db.stat().st_ino
    report = ingest([CORPUS], corpus_db)
    assert {o.status for o in report.outcomes} == {"unchanged"}
    assert snapshot(corpus_db) == before
    assert corpus_db.stat().st_ino == inode  # nothing changed, so the live file was not even replaced


def test_changed_document_replaces_only_its_own_facts(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES / "mixed", folder, ignore=shutil.ignore_patterns("empty.txt", "binary.txt"))
    db = tmp_path / "t.duckdb"
    ingest([folder], db)
    before = snapshot(db)
    changed = folder / "gbk_newsletter.txt"
    text = changed.read_bytes().decode("gbk")
    changed.write_bytes(text.replace("累计建成开通5G基站达196.8万个。\n", "").encode("gbk"))

    report = ingest([folder], db)

    assert {o.path.name: o.status for o in report.outcomes} == {
        "chongqing_plan.pdf": "unchanged", "gbk_newsletter.txt": "replaced", "utf16_guide.txt": "unchanged"}
    after = snapshot(db)
    assert [d[:2] for d in after["documents"]] == [d[:2] for d in before["documents"]]  # same ids, names
    quotes = lambda facts, src: sorted(f[5] for f in facts if f[3] == src)  # noqa: E731
    assert "累计建成开通5G基站达196.8万个" in quotes(before["facts"], "gbk_newsletter.txt")
    assert "累计建成开通5G基站达196.8万个" not in quotes(after["facts"], "gbk_newsletter.txt")
    assert len(quotes(after["facts"], "gbk_newsletter.txt")) == len(sample_extract(text, "x").facts) - 1
    untouched = lambda facts: [f for f in facts if f[3] != "gbk_newsletter.txt"]  # noqa: E731
    assert untouched(after["facts"]) == untouched(before["facts"])


def test_mixed_folder_ingests_good_files_and_names_bad_ones(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest([CORPUS / "000_0abb8dbf0a71dc30.txt"], db)
    before = snapshot(db)

    report = ingest([FIXTURES / "mixed"], db)

    outcomes = {o.path.name: (o.status, o.reason) for o in report.outcomes}
    assert outcomes == {
        "binary.txt": ("failed", "binary file, not text"),
        "chongqing_plan.pdf": ("added", None),
        "empty.txt": ("failed", "empty file"),
        "gbk_newsletter.txt": ("added", None),
        "utf16_guide.txt": ("added", None),
    }
    after = snapshot(db)
    assert all(row in after["documents"] for row in before["documents"])
    assert set(before["facts"]) <= set(after["facts"])
    with duckdb.connect(str(db), read_only=True) as con:
        encodings = dict(con.execute("SELECT file_name, encoding FROM documents").fetchall())
        pdf_facts = con.execute("SELECT count(*) FROM facts WHERE source = 'chongqing_plan.pdf'").fetchone()[0]
    assert encodings["gbk_newsletter.txt"] == "gb18030" and encodings["utf16_guide.txt"] == "utf-16"
    assert pdf_facts == 2


def test_ingest_command_reports_failures_and_exits_non_zero(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    ingest_cli.register(parser.add_subparsers())
    args = parser.parse_args(["ingest", str(FIXTURES / "mixed"), str(tmp_path / "missing.txt"),
                              "--db", str(tmp_path / "t.duckdb")])
    status = args.func(args)
    err = capsys.readouterr().err
    assert status == 1
    assert "binary.txt: binary file, not text" in err
    assert "empty.txt: empty file" in err
    assert "missing.txt: no such file or directory" in err
    assert "3 added" in err and "3 failed" in err


def test_failure_mid_document_leaves_database_unchanged(corpus_db, monkeypatch):
    before = snapshot(corpus_db)
    real_insert = write._insert_facts
    doomed = {"003_e3b9cbc0c78f6c44.txt", "gbk_newsletter.txt"}

    def insert_then_fail(con, documents):
        real_insert(con, documents)  # the rows are in; then the disk "fills up" if a doomed one is among them
        if any(facts[0].source in doomed for _, facts, _ in documents):
            raise RuntimeError("disk full (injected)")

    monkeypatch.setattr(write, "_insert_facts", insert_then_fail)
    changed = corpus_db.parent / "003_e3b9cbc0c78f6c44.txt"
    changed.write_text((CORPUS / changed.name).read_text(encoding="utf-8") + "\n追加一行\n", encoding="utf-8")
    added = corpus_db.parent / "gbk_newsletter.txt"
    shutil.copy(FIXTURES / "mixed" / added.name, added)

    # (the changed copy lives in another folder than the stored one: replacing it is asked for)
    report = ingest([changed, added, FIXTURES / "mixed" / "utf16_guide.txt"], corpus_db, replace=True)

    assert [(o.path.name, o.status) for o in report.outcomes] == [
        ("003_e3b9cbc0c78f6c44.txt", "failed"), ("gbk_newsletter.txt", "failed"), ("utf16_guide.txt", "added")]
    assert all("disk full (injected)" in o.reason for o in report.failed)
    after = snapshot(corpus_db)
    good_id = next(d[0] for d in after["documents"] if d[1] == "utf16_guide.txt")
    without_good = {table: [r for r in rows if not (table in ("documents", "articles", "facts")
                                                    and r[0 if table == "documents" else 1] == good_id)]
                    for table, rows in after.items()}
    assert without_good == before


def test_write_document_rolls_back_on_error(tmp_path, monkeypatch):
    con = store.open_writable(tmp_path / "t.duckdb")
    text = (FIXTURES / "mixed" / "utf16_guide.txt").read_text(encoding="utf-16")
    stored = store.StoredFile("a.txt", "a.txt", "hash-1", 10, "text", "utf-8")
    store.write_document(con, stored, sample_extract(text, "a.txt"))
    counts = lambda: [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
                      for t in ("documents", "articles", "facts")]
    assert counts() == [1, 1, 2]

    def failing_insert(*args):
        raise RuntimeError("injected")

    monkeypatch.setattr(write, "_insert_facts", failing_insert)
    with pytest.raises(RuntimeError, match="injected"):
        store.write_document(con, store.StoredFile("a.txt", "a.txt", "hash-2", 11, "text", "utf-8"),
                             sample_extract(text + "again", "a.txt"))
    assert counts() == [1, 1, 2]
    assert store.stored_document(con, "a.txt").content_hash == "hash-1"
    con.close()


def test_extractor_error_is_reported_and_other_files_go_on(tmp_path, monkeypatch):
    def explode(text, source, date=None):
        if source == "utf16_guide.txt":
            raise ValueError("cannot parse")
        return sample_extract(text, source, date)

    monkeypatch.setattr(extraction, "extract_text", explode)
    report = ingest([FIXTURES / "mixed" / "utf16_guide.txt", FIXTURES / "mixed" / "gbk_newsletter.txt"],
                    tmp_path / "t.duckdb")
    assert [(o.path.name, o.status) for o in report.outcomes] == [
        ("utf16_guide.txt", "failed"), ("gbk_newsletter.txt", "added")]
    assert report.outcomes[0].reason == "extraction failed: ValueError: cannot parse"


def test_same_file_name_twice_in_one_run_is_refused(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "gbk_newsletter.txt").write_text("另一个文件", encoding="utf-8")
    report = ingest([FIXTURES / "mixed" / "gbk_newsletter.txt", other], tmp_path / "t.duckdb")
    assert [(o.path.parent.name, o.status) for o in report.outcomes] == [("other", "failed"), ("mixed", "added")]
    assert "same name" in report.outcomes[0].reason


def test_progress_callback_sees_every_file(tmp_path):
    calls = []
    ingest([FIXTURES / "mixed"], tmp_path / "t.duckdb", progress=lambda *call: calls.append(call))
    assert calls == [(i, 5, name) for i, name in enumerate(sorted(os.listdir(FIXTURES / "mixed")), start=1)]


def test_catalogs_are_loaded_and_a_missing_catalog_is_tolerated(tmp_path, corpus_db):
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        nanshan = con.execute("SELECT code, province FROM regions WHERE name = '南山区' ORDER BY code").fetchall()
        shenzhen = con.execute("SELECT level, province, english FROM regions WHERE name = '深圳市'").fetchone()
        themes = con.execute("SELECT count(*) FROM themes").fetchone()[0]
        racks = con.execute("SELECT indicator_key, units FROM indicators WHERE indicator = '数据中心标准机架'").fetchone()
    assert nanshan == [("230404", "黑龙江省"), ("440305", "广东省")]  # same name, two districts kept
    assert shenzhen == ("city", "广东省", "Shenzhen")
    assert themes == 7
    assert racks == ("dc_racks", ["架"])
    report = build_database([FIXTURES / "mixed" / "gbk_newsletter.txt"], tmp_path / "bare.duckdb",
                            catalog_dir=tmp_path / "no_catalogs_here")
    assert report.ok
    with duckdb.connect(str(tmp_path / "bare.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM regions").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 0


def test_second_concurrent_ingest_is_refused(tmp_path):
    db = tmp_path / "t.duckdb"
    with open(f"{db}.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(StoreBusy, match="another ingest is writing"):
            ingest([FIXTURES / "mixed"], db)
    assert not db.exists()


READER_SCRIPT = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM facts").fetchone()[0], flush=True)
    for line in sys.stdin:                      # one query per request, on the connection opened before
        print(con.execute("SELECT count(*) FROM facts").fetchone()[0], flush=True)
    con.close()
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM facts").fetchone()[0], flush=True)
""")


def test_reader_process_is_not_broken_by_a_concurrent_ingest(corpus_db):
    reader = subprocess.Popen([sys.executable, "-c", READER_SCRIPT, str(corpus_db)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        count_before = int(reader.stdout.readline())  # the reader holds the file open from here on
        report = ingest([FIXTURES / "mixed" / "gbk_newsletter.txt"], corpus_db)
        assert report.ok and report.changed
        reader.stdin.write("query\n")
        reader.stdin.flush()
        during = int(reader.stdout.readline())
        out, err = reader.communicate(timeout=60)
    finally:
        reader.kill()
    assert reader.returncode == 0, err
    assert during == count_before                   # its open snapshot is intact
    assert int(out.split()[-1]) > count_before      # a new connection sees the ingest


def physical_order(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {store.CLUSTER_ORDER} FROM facts").fetchall()


def test_facts_are_stored_sorted_for_filtering_and_resorted_only_when_worth_it(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    ingest([CORPUS], db)
    first = physical_order(db)
    assert first == sorted(first, key=lambda row: tuple((v is None, v) for v in row))
    monkeypatch.setattr(write, "RECLUSTER_SHARE", 0.5)  # a few new facts are not worth a re-sort
    ingest([FIXTURES / "mixed" / "gbk_newsletter.txt"], db)
    second = physical_order(db)
    assert second[:len(first)] == first and len(second) > len(first)  # appended at the end
    monkeypatch.setattr(write, "RECLUSTER_SHARE", 0.0)
    ingest([FIXTURES / "mixed" / "utf16_guide.txt"], db)
    third = physical_order(db)
    assert third == sorted(third, key=lambda row: tuple((v is None, v) for v in row))


def test_ingest_command_explains_a_database_file_that_is_not_duckdb(tmp_path, capsys):
    not_a_db = tmp_path / "notes.duckdb"
    not_a_db.write_text("这不是数据库", encoding="utf-8")
    parser = argparse.ArgumentParser()
    ingest_cli.register(parser.add_subparsers())
    args = parser.parse_args(["ingest", str(FIXTURES / "mixed" / "utf16_guide.txt"), "--db", str(not_a_db)])
    assert args.func(args) == 1
    assert f"cannot use database {not_a_db}" in capsys.readouterr().err
    assert not_a_db.read_text(encoding="utf-8") == "这不是数据库"


def test_work_file_left_by_a_crashed_ingest_is_cleaned_up(tmp_path):
    db = tmp_path / "t.duckdb"
    crashed = tmp_path / ".t.duckdb.ingest-99999"
    crashed.write_bytes(b"half-written")
    report = ingest([FIXTURES / "mixed" / "utf16_guide.txt"], db)
    assert report.ok and db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb", "t.duckdb.lock"]
