"""``pressroom follow``, ``pressroom alert`` and ``pressroom digest``: thin entry points over
``assistant.following`` (sources followed, alerts run over what they bring)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from assistant.alert_output import digest_markdown, since_time
from assistant.alerts import AlertError, AlertStore
from assistant.console import fail, one_line, session, settings
from index.followed import FollowError, FollowState, brought, every_text, parse_every
from ingest.fetching import FetchError, check_url

# assistant.following (the index, the assistant) is imported by the commands that run sources:
# listing and adding stay instant.
FOLLOW_DB, ALERTS_DB = "follow.sqlite3", "alerts.sqlite3"

follow_app = typer.Typer(help="Follow feeds, sitemaps, pages and folders: keep the index up to date by itself.",
                         no_args_is_help=True)
alert_app = typer.Typer(help="Saved searches run against every new document: a feed, a webhook, a digest.",
                        no_args_is_help=True)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _home() -> Path:
    return settings().index.home


def follow_settings():  # noqa: ANN201 - assistant.following.FollowSettings, imported here
    """The follow settings read once at the entry point; a bad value is a one-line error."""
    from assistant.following import FollowSettings

    try:
        return FollowSettings.from_env(os.environ)
    except ValueError as exc:
        fail(f"invalid setting: {exc}")


@contextmanager
def _state():
    try:
        state = FollowState(_home() / FOLLOW_DB)
    except (OSError, sqlite3.Error) as exc:
        fail(f"cannot open the follow state in {_home()}: {exc}")
    try:
        yield state
    except FollowError as exc:
        fail(str(exc))
    finally:
        state.close()


@contextmanager
def _alerts():
    try:
        store = AlertStore(_home() / ALERTS_DB)
    except (OSError, sqlite3.Error) as exc:
        fail(f"cannot open the alerts in {_home() / ALERTS_DB}: {exc}")
    try:
        yield store
    except (AlertError, ValueError) as exc:
        fail(str(exc))
    except sqlite3.Error as exc:  # the file went bad or read-only after it opened
        fail(f"cannot use the alerts in {_home() / ALERTS_DB}: {exc}")
    finally:
        store.close()


@follow_app.command("add")
def follow_add(
    target: Annotated[str, typer.Argument(help="An RSS or Atom feed, a sitemap or a page (http/https), or a folder.")],
    every: Annotated[str, typer.Option(help="How often: 30m, 2h, 1d...")] = "30m",
    name: Annotated[str | None, typer.Option(help="A short name (default: from the URL or the folder).")] = None,
    max_items: Annotated[int, typer.Option(help="Most items read from one listing.")] = 500,
) -> None:
    """Follow a URL or a folder: `follow run` and `serve` poll it on its schedule."""
    if "://" in target:
        try:
            check_url(target, follow_settings().allow_private)
        except FetchError as exc:
            fail(str(exc))
    with _state() as state:
        source = state.add(target, parse_every(every), name, max_items)
    print(f"following {source.name}: {source.target} every {every}")


@follow_app.command("list")
def follow_list(as_json: AsJson = False) -> None:
    """The followed sources: schedule, last run, what it brought, errors."""
    with _state() as state:
        sources = state.sources()
    if as_json:
        print(json.dumps([s.to_dict() for s in sources], ensure_ascii=False, indent=1))
        return
    for s in sources:
        print(f"{s.name}\t{s.target}\tevery {every_text(s.every_s)}\tlast run {s.last_run or 'never'}"
              f"\t{brought(s.last_report)}"
              + (f"\t{s.failures} failures in a row" if s.failures else "")
              + (f"\terror: {one_line(s.last_error)}" if s.last_error else ""))
    print(f"{len(sources)} sources followed", file=sys.stderr)


@follow_app.command("items")
def follow_items(name: str, as_json: AsJson = False) -> None:
    """What one source listed: each item's document, whether it is still listed, its last error."""
    with _state() as state:
        state.source(name)
        items = sorted(state.items(name).values(), key=lambda i: i.first_seen)
    if as_json:
        print(json.dumps([i.__dict__ for i in items], ensure_ascii=False, indent=1))
        return
    for i in items:
        status = f"no longer listed since {i.gone_since}" if i.gone_since else "listed"
        print(f"{i.key}\t{i.source_id or '-'}\t{status}" + (f"\terror: {one_line(i.error)}" if i.error else ""))


@follow_app.command("remove")
def follow_remove(name: str) -> None:
    """Stop following a source; the documents it brought stay in the index."""
    with _state() as state:
        state.remove(name)
    print(f"no longer following {name} (its documents stay in the index)")


@follow_app.command("run")
def follow_run(
    names: Annotated[list[str] | None, typer.Argument(help="Only these sources, due or not (default: all that are due).")] = None,  # noqa: E501
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (else keep polling on schedule).")] = False,
    as_json: AsJson = False,
) -> None:
    """Poll the followed sources that are due, ingest what is new or changed, and run the alerts."""
    from assistant.following import Follower

    chosen = follow_settings()
    with session() as room:
        follower = Follower.open(room.settings.index.home, room.store, room.assistant, chosen)
        try:
            while True:
                reports, found = follower.run(names, due_only=not names, report=None if as_json else _print_report)
                _print_found(found, as_json, reports)
                if once or names:
                    break
                wait = max(1.0, (follower.next_due() or time.time() + 60) - time.time())
                signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
                time.sleep(min(wait, 3600))
        except FollowError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            print()
        finally:
            follower.close()


def _print_report(report) -> None:  # noqa: ANN001 - index.polling.PollReport
    print(one_line(report.summary()), flush=True)
    for key, reason in report.item_errors[:20]:
        print(f"  item error: {one_line(key)}: {one_line(reason)}", file=sys.stderr)


def _print_found(found: dict, as_json: bool, reports: list) -> None:
    if as_json:
        print(json.dumps({"sources": [r.to_dict() for r in reports],
                          "alerts": {k: [m.to_dict() for m in v] for k, v in found.items()}}, ensure_ascii=False))
        return
    for name, matches in found.items():
        print(f"alert {name}: {len(matches)} new")


@alert_app.command("add")
def alert_add(
    name: str,
    query: Annotated[str, typer.Argument(help='A find query (words, "phrases", AND/OR/NOT, lang:...) or a question '
                                         "(ending with ?).")],
    webhook: Annotated[str, typer.Option(help="POST each batch of new matches as JSON to this URL.")] = "",
    kind: Annotated[str | None, typer.Option(help="find or question (default: question when it ends with ?).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only documents in this language.")] = None,
    doc_kind: Annotated[str | None, typer.Option("--doc-kind", help="Only this kind: press_release, ...")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Only documents dated on or after (YYYY[-MM[-DD]]).")] = None,  # noqa: E501
    date_to: Annotated[str | None, typer.Option("--to", help="Only documents dated on or before.")] = None,
) -> None:
    """Save an alert: every new document that matches it is kept for its feed, webhook and the digest."""
    filters = {"lang": lang, "kind": doc_kind, "date_from": date_from, "date_to": date_to}
    if webhook:
        try:
            check_url(webhook, follow_settings().allow_private)
        except FetchError as exc:
            fail(str(exc))
    with _alerts() as alerts:
        alert = alerts.add(name, query, kind, webhook, filters)
    print(f"alert {alert.name} ({alert.kind}): {alert.query}" + (f"; webhook {webhook}" if webhook else "")
          + "".join(f"; {k} {v}" for k, v in alert.filters.items()))


@alert_app.command("list")
def alert_list(as_json: AsJson = False) -> None:
    """The alerts, with how many matches are new since they were last looked at."""
    with _alerts() as alerts:
        rows = [(a, alerts.unseen(a.name)) for a in alerts.alerts()]
    if as_json:
        print(json.dumps([{**a.to_dict(), "new": n} for a, n in rows], ensure_ascii=False, indent=1))
        return
    for a, n in rows:
        print(f"{a.name}\t{a.kind}\t{a.query}\t{n} new" + (f"\twebhook {a.webhook}" if a.webhook else "")
              + (f"\terror: {one_line(a.last_error)}" if a.last_error else ""))
    print(f"{len(rows)} alerts", file=sys.stderr)  # as `follow list`: an empty list is said, on stderr


@alert_app.command("remove")
def alert_remove(name: str) -> None:
    """Delete an alert and its matches (the documents stay)."""
    with _alerts() as alerts:
        alerts.remove(name)
    print(f"removed alert {name}")


def digest(
    since: Annotated[str, typer.Option(help="How far back: 24h, 7d, 90m, 2w.")] = "24h",
    alert: Annotated[str | None, typer.Option(help="Only this alert.")] = None,
) -> None:
    """Print in Markdown what arrived per alert: title, date, source and the matching sentence, quoted."""
    with _alerts() as alerts:
        start = since_time(since)
        chosen = [alerts.alert(alert)] if alert else alerts.alerts()
        found = [(a, alerts.matches(a.name, start)) for a in chosen]
    sys.stdout.write(digest_markdown(found, start))
