"""The site as a person uses it: Playwright driving Debian's Chromium against a live server.

Skipped, saying so, when ``/usr/bin/chromium`` is missing (``apt-get install
chromium``; CI's ``.ci/run`` installs it).  Playwright is only the driver: its
own browser download is never used.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_files import HOSTILE_ID, SEED_ID, build

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium to run these"
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server on 127.0.0.1 (a free port), in a thread, stopped after the module."""
    import uvicorn

    from searchbrief.web.app import create_app

    index = build(tmp_path_factory.mktemp("browser"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(index), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(500):  # bounded: the server starts in well under a second
        if server.started:
            started.set()
            break
        thread.join(0.01)
    assert started.is_set(), "the server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()
    index.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 900, "height": 640})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert dialogs == [], f"a script ran: {dialogs}"


def _screenshot(page: object, name: str) -> None:
    """The README's screenshots: written when missing, or anew with SEARCHBRIEF_SCREENSHOTS=1."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    png = page.screenshot()
    assert png.startswith(b"\x89PNG")
    target = SCREENSHOTS / f"{name}.png"
    if os.environ.get("SEARCHBRIEF_SCREENSHOTS") or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)


def test_search_a_phrase_and_follow_it_to_the_turn(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(base_url + "/")
    page.fill("input[name=q]", '"Strategic Stability Dialogue"')
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    expect(page.locator("p.counts")).to_contain_text("3 briefings")
    marks = page.locator("ol.results mark")
    assert set(marks.all_inner_texts()) == {"Strategic Stability Dialogue"}  # one unit each
    _screenshot(page, "search")

    link = page.locator(f'ol.results a[href*="/briefings/{SEED_ID}"][href*="#turn-"]').first
    target = link.get_attribute("href")
    assert target is not None
    turn = target.rsplit("#", 1)[1]
    link.click()
    page.wait_for_url(f"**/briefings/{SEED_ID}**")
    linked = page.locator(f"#{turn}")
    expect(linked).to_be_in_viewport()
    expect(linked.locator("mark").first).to_have_text("Strategic Stability Dialogue")
    assert page.evaluate("location.hash") == f"#{turn}"
    _screenshot(page, "briefing")


def test_filter_by_speaker_and_date(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(base_url + "/search?q=dialogue")
    expect(page.locator("p.counts")).to_contain_text("3 briefings")
    page.fill("input[name=speaker]", "psaki")
    page.fill("input[name=since]", "2022-02-15")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**speaker=psaki**")
    expect(page.locator("p.counts")).to_contain_text("1 briefing,")
    expect(page.locator("ol.results h3 a")).to_have_count(1)
    expect(page.locator("input[name=since]")).to_have_value("2022-02-15")


def test_a_hostile_briefing_renders_as_text_and_runs_nothing(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{base_url}/briefings/{HOSTILE_ID}?q=dialogue&cite=2")
    expect(page.locator("h1")).to_have_text(
        "Hostile <script>alert(2)</script>", use_inner_text=True
    )
    expect(page.locator("#turn-1 .text")).to_contain_text("<script>alert(3)</script>")
    expect(page.locator("#turn-2 .text")).to_contain_text("<img src=x onerror=alert(7)>")
    assert page.locator("main script, main img").count() == 0
    page.goto(f"{base_url}/search?q=dialogue")
    expect(page.locator("ol.results")).to_contain_text("<script>alert(2)</script>")
    assert page.locator("main script, main img").count() == 0
