"""Input that once ended in a traceback: a query nested hundreds of levels deep (``find``, ``alert
add``, ``/api/find``), a data folder the alerts cannot be opened in (``alert``, ``digest``), and a
``digest --since`` too far back. Each is now the usual one-line message naming the input and the
reason: exit status 2 on the command line, 400 from the API.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.alert_output import MAX_SINCE_DAYS, since_time
from index.catalogue import DocumentRecord
from index.embedding import Embedder
from index.finding import find
from index.fulltext import FullText
from index.query import MAX_DEPTH, QuerySyntaxError, parse
from pressroom.cli import app

REASON = "the query nests {} levels deep (brackets, NOT, -, title:); at most " + str(MAX_DEPTH)
BRACKETS = "(" * 300 + "migration" + ")" * 300
NOTS = "NOT " * 1000 + "migration"


# -- a query nested too deep --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "position", "depth"),
    [
        (BRACKETS, MAX_DEPTH + 1, 300),  # the first ( past the limit
        (NOTS, 4 * MAX_DEPTH + 1, 1000),
        ("-" * 500 + "migration", MAX_DEPTH + 1, 500),
        ("title: " * 300 + "migration", 7 * MAX_DEPTH + 1, 300),
        ("ports NOT (" * 150 + "migration" + ")" * 150, 11 * (MAX_DEPTH // 2) + 7, 300),
        ("(" * 2000, MAX_DEPTH + 1, 2000),  # never closed: too deep is said first
    ],
)
def test_a_query_nested_too_deep_says_how_deep(query: str, position: int, depth: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert str(caught.value) == f"query {query!r}, at character {position}: {REASON.format(depth)}"


def test_the_deepest_query_allowed_runs_in_the_engine() -> None:
    """The limit stays below what SQLite's and FTS5's parsers take: at ``MAX_DEPTH`` levels the
    shapes that cost them most still run, and find what the same query without the nesting finds."""
    table = FullText(":memory:")
    table.upsert([
        DocumentRecord(source_id="a", title="Migration pact", lang="en", kind="press_release", date="2024-03-04",
                       url="", content_hash="1", text="Ministers agreed on the migration pact.", mentions=()),
        DocumentRecord(source_id="b", title="Havens", lang="nl", kind="press_release", date="2024-03-05",
                       url="", content_hash="2", text="De ministers bespraken de havens.", mentions=()),
    ])  # fmt: skip
    shapes = {  # one level: the same query without it
        "person:keller OR (": "person:keller OR migration",
        "lang:nl OR (": "lang:nl OR migration",
        "lang:en AND NOT lang:fr OR (": "(lang:en AND NOT lang:fr) OR migration",
        "(ports ": "ports migration",
        "NOT ": "migration" if MAX_DEPTH % 2 == 0 else "NOT migration",
    }
    for level, flat in shapes.items():
        closes = ")" * MAX_DEPTH if "(" in level else ""
        deepest = level * MAX_DEPTH + "migration" + closes
        assert find(table, deepest, parse(deepest)).total == find(table, flat, parse(flat)).total, level
        with pytest.raises(QuerySyntaxError, match=f"nests {MAX_DEPTH + 1} levels deep"):
            parse("(" + deepest + ")" if closes else level + deepest)


def test_find_and_alert_add_say_a_query_is_too_deep(run) -> None:
    for args in (["find", BRACKETS], ["find", NOTS], ["alert", "add", "a1", NOTS]):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert result.stderr.startswith("pressroom: error: query '") and result.stderr.count("\n") == 1
        assert "levels deep (brackets, NOT, -, title:); at most" in result.stderr
    assert "No alerts" in run("digest").stdout  # the refused alert was not saved


def test_a_query_too_long_for_the_engine_says_so(run) -> None:
    # Flat, not nested: 1,200 ORs overflow SQLite's expression tree (before: OperationalError).
    result = run("find", "lang:en OR " * 1200 + "migration")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "too large for the full-text engine" in result.stderr and result.stderr.count("\n") == 1


def test_the_api_answers_a_query_too_deep_with_400(tmp_path: Path, embedder: Embedder) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.config import PressroomSettings
    from index.settings import IndexSettings
    from ui.api import router
    from ui.server import open_services
    from ui.settings import ServerSettings

    api = FastAPI()
    api.include_router(router)
    home = tmp_path / "home"
    api.state.services = open_services(PressroomSettings(index=IndexSettings(home=home)), ServerSettings(home=home),
                                       embedder)  # fmt: skip
    try:
        query = "NOT " * 300 + "migration"  # within the API's 2000 characters
        response = TestClient(api).get("/api/find", params={"q": query})
        assert response.status_code == 400, response.text
        assert response.json()["detail"] == f"query {query!r}, at character {4 * MAX_DEPTH + 1}: {REASON.format(300)}"
    finally:
        api.state.services.close()


# -- a data folder the alerts cannot be opened in ---------------------------------------------------

ALERT_COMMANDS = [["alert", "list"], ["alert", "add", "a1", "migration"], ["alert", "remove", "a1"], ["digest"]]


@pytest.mark.parametrize("args", ALERT_COMMANDS)
def test_alert_commands_say_when_the_home_is_a_file(args: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    home = tmp_path / "home"
    home.write_text("a file, not a folder")
    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.stderr == (f"pressroom: error: cannot open the alerts in {home / 'alerts.sqlite3'}: "
                             f"[Errno 17] File exists: '{home}'\n")  # fmt: skip


def test_alert_commands_say_when_the_alerts_file_is_not_theirs(run, tmp_path: Path) -> None:
    alerts = tmp_path / "home" / "alerts.sqlite3"
    alerts.parent.mkdir()
    alerts.write_text("not a database " * 20)
    for args in ALERT_COMMANDS:
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert result.stderr == f"pressroom: error: cannot open the alerts in {alerts}: file is not a database\n"
    alerts.unlink()
    with sqlite3.connect(alerts) as other:  # a table of the same name, written by something else
        other.execute("CREATE TABLE alerts (name TEXT PRIMARY KEY)")
    other.close()
    result = run("alert", "add", "a1", "migration")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.stderr == (f"pressroom: error: cannot use the alerts in {alerts}: "
                             "table alerts has no column named query\n")  # fmt: skip


# -- digest --since too far back ------------------------------------------------------------------


def test_digest_since_too_far_back(run) -> None:
    for since in ("99999999999999999999d", "9999999999999d", f"{MAX_SINCE_DAYS + 1}d", f"{MAX_SINCE_DAYS * 24 + 1}h"):
        result = run("digest", "--since", since)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert result.stderr == (f"pressroom: error: --since {since!r}: too far back; at most {MAX_SINCE_DAYS} days "
                                 "(100 years)\n")  # fmt: skip
    oldest = run("digest", "--since", f"{MAX_SINCE_DAYS}d")
    assert oldest.exit_code == 0 and oldest.stdout.startswith("# Pressroom digest since 19"), oldest.output
    with pytest.raises(ValueError, match="too far back"):
        since_time("9" * 5000 + "d")  # past int()'s 4300 digits: the same message, not int()'s
    assert since_time(f"{MAX_SINCE_DAYS}d", now=MAX_SINCE_DAYS * 86400.0) == "1970-01-01T00:00:00.000Z"
