"""Adding a PDF and correcting one of its facts, in a real browser (Debian's chromium, Playwright).

The PDF is made here from a corpus newsletter by chromium itself (its print-to-PDF, text in the CJK font
WenQuanYi Micro Hei), uploaded on the Add documents page, and one of its facts — 全国's 196.8万 5G base
stations — is moved to 浙江省 from the explorer's table; the chart then draws a 浙江省 line it did not
have. Skipped without /usr/bin/chromium.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from test_dashboard_browser import (ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, REPO, choose, page,  # noqa: F401
                                    screenshot_on_failure, serve_app, wait_for_rerun)

from dashboard_store import build_sample_db  # on the path through test_dashboard_browser
from parsing.store import queries
from parsing.store.queries import FactFilter

CORPUS_FILE = REPO / "data" / "corpus" / "001_111d72c0d1ff9d6d.txt"
FIVE_G = "累计建成开通5G基站达196.8万个"
CJK_FONT = "WenQuanYi Micro Hei"   # fonts-wqy-microhei, installed with chromium by tests/run_all.sh
EXPLORER = "?view=explorer&indicator=5G基站&region=全国&region=浙江省&kind=actual"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                              "(apt-get install chromium)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("curation")
    db, corrections = build_sample_db(folder / "tracker.duckdb"), folder / "corrections.csv"
    with serve_app({"TRACKER_DB": str(db), "TRACKER_CORRECTIONS": str(corrections)}, folder / "streamlit.log") as url:
        yield url, db, corrections


def newsletter_pdf(page, out: Path) -> Path:
    """The corpus newsletter printed to PDF by chromium, one paragraph per line of text."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>"
                         for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines() if line.strip())
    page.set_content(f'<html><head><meta charset="utf-8"><style>body {{font-family: "{CJK_FONT}"}}</style>'
                     f"</head><body>{paragraphs}</body></html>")
    page.pdf(path=str(out))
    return out


def lines_drawn(page) -> int:
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.locator(".scatterlayer .trace").first.wait_for()
    return chart.locator(".scatterlayer .trace").count()


def legend_regions(page) -> set[str]:
    """Regions in the chart's legend ("浙江省 · 实际值"; plotly shows one only for several lines)."""
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.locator(".legendtext").first.wait_for()
    return {text.split(" · ")[0] for text in chart.locator(".legendtext").all_text_contents()}


def click_table_row(page, table, row: int) -> None:
    """Select a row of a Streamlit dataframe (a canvas grid): click its row marker at the left edge."""
    box = table.bounding_box()
    header = row_height = 35   # Streamlit's default row height, the header row included
    page.mouse.click(box["x"] + 12, box["y"] + header + row_height * row + row_height / 2)


def test_upload_a_pdf_then_correct_a_region_and_the_chart_follows(served, page, tmp_path):
    url, db, corrections = served
    pdf = newsletter_pdf(page, tmp_path / "newsletter_001.pdf")

    page.goto(f"{url}?view=upload")
    page.locator("input[type=file]").set_input_files(str(pdf))
    page.get_by_text(pdf.name).wait_for()
    page.get_by_role("button", name="导入").click()
    page.get_by_text("导入结果").wait_for(timeout=90_000)
    report = page.get_by_test_id("stDataFrame").first
    report.wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_upload.png"), full_page=True)
    with queries.connect(db) as con:
        flt = FactFilter(indicators=("5G基站",), regions=("全国", "浙江省"), kinds=("actual",))
        facts = queries.facts(con, flt)
    assert "newsletter_001.pdf" in set(facts["source"]), "the PDF's facts are in the store"
    row = list(facts["quote"]).index(FIVE_G)

    page.goto(url + EXPLORER)
    assert lines_drawn(page) == 1      # 全国 only: 浙江省 has no actual 5G figure yet
    page.get_by_role("tab", name="表格").click()   # the explorer shows its facts under a tab
    table = page.get_by_test_id("stDataFrame").first
    table.wait_for()
    click_table_row(page, table, row)
    page.get_by_test_id("stMarkdown").filter(has_text="校正所选数据").filter(has_text=FIVE_G).wait_for()
    choose(page, "stSelectbox", "正确的值", "浙江省")
    wait_for_rerun(page)
    page.get_by_role("button", name="保存校正").click()
    page.get_by_text("校正已保存并生效。").wait_for()
    wait_for_rerun(page)
    page.get_by_role("tab", name="图表").click()
    assert lines_drawn(page) == 2 and legend_regions(page) == {"全国", "浙江省"}
    page.screenshot(path=str(ARTIFACTS / "dashboard_corrected.png"), full_page=True)
    assert "浙江省" in corrections.read_text(encoding="utf-8-sig")
