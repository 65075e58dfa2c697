"""Near-duplicate groups of the index's documents, linked at ingest and looked up.

The grouping itself is ``index/near_duplicates.py``; as ``index/releases.py`` does for
translation groups, this module reads the signatures stored with the records, writes the groups
found back as a field of each record (``near``: the group, '' for none), and keeps a map of the
groups until the next write. A record stored before signatures were (no ``minhash``) gets one
from its text the first time linking runs.
"""

from __future__ import annotations

from dataclasses import replace

from index.catalogue import DocumentSummary, Listing, read_record, write_groups
from index.near_duplicates import Candidate, Groups, group, signature
from index.vectors import VectorBackend, record_id


class NearDuplicates:
    """The near-duplicate groups of the index's documents, read once and kept until a write."""

    def __init__(self, backend: VectorBackend, listing: Listing | None = None) -> None:
        self.backend = backend
        self.listing = listing or Listing(backend)  # shared with the translation groups' (index/store.py)
        self._groups: Groups | None = None

    def forget(self) -> None:
        """Drop the kept groups: documents were written or deleted."""
        self._groups = None
        self.listing.forget()

    def link(self, new: set[str] | None = None) -> int:
        """Group documents with their near-duplicates: those of ``new`` (all, when None) compared
        with the others that share a band of their signature; return how many records joined a
        group anew."""
        stored = [(DocumentSummary.from_payload(p), p.get("minhash")) for p in self.backend.documents()
                  if "source_id" in p]  # fmt: skip
        signed = {r.source_id: tuple(kept) for r, kept in stored if kept}
        signed.update(self._sign([r.source_id for r, kept in stored if not kept]))
        records = [r for r, _ in stored]
        # A record without a "near" field has not been through linking yet (written by this
        # ingest, or by one killed before it linked): it is compared like a new one.
        if new is not None:
            new = set(new) | {r.source_id for r in records if r.near is None}
        docs = [Candidate(r.source_id, r.lang or "", r.date, r.title, signed[r.source_id]) for r in records]
        found = group(docs, self._text, new, {r.source_id: r.near or "" for r in records})
        written = write_groups(self.backend, records, found, "near")
        self.forget()
        return written

    def groups(self) -> Groups:
        """Every document's group and the groups' members."""
        if self._groups is None:
            self._groups = Groups.of({r.source_id: r.near or "" for r in self.listing.get()})
        return self._groups

    def _text(self, source_id: str) -> str:
        record = read_record(self.backend, source_id)
        return (record.text or "") if record else ""

    def _sign(self, source_ids: list[str]) -> dict[str, tuple[int, ...]]:
        """The signatures of records stored before signatures were, computed now and stored
        (whole records rewritten 200 at a time: one write each would cost more than the rest)."""
        found: dict[str, tuple[int, ...]] = {}
        for at in range(0, len(source_ids), 200):
            rewritten = []
            for source_id in source_ids[at : at + 200]:
                record = read_record(self.backend, source_id)
                if record is not None:
                    found[source_id] = signature(record.text or "")
                    rewritten.append((record_id(source_id), replace(record, minhash=found[source_id]).to_payload()))
            self.backend.upsert_documents(rewritten)
        return found
