"""Followed sources and alerts together: run the sources due, then the alerts over what they brought.

The CLI (``pressroom follow run``) and the server's background poller (ui/follow_service.py) both
open a ``Follower`` here, from ``FollowSettings`` built at their entry point.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.alerts import AlertStore, Match, check_alerts
from assistant.assistant import Assistant
from index.followed import FollowState
from index.polling import PollReport, poll
from index.store import PassageStore
from ingest.fetching import Fetcher, FetchPolicy

FOLLOW_DB = "follow.sqlite3"  # in $PRESSROOM_HOME (ui/follow_cli.py names them too, to stay light)
ALERTS_DB = "alerts.sqlite3"
Lock = Callable[[], AbstractContextManager]


def _stamp() -> str:
    """Now, as documents' ``ingested_at`` says it (ISO 8601, UTC, to the second)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class FollowSettings(BaseModel):
    """How followed sources are fetched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_private: bool = Field(False, description="Fetch from loopback and private addresses too.")
    host_delay_s: float = Field(1.0, ge=0, description="Seconds between two requests to one host.")
    timeout_s: float = Field(15.0, gt=0, description="Seconds to wait for a connection or a read.")
    max_mb: float = Field(10.0, gt=0, description="Largest download, in MB.")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FollowSettings:
        """Read the four follow variables below; a bad value raises ``ValueError`` naming the variable."""
        names = {"PRESSROOM_FOLLOW_PRIVATE": "allow_private", "PRESSROOM_FOLLOW_DELAY": "host_delay_s",
                 "PRESSROOM_FOLLOW_TIMEOUT": "timeout_s", "PRESSROOM_FOLLOW_MAX_MB": "max_mb"}  # fmt: skip
        given: dict = {field: env[var] for var, field in names.items() if env.get(var, "").strip()}
        try:
            return cls(**given)
        except ValidationError as exc:
            var = {v: k for k, v in names.items()}
            bad = exc.errors()[0]
            raise ValueError(f"{var.get(str(bad['loc'][0]), bad['loc'][0])}={given.get(str(bad['loc'][0]))!r}: "
                             f"{bad['msg']}") from None

    def policy(self) -> FetchPolicy:
        """The fetcher's policy."""
        return FetchPolicy(allow_private=self.allow_private, host_delay_s=self.host_delay_s, timeout_s=self.timeout_s,
                           deadline_s=max(60.0, self.timeout_s * 4), max_bytes=int(self.max_mb * 2**20))


@dataclass
class Follower:
    """The follow state, the alerts and a fetcher over one index: what ``follow run`` and ``serve`` drive."""

    store: PassageStore
    assistant: Assistant
    state: FollowState
    alerts: AlertStore
    fetcher: Fetcher
    _checked: dict[str, str] = field(default_factory=dict)  # source id -> when the alerts last ran over it

    @classmethod
    def open(cls, home: Path, store: PassageStore, assistant: Assistant, settings: FollowSettings) -> Follower:
        """Open the follow state and the alerts in ``home`` (created when missing)."""
        return cls(store, assistant, FollowState(home / FOLLOW_DB), AlertStore(home / ALERTS_DB),
                   Fetcher(settings.policy()))  # fmt: skip

    def close(self) -> None:
        """Close the two files."""
        self.state.close()
        self.alerts.close()

    def run(
        self,
        names: list[str] | None = None,
        *,
        due_only: bool = True,
        write_lock: Lock = nullcontext,
        read_lock: Lock = nullcontext,
        report: Callable[[PollReport], None] | None = None,
    ) -> tuple[list[PollReport], dict[str, list[Match]]]:
        """Poll the sources named (all by default; only those due when ``due_only``), then run
        the alerts over the documents they added or changed. Returns the reports and the new matches."""
        sources = [self.state.source(n) for n in names] if names else self.state.sources()
        now = time.time()
        reports = []
        for source in sources:
            if due_only and source.next_run > now:
                continue
            reports.append(poll(self.store, self.state, self.fetcher, source, write_lock))
            if report:
                report(reports[-1])
        written = [sid for r in reports for sid in r.written]
        stamp = _stamp()
        with read_lock():
            found = check_alerts(self.alerts, self.store, self.assistant, written, self.fetcher.post_json)
        self._checked.update(dict.fromkeys(written, stamp))
        return reports, found

    def sweep(self, since: str, read_lock: Lock = nullcontext) -> dict[str, list[Match]]:
        """Run the alerts over the documents ingested at or after ``since`` (ISO 8601, UTC) by any
        way, an upload or an ingest through the server, that were not checked since; the new matches."""
        if not self.alerts.alerts():
            return {}
        stamp = _stamp()
        with read_lock():
            fresh = [d.source_id for d in self.store.list_documents()
                     if d.ingested_at >= since and self._checked.get(d.source_id, "") < d.ingested_at]  # fmt: skip
            found = check_alerts(self.alerts, self.store, self.assistant, fresh, self.fetcher.post_json)
        self._checked = {k: v for k, v in self._checked.items() if v >= since}
        self._checked.update(dict.fromkeys(fresh, stamp))
        return found

    def next_due(self) -> float | None:
        """When the next source is due (epoch seconds), or None when none is followed."""
        times = [s.next_run for s in self.state.sources()]
        return min(times) if times else None
