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
            item = GoldItem(
                id=str(raw["id"]),
                question=str(raw["question"]),
                lang=str(raw.get("lang", "en")),
                type=str(raw.get("type", "")),
                answerable=bool(raw.get("answerable", True)),
                answer=str(raw.get("answer", "")),
                must_include=tuple(tuple(str(a) for a in group) for group in raw.get("must_include", [])),
                evidence=tuple(Evidence(str(e["doc"]), str(e["quote"])) for e in raw.get("evidence", [])),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldFormatError(f"{path}:{number}: not a gold entry ({type(exc).__name__}: {exc})") from exc
        if item.id in seen:
            raise GoldFormatError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items
