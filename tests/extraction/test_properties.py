"""Property-based tests (Hypothesis): whatever bytes or text arrive, the reader and the numbers stage either
give a well-formed result or refuse with a named reason — never another exception — and every fact the
extractor returns quotes its own line.
"""
from __future__ import annotations

import bisect
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsing.extraction import extract_text
from parsing.extraction.context.indicators import catalog
from parsing.extraction.context.periods import find_times
from parsing.extraction.numbers import find_numbers
from parsing.extraction.read import UnreadableDocument, decode_document

# Every reason the reader gives for bytes it cannot turn into text (README: "Accepted input").
READER_REASONS = ("binary file, not text", "undecodable text", "no text in document", "corrupt PDF",
                  "truncated PDF", "encrypted PDF needs a password", "PDF has no text layer")

# Text shaped like the corpus: numerals, units, cue words, punctuation, line breaks and some noise.
NEWSLETTER_PIECES = st.sampled_from([
    "到2025年", "截至2022年6月", "全省", "北京市", "5G基站", "达到", "10", "万个", "1.5", "亿元", "%", "九成",
    "三", "四分之三", "同比增长", "1-2", "~", "至", "—", "。", "，", "；", "\n", "\n\n", " ", "《", "》",
    "（", "）", "约", "以上", "左右", "每年", "分别为", "和", "数字经济", "规模", "第", "期", "2023年7月28日",
])
corpus_like_text = st.lists(st.one_of(NEWSLETTER_PIECES, st.text(max_size=3)), max_size=80).map("".join)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decoded_or_refused(name: str, data: bytes) -> str | None:
    """The text read from `data` as file `name`, or None when refused with one of the named reasons."""
    try:
        source = decode_document(Path(name), data)
    except UnreadableDocument as error:
        assert error.reason.startswith(READER_REASONS), error.reason
        return None
    assert source.text.strip()
    assert "\r" not in source.text and "\x00" not in source.text
    return source.text


@PROPERTY_SETTINGS
@given(data=st.binary(min_size=1, max_size=4000), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf"]))
def test_arbitrary_bytes_are_read_or_refused_with_a_reason(data, suffix):
    decoded_or_refused(f"x{suffix}", data)


@PROPERTY_SETTINGS
@given(text=st.text(min_size=1, max_size=2000),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"]),
       suffix=st.sampled_from([".txt", ".html"]))
def test_arbitrary_unicode_in_any_encoding_is_read_or_refused_with_a_reason(text, codec, suffix):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return  # not representable in that encoding: no such file can exist
    if data.strip():
        decoded_or_refused(f"x{suffix}", data)


@PROPERTY_SETTINGS
@given(text=st.one_of(st.text(max_size=3000), corpus_like_text))
def test_numbers_stage_gives_well_formed_mentions_for_any_text(text):
    previous_end = 0
    for mention in find_numbers(text):
        assert previous_end <= mention.start <= mention.digits_start < mention.end <= len(text)
        assert mention.text == text[mention.start:mention.end]
        assert mention.comparator in ("=", ">=", "<=", "~", "range")
        previous_end = mention.start


@PROPERTY_SETTINGS
@given(text=st.one_of(st.text(max_size=2000), corpus_like_text))
def test_times_and_labels_come_in_order_without_overlap(text):
    """Paragraphs look their times and labels up by position (bisect): each list must be sorted by start and
    free of overlaps."""
    for found in (find_times(text, 0, len(text), None), catalog().labels(text, 0, len(text))):
        for before, after in zip(found, found[1:]):
            assert before.start < before.end <= after.start, (before, after)


def quoted_lines(lines: list[str], quote: str) -> list[range]:
    """The line numbers each occurrence of `quote` covers; a quote may run over line breaks (FACTS.md: PDF
    dumps break sentences across lines, and the quote is the clause)."""
    joined, starts = "".join(lines), []
    for line in lines:
        starts.append((starts[-1] + len(previous)) if starts else 0)
        previous = line
    covered, at = [], joined.find(quote)
    while at >= 0 and quote:
        first = bisect.bisect_right(starts, at)
        last = bisect.bisect_right(starts, at + len(quote) - 1)
        covered.append(range(first, last + 1))
        at = joined.find(quote, at + 1)
    return covered


@PROPERTY_SETTINGS
@given(text=st.one_of(corpus_like_text, st.text(max_size=300)))
def test_every_fact_quotes_its_own_line(text):
    """Text as the reader hands it on (any file's bytes): each fact's quote is in the text and covers the
    line its number starts on."""
    read = decoded_or_refused("x.txt", text.encode("utf-8"))
    if read is None:
        return
    lines = read.split("\n")
    for fact in extract_text(read, "x.txt").facts:
        assert any(fact.line in covered for covered in quoted_lines(lines, fact.quote)), (fact.quote, fact.line)


@pytest.mark.parametrize("text", ["", "\n", "。", "\x00", "\ufeff", "\ud800"])
def test_numbers_stage_on_degenerate_text(text):
    assert find_numbers(text) == []
