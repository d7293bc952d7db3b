"""parsing.extraction.read: every accepted encoding and format decodes exactly; every bad file is named with its reason."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from parsing.extraction import extract_text
from parsing.extraction import read as reader
from parsing.extraction.read import UnreadableDocument, read_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
with (FIXTURES / "reader_cases.csv").open(encoding="utf-8") as handle:
    CASES = list(csv.DictReader(handle))


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] == "ok"], ids=lambda c: c["file"])
def test_readable_files_decode_to_the_expected_text(case):
    source = read_document(FIXTURES / case["file"])
    assert source.encoding == case["encoding"]
    assert source.format == case["format"]
    assert case["expected"] in source.text
    assert "\ufffd" not in source.text and "\r" not in source.text


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] == "error"], ids=lambda c: c["file"])
def test_unreadable_files_raise_with_name_and_reason(case):
    path = FIXTURES / case["file"]
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert case["expected"] in caught.value.reason
    assert caught.value.path == path
    assert str(caught.value) == f"{path.name}: {caught.value.reason}"


def test_line_breaks_are_normalised_without_shifting_line_numbers():
    text = read_document(FIXTURES / "encodings" / "utf8_bom_crlf.md").text
    raw_lines = (FIXTURES / "encodings" / "utf8_bom_crlf.md").read_bytes().decode("utf-8-sig").split("\r\n")
    assert text.split("\n") == raw_lines
    assert not text.startswith("\ufeff")


def test_html_keeps_article_paragraphs_and_drops_boilerplate():
    text = read_document(FIXTURES / "encodings" / "page.html").text
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0] == "数字经济发展情况报告"
    # inline <b> does not break the sentence; <br> breaks the line
    assert "十八大以来，移动电话用户总数达16.43亿户，其中5G移动电话用户达3.55亿户。" in paragraphs
    assert "累计建成开通5G基站达196.8万个。\nIPv6活跃用户数达6.97亿。" in paragraphs
    for boilerplate in ("999万个", "首页", "版权所有", "color"):
        assert boilerplate not in text


def test_truncated_pdf_is_reported(tmp_path):
    whole = (FIXTURES / "mixed" / "chongqing_plan.pdf").read_bytes()
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UnreadableDocument, match=r"^cut\.pdf: truncated PDF"):
        read_document(truncated)


def test_pdf_with_damaged_body_is_reported_as_corrupt(tmp_path):
    whole = (FIXTURES / "mixed" / "chongqing_plan.pdf").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(whole[:9] + b"\x00garbage" * 50 + b"\n%%EOF\n")
    with pytest.raises(UnreadableDocument, match=r"^damaged\.pdf: (corrupt PDF|PDF has no text layer)"):
        read_document(damaged)


def test_text_that_is_not_a_pdf_behind_a_pdf_extension(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("这不是PDF文件", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="no PDF header"):
        read_document(fake)


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("数字经济" * 100, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_BYTES", 200)
    with pytest.raises(UnreadableDocument, match="file too large: 1200 bytes, limit is 200 bytes"):
        read_document(big)


def test_missing_file_is_reported_not_raised_as_oserror(tmp_path):
    with pytest.raises(UnreadableDocument, match="^absent.txt: cannot read file"):
        read_document(tmp_path / "absent.txt")


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_round_trip_of_corpus_text_in_each_encoding(tmp_path, codec):
    corpus = Path(__file__).parents[2] / "data" / "corpus" / "003_e3b9cbc0c78f6c44.txt"
    original = corpus.read_text(encoding="utf-8")
    encoded = tmp_path / f"{codec}.txt"
    encoded.write_bytes(original.encode(codec, errors="strict"))
    assert read_document(encoded).text == original.replace("\r\n", "\n")


def test_html_page_title_and_date_become_the_documents_header(tmp_path):
    page = tmp_path / "news.html"
    page.write_text("<html><head><title>前三季度全省5G基站突破12万个_湖南日报</title>"
                    "<meta name='pubdate' content='2024-10-18 09:30'></head><body><div>"
                    "<p>记者从湖南省通信管理局获悉，截至9月底，全省累计开通5G基站12.6万个。</p></div></body></html>",
                    encoding="utf-8")
    extraction = extract_text(read_document(page).text, page.name)
    assert extraction.document.title == "前三季度全省5G基站突破12万个"        # the site's name dropped
    assert extraction.document.date == dt.date(2024, 10, 18)
    assert [(f.value, f.region, f.period) for f in extraction.facts] == [
        (12.0, "湖南省", "2024Q1-Q3"), (12.6, "湖南省", "as of 2024-09")]


def test_html_article_with_its_own_heading_gets_no_second_title():
    text = read_document(FIXTURES / "encodings" / "page.html").text
    assert not text.startswith("标题") and extract_text(text, "page.html").document.title == "数字经济发展情况报告"


def test_usual_characters_are_never_mess_controls_or_line_breaks():
    """The decoder runs its Unicode-property patterns only over characters outside `_USUAL_RANGES`; that
    is exact only while no character inside them is one they match (true of Unicode today: checked here
    against the `regex` module installed)."""
    usual = [chr(code) for code in range(0x110000) if reader._UNUSUAL.fullmatch(chr(code)) is None]
    assert len(usual) > 20_000  # the ranges hold the CJK ideographs
    for pattern in (reader._MESS, reader._CONTROLS, reader._NOT_PROSE, reader._LINE_BREAKS):
        assert [hex(ord(c)) for c in usual if pattern.match(c)] == [], pattern.pattern


def test_decoding_sees_mess_controls_and_breaks_among_usual_text():
    """What the fast path must still catch in a mostly Chinese text: CR line breaks, a stray control, and
    garbled characters past the tolerated share."""
    body = "到2025年全省5G基站达到10万个。" * 50
    text, _ = reader.decode_text(Path("a.txt"), (body + "\r\n" + body + "\x07\r" + body).encode())
    assert text == body + "\n" + body + "\n" + body
    with pytest.raises(UnreadableDocument, match="garbled"):
        reader.decode_text(Path("b.txt"), (body + "\ue000" * 10).encode())
