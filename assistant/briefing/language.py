"""The language a briefing writes its own words in: titles, gaps, the questions it asks.

The language asked for, else the topic's; a topic is a few words, and a language detector
takes some English topics for another language ("SRG licence": French, 0.29 confident;
"Alpine Conference in Poschiavo": Italian, 0.54), so the topic's language counts when the
detector is sure of it (``CONFIDENT``) or when the topic's releases are in it; else English.
"""

from __future__ import annotations

from collections import Counter

from index.store import PassageStore
from ingest.metadata import _detector, detect_language

# The detector's confidence in a topic's language that makes it the briefing's. On the team's
# 35 English briefing topics (eval/briefing-topics-*.jsonl) another language scored at most 0.54;
# topics written in French, German, Italian or Swedish scored 0.74-1.0 ("migration et asile en
# Suisse", 0.51, is left to its releases' language).
CONFIDENT = 0.6
SUPPORTED = ("en", "nl", "fr", "de", "it", "sv")  # the languages of assistant/messages.py


def briefing_language(topic: str, lang: str | None, releases: list[str]) -> str:
    """The briefing's language: ``lang`` if given, else the topic's when the detector is sure of
    it or when most of the topic's ``releases`` (their languages) are in it, else English.

    >>> briefing_language("SRG licence", None, []), briefing_language("SRG licence", "de", [])
    ('en', 'de')
    >>> briefing_language("protection temporaire pour les réfugiés ukrainiens", None, [])
    'fr'
    >>> briefing_language("migration et asile en Suisse", None, ["fr", "fr", "en"])
    'fr'
    """
    if lang:
        return lang
    detected = detect_language(topic)
    if detected == "en" or detected not in SUPPORTED:
        return "en"
    if _confidence(topic, detected) >= CONFIDENT:
        return detected
    most = Counter(releases).most_common(1)
    return detected if most and most[0][0] == detected else "en"


def records_lang(store: PassageStore, source_id: str) -> str:
    """A document's language, as ingest recorded it."""
    return store.document(source_id).lang or "en"


def _confidence(text: str, code: str) -> float:
    """The detector's confidence that ``text`` is in the language ``code``.

    ingest's detector, loaded once there; ingest.metadata offers no public confidence yet."""
    from lingua import IsoCode639_1, Language

    language = Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    return float(_detector().compute_language_confidence(text, language))
