"""Releases: the language versions of one release, linked into translation groups and looked up.

The linking itself is ``index/translations.py``; this module reads the profiles stored with
the records, writes the groups found back as a field of each record, and keeps a map of
the groups until the next write.
"""

from __future__ import annotations

from index.catalogue import DocumentSummary, Listing, profiles, write_groups
from index.translations import Profile, pair_up, stated_group
from index.vectors import VectorBackend


def stated(record: DocumentSummary) -> str:
    """The group a record's own fields give (its feed's ``message_id`` and the like, or the
    group linking set), or ''."""
    return stated_group({"group": record.group, "extra": record.extra})


class Releases:
    """The translation groups of the index's documents, read once and kept until a write."""

    def __init__(self, backend: VectorBackend, listing: Listing | None = None) -> None:
        self.backend = backend
        self.listing = listing or Listing(backend)  # shared with the near-duplicates' (index/store.py)
        self._groups: tuple[dict[str, str], dict[str, dict[str, str]]] | None = None
        # For the groups read last: language → whether some release has no version in it.
        self._lack: tuple[object, dict[str, bool]] = (None, {})

    def forget(self) -> None:
        """Drop the kept groups: documents were written or deleted."""
        self._groups = None
        self.listing.forget()

    def link(self, new: set[str] | None = None) -> int:
        """Link documents that came without a translation group to their other language
        versions: those of ``new`` (all, when None) compared with every other; return how
        many records were linked anew."""
        # Every record without a stated group carries its profile (schema 2, index/schema.py).
        unstated = [(r, kept) for r, kept in profiles(self.backend) if not stated(r)]
        records = [r for r, _ in unstated]
        found_profiles = [Profile(r.source_id, r.lang or "", r.date, frozenset(kept.anchors), kept.figures, kept.length)
                          for r, kept in unstated if kept]  # fmt: skip
        # A record without a "group" field has not been through linking yet (written by this
        # ingest, or by one killed before it linked): it is compared like a new one.
        if new is not None:
            new = set(new) | {r.source_id for r in records if r.group is None}
        linked = {r.source_id: r.group or "" for r in records}
        found = pair_up(found_profiles, new, linked)
        written = write_groups(self.backend, records, found, "group")
        self.forget()
        return written

    def lack(self, lang: str) -> bool:
        """Whether some release has no version in ``lang``: only then can a search in other
        languages find one that a search in ``lang`` cannot (``assistant/retriever.py``)."""
        _, members = self._translation_map()
        of, lacking = self._lack
        if of is not members:
            lacking = {}
            self._lack = (members, lacking)
        if lang not in lacking:
            lacking[lang] = any(lang not in versions for versions in members.values())
        return lacking[lang]

    def versions(self, source_id: str) -> dict[str, str]:
        """The language versions of a document's release: language → source id (itself included)."""
        group_of, members = self._translation_map()
        group = group_of.get(source_id)
        return dict(members.get(group, {})) if group else {}

    def _translation_map(self) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        if self._groups is None:
            group_of: dict[str, str] = {}
            members: dict[str, dict[str, str]] = {}
            for r in sorted(self.listing.get(), key=lambda r: r.source_id):
                group = r.group or stated(r) or "doc:" + r.source_id
                group_of[r.source_id] = group
                members.setdefault(group, {}).setdefault(r.lang or "", r.source_id)
            self._groups = (group_of, members)
        return self._groups
