"""Gold question sets: the JSON Lines format of the team's eval README."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class GoldFormatError(ValueError):
    """A gold file that does not follow the format; the message names file, line and field."""


@dataclass(frozen=True)
class Evidence:
    """A passage that supports the answer: a source id and an exact quote of its raw text."""

    doc: str
    quote: str


@dataclass(frozen=True)
class GoldItem:
    """One question with its reference answer, key facts and evidence."""

    id: str
    question: str
    lang: str
    type: str
    answerable: bool
    answer: str
    must_include: tuple[tuple[str, ...], ...]
    evidence: tuple[Evidence, ...]


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold set; raise ``GoldFormatError`` naming the line of any malformed entry."""
    items, seen = [], set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{path}:{number}: not a gold entry ({type(exc).__name__}: {exc})") from exc
        try:
            item = _entry(raw)
        except _WrongType as exc:
            raise GoldFormatError(f"{path}:{number}: {exc}") from None
        if item.id in seen:
            raise GoldFormatError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items


class _WrongType(ValueError):
    """A field missing or of the wrong JSON type; the message names it and the type it needs."""


def _entry(raw: object) -> GoldItem:
    """A line's entry, each field of the type the format gives it (before, ``"answerable": "yes"``
    or ``"must_include": [[5]]`` was turned into something and scored without a word)."""
    if not isinstance(raw, dict):
        raise _WrongType(f"the line must be a JSON object, not {type(raw).__name__}")
    for field in ("id", "question"):
        if field not in raw:
            raise _WrongType(f"{field!r} is missing")
    if isinstance(raw["id"], bool) or not isinstance(raw["id"], str | int):
        raise _WrongType("'id' must be a string")
    text = {f: raw.get(f, d) for f, d in (("question", ""), ("lang", "en"), ("type", ""), ("answer", ""))}
    for field, value in text.items():
        if not isinstance(value, str):
            raise _WrongType(f"{field!r} must be a string")
    if not isinstance(raw.get("answerable", True), bool):
        raise _WrongType("'answerable' must be true or false")
    groups, evidence = raw.get("must_include", []), raw.get("evidence", [])
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(a, str) for a in g) for g in groups
    ):
        raise _WrongType("'must_include' must be a list of lists of strings (each group's alternatives)")
    if not isinstance(evidence, list) or not all(
        isinstance(e, dict) and isinstance(e.get("doc"), str) and isinstance(e.get("quote"), str) for e in evidence
    ):
        raise _WrongType("'evidence' must be a list of objects, each with a string 'doc' and 'quote'")
    return GoldItem(
        id=str(raw["id"]),
        question=text["question"],
        lang=text["lang"],
        type=text["type"],
        answerable=raw.get("answerable", True),
        answer=text["answer"],
        must_include=tuple(tuple(group) for group in groups),
        evidence=tuple(Evidence(e["doc"], e["quote"]) for e in evidence),
    )
