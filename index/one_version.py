"""One language version of each release in a list of its dated events or statements.

A release published in three languages states each of its dates and quotations three times. The
timeline and the list of quotations show one version of it, as search and answers do: the
version in the language asked for where it holds any of the items, else the version that holds
the most of them (the extractors read some languages better than others), else the first by
source id. The other versions stay one ``versions`` lookup away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar


class _Sourced(Protocol):
    source_id: str


T = TypeVar("T", bound=_Sourced)


def one_per_release(items: Sequence[T], versions: Callable[[str], dict[str, str]], lang: str | None = None) -> list[T]:
    """``items`` with those of one version of each release, in their order.

    >>> from types import SimpleNamespace as N
    >>> release = {"de": "a-de", "fr": "a-fr"}
    >>> groups = {"a-de": release, "a-fr": release}
    >>> items = [N(source_id="a-de"), N(source_id="a-fr"), N(source_id="a-fr"), N(source_id="b")]
    >>> [i.source_id for i in one_per_release(items, lambda s: groups.get(s, {}))]
    ['a-fr', 'a-fr', 'b']
    >>> [i.source_id for i in one_per_release(items, lambda s: groups.get(s, {}), "de")]
    ['a-de', 'b']
    >>> [i.source_id for i in one_per_release(items, lambda s: groups.get(s, {}), "it")]
    ['a-fr', 'a-fr', 'b']
    """
    count = Counter(item.source_id for item in items)
    chosen: dict[str, str] = {}
    for source in count:
        if source in chosen:
            continue
        members = versions(source)
        if len(members) < 2:
            continue
        held = [s for s in members.values() if count[s]]
        preferred = members.get(lang or "")
        pick = preferred if preferred in held else min(held, key=lambda s: (-count[s], s))
        chosen.update(dict.fromkeys(members.values(), pick))
    return [item for item in items if chosen.get(item.source_id, item.source_id) == item.source_id]


def other_languages(source_id: str, versions: Callable[[str], dict[str, str]]) -> list[str]:
    """The languages of the release's other versions, for a line that says so.

    >>> other_languages("a-de", lambda s: {"de": "a-de", "it": "a-it", "fr": "a-fr"})
    ['fr', 'it']
    """
    return sorted(lang for lang, source in versions(source_id).items() if source != source_id)


class _Versions(Protocol):
    def versions(self, source_id: str) -> dict[str, str]: ...


def shown(items: Sequence[T], store: _Versions, topic: str | None = None) -> tuple[list[T], dict[str, list[str]]]:
    """What a timeline or a list of quotations shows: the items of one version of each release,
    the version in the topic's language preferred, and for each document shown the languages of
    its release's other versions."""
    lang = None
    if topic:
        from ingest.metadata import question_language  # lingua loads only for a topic

        lang = question_language(topic)
    kept = one_per_release(items, store.versions, lang)
    return kept, {item.source_id: other_languages(item.source_id, store.versions) for item in kept}
