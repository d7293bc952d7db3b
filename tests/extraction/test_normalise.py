"""Normalisation (tests/cases/normalise.yaml) and document structure: dates, articles, editor's notes."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from parsing.extraction.documents import split_articles
from parsing.extraction.normalise import (_changes, _fold_scanning_script, _t2s, _traditional, _width_table, fold,
                                          fold_widths, is_plain, layout_pattern, normalise, simplify)
from parsing.knowledge import load_yaml, pattern

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "normalise.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_paragraphs(case):
    text = normalise(case["raw"])
    got = [[text.line_at(start), text.display[start:end]] for start, end in text.paragraphs]
    assert got == case["paragraphs"]


def test_folding_keeps_length_and_maps_widths_and_script():
    raw = "２０２３年，軟件業務收入５５１７０億元（同比增長１４．２％）"
    folded = fold(raw)
    assert len(folded) == len(raw)
    assert folded == "2023年,软件业务收入55170亿元(同比增长14.2%)"


def test_only_the_paragraphs_holding_traditional_script_are_converted():
    folded = "软件业务收入\n軟件業務收入增長\n数据\n\n雲計算"
    assert simplify(folded) == "\n".join(_t2s().convert(part) for part in folded.split("\n"))
    assert simplify(folded) == "软件业务收入\n软件业务收入增长\n数据\n\n云计算"
    assert simplify("数字经济") == "数字经济"


def test_a_compatibility_ideograph_folds_and_then_simplifies():
    # U+F900 folds (NFKC) to 豈, a traditional character: the one scan for both sets must see it
    assert normalise("\uf900有此理。").text == "岂有此理。"
    assert normalise("軟件業務收入５５１７０億元").text == "软件业务收入55170亿元"


def test_every_character_maps_to_its_source_line():
    raw = "第一行开头，\n\n\n第二段继续写，写到\n这里。\n"
    text = normalise(raw)
    assert text.text == "第一行开头,第二段继续写,写到这里。"
    assert text.display == "第一行开头，第二段继续写，写到这里。"
    assert [text.line_at(i) for i in (0, 5, 6, 14, 15)] == [1, 1, 4, 4, 5]


NEWSLETTER = """大数据发展动态

2023年7月28日 第30期 总第141期

本期要目

国策要论

- 01 国家车联网产业标准体系建设指南(智能网联汽车)(2023版)
- 26 北京市数字技术技能人才培养实施方案

编者按

工业和信息化部近日修订印发指南。

国家车联网产业标准体系建设指南 （智能网联汽车）（2023版）

到 2025 年，制修订 100 项以上智能网联汽车相关标准。

（来源：工业和信息化部）

编者按

7月12日，北京市人社局发布方案。

北京市数字技术技能人才培养实施方案

每年培养数字技术技能人才1万人。
"""


def test_articles_from_the_contents_table_with_editor_notes_and_sources():
    text = normalise(NEWSLETTER)
    layout = split_articles(text)
    assert (str(layout.date), layout.date_origin) == ("2023-07-28", "masthead")
    titles = [a.title for a in layout.articles]
    assert titles == ["国家车联网产业标准体系建设指南 （智能网联汽车）（2023版）", "北京市数字技术技能人才培养实施方案"]
    first, second = layout.articles
    assert first.has_editor_note and first.organisation == "工业和信息化部"
    assert text.line_at(first.start) == 12 and text.line_at(second.start) == 22      # the 编者按 lines
    assert "每年培养" in text.text[second.body_start:second.end]


def test_date_line_when_there_is_no_masthead():
    layout = split_articles(normalise("关于推进数据要素发展的通知\n\n发布时间：2024-03-05\n\n正文。\n"))
    assert (str(layout.date), layout.date_origin) == ("2024-03-05", "date_line")


def _fold_each(text: str) -> str:
    """Width folding by definition: every character through the table once."""
    table = _width_table()
    return "".join(table.get(ord(char), char) for char in text)


@pytest.mark.parametrize("raw", [
    "２０２３年，收入（亿元）：５５１７０；同比增长１４．２％？",
    "︲ and – and — and ～ in one line: each folded once (︲ → –, not on to —)",
    "".join(sorted(_changes())[:40]) * 3,       # more distinct characters than are replaced one by one
    "no foldable character at all",
])
def test_fold_widths_folds_each_character_once(raw):
    assert fold_widths(raw) == _fold_each(raw)


LAYOUT_KEYS = ["page_number", "boilerplate", "markdown_heading", "markdown_emphasis", "paragraph_start",
               "standalone", "sentence_end", "header_line", "toc_marker", "toc_entry", "editor_note",
               "source_note", "date_line", "masthead_date", "newsletter_masthead"]
PLAIN_LINES = ["- 12 -", "１２", "一、总体目标", "（三）加快建设", "3. 推进", "第二章 发展", "编者按", "本 期 要 目",
               "（来源：新华社）", "标题：关于印发", "日期：2023年5月1日", "扫描二维码阅读全文", "World Internet",
               "## 标题", "**重点**", "2023年7月28日 第30期", "12 数字经济发展报告", "到2025年，规模达到5万亿元。",
               "《大数据发展动态》2023年第30期", "\u3000 \t全角空格", "٣ 阿拉伯数字"]


@pytest.mark.parametrize("key", LAYOUT_KEYS)
def test_layout_patterns_read_plain_text_alike_with_either_engine(key):
    fast, reference = layout_pattern(key, True), pattern("layout.yaml", key)
    for line in PLAIN_LINES:
        assert is_plain(line)
        for method in ("match", "search"):
            got, expected = getattr(fast, method)(line), getattr(reference, method)(line)
            assert (got and got.span()) == (expected and expected.span()), (key, line)


def test_text_with_separators_or_astral_characters_is_not_plain():
    for text in ("12\x1f", "\x1c一、", "数字\U0001e4f1", "𠀀"):
        assert not is_plain(text)
    assert layout_pattern("page_number", False) is pattern("layout.yaml", "page_number")
    assert not normalise("- 1\x1f2 -").plain and normalise("一、总体目标").plain
    # regex's \s does not take U+001F, so this line is text, not a page number
    assert normalise("- 1\x1f2 -").display == "- 1\x1f2 -"


_LAYOUT = load_yaml("layout.yaml")


@given(st.text(alphabet=_LAYOUT["sentence_end_chars"] + "(（来源: 文字a1", max_size=30))
def test_a_line_ends_a_sentence_only_on_a_sentence_end_character(line):
    """The reflow searches sentence_end only in lines ending in one of sentence_end_chars: the pattern
    must never match a line ending otherwise."""
    assert not pattern("layout.yaml", "sentence_end").search(line) or line[-1] in _LAYOUT["sentence_end_chars"]


@given(st.text(alphabet="(（来源:： 文字)）", max_size=30))
def test_a_source_note_always_holds_its_word(paragraph):
    assert not pattern("layout.yaml", "source_note").search(paragraph) or _LAYOUT["source_note_word"] in paragraph


@given(st.text(alphabet=_LAYOUT["sentence_end_chars"] + "(（来源: 文字a1", max_size=30))
def test_a_sentence_end_is_found_alike_searching_backwards(line):
    """The reflow searches sentence_end from the end of a line (regex's REVERSE): it must find one
    exactly where a forward search does."""
    backwards, forwards = pattern("layout.yaml", "sentence_end", backwards=True), layout_pattern("sentence_end", True)
    assert bool(backwards.search(line)) == bool(forwards.search(line))


@given(st.text(alphabet="，（）；：？\u3000１２％．︲–軟體數據\uf900数字经济 \n\r", max_size=40))
def test_one_scan_folds_and_finds_traditional_script_as_two_would(raw):
    """Frequent width forms are looked for one by one and the rest in one scan with traditional script:
    the folding and the finding must be what folding each character and then searching give."""
    folded = _fold_each(raw)
    assert _fold_scanning_script(raw) == (folded, _traditional().search(folded) is not None)
