"""Alerts: saved searches over new documents, their Atom feed, webhook and digest; and `serve` polling.

The end-to-end test runs the real server (uvicorn, token on) with its background poller against a
press office on 127.0.0.1 (tests/press_site.py): a new release published there appears in the
index, in the alert's Atom feed (read back with feedparser) and in the webhook's request.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from assistant.alert_output import atom_feed, digest_markdown, since_time
from assistant.alerts import Alert, AlertError, AlertStore, Match, check_alerts, deliver, now_text
from assistant.assistant import Assistant
from assistant.following import FollowSettings
from index.embedding import Embedder
from index.store import PassageStore
from ingest.fetching import FetchError
from tests.conftest import TOKEN, LiveServer
from tests.press_site import NEW_RELEASE, RELEASES, Page, Site, publish, rss
from tests.test_follow import check_index


def test_alert_store(tmp_path: Path) -> None:
    alerts = AlertStore(tmp_path / "alerts.sqlite3")
    assert alerts.add("ports", '"ports alliance" OR ransomware').kind == "find"
    assert alerts.add("when", "When was the ports alliance launched?").kind == "question"
    with pytest.raises(ValueError, match="has no closing quote"):
        alerts.add("bad", '"ports')
    with pytest.raises(AlertError, match="exists already"):
        alerts.add("ports", "x")
    with pytest.raises(AlertError, match="use an http"):
        alerts.add("hook", "x", webhook="file:///tmp/x")
    with pytest.raises(ValueError, match="last week"):
        alerts.add("dated", "x", filters={"date_from": "last week"})
    with pytest.raises(AlertError, match=r"alert filters \['source'\]: use date_from, date_to, kind, lang"):
        alerts.add("odd", "x", filters={"source": "a.txt"})
    assert [a.name for a in alerts.alerts()] == ["ports", "when"]
    match = Match("ports", "a", "Ports", "2024-01-25", "http://x/a", "en", "The alliance was launched.", now_text())
    assert alerts.keep([match]) == [match] and alerts.keep([match]) == []  # matched again: not new
    assert alerts.unseen("ports") == 1
    time.sleep(0.002)
    alerts.mark_seen("ports")
    assert alerts.unseen("ports") == 0
    alerts.remove("when")
    with pytest.raises(AlertError, match="no alert named 'when'"):
        alerts.alert("when")
    alerts.close()


def test_feed_and_digest_shapes() -> None:
    alert = Alert("ports", '"ports alliance"', "find", created_at="2024-01-01T00:00:00Z")
    matches = [Match("ports", "a", "Ports & harbours <launch>", "2024-01-25", "http://x/a?x=1&y=2", "en",
                     "The European Ports Alliance was launched.", "2024-01-26T10:00:00Z")]
    parsed = feedparser.parse(atom_feed(alert, matches, "http://pressroom/alerts/ports.atom"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert (entry.title, entry.link) == ("Ports & harbours <launch>", "http://x/a?x=1&y=2")
    assert entry.summary == "The European Ports Alliance was launched."
    text = digest_markdown([(alert, matches), (Alert("none", "x", "find"), [])], "2024-01-25T00:00:00Z")
    assert "## ports: 1 new" in text and "> The European Ports Alliance was launched." in text
    assert "(2024-01-25, en; source `a`)" in text and "Nothing new." in text
    assert since_time("24h", now=86400.0) == "1970-01-01T00:00:00.000Z"
    with pytest.raises(ValueError, match="use a number with m, h, d or w"):
        since_time("yesterday")


@pytest.mark.integration
def test_alerts_match_new_documents(site: Site, tmp_path: Path, store: PassageStore, embedder: Embedder) -> None:
    from index.ingesting import ingest_paths

    (tmp_path / "docs").mkdir()
    for r in [*RELEASES, NEW_RELEASE]:
        day = time.strftime("%-d %B %Y", time.strptime(r["date"], "%Y-%m-%d"))
        (tmp_path / "docs" / f"{r['id']}.md").write_text(f"# {r['title']}\n\nBrussels, {day}\n\n{r['text']}\n",
                                                         encoding="utf-8")  # fmt: skip
    assert all(e.status == "added" for e in ingest_paths(store, [tmp_path / "docs"]))
    alerts = AlertStore(tmp_path / "alerts.sqlite3")
    alerts.add("ransom", "ransomware AND hospitals", webhook=f"{site.url}/hook")
    alerts.add("ports", '"ports alliance"')
    alerts.add("hospitals", "What does the cyber resilience plan protect hospitals against?")
    alerts.add("ransom-fr", "ransomware", filters={"lang": "fr"})  # the release is in English
    alerts.add("ransom-march", "ransomware", filters={"date_from": "2024-03", "date_to": "2024-03"})
    alerts.add("ransom-2023", "What does the cyber resilience plan protect hospitals against?",
               filters={"date_to": "2023-12-31"})
    posted: list = []
    found = check_alerts(alerts, store, Assistant(store, embedder), ["cyber-resilience.md", "e-evidence.md"],
                         lambda url, payload: posted.append((url, payload)))
    assert sorted(found) == ["hospitals", "ransom", "ransom-march"]  # the ports release is not new; filters hold
    quote = found["ransom"][0].quote
    assert quote == "Ministers backed a cyber resilience plan to protect hospitals against ransomware attacks."
    assert "ransomware" in found["hospitals"][0].quote
    assert posted[0][0] == f"{site.url}/hook" and posted[0][1]["matches"][0]["source_id"] == "cyber-resilience.md"
    assert check_alerts(alerts, store, Assistant(store, embedder), ["cyber-resilience.md"]) == {}  # not new again

    # A webhook that fails gets the matches it missed later, after its retry delay, once.
    alerts.add("late", "ransomware", webhook=f"{site.url}/hook")

    def down(url: str, payload: object) -> None:
        raise FetchError(f"{url}: HTTP 503 Service Unavailable")

    check_alerts(alerts, store, Assistant(store, embedder), ["cyber-resilience.md"], down)
    assert alerts.alert("late").last_error == f"webhook: {site.url}/hook: HTTP 503 Service Unavailable"
    later: list = []
    deliver(alerts, alerts.alert("late"), lambda url, payload: later.append(payload))
    assert later == []  # too soon
    deliver(alerts, alerts.alert("late"), lambda url, payload: later.append(payload), now=time.time() + 301)
    deliver(alerts, alerts.alert("late"), lambda url, payload: later.append(payload), now=time.time() + 302)
    assert [[m["source_id"] for m in p["matches"]] for p in later] == [["cyber-resilience.md"]]
    assert alerts.alert("late").last_error == ""
    alerts.close()


def _get(url: str, token: str | None = TOKEN) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.integration
def test_serve_polls_and_alerts_end_to_end(site: Site, tmp_path: Path, embedder: Embedder) -> None:
    from assistant.config import PressroomSettings
    from index.settings import IndexSettings
    from ui.follow_service import Poller, follower_of
    from ui.server import open_services
    from ui.settings import ServerSettings
    from ui.web_follow import alert_rows, matches_markdown, source_rows, tab_label

    publish(site, RELEASES)
    site.pages["/rss"] = Page(rss(site.url, RELEASES), "application/rss+xml")
    home = tmp_path / "home"
    services = open_services(PressroomSettings(index=IndexSettings(home=home)), ServerSettings(home=home, token=TOKEN),
                             embedder)  # fmt: skip
    # What `pressroom serve` opens before its app, with loopback allowed (PRESSROOM_FOLLOW_PRIVATE=1), no host delay.
    follower = follower_of(services, FollowSettings(allow_private=True, host_delay_s=0))
    server = LiveServer(services, TOKEN)
    poller = Poller(services, follower, tick_s=0.2, sweep_s=0.5)
    poller.start()
    try:
        assert _get(f"{server.url}/api/follow", token=None)[0] == 401
        _post(f"{server.url}/api/follow", {"target": f"{site.url}/rss", "every": "1s", "name": "council"})
        deadline = time.monotonic() + 60
        while len(services.documents()) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(services.documents()) == 3
        _post(f"{server.url}/api/alerts", {"name": "ransom", "query": "ransomware", "webhook": f"{site.url}/hook"})
        assert _get(f"{server.url}/alerts/ransom.atom", token=None)[0] == 401
        assert feedparser.parse(_get(f"{server.url}/alerts/ransom.atom")[1]).entries == []

        publish(site, [NEW_RELEASE])
        site.pages["/rss"] = Page(rss(site.url, [*RELEASES, NEW_RELEASE]), "application/rss+xml")
        published = time.monotonic()
        while not site.posted and time.monotonic() - published < 30:
            time.sleep(0.1)
        took = time.monotonic() - published
        assert site.posted, "no webhook call"
        assert took < 1 + 0.2 + 10, took  # one poll interval, a tick, and the work itself
        new_id = f"{site.url}/articles/cyber-resilience"
        assert services.document(new_id).title == NEW_RELEASE["title"]
        assert [m["source_id"] for m in site.posted[0]["matches"]] == [new_id]
        assert "ransomware" in site.posted[0]["matches"][0]["quote"]
        feed = feedparser.parse(_get(f"{server.url}/alerts/ransom.atom?token={TOKEN}", token=None)[1])  # a reader
        assert [(e.title, e.link) for e in feed.entries] == [(NEW_RELEASE["title"], new_id)]
        assert "ransomware" in feed.entries[0].summary
        listed = json.loads(_get(f"{server.url}/api/alerts")[1])
        assert listed[0]["new"] == 1 and tab_label(services) == "Following (1 new)"
        assert json.loads(_get(f"{server.url}/api/alerts/ransom")[1])["matches"][0]["source_id"] == new_id
        assert json.loads(_get(f"{server.url}/api/alerts")[1])[0]["new"] == 0
        sources = json.loads(_get(f"{server.url}/api/follow")[1])
        assert sources[0]["name"] == "council" and sources[0]["failures"] == 0
        # The web app's Following tab shows the same.
        assert source_rows(services)[0][:2] == ["council", f"{site.url}/rss"]
        assert alert_rows(services)[0][:4] == ["ransom", "find", "ransomware", 0]
        assert tab_label(services) == "Following"  # the match was looked at through /api/alerts/ransom
        assert NEW_RELEASE["title"] in matches_markdown(services, "ransom")
        # A document that comes another way (an upload) is matched too, at the next sweep.
        note = b"Hospital attack\n\nA ransomware attack closed the emergency ward of a hospital in Ghent on 3 May.\n"
        request = urllib.request.Request(f"{server.url}/api/documents", method="POST", headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=b"},
            data=b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"ghent.txt\"\r\n"
                 b"Content-Type: text/plain\r\n\r\n" + note + b"\r\n--b--\r\n")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())[0]["status"] == "added"
        uploaded = time.monotonic()
        while len(site.posted) < 2 and time.monotonic() - uploaded < 30:
            time.sleep(0.1)
        assert [m["source_id"] for m in site.posted[1]["matches"]] == ["ghent.txt"]
        assert site.posted[1]["matches"][0]["quote"].startswith("A ransomware attack closed the emergency ward")
        ran = _post(f"{server.url}/api/follow/council/run", {})
        assert ran["report"]["source"] == "council" and ran["report"]["error"] == ""
        with pytest.raises(urllib.error.HTTPError) as refused:
            _post(f"{server.url}/api/follow", {"target": "file:///etc/passwd"})
        assert refused.value.code == 400 and "only http and https" in refused.value.read().decode()
        for path in ("/api/alerts/ransom", "/api/follow/council"):
            deleted = urllib.request.Request(f"{server.url}{path}", method="DELETE",
                                             headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
            with urllib.request.urlopen(deleted, timeout=30) as response:
                assert json.loads(response.read())["removed"] in ("ransom", "council")
        assert json.loads(_get(f"{server.url}/api/follow")[1]) == []
        assert _get(f"{server.url}/alerts/ransom.atom")[0] == 404
        assert services.document(new_id).title == NEW_RELEASE["title"]  # its documents stay
        check_index(services.store)
    finally:
        poller.stop()
        server.stop()


@pytest.mark.slow
def test_cli_follow_run_alert_digest(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PRESSROOM_FOLLOW_DELAY", "0")
    publish(site, RELEASES)
    site.pages["/rss"] = Page(rss(site.url, RELEASES), "application/rss+xml")
    runner = CliRunner()

    def run(*args: str):  # noqa: ANN202 - click's Result
        return runner.invoke(app, list(args))

    refused = run("follow", "add", f"{site.url}/rss")
    assert refused.exit_code == 2 and "PRESSROOM_FOLLOW_PRIVATE=1" in refused.stderr
    monkeypatch.setenv("PRESSROOM_FOLLOW_PRIVATE", "1")
    assert run("follow", "add", f"{site.url}/rss", "--every", "30m", "--name", "council").exit_code == 0
    added = run("alert", "add", "schengen", "Schengen AND borders", "--lang", "en", "--from", "2024")
    assert added.exit_code == 0 and "; lang en; date_from 2024" in added.stdout
    bad_date = run("alert", "add", "later", "x", "--from", "soon")
    assert bad_date.exit_code == 2 and "soon" in bad_date.stderr and "Traceback" not in bad_date.output
    first = run("follow", "run", "--once")
    assert first.exit_code == 0, first.output
    assert "council: 3 added" in first.stdout and "alert schengen: 1 new" in first.stdout
    again = run("follow", "run", "--once")  # not due for 30 minutes: nothing polled
    assert again.exit_code == 0 and again.stdout == ""
    listed = run("follow", "list")
    assert "council" in listed.stdout and "3 added" in listed.stdout
    digest = run("digest", "--since", "1h")
    assert "## schengen: 1 new" in digest.stdout
    assert "> Home affairs ministers discussed the second state of Schengen report in Brussels." in digest.stdout
    bad = run("follow", "add", str(tmp_path / "nowhere"))
    assert bad.exit_code == 2 and "not a folder, nor an http(s) URL" in bad.stderr and "Traceback" not in bad.output
    assert run("follow", "remove", "council").exit_code == 0
    assert "no followed source named 'council'" in run("follow", "remove", "council").stderr


@pytest.mark.slow
def test_a_real_serve_process_polls_a_source_added_from_the_cli(site: Site, tmp_path: Path) -> None:
    """`pressroom serve` itself (ui/serving.py) starts the poller: a source added by the CLI while it
    runs is polled, and a bad follow setting stops serve with one line."""
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import ROOT

    publish(site, RELEASES[:1])
    site.pages["/rss"] = Page(rss(site.url, RELEASES[:1]), "application/rss+xml")
    home = tmp_path / "home"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}, "PRESSROOM_HOME": str(home),
           "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), "PRESSROOM_FOLLOW_PRIVATE": "1"}  # fmt: skip
    pressroom = [sys.executable, "-m", "pressroom"]
    bad = subprocess.run([*pressroom, "serve", "--port", "1"], env={**env, "PRESSROOM_FOLLOW_DELAY": "-1"},
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode == 2 and "PRESSROOM_FOLLOW_DELAY" in bad.stderr and "Traceback" not in bad.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*pressroom, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not (home / "server.json").exists():
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        added = subprocess.run([*pressroom, "follow", "add", f"{site.url}/rss", "--every", "1m", "--name", "council"],
                               env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
        assert added.returncode == 0, added.stderr
        found: list = []
        while not found and time.monotonic() < deadline + 60:
            found = json.loads(_get(f"http://127.0.0.1:{port}/api/documents", token=None)[1])
            time.sleep(0.3)
        assert [d["source_id"] for d in found] == [f"{site.url}/articles/ports-alliance"]
        listed = subprocess.run([*pressroom, "follow", "list"], env=env, capture_output=True, text=True, timeout=120)
        assert "council" in listed.stdout and "1 added" in listed.stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
