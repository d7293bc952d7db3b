"""The running app in a real browser: Debian's chromium driven by Playwright.

Starts `streamlit run dashboard/app.py` on a free localhost port against a small store, picks an
indicator and a province in the explorer, downloads the CSV and checks it, and saves screenshots to
tests/artifacts/. Needs /usr/bin/chromium (`apt-get install chromium`); skipped without it.
"""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard_store import build_sample_db, sample_facts  # noqa: E402
from language_check import foreign_text  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 60
STEP_MS = 30_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                              "(apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = build_sample_db(tmp_path_factory.mktemp("browser") / "tracker.duckdb")
    with serve_app({"TRACKER_DB": str(db)}, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@contextmanager
def serve_app(env: dict[str, str], log: Path):
    """`streamlit run dashboard/app.py` on a free localhost port with `env` added; yields its URL."""
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
             "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
             "--server.fileWatcherType", "none"],   # the rest comes from .streamlit/config.toml
            cwd=REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/_stcore/health", server, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer {url} within {STARTUP_SECONDS}s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000},
                                      locale="zh-CN")
        context.set_default_timeout(STEP_MS)
        yield context.new_page()
        browser.close()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, page):
    """A failing step leaves a picture of what the browser showed, for the CI log's reader."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed_{request.node.name}.png"), full_page=True)



def choose(page, widget: str, label: str, option: str) -> None:
    """Type into a Streamlit select (selectbox or multiselect) found by its label, and pick the option."""
    box = page.get_by_test_id(widget).filter(has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option).first.click()
    if widget == "stMultiSelect":  # its list stays open for more picks
        page.keyboard.press("Escape")


def wait_for_rerun(page) -> None:
    page.wait_for_timeout(300)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")


def test_pick_indicator_and_province_then_download_the_csv(app_url, page):
    page.goto(f"{app_url}?view=explorer")
    page.get_by_test_id("stSidebar").get_by_text("数据浏览").wait_for()
    choose(page, "stSelectbox", "指标", "5G基站")
    wait_for_rerun(page)
    choose(page, "stMultiSelect", "地区", "山东省")
    wait_for_rerun(page)
    page.get_by_test_id("stPlotlyChart").first.wait_for()
    page.get_by_role("tab", name="表格").click()
    page.get_by_text("共 3 条").wait_for()
    # the link follows the widgets a moment after the rerun: wait for it rather than race it
    page.wait_for_function("() => location.search.includes('region=') && location.search.includes('indicator=')")

    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").get_by_role("button").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    expected = [f for f in sample_facts() if f["indicator"] == "5G基站" and f["region"] == "山东省"]
    assert sorted(rows["line"]) == sorted(f["line"] for f in expected)
    assert set(rows["region"]) == {"山东省"} and set(rows["indicator"]) == {"5G基站"}
    assert download.suggested_filename.endswith(".csv") and "山东省" in download.suggested_filename

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_explorer.png"), full_page=True)


def test_map_view_from_a_link_draws_provinces_offline(app_url, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(f"{app_url}?view=map&indicator=5G基站&year=2022")
    page.get_by_test_id("stMetric").get_by_text("231.2万个").wait_for()
    page.get_by_test_id("stPlotlyChart").locator(".choroplethlayer path").first.wait_for(state="attached")
    assert page.get_by_test_id("stPlotlyChart").locator(".choroplethlayer path").count() >= 34
    assert outside == []  # no CDN base map, no tiles
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_map.png"), full_page=True)


# --- Every view in both languages (issue 10) ----------------------------------------------------------------

VIEWS = {"home": "", "explorer": "&indicator=5G基站&region=全国", "region": "&province=山东省&open=5G基站",
         "map": "&indicator=5G基站&year=2022", "sources": "&doc=1", "targets": ""}


def visible_text(page) -> list[str]:
    """The text of the sidebar and the main area, line by line, without the copy-link box (a URL); tables are
    drawn on a canvas (AppTest reads their cells)."""
    links = set(page.get_by_test_id("stCode").all_inner_texts())
    lines = []
    for area in ("stSidebar", "stMain"):
        lines += [line for line in page.get_by_test_id(area).inner_text().splitlines() if line not in links]
    return lines


def wait_for_view(page) -> None:
    page.get_by_test_id("stHeading").first.wait_for()
    wait_for_rerun(page)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_in_one_language_and_nothing_from_outside(app_url, page, lang):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_url.rstrip("/"), "data:", "blob:")) else None)
    allowed = ([fact["quote"] for fact in sample_facts()] + [fact["source"] for fact in sample_facts()]
               + ["数字经济发展情况报告", "大数据发展动态 2023年第30期"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for view, params in VIEWS.items():
        page.goto(f"{app_url}?view={view}&lang={lang}{params}")
        wait_for_view(page)
        if view in ("explorer", "map"):
            page.get_by_test_id("stPlotlyChart").first.wait_for()
        page.screenshot(path=str(ARTIFACTS / f"view_{view}_{lang}.png"), full_page=True)
        assert foreign_text(visible_text(page), lang, allowed) == [], view
        assert not page.get_by_test_id("stException").count(), view
    assert outside == []


def test_landing_view_shows_figures_goals_provinces_documents(app_url, page):
    page.goto(app_url)
    wait_for_view(page)
    metrics = page.get_by_test_id("stMetric")
    metrics.filter(has_text="5G基站").get_by_text("337.7万个").wait_for()
    metrics.filter(has_text="软件业务收入").get_by_text("5.52万亿元").wait_for()
    page.get_by_text("来源：数字经济发展情况报告（2024-01-10）").first.wait_for()
    for heading in ("目标进展", "数据最多的省份", "最新文档"):
        page.get_by_role("heading", name=heading).wait_for()
    page.get_by_role("button", name="山东省：", exact=False).first.click()
    wait_for_view(page)
    assert "view=region" in page.url and "province=" in page.url
    page.get_by_role("heading", name="地区概况").wait_for()


def test_comparator_in_a_table_row_and_a_hover_and_a_source_note(app_url, page):
    page.goto(f"{app_url}?view=explorer&indicator=5G基站&region=全国&kind=target")
    wait_for_view(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.wait_for()
    page.get_by_text("来源：", exact=False).first.wait_for()
    note = page.get_by_test_id("stCaptionContainer").filter(has_text="来源：").first.inner_text()
    assert "大数据发展动态 2023年第30期（2023-07-28）" in note
    point = chart.locator(".scatterlayer .trace .points path").first
    point.hover(force=True)
    chart.locator(".hoverlayer").get_by_text("≥364万个", exact=False).wait_for()
    page.screenshot(path=str(ARTIFACTS / "explorer_hover.png"))
    page.get_by_role("tab", name="表格").click()
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    # The grid is drawn on a canvas; its accessible copy holds the rows as <tr>/<td>.
    row = grid.locator("tr", has=page.locator("td", has_text="≥364万个"))
    row.first.wait_for(state="attached")
    assert row.first.locator("td").all_text_contents()[:5] == ["≥364万个", "全国", "2025", "到2025年累计", "目标"]
    page.screenshot(path=str(ARTIFACTS / "explorer_table.png"), full_page=True)


HOSTILE_LINK_VALUES = {"indicator": "[点击领取补贴](http://evil.example/claim)",
                       "region": "![x](http://evil.example/pixel.png)",
                       "kind": "see http://evil.example/bare, www.evil.example, boss@evil.example and **紧急** :red[red]"}


def test_link_values_in_messages_render_as_typed_not_as_links_or_images(app_url, page):
    from urllib.parse import urlencode, urlparse
    fetched = []
    page.on("request", lambda request: fetched.append(request.url)
            if (urlparse(request.url).hostname or "").endswith("evil.example") else None)
    page.goto(f"{app_url}?{urlencode(HOSTILE_LINK_VALUES)}")
    alerts = page.get_by_test_id("stAlert")
    alerts.first.wait_for()
    wait_for_rerun(page)
    shown = " ".join(alerts.all_inner_texts()).replace("\u2060", "")  # (invisible word joiners)
    for value in HOSTILE_LINK_VALUES.values():
        assert value in shown  # character for character
    assert alerts.locator("a, img, strong").count() == 0
    assert fetched == []


# --- The 南海诸岛 inset and the chart images (issue 10) ------------------------------------------------------------

@pytest.mark.parametrize("lang, name", [("zh", "南海诸岛"), ("en", "South China")])
def test_the_map_carries_the_south_china_sea_inset(app_url, page, lang, name):
    page.goto(f"{app_url}?view=map&indicator=5G基站&year=2022&lang={lang}")
    wait_for_view(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.locator(".choroplethlayer path").first.wait_for(state="attached")
    chart.get_by_text(name).wait_for()
    # three choropleth traces: provinces in grey, provinces with a value, and the inset (one filled shape)
    assert chart.locator(".choroplethlayer .trace").count() == 3
    assert chart.locator(".choroplethlayer .trace").nth(2).locator("path").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(ARTIFACTS / f"map_inset_{lang}.png"))


@pytest.mark.parametrize("image_format, magic", [("PNG", b"\x89PNG\r\n\x1a\n"), ("SVG", b"<svg")])
def test_the_chart_downloads_as_an_image_made_on_the_server(app_url, page, image_format, magic):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_url.rstrip("/"), "data:", "blob:")) else None)
    page.goto(f"{app_url}?view=explorer&indicator=5G基站&region=全国")
    wait_for_view(page)
    page.get_by_test_id("stPlotlyChart").first.wait_for()
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("button", name=f"下载图表（{image_format}）").first.click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(magic)
    assert download.suggested_filename == f"5G基站_1.{image_format.lower()}"
    if image_format == "SVG":
        assert "来源：".encode() in data and "5G基站（万个）".encode() in data
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"explorer_chart_download.{image_format.lower()}").write_bytes(data)
    page.screenshot(path=str(ARTIFACTS / "explorer_chart_buttons.png"), full_page=True)
    assert outside == []
