"""Bad input in the web app, as a careless or hostile user (or a client of gradio's API) gives it.

The event functions of the page are called as gradio calls them: a problem is one line on the page
(a ``gr.Error`` or a status), never a traceback; nothing that would break the page's reply (a lone
surrogate, which a JSON escape can carry but UTF-8 cannot) is sent back; text from documents and
queries is escaped; what is stored stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr
import orjson
import pytest

from index.embedding import Embedder
from index.errors import IndexFailure
from index.ingesting import ingest_paths
from tests.conftest import SAMPLE
from ui.services import Services
from ui.web import build_web, md_escape_html

pytestmark = pytest.mark.integration  # the sample corpus, indexed
NO_FILTERS = ("", "", None, None, None)  # from, to, language, kind, document
UNESCAPED = re.compile(r"(?<!\\)[<>\[\]`]")  # Markdown that would be a tag, a link or code


class Page:
    """The web app's event functions, found by the element that fires them or by name."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.web = build_web(services)

    def by_element(self, elem_id: str, event: str = "click") -> Callable:
        for fn in self.web.fns.values():
            for block_id, name in fn.targets:
                if name == event and getattr(self.web.blocks.get(block_id), "elem_id", None) == elem_id:
                    return fn.fn
        raise LookupError(elem_id)

    def by_name(self, name: str) -> Callable:
        return next(fn.fn for fn in self.web.fns.values() if fn.name == name)

    def ask(self, question: str, filters: tuple = NO_FILTERS) -> list:
        """Every update the chat makes for ``question`` asked first."""
        return list(self.by_name("respond")(question, [], [], [], "extractive", *filters))


@pytest.fixture(scope="module")
def page(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    from assistant.config import PressroomSettings
    from index.settings import IndexSettings
    from ui.server import open_services
    from ui.settings import ServerSettings

    home = tmp_path_factory.mktemp("bad-web")
    services = open_services(PressroomSettings(index=IndexSettings(home=home)), ServerSettings(home=home), embedder)
    assert all(e.status == "added" for e in ingest_paths(services.store, [SAMPLE]))
    yield Page(services)
    services.close()


def surrogate_free(value: object) -> bool:
    """Whether gradio can send ``value`` back as JSON: orjson, as gradio, refuses a lone surrogate."""
    try:
        orjson.dumps(value, default=str)
    except TypeError:
        return False
    return True


# -- the chat ----------------------------------------------------------------------------------


def test_a_question_with_a_lone_surrogate_is_one_line_in_its_language(page: Page) -> None:
    with pytest.raises(gr.Error, match=r"U\+D800, half of a surrogate pair, which is not text"):
        page.ask("When \ud800 was the European Ports Alliance launched?")
    with pytest.raises(gr.Error, match=r"De vraag bevat U\+DC80"):
        page.ask("Wanneer werd de Europese havenalliantie \udc80 gelanceerd?")


def test_a_question_longer_than_the_api_takes_is_refused(page: Page) -> None:
    with pytest.raises(gr.Error, match=r"at most 2,000"):
        page.ask("When was the European Ports Alliance launched? " * 2500)  # 120,000 characters
    assert page.ask("When was the European Ports Alliance launched?" + " " * 5000)  # spaces do not count


def test_control_characters_are_not_put_in_the_chat(page: Page) -> None:
    history = page.ask("When was the European \x00Ports\x1b Alliance\x7f launched?")[-1][0]
    assert history[0]["content"] == "When was the European Ports Alliance launched?"


def test_a_forged_like_event_names_no_answer(page: Page) -> None:
    class Forged:
        index, liked = "0; DROP TABLE feedback", True

    stored = len(page.services.feedback.all())
    assert page.by_name("on_like")(Forged(), []) == (None, "")
    assert len(page.services.feedback.all()) == stored


def test_a_comment_too_long_or_not_text_is_refused_and_the_stored_one_stays(page: Page) -> None:
    on_comment = page.by_name("on_comment")
    feedback_id = page.services.feedback.add("q?", "a.", 1)
    assert on_comment(feedback_id, "  useful  ")[0] == f"Comment saved with feedback #{feedback_id}."
    status, box = on_comment(feedback_id, "x" * 4001)
    assert status == "The comment is 4,001 characters long: use at most 4,000." and box == gr.skip()
    status, box = on_comment(feedback_id, "bad \ud800 comment")
    assert "half of a surrogate pair" in status and surrogate_free((status, box))
    assert next(f for f in page.services.feedback.all() if f.id == feedback_id).comment == "useful"


# -- the briefing ------------------------------------------------------------------------------


def test_briefing_topics_that_are_not_text_too_long_or_only_control_characters(page: Page) -> None:
    on_brief = page.by_name("on_brief")
    with pytest.raises(gr.Error, match=r"The topic holds U\+D800"):
        on_brief("ports \ud800", "", "", None)
    with pytest.raises(gr.Error, match=r"The topic is 5,000 characters long: use at most 2,000\."):
        on_brief("p" * 5000, "", "", None)
    with pytest.raises(gr.Error, match=r"Type a topic first\."):
        on_brief("\x00\x01\x1b", "", "", None)
    files, view = on_brief("European Ports\x00 Alliance", None, None, None)  # null dates: an API client's
    assert view.startswith("# Briefing: European Ports Alliance") and len(files) == 3


def test_the_briefing_view_shows_a_documents_links_and_images_as_text() -> None:
    view = md_escape_html(
        "- A lure read ![x](http://evil.example/p.png) [track](javascript:alert(1)) <b>x</b> [1]\n"
        "> “Quoted [here](http://evil.example)” [2]\n"
    )
    assert "](" not in view.replace("\\](", "") and "<b>" not in view
    assert view.startswith("- A lure read !\\[x\\](http://evil.example/p.png)") and "\n> “Quoted" in view


# -- search --------------------------------------------------------------------------------------


def test_find_messages_and_summaries_escape_the_query(page: Page) -> None:
    run = page.by_element("pr-find-go")
    summary = run('"<img src=x onerror=alert(1)> [a](https://evil.example)', "relevance")[0]
    assert summary.startswith("⚠️ query") and "\\<img" in summary and not UNESCAPED.search(summary)
    summary = run("ports <b>hi</b>", "relevance")[0]
    assert "documents match “ports \\<b\\>hi\\</b\\>”" in summary and not UNESCAPED.search(summary)


def test_a_find_query_with_a_lone_surrogate_or_too_long_is_one_line(page: Page) -> None:
    run, export = page.by_element("pr-find-go"), page.by_element("pr-find-csv")
    out = run("ports \ud800", "relevance")
    assert out[0].startswith("⚠️ The query holds U\\+D800") and surrogate_free(out[:7] + out[8:])  # [7]: a State
    assert run("port " * 500, "relevance")[0] == "⚠️ The query is 2,499 characters long: use at most 2,000."
    with pytest.raises(gr.Error, match="half of a surrogate pair"):
        export("ports \ud800", "relevance")


def test_next_on_the_last_page_stays_on_it(page: Page) -> None:
    following = page.by_element("pr-find-next")
    summary, *_, page_number, _, _ = following("drug*", "relevance", 41)
    total = int(re.match(r"\*\*(\d+)\*\*", summary).group(1))
    last = max(1, -(-total // 10))
    assert f"(page {last} of {last}," in summary and page_number == last


def test_opening_a_document_when_the_index_fails_is_a_message(page: Page, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source_id: str) -> None:
        raise IndexFailure("the index cannot be read")

    monkeypatch.setattr(page.services.store, "document", broken)
    shown = page.by_element("pr-find-doc", "input")("001_a010568e1d0194d7.txt", "ports")
    assert shown == "<p>the index cannot be read</p>"


# -- the library ---------------------------------------------------------------------------------


def test_an_upload_gone_from_the_cache_is_named(page: Page, tmp_path: Path) -> None:
    before = len(page.services.documents())
    with pytest.raises(gr.Error, match=r"gone\.txt: cannot be read \(No such file or directory\)"):
        page.by_name("on_upload")([str(tmp_path / "gone.txt")], progress=lambda *a, **k: None)
    assert len(page.services.documents()) == before


# -- following -----------------------------------------------------------------------------------


def test_alert_boxes_with_unknown_names_nothing_or_lone_surrogates(page: Page) -> None:
    on_show, on_add_alert, on_add = page.by_name("on_show"), page.by_name("on_add_alert"), page.by_name("on_add")
    assert on_show("nobody")[-1] == "No alert named 'nobody': pick one from the list."
    shown = on_show("x\ud800")
    assert shown[-1].startswith("No alert named") and surrogate_free(shown)
    assert on_add_alert(None, None)[3].startswith("**No alert added:** alert name ''")
    assert on_add("  ", "30m")[3] == "**Not followed:** type the URL of a feed, a sitemap or a page first."


def test_the_entity_listing_takes_null_boxes(page: Page) -> None:
    # Before: AttributeError ('NoneType' object has no attribute 'strip') for a gradio API client's nulls.
    listed = page.by_element("pr-entity-list")(None, None)
    assert listed and all(len(row) == 5 for row in listed)
