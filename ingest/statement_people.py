"""Who a statement in French, German, Italian, Dutch or Swedish is by, where the words alone do
not say: an attribution with an abbreviation in it (``a déclaré M. Jans``, ``betonte der St.
Galler Regierungsrat``), a role given to a person in apposition (``Eduard Gnesa, directeur de
l'Office …`` before ``a souligné le directeur``), the subject a pronoun stands for, a first name
alone (``säger Rosa`` after ``Rosa Taikon``), and words that only look like names (``im Sinne von
Art.``, ``Bekämpfung der Geldwäscherei``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.records import Statement
from ingest.statement_names import NAME, ROLE, SP, named_person
from ingest.statement_parts import _PARTICLE, country_of
from ingest.statement_words import Words

# Abbreviations that end in a full stop inside an attribution: a title or honorific ("Dr. Reto
# Sanwald", "M. Jans", "Sig. Rossi") or a place ("St. Gallen"); their full stop ends no sentence.
_ABBREVIATIONS = ("Dr", "Prof", "St", "M", "Dott", "Sig", "Mr", "Ms", "Mrs")
ABBREVIATION = rf"(?<![^\s(])(?:{'|'.join(_ABBREVIATIONS)})\.(?=\s)"
NOT_ABBREVIATED = "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)


def attribution_chars(excluded: str) -> str:
    """A character of an attribution: none of ``excluded`` (a character-class body), or an
    abbreviation with its full stop."""
    return rf"(?:{ABBREVIATION}|[^{excluded}])"


def appositive_person(text: str, stem: str, at: int, w: Words) -> tuple[str, str] | None:
    """The person the document gives the role ``stem`` in apposition, the nearest before ``at``:
    "Eduard Gnesa, directeur de l'Office fédéral" or "Justizminister von Irland, John O'
    Donoghue" for "a souligné le directeur" or "Der Minister versicherte"."""
    role = rf"(?i:[\w-]*{re.escape(stem)}\w*)"
    pattern = re.compile(
        rf"(?P<a>{NAME}),{SP}(?:(?:{w.articles or '(?!x)x'}){SP})?(?P<ra>{role}(?:{SP}[^,.;:\n]{{0,60}})?)"
        rf"|(?P<rb>{role}(?:{SP}[^,.;:\n]{{0,40}})?),{SP}(?P<b>{NAME})\b"
    )
    best = None
    for match in pattern.finditer(text, 0, at if at > 0 else len(text)):
        name = match.group("a") or match.group("b")
        who = named_person(name, w)
        if who and " " in who[0]:
            best = (who[0], (match.group("ra") or match.group("rb")).strip())
    return best


def opens_sentence(text: str, at: int, w: Words) -> bool:
    """Whether the person named at ``at`` is their sentence's subject: nothing but an article,
    or an opening phrase and its comma, stands before them ("La consigliera federale Sommaruga e
    …", "Lors de la visite, le chef du DFJP …"), not an object ("… a discuté avec M. X")."""
    head = re.search(r"(?:^|[.!?][\"”’»]?\s+|\n)([^.!?\n]*)$", text[:at])
    words = (head.group(1) if head else "").strip()
    words = re.sub(rf"(?:^|(?<=\s))(?:{w.articles or '(?!x)x'})$", "", words).strip()
    # An opening phrase that names a role gives the person after it in apposition ("Comme avec le
    # ministre de la Justice, M. X, le chef du DFJP a discuté …"): no subject.
    return not words or (
        bool(re.fullmatch(r"[A-ZÀ-Þ][^,]{0,80},", words)) and not any(ROLE.fullmatch(t) for t in words.split())
    )


def first_names(found: list[Statement], text: str, mention: re.Pattern[str], w: Words) -> list[Statement]:
    """A speaker named by a first name alone ("säger Rosa", "säger Åsa") is the one person the
    document names in full with that first name ("Rosa Taikon"); with none or several, unchanged."""
    full = {who[0] for m in mention.finditer(text) if (who := named_person(m.group(), w))}
    full |= {st.speaker for st in found}
    out = []
    for st in found:
        if " " not in st.speaker:
            same = {n for n in full if " " in n and n.split()[0] == st.speaker}
            surnames = {n for n in full if " " in n and n.split()[-1] == st.speaker}
            if len(same) == 1 and not surnames:
                st = replace(st, speaker=same.pop())
        out.append(st)
    return out


# An article alone between two capitalised words is no particle of a name ("Bekämpfung der
# Geldwäscherei"), after "von" or "van" it is ("Ursula von der Leyen"); nor are references to a
# law's articles and paragraphs names ("im Sinne von Art. 3").
_ARTICLE_INSIDE = re.compile(r"(?<!\bvon)(?<!\bvan)\s(?:der|den|dem|des|das|die)\s")
_REFERENCES = frozenset("Art Abs Ziff Bst Nr Al Cpv Let Lit Kap".split())


def looks_named(name: str) -> bool:
    """Whether a speaker's name may be a person's."""
    return not _ARTICLE_INSIDE.search(name) and not _REFERENCES.intersection(name.split())


def plain_names(found: list[Statement]) -> list[Statement]:
    """The statements whose speaker looks like a person, spelt as a search types them: "Keller‑Sutter"
    (a non-breaking hyphen) is Keller-Sutter, and a soft hyphen ("justitie\u00administer") no
    letter. A name the surname search ran across lines for ("Tjetjenien\n\nFöreträdarna") is none."""
    return [
        replace(st, speaker=st.speaker.replace("\u2011", "-").replace("\u00ad", ""), role=st.role.replace("\u00ad", ""))
        for st in found
        if "\n" not in st.speaker and looks_named(st.speaker)
    ]


def continued(line: str, at: int, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The quotation that opens right after an attribution and has none of its own (``«…», sagte
    X. «…»``): the same speaker goes on. Its span in ``line``, or None."""
    match = pattern.match(line, at)
    return (match.start("quote"), match.end("quote")) if match else None


def with_role(st: Statement, text: str, mention: re.Pattern[str], w: Words) -> Statement:
    """A speaker named without a role gets the role the document gives them nearest before
    ("Justitieminister Gunnar Strömmer …" then "Strömmer betonade att …")."""
    if st.role:
        return st
    surname = st.speaker.split()[-1]
    named = [(m.start(), named_person(m.group(), w)) for m in mention.finditer(text)]
    mentions = [(at, who) for at, who in named if who and who[1] and who[0].split()[-1] == surname]
    before = [who for at, who in mentions if at < st.start]
    pick = before[-1] if before else (mentions[0][1] if mentions else None)
    return replace(st, role=pick[1], country=country_of(pick[1])) if pick else st


def opening_name(words: str, w: Words) -> tuple[str, str] | None:
    """The name right after a verb that comes before its subject, when an object follows it:
    "versicherte Sommaruga dem italienischen Innenminister Alfano, …" is Sommaruga's; an adverb
    may come first ("meinte etwa Eva Maria Belser vom …")."""
    tokens = words.split()
    if len(tokens) > 1 and tokens[0].isalpha() and tokens[0].islower() and tokens[1][0].isupper():
        # after an adverb, only a full name ("etwa Eva Maria Belser"), not a noun ("im Rahmen")
        who = opening_name(" ".join(tokens[1:]), w)
        return who if who and (" " in who[0] or who[1]) else None
    k = next((k for k, t in enumerate(tokens) if t[0].islower()), len(tokens))
    if k == 0 or k == len(tokens) or re.fullmatch(_PARTICLE, tokens[k]):
        return None
    return named_person(" ".join(tokens[:k]), w)


def only_a_person(words: str, mention: re.Pattern[str], w: Words, text: str) -> bool:
    """Whether ``words`` are only a person: a name after a role or honorific and nothing else
    capitalised ("EJPD-Vorsteherin Eveline Widmer-Schlumpf"), or a name the document gives a
    person elsewhere with a role ("Ruth Metzler", named "Bundesrätin Ruth Metzler" before).
    German capitalises nouns, so "Zentrale Botschaft der Kampagne" must not pass as a name."""
    words = " ".join(words.split())
    named = named_person(words, w)
    if not named or "," in words or not words.endswith(named[0]):
        return False
    before = words[: len(words) - len(named[0])].split()
    honorific = w.honorifics or r"(?!x)x"
    if any(t[0].isupper() and not (ROLE.fullmatch(t) or re.fullmatch(honorific, t)) for t in before):
        return False
    if named[1] and len(before) <= 4:
        return True
    mentioned = (named_person(m.group(), w) for m in mention.finditer(text))
    return not before and any(m and m[0] == named[0] for m in mentioned)


def separated(verb: str) -> str:
    """The subject inside a separable verb: "führte die Bundesrätin aus", "wies sie darauf hin"."""
    tokens = verb.split()[1:-1]
    while tokens and tokens[-1] in ("darauf", "in", "erop"):
        tokens.pop()
    return " ".join(tokens)


def clause_subject(lead: str, mention: re.Pattern[str], w: Words) -> tuple[str, str] | None:
    """The one person a clause before a colon names with a role or honorific, as its subject: at
    its head ("La consigliera federale Ruth Metzler ha giudicato …") or after an opening phrase
    and the verb ("Beim Gespräch machte Bundesrätin Metzler-Arnold … klar")."""
    people = [(m, who) for m in mention.finditer(lead) if (who := named_person(m.group(), w))]
    if len({who[0] for _, who in people}) != 1:
        return None
    m, who = people[0]
    opening = [t for t in lead[: m.start()].split() if not re.fullmatch(w.articles or r"(?!x)x", t)]
    return who if len(opening) <= 3 and not any(t.endswith(",") for t in opening[:-1]) else None


def bears_name(word: str, text: str, person_head: str) -> bool:
    """Whether the document gives ``word`` to a person: after a first name or a role."""
    return bool(re.search(rf"{NAME}{SP}{re.escape(word)}\b|(?:{person_head}){SP}{re.escape(word)}\b", text))
