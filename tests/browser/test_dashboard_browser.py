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
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard_store import build_sample_db, sample_facts  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
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
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
             "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env={**os.environ, "TRACKER_DB": str(db)}, stdout=out, stderr=subprocess.STDOUT)
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
    page.goto(app_url)
    page.get_by_test_id("stSidebar").get_by_text("数据浏览").wait_for()
    choose(page, "stSelectbox", "指标", "5G基站")
    wait_for_rerun(page)
    choose(page, "stMultiSelect", "地区", "山东省")
    wait_for_rerun(page)
    page.get_by_test_id("stPlotlyChart").first.wait_for()
    page.get_by_text("共 3 条").wait_for()
    assert "region=" in page.url and "indicator=" in page.url

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
