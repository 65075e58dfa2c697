"""The reader's cosine of a question with a sentence in another language comes from the multilingual
encoder (MiniLM reads English: across languages its cosines are near zero for every sentence)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.embedding import Embedder
from tests.conftest import feed_assistant

RELEASES = [
    {
        "id": "passivrauchen",
        "lang": "de",
        "date": "2025-03-12",
        "title": "Neue Regeln zum Schutz vor Passivrauchen",
        "text": "Der Bundesrat hat am Mittwoch die Verordnung zum Schutz vor Passivrauchen geändert. Die Kantone "
        "haben die Änderung in der Vernehmlassung mehrheitlich begrüsst. Neu gilt das Rauchverbot auch auf den "
        "Perrons der Bahnhöfe. Die Änderung tritt am 1. Mai 2025 in Kraft.",
    },
    {
        "id": "rail-budget",
        "lang": "en",
        "date": "2025-03-12",
        "title": "Federal Council approves the rail budget",
        "text": "The Federal Council approved the rail budget for 2025. Spending on railway stations rises by 3 "
        "percent. The cantons welcomed the budget.",
    },
]


def _cosines(assistant, question: str) -> dict[str, float]:  # noqa: ANN001 - an Assistant
    nodes, reading = assistant.passages("en").read(question, assistant.reader_model)
    out = {}
    for node, row in zip(nodes, reading.sentences, strict=True):
        text = node.node.get_content()
        out.update({text[s.candidate.start : s.candidate.end]: s.candidate.cosine for s in row})
    return out


def test_a_sentence_in_another_language_is_read_by_meaning(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "across_")
    cosines = _cosines(assistant, "Where does the smoking ban now also apply?")
    answer = "Neu gilt das Rauchverbot auch auf den Perrons der Bahnhöfe."
    german = {t: c for t, c in cosines.items() if t.startswith(("Der ", "Die ", "Neu "))}
    assert len(german) == 4
    assert max(german, key=german.get) == answer
    # Above every English sentence, which shares no meaning with the question.
    assert german[answer] > max(c for t, c in cosines.items() if t not in german)
    # A sentence in the question's language keeps the passage encoder's cosine.
    question, sentence = "Where does the smoking ban now also apply?", "The cantons welcomed the budget."
    q, s = embedder.embed([question, sentence])
    assert abs(cosines[sentence] - float(q @ s / np.linalg.norm(q) / np.linalg.norm(s))) < 1e-4
