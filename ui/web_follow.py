"""The web app's Following tab: the followed sources (last run, what each brought, errors) and the
alerts with their "n new" count since they were last looked at."""

from __future__ import annotations

import gradio as gr

from assistant.alerts import AlertError
from index.followed import FollowError, brought, every_text, parse_every
from ingest.fetching import FetchError, check_url
from ui.follow_service import follower_of
from ui.render import md_escape
from ui.services import Services

SOURCE_COLUMNS = ["name", "URL or folder", "every", "last run", "brought", "failures", "error"]
ALERT_COLUMNS = ["alert", "kind", "query", "new", "webhook", "error"]
BADGE_S = 30  # seconds between two refreshes of an open page's Following tab


def source_rows(services: Services) -> list[list]:
    """One row per followed source."""
    rows = []
    for s in follower_of(services).state.sources():
        rows.append([s.name, s.target, every_text(s.every_s), s.last_run or "never", brought(s.last_report),
                     s.failures, s.last_error])  # fmt: skip
    return rows


def alert_rows(services: Services) -> list[list]:
    """One row per alert, with its count of matches not yet looked at."""
    alerts = follower_of(services).alerts
    return [[a.name, a.kind, a.query, alerts.unseen(a.name), a.webhook, a.last_error] for a in alerts.alerts()]


def tab_label(services: Services) -> str:
    """The tab's name, with the count of alert matches not yet looked at (the "n new" badge)."""
    alerts = follower_of(services).alerts
    new = sum(alerts.unseen(a.name) for a in alerts.alerts())
    return f"Following ({new} new)" if new else "Following"


def matches_markdown(services: Services, name: str) -> str:
    """An alert's matches, newest first, each with its title, date, source and sentence; marks them seen."""
    alerts = follower_of(services).alerts
    if name not in {a.name for a in alerts.alerts()}:  # typed into the box, or removed meanwhile
        return f"No alert named {md_escape(repr(name))}: pick one from the list."  # repr: no lone surrogate echoed
    matches = alerts.matches(name)
    alerts.mark_seen(name)
    if not matches:
        return f"No match for **{md_escape(name)}** yet."
    lines = [f"**{md_escape(name)}**: {len(matches)} matches, newest first", ""]
    for m in matches:
        lines.append(f"- **{md_escape(m.title or m.source_id)}** ({m.date or 'undated'}, {m.lang}; "
                     f"`{md_escape(m.source_id)}`): “{md_escape(m.quote)}”")
    return "\n".join(lines)


def follow_tab(services: Services) -> None:
    """The Following tab's components and events; call inside ``gr.Blocks``."""
    with gr.Tab(tab_label(services), elem_id="pr-following") as tab:
        gr.Markdown("Feeds, sitemaps, pages and folders Pressroom keeps up to date by itself, and alerts on "
                    "new matches (`pressroom follow`, `pressroom alert`).")
        # Callables: read again each time the page loads.
        sources = gr.Dataframe(lambda: source_rows(services), headers=SOURCE_COLUMNS, interactive=False,
                               label="Followed sources", elem_id="pr-follow-sources")
        with gr.Row():
            url = gr.Textbox(label="Follow a URL (feed, sitemap or page)", scale=4, elem_id="pr-follow-url")
            every = gr.Textbox(label="Every", value="30m", scale=1)
            add = gr.Button("Follow", variant="primary", scale=1)
        alerts = gr.Dataframe(lambda: alert_rows(services), headers=ALERT_COLUMNS, interactive=False,
                              label="Alerts (new: matches since you last looked)", elem_id="pr-alerts")
        with gr.Row():
            alert_name = gr.Textbox(label="Alert name", scale=1)
            alert_query = gr.Textbox(label="Query (find syntax) or question ending with ?", scale=4)
            add_alert = gr.Button("Add alert", scale=1)
        with gr.Row():
            shown = gr.Dropdown([r[0] for r in alert_rows(services)], value=None, label="Show an alert's matches",
                                scale=4, allow_custom_value=True)
            refresh = gr.Button("Refresh", size="sm", scale=1)
        status = gr.Markdown(elem_id="pr-follow-status")
        matches = gr.Markdown(elem_id="pr-alert-matches")

        def refreshed(message: str | None = "") -> tuple:
            rows = alert_rows(services)
            return (source_rows(services), rows, gr.update(choices=[r[0] for r in rows]),
                    gr.update() if message is None else message, gr.update(label=tab_label(services)))  # fmt: skip

        def on_add(target: str, every_: str) -> tuple:
            follower = follower_of(services)
            if not (target or "").strip():
                return refreshed("**Not followed:** type the URL of a feed, a sitemap or a page first.")
            try:
                check_url(target.strip(), follower.fetcher.policy.allow_private)
                source = follower.state.add(target.strip(), parse_every(every_))
            except (FollowError, FetchError) as exc:
                return refreshed(f"**Not followed:** {md_escape(str(exc))}")
            return refreshed(f"Following **{md_escape(source.name)}**; the first run comes within seconds.")

        def on_add_alert(name: str, query: str) -> tuple:
            try:
                name, query = (name or "").strip(), (query or "").strip()
                follower_of(services).alerts.add(name, query)
            except (AlertError, ValueError) as exc:
                return refreshed(f"**No alert added:** {md_escape(str(exc))}")
            return refreshed(f"Alert **{md_escape(name)}** added.")

        def on_show(name: str | None) -> tuple:
            if not name:
                return (*refreshed(), "")
            try:
                text = matches_markdown(services, name)
            except AlertError as exc:
                text = md_escape(str(exc))
            return (*refreshed(), text)

        outputs = [sources, alerts, shown, status, tab]
        add.click(on_add, [url, every], outputs)
        add_alert.click(on_add_alert, [alert_name, alert_query], outputs)
        shown.input(on_show, [shown], [*outputs, matches])
        refresh.click(lambda: refreshed(), None, outputs)
        # The badge and the tables follow what the server's poller brings while the page is open.
        gr.Timer(BADGE_S).tick(lambda: refreshed(None), None, outputs)  # a status shown stays
