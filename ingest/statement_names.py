"""Names and roles in the statements of French, German, Italian, Dutch and Swedish documents:
whether words name a person (``la conseillère fédérale Simonetta Sommaruga``), the role they
give, and whether a role or honorific tells a woman from a man (``Bundesrätin``, ``M.``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.records import Statement
from ingest.statement_parts import _LOWER, _PARTICLE, _UPPER
from ingest.statement_words import NOT_PEOPLE, ROLE_WORD, Words

# A name word may join its parts with a non-breaking hyphen ("Keller‑Sutter" in Italian releases).
# A soft hyphen may stand inside one ("Ström\u00admer").
NAME_WORD = rf"[{_UPPER}](?:[{_LOWER}'’\u00ad]|(?<=['’])[{_UPPER}])+(?:[-‑][{_UPPER}{_LOWER}][{_LOWER}'’\u00ad]+)*"
SP = r"[^\S\n]+"  # a name never runs across lines
NAME = rf"{NAME_WORD}(?:{SP}(?:{_PARTICLE}{SP})*{NAME_WORD}){{0,3}}"
ROLE = re.compile(ROLE_WORD)
NEVER = r"(?!x)x"
_AND = r"och|und|en|et|e|and"


def named_person(words: str, w: Words) -> tuple[str, str] | None:
    """Name and role when ``words`` end in a person's name (``la conseillère fédérale Simonetta
    Sommaruga``) or hold one between commas (``Staatssecretaris …, Nicole de Moor``)."""
    words = " ".join(words.split()).strip(" ,")
    if w.honorifics:
        words = re.sub(rf"^(?:{w.honorifics})\s+", "", words)
    parts = [p.strip() for p in words.split(",") if p.strip()]
    names = [(i, name) for i, part in enumerate(parts) if (name := _trailing_name(part, w))]
    # A lone word that opens the words is an adverb when a person is named after it ("Enfin, Mme
    # Metzler-Arnold", "Infine, la consigliera federale X"), else a surname ("Sommaruga, cheffe du DFJP").
    if len(names) > 1 and names[0][0] == 0 and " " not in parts[0] and not names[0][1][1]:
        names.pop(0)
    for i, name in names[:1]:
        others = [_appositive_role(p, w) for j, p in enumerate(parts) if j != i and _apposition(p, w)]
        return name[0], ", ".join(x for x in (name[1], *others) if x)
    return None


def _trailing_name(part: str, w: Words) -> tuple[str, str] | None:
    match = re.search(rf"(?<![\w‑-]){NAME}$", part)  # a name starts a word ("UNO-Flüchtlingshochkommissar X")
    if not match:
        return None
    tokens, head = match.group().split(), part[: match.start()].split()
    honorific = re.compile(w.honorifics or r"(?!x)x")
    while tokens and (ROLE.fullmatch(tokens[0]) or honorific.fullmatch(tokens[0]) or tokens[0] in NOT_PEOPLE):
        head.append(tokens.pop(0))  # "Bundesrätin Simonetta Sommaruga": the title is the role
    if not tokens or any(t in NOT_PEOPLE or ROLE.fullmatch(t) for t in tokens) or re.fullmatch(_PARTICLE, tokens[0]):
        return None
    if head and re.fullmatch(rf"(?:{w.function_words}|{w.articles or '(?!x)x'}|{w.role_ends})", head[-1]):
        return None  # "Minister van Binnenlandse Zaken", "Keller-Sutter am Treffen": no name after these
    titled = any(ROLE.fullmatch(h) for h in head) or bool(head and honorific.fullmatch(head[-1]))
    if head and not titled:
        return None  # "Dans le même temps Sommaruga": only a role or honorific may stand before a name
    role = role_text(" ".join(head), w) if titled else ""
    return " ".join(tokens), role


def _appositive_role(part: str, w: Words) -> str:
    """The role a part in apposition gives, with a capitalised adjective that opens it
    ("António Guterres, Haut Commissaire des Nations Unies")."""
    role, tokens = role_text(part, w), part.split()
    heads = len(tokens) > 1 and tokens[0].isalpha() and tokens[0].istitle()
    if (
        role
        and heads
        and " ".join(tokens[1:]).startswith(role)
        and not re.fullmatch(rf"(?:{w.articles or NEVER}|{w.honorifics or NEVER})", tokens[0])
    ):
        return f"{tokens[0]} {role}"
    return role


def _apposition(part: str, w: Words) -> bool:
    """Whether a part between commas is a role in apposition (``cheffe du DFJP``, ``der
    österreichische Innenminister``), not a clause that mentions one (``qui a pu s'entretenir avec
    le président français``)."""
    tokens = part.split()
    first = next((k for k, t in enumerate(tokens) if ROLE.fullmatch(t)), None)
    if first is None:
        return False
    articles = rf"(?:{w.articles or '(?!x)x'})"
    return len([t for t in tokens[:first] if not re.fullmatch(articles, t)]) <= 1


def role_text(words: str, w: Words) -> str:
    """A role as the document writes it, without its article, honorific or what follows it."""
    tokens = words.split()
    first = next((k for k, t in enumerate(tokens) if ROLE.fullmatch(t)), None)
    if first is None:
        return ""
    # Adjectives before the role belong to it ("der österreichische Innenminister"), articles not.
    stop = rf"(?:{w.articles or '(?!x)x'}|{w.function_words}|{w.honorifics or '(?!x)x'})"
    while first > 0 and tokens[first - 1].islower() and not re.fullmatch(stop, tokens[first - 1]):
        first -= 1
    # A coordinated compound keeps its first half ("energi- och näringsminister", "Justiz- und Innenminister").
    if first > 1 and re.fullmatch(_AND, tokens[first - 1]) and re.fullmatch(r"\w+-", tokens[first - 2]):
        first -= 2
    role = " ".join(tokens[first:])
    if w.honorifics:
        role = re.sub(rf"\s+(?:{w.honorifics})$", "", role)
    return re.sub(rf"(?:,|\s+(?:{w.role_ends})\b).*$", "", role)


def plain_role(role: str, w: Words) -> bool:
    """Whether ``role`` is only a role: a capitalised word in it follows a function word ("chef du
    Département"), never another word ("Bundesrätin Keller-Sutter begrüsste"); a compound cut
    short or an acronym in brackets is no name ("des Eidgenössischen Justiz- und
    Polizeidepartements (EJPD)")."""
    tokens = role.split()
    return all(
        not t[0].isupper()
        or t.endswith("-")
        or (tokens[k - 1].islower() and re.fullmatch(rf"(?:{w.function_words})", tokens[k - 1]))
        for k, t in enumerate(tokens[1:], 1)
        if not re.fullmatch(r"\(\w+\)", t)
    )


# The gender a pronoun asks of the person it stands for ("sie" a woman, "er" a man).
PRONOUN_GENDER = {"elle": "f", "sie": "f", "lei": "f", "ella": "f", "essa": "f", "hon": "f", "zij": "f", "ze": "f",
             "il": "m", "er": "m", "lui": "m", "egli": "m", "han": "m", "hij": "m"}  # fmt: skip


def gender_of(words: str, w: Words) -> str:
    """ "f" or "m" when an honorific or role in ``words`` tells ("Bundesrätin", "M."), else ""."""
    for token in words.replace(",", " ").split():
        if re.fullmatch(w.feminine, token, re.IGNORECASE):
            return "f"
        if re.fullmatch(w.masculine, token, re.IGNORECASE):
            return "m"
    return ""


def longest_names(found: list[Statement], text: str, mention: re.Pattern[str], w: Words) -> list[Statement]:
    """A speaker named by a surname of two words ("Keller Sutter", "Keller‑Sutter") gets the
    full name the document gives elsewhere ("Karin Keller Sutter"), spelt with the surname's
    hyphen wherever the document writes it so once ("Karin Keller-Sutter")."""

    def key(name: str) -> str:
        return re.sub(r"[-‑\s]+", " ", name)

    named = {who[0] for m in mention.finditer(text) if (who := named_person(m.group(), w))}
    names = named | {st.speaker for st in found}
    hyphenated = [n for n in names if re.search(r"\w[-‑]\w", n)]
    out = []
    for st in found:
        full = max((n for n in names if (" " + key(n)).endswith(" " + key(st.speaker))), key=len)
        for spelt in hyphenated:
            if (" " + key(full)).endswith(" " + key(spelt)):
                full = (key(full)[: -len(key(spelt))] + spelt).strip()
                break
        out.append(replace(st, speaker=full) if full != st.speaker else st)
    return out
