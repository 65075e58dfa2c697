"""The web app in a real browser: headless Chromium (Debian's), driven by Playwright.

The setup installs Chromium with apt when it is missing and the test runs as root (as in CI).
Elsewhere, without Chromium, the tests skip and say how to install it; with ``CI`` set they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, TOKEN, LiveServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCREENSHOTS = ROOT / "runs" / "browser"


def chromium_path() -> str | None:
    """Debian's Chromium, installed with apt first if it is missing and we may."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        subprocess.run(command, env=env, check=False, capture_output=True, timeout=900)
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed: apt-get install chromium (as root), then run the tests again"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def open_chat(browser, url: str):  # noqa: ANN001, ANN201 - Playwright's own types
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(url, wait_until="load", timeout=60_000)
    page.locator("#pr-question textarea").wait_for(timeout=30_000)
    return page


def ask(page, question: str) -> None:  # noqa: ANN001
    cards_before = page.locator(".pr-turn").count()
    page.locator("#pr-question textarea").fill(question)
    page.locator("#pr-ask").click()
    page.locator(".pr-turn").nth(cards_before).wait_for(timeout=60_000)


def test_ask_stream_cite_and_open_the_source(browser, live_server: LiveServer) -> None:  # noqa: ANN001
    page = open_chat(browser, live_server.url)
    examples = page.locator("#pr-chat button").filter(has_text="?")
    assert examples.count() >= 1, "the empty chat offers example questions"
    # Record every state the answer passes through, to see it stream in.
    page.evaluate("""() => {
        window.prStates = new Set();
        new MutationObserver(() => {
            const bots = document.querySelectorAll('#pr-chat .message.bot, #pr-chat [data-testid="bot"]');
            if (bots.length) window.prStates.add(bots[bots.length - 1].innerText);
        }).observe(document.getElementById('pr-chat'), {subtree: true, childList: true, characterData: true});
    }""")
    ask(page, "When was the European Ports Alliance launched?")
    states = page.evaluate("Array.from(window.prStates)")
    assert any("Searching" in s for s in states) and len(states) >= 4, states
    bot = page.locator("#pr-chat .message.bot, #pr-chat [data-testid='bot']").last
    assert "24th of January" in bot.inner_text()
    marker = page.locator('#pr-chat a[href^="#src-"]').first
    target = marker.get_attribute("href")[1:]
    marker.click()
    card = page.locator(f"#{target}")
    card.wait_for(state="visible")
    page.wait_for_function(f"document.getElementById('{target}').classList.contains('pr-target')")
    assert card.is_visible()
    quote = card.locator("mark").inner_text()
    assert quote and " ".join(quote.split()) in " ".join(bot.inner_text().split())
    assert "meeting page" in card.inner_text() or "press" in card.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)

    before = len(live_server.services.feedback.all())
    page.locator("#pr-chat").get_by_label("Like", exact=True).last.click()
    page.get_by_text("thumbs up is saved").wait_for(timeout=15_000)
    page.locator("#pr-comment textarea").fill("Right date, thanks.")
    page.get_by_role("button", name="Send comment").click()
    page.get_by_text("Comment saved").wait_for(timeout=15_000)
    stored = live_server.services.feedback.all()
    assert len(stored) == before + 1 and stored[-1].rating == 1 and stored[-1].comment == "Right date, thanks."
    assert stored[-1].question == "When was the European Ports Alliance launched?"

    ask(page, "And who did the ministers discuss it with?")
    assert "Understood as:" in page.locator("#pr-chat").inner_text()
    page.locator("#pr-copy").click()
    markdown = page.locator("#pr-markdown textarea")
    markdown.wait_for()
    assert "[^1]: “" in markdown.input_value()
    assert page.dialogs == []
    page.close()


def test_document_markup_never_runs(browser, secured_server: LiveServer) -> None:  # noqa: ANN001
    page = open_chat(browser, f"{secured_server.url}/?token={TOKEN}")
    ask(page, "Which string did the ministry warn was found in a press release?")
    ask(page, "What did attackers use in fake Council pages?")
    panel = page.locator("#pr-sources")
    text = panel.inner_text()
    assert "<script>window.pwned=1</script>" in text or 'onerror="window.pwned=2"' in text
    assert page.evaluate("window.pwned") is None
    assert page.locator("#pr-sources script, #pr-sources img, #pr-chat img[onerror]").count() == 0
    assert page.dialogs == []
    page.screenshot(path=str(SCREENSHOTS / "hostile.png"), full_page=True)
    page.close()


def test_library_upload_shows_per_file_results(browser, secured_server: LiveServer, tmp_path: Path) -> None:  # noqa: ANN001
    good = tmp_path / "ferry strike.txt"
    good.write_text("Ferry strike ends\n\nCalais, 9 June 2024\n\nThe ferry unions ended their strike on 9 June.\n")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n%truncated")
    page = open_chat(browser, f"{secured_server.url}/?token={TOKEN}")
    page.get_by_role("tab", name="Library").click()
    page.locator("#pr-upload input[type=file]").set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="Ingest uploaded files").click()
    page.get_by_text("1 ingested, 1 failed.").wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "ferry_strike.txt" in body and "broken.pdf" in body
    assert "ferry_strike.txt" in [d.source_id for d in secured_server.services.documents()]
    page.close()


def test_briefing_tab_makes_a_cited_briefing_with_downloads(browser, live_server: LiveServer) -> None:  # noqa: ANN001
    page = open_chat(browser, live_server.url)
    page.get_by_role("tab", name="Briefing").click()
    page.locator("#pr-brief-topic textarea").fill("European Ports Alliance")
    page.locator("#pr-brief-make").click()
    view = page.locator("#pr-brief")
    view.get_by_text("Quotes by speaker").wait_for(timeout=60_000)
    text = view.inner_text()
    assert "Key points" in text and "Timeline" in text and "Sources" in text
    assert "Annelies Verlinden" in text and "[1]" in text
    for suffix, starts in ((".md", b"# Briefing"), (".html", b"<!doctype html>"), (".docx", b"PK")):
        link = page.locator(f'#pr-brief-files a[download="european-ports-alliance{suffix}"]')
        link.wait_for(timeout=15_000)
        assert httpx.get(link.get_attribute("href"), timeout=30).content.startswith(starts)
    page.screenshot(path=str(SCREENSHOTS / "briefing.png"), full_page=True)
    page.close()


def test_search_tab_counts_narrows_exports_and_opens_at_the_match(browser, live_server: LiveServer) -> None:  # noqa: ANN001
    page = open_chat(browser, live_server.url)
    page.get_by_role("tab", name="Search").click()
    page.locator("#pr-find-q textarea").fill("drug*")
    page.locator("#pr-find-go").click()
    summary = page.locator("#pr-find-summary")
    summary.get_by_text("documents match").wait_for(timeout=60_000)
    assert "5 documents match" in summary.inner_text()  # every sample document says drug(s)/drugshandel
    results = page.locator("#pr-find-results")
    assert results.locator(".pr-hit").count() == 5 and results.locator("mark").count() >= 5
    assert page.locator("#pr-find-histogram .pr-histogram").count() == 1
    # A facet narrows the query, in plain sight.
    page.locator("#pr-facet-lang").get_by_text("nl (1)").click()
    summary.get_by_text("1 document matches").wait_for(timeout=30_000)
    assert page.locator("#pr-find-q textarea").input_value() == "(drug*) lang:nl"
    assert "drugshandel" in results.inner_text().lower()
    # The whole result as CSV.
    page.locator("#pr-find-csv").click()
    link = page.locator("#pr-find-export a").first
    link.wait_for(timeout=30_000)
    body = httpx.get(link.get_attribute("href"), timeout=30).text
    assert body.startswith("source_id,title,date,lang,kind") and "003_74bc165e444463b9.txt" in body
    # The document opens at its first match.
    page.locator("#pr-find-doc input").click()
    page.get_by_role("option").first.click()
    view = page.locator("#pr-find-view")
    view.locator("mark#pr-match-1").wait_for(timeout=30_000)
    assert view.locator("mark").count() >= 3 and "3 matches" in view.inner_text()
    # A query it cannot read says where, and nothing breaks.
    page.locator("#pr-find-q textarea").fill("drug AND (")
    page.locator("#pr-find-go").click()
    summary.get_by_text("at character").wait_for(timeout=30_000)
    assert view.inner_text() == ""  # the document of the last search is closed
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    assert page.dialogs == []
    page.close()


def test_people_tab_lists_opens_an_entity_and_screens_names(browser, live_server: LiveServer) -> None:  # noqa: ANN001
    page = open_chat(browser, live_server.url)
    page.get_by_role("tab", name="People & organisations").click()
    table = page.locator("#pr-entities")
    table.get_by_text("Annelies Verlinden").first.wait_for(timeout=60_000)
    page.locator("#pr-entity-kind").get_by_text("People").click()
    page.wait_for_function("!document.querySelector('#pr-entities').innerText.includes('Brussels')", timeout=30_000)
    assert "Nicole de Moor" in table.inner_text()
    next(cell for cell in table.get_by_text("Annelies Verlinden").all() if cell.is_visible()).click()
    entity = page.locator("#pr-entity-page")
    entity.get_by_text("Documents").first.wait_for(timeout=30_000)
    text = entity.inner_text()
    assert "Annelies Verlinden" in text and "Written as" in text and "Named in the same documents" in text
    page.locator("#pr-screen-names textarea").fill("Annelies Verlinden\nYlva Johansson\nZebulon Quarterfield")
    page.locator("#pr-screen-go").click()
    results = page.locator("#pr-screen-results")
    results.get_by_text("Zebulon Quarterfield").wait_for(timeout=60_000)
    said = results.inner_text()
    assert "Zebulon Quarterfield: 0 documents" in said and "Annelies Verlinden: 4 documents" in said, said
    link = page.locator("#pr-screen-export a").first
    link.wait_for(timeout=30_000)
    assert httpx.get(link.get_attribute("href"), timeout=30).text.startswith("name,")
    page.screenshot(path=str(SCREENSHOTS / "people.png"), full_page=True)
    assert page.dialogs == []
    page.close()
