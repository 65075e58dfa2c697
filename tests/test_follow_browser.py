"""The web app's Following tab in a real browser (headless Chromium, as tests/test_browser.py)."""

from __future__ import annotations

import pytest

from tests.conftest import LiveServer
from tests.test_browser import browser, open_chat  # noqa: F401 - the module's browser fixture

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_following_tab_adds_an_alert_and_refuses_a_private_url(browser, live_server: LiveServer) -> None:  # noqa: ANN001, F811
    page = open_chat(browser, live_server.url)
    page.get_by_role("tab", name="Following").click()
    page.get_by_label("Alert name").fill("ports-web")
    page.get_by_label("Query (find syntax) or question ending with ?").fill('"ports alliance"')
    page.get_by_role("button", name="Add alert").click()
    status = page.locator("#pr-follow-status")
    status.get_by_text("Alert ports-web added.").wait_for(timeout=30_000)
    assert "ports-web" in page.locator("#pr-alerts").inner_text()
    # The test server's own address: refused, as any loopback address is without PRESSROOM_FOLLOW_PRIVATE=1.
    page.locator("#pr-follow-url textarea, #pr-follow-url input").first.fill(f"{live_server.url}/feed.xml")
    page.get_by_role("button", name="Follow", exact=True).click()
    status.get_by_text("Not followed:").wait_for(timeout=30_000)
    assert "PRESSROOM_FOLLOW_PRIVATE=1" in status.inner_text()
    assert page.dialogs == []
    page.close()
