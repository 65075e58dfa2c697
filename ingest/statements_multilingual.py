"""Statements in French, German, Italian, Dutch and Swedish, in the shapes of ``statements.py``.

Each language's words come from ``statement_words.py``; a speaker is a person only when named
(``Karin Keller-Sutter``), named by a title or honorific (``Bundesrätin Sommaruga``, ``Mme
Sommaruga``), named by a role the document gives a person elsewhere (``la cheffe du DFJP``), or
a pronoun for the person last named. A quotation right after an attributed one, with no
attribution of its own (``«…», sagte X am Treffen. «…»``), is X's too. Countries, institutions
and delegations ("La Suisse a souligné que …", "Regeringen anser att …") are not speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.records import Statement
from ingest.sentences import split_sentences
from ingest.statement_names import (
    NAME,
    NEVER,
    PRONOUN_GENDER,
    ROLE,
    SP,
    gender_of,
    longest_names,
    named_person,
    plain_role,
    role_text,
)
from ingest.statement_parts import _lines, _overlaps, _resolve_surnames, _statement
from ingest.statement_people import (
    NOT_ABBREVIATED,
    appositive_person,
    attribution_chars,
    bears_name,
    clause_subject,
    continued,
    first_names,
    only_a_person,
    opening_name,
    opens_sentence,
    plain_names,
    separated,
    with_role,
)
from ingest.statement_words import NOT_PEOPLE, WORDS, Words

_OPEN, _CLOSE = '“”"„«‟»‹›', '”"»“ˮ«›‹'
_QUOTE = rf"[{_OPEN}][^{_OPEN}{_CLOSE}]{{15,}}?[{_CLOSE}]"
# Roles that, without a name, are a body: "der Bundesrat" is the Federal Council.
_COLLEGES = frozenset({"bundesrat", "regierungsrat", "staatsrat"})
_OTHER = {"f": "m", "m": "f", "?": "?"}


@dataclass(frozen=True)
class _Shapes:
    """One language's compiled patterns."""

    words: Words
    quoted_then: re.Pattern[str]  # « … », a déclaré X.
    said_then: re.Pattern[str]  # X betonte: « … »
    dash: re.Pattern[str]  # – …, säger X. (a hyphen, an en or em dash, or a minus sign opens it)
    reported: re.Pattern[str]  # X a souligné que …
    inverted: re.Pattern[str]  # …, a souligné X.
    according: re.Pattern[str]  # selon X, …
    verb: re.Pattern[str]
    continued: re.Pattern[str]  # « … », sagte X. « … »: the second quotation, unattributed
    pronoun: re.Pattern[str]
    mention: re.Pattern[str]  # a person named with a role or honorific
    person_head: str


@cache
def _shapes(lang: str) -> _Shapes:
    w = WORDS[lang]
    verbs = w.verbs
    that = w.that + (r"|(?<=,\s)(?=[a-zäöüß])" if w.comma_opens else "")
    heads = w.roles + (f"|{w.honorifics}" if w.honorifics else "")
    # An attribution may hold an abbreviation's full stop ("a déclaré M. Jans", "Dr. Reto Sanwald").
    attr, who, end = attribution_chars(f".!?{_OPEN}{_CLOSE}"), attribution_chars(",.;:!?"), rf"{NOT_ABBREVIATED}\."
    return _Shapes(
        words=w,
        # The attribution ends its sentence, or a relative clause about the speaker ("», a déclaré la
        # conseillère fédérale, qui a également souligné …"); the speaker's roles after the verb may
        # run long ("» sagt X, Geschäftsführerin des … und Präsidentin der …").
        quoted_then=re.compile(
            rf"(?P<quote>{_QUOTE})\s*,?\s*(?P<attr>{attr}{{0,160}}?\b(?:{verbs})\b{attr}{{0,240}}?)"
            rf"(?:[!?]|{end}|$|(?=,\s*(?:qui|dont|welche[rsnm]?|che|som)\b))"
        ),
        said_then=re.compile(
            rf"(?:^|(?<=[.!?]\s))(?P<who>[^.:{_OPEN}{_CLOSE}]{{2,200}}?)\s*:\s*(?P<quote>[{_OPEN}][^{_OPEN}{_CLOSE}]{{15,}}[{_CLOSE}])"
        ),
        # Greedy: a verb of saying inside the quotation ("Ukraina fortsätter stå högt …") is no attribution.
        dash=re.compile(
            rf"^[-–—−]\s*(?P<quote>[^\n]{{14,}}[^\s,])\s*,?\s+(?:{verbs})\b\s*(?P<who>{attribution_chars('.!?')}{{2,160}})[.!?]?$"
        ),
        reported=re.compile(rf"\b(?P<verb>{verbs}|{w.participles})\b(?P<mid>[^.;:]{{0,90}}?)(?:,\s*|\s+)(?:{that})"),
        inverted=re.compile(
            # "-t-elle" is an inversion even without its comma ("… extérieures a-t-elle ajouté")
            rf"(?:,\s*|\bl['’]|\s(?=\w+-t-(?:elle|il)\b))(?P<verb>{verbs}|{w.after})\b\s*"
            rf"(?P<who>{who}{{0,120}})(?:[,;:!?]|{end}|$)"
        ),
        # "Gemäss Art. 260ter StGB": a full stop before a figure or a small letter ends no name.
        according=re.compile(rf"(?:^|,\s*)(?:{w.according})\s+(?P<who>{who}{{2,120}}?)(?:[,;:]|{end}(?!\s*[\da-z])|$)"),
        verb=re.compile(rf"\b(?:{verbs})\b"),
        continued=re.compile(rf"\s*(?P<quote>{_QUOTE})(?=\s*$|\s+[A-ZÀ-ÖØ-Þ{_OPEN}])"),
        pronoun=re.compile(rf"(?:{w.pronouns})"),
        mention=re.compile(rf"(?P<head>\b(?:{heads})(?:{SP}[a-zà-öø-ÿ'’]+){{0,{w.gap}}}){SP}(?P<name>{NAME})\b"),
        person_head=rf"(?:{heads})(?:\s+[a-zà-öø-ÿ'’]+){{0,{w.gap}}}",
    )


def extract_in(text: str, lang: str) -> tuple[Statement, ...]:
    """Every quotation and statement of ``text`` in the shapes of ``lang`` (a key of ``WORDS``)."""
    shapes = _shapes(lang)
    found: list[Statement] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, kind: str, who: tuple[str, str] | None) -> None:
        if who and who[0] and not _overlaps(a, b, taken):
            found.append(_statement(text, a, b, kind, *who))
            taken.append((a, b))

    for start, line in _lines(text):
        for match in shapes.quoted_then.finditer(line):
            attribution = match.group("attr")
            verb = shapes.verb.search(attribution)
            if not verb:
                continue
            before, after = attribution[: verb.start()], attribution[verb.end() :]
            at = start + match.start()
            who = _attributed(verb.group(), after, shapes, text, at, found) if not before.strip(" ,") else None
            who = who or _person(before, shapes, text, at, found)
            add(start + match.start("quote"), start + match.end("quote"), "quote", who)
            more = continued(line, match.end(), shapes.continued)
            if more and who and found and found[-1].end == start + match.end("quote"):
                add(start + more[0], start + more[1], "quote", (found[-1].speaker, found[-1].role))
        for match in shapes.said_then.finditer(line):
            lead, at = match.group("who"), start + match.start()
            verb = shapes.verb.search(lead)
            if not verb and only_a_person(lead, shapes.mention, shapes.words, text):
                # "Bundesrätin Keller-Sutter: «…»": a person named alone before the colon.
                add(start + match.start("quote"), start + match.end("quote"), "quote", named_person(lead, shapes.words))
            elif not verb:
                # "Bundesrätin Ruth Metzler wertete den Besuch als positiv: «…»": the one person the
                # clause names with a role, as its subject (first, or after its verb).
                add(
                    start + match.start("quote"),
                    start + match.end("quote"),
                    "quote",
                    clause_subject(lead, shapes.mention, shapes.words),
                )
            elif verb:
                who = _person(lead[: verb.start()], shapes, text, at, found) or _attributed(
                    verb.group(), lead[verb.end() :], shapes, text, at, found
                )
                add(start + match.start("quote"), start + match.end("quote"), "quote", who)
        dash = shapes.dash.match(line)
        if dash:
            who = _attributed("", dash.group("who"), shapes, text, start, found)
            add(start + dash.start("quote"), start + dash.end("quote"), "quote", who)
        for s, e in split_sentences(line):
            if not _overlaps(start + s, start + e, taken):
                add(start + s, start + e, "statement", _reported(line[s:e], shapes, text, start + s, found))
                # "…, sagte Baume-Schneider. «Es sollte …»": a quotation with no attribution goes on
                # from the reported speech before it
                more = continued(line, e, shapes.continued) if found and found[-1].end == start + e else None
                if more:
                    add(start + more[0], start + more[1], "quote", (found[-1].speaker, found[-1].role))
    # "säger Rosa": a first name alone is the person the document names in full with it
    found = [
        with_role(st, text, shapes.mention, shapes.words)
        for st in first_names(found, text, shapes.mention, shapes.words)
    ]
    resolved = _resolve_surnames(
        found, text, titles=ROLE, person_head=shapes.person_head,
        honorific=shapes.words.honorifics or r"(?!x)x", not_names=NOT_PEOPLE,
    )  # fmt: skip
    resolved = longest_names(resolved, text, shapes.mention, shapes.words)
    return tuple(sorted(plain_names(resolved), key=lambda st: st.start))


def _reported(sentence: str, shapes: _Shapes, text: str, at: int, found: list[Statement]) -> tuple[str, str] | None:
    """The speaker of a sentence of reported speech, if it is one."""
    match = shapes.reported.search(sentence)
    if match:
        # "benadrukte Staatssecretaris …, Nicole de Moor, dat": the speaker after the verb (V2);
        # else the subject before it ("Mme Sommaruga a souligné, à cet égard, que").
        inside = match.group("mid").strip(" ,") or separated(match.group("verb"))
        before = re.sub(rf"^(?:{shapes.words.articles})\s+", "", sentence[: match.start()].rsplit(",", 1)[-1].strip())
        if re.match(rf"(?:{shapes.words.addressee})\b", inside) or (
            inside and only_a_person(before, shapes.mention, shapes.words, text)
        ):  # "X a précisé au ministre Y que", "Bundesrat X erklärte Minister Y, dass": Y is spoken to
            inside = ""
        if inside and shapes.pronoun.fullmatch(inside):
            mid = _last_person(text, at, shapes, found, inside)  # "unterstrich sie, die …"
        else:
            mid = (
                (opening_name(inside, shapes.words) or _person(inside, shapes, text, at, found, pronoun=False))
                if inside
                else None
            )
        who = mid or _person(sentence[: match.start()], shapes, text, at, found)
        # "M. Darmanin a assuré que …, a déclaré la cheffe du DFJP.": the attribution that closes
        # the sentence names who said it all.
        closing = [m for m in shapes.inverted.finditer(sentence, match.end()) if not sentence[m.end() :].strip()]
        outer = (
            _attributed(closing[-1].group("verb"), closing[-1].group("who"), shapes, text, at, found)
            if closing
            else None
        )
        if outer or who:
            return outer or who
    for match in shapes.inverted.finditer(sentence):
        if match.start() < 15 and not match.group().startswith(("l'", "l’")):
            continue  # "…, sagte X" needs something said before it
        who = _attributed(match.group("verb"), match.group("who"), shapes, text, at, found)
        if who:
            return who
    for match in shapes.according.finditer(sentence):
        who = _attributed("", match.group("who"), shapes, text, at, found, roles=False)
        if who:
            return who
    return None


def _attributed(
    verb: str, words: str, shapes: _Shapes, text: str, at: int, found: list[Statement], roles: bool = True
) -> tuple[str, str] | None:
    """The person named after an attribution verb: the longest run of words that ends in a
    name ("Keller-Sutter in Brüssel" is Keller-Sutter), a pronoun, or a role alone."""
    inverted = re.search(r"-t-(elle|il)\b", verb)
    if inverted:
        return _last_person(text, at, shapes, found, inverted.group(1))
    # A separable verb holds its subject: "stellte Jans klar", "fügte sie hinzu".
    tokens = words.split() or verb.split()[1:-1]
    if tokens and shapes.pronoun.fullmatch(tokens[0]):
        return _last_person(text, at, shapes, found, tokens[0])
    who = _first_named(tokens, shapes)
    if who:
        return who
    who = _by_role(words, shapes, text, at) if roles else None
    if who is None and verb and (not tokens or re.fullmatch(shapes.words.pro_drop, tokens[0])):
        # "…, ha affermato durante il pranzo.": no subject named, so the person last named
        return _last_person(text, at, shapes, found)
    return who


def _first_named(tokens: list[str], shapes: _Shapes) -> tuple[str, str] | None:
    """The first person the words name, as long as the run of words names them ("Keller-Sutter in
    Brüssel" is Keller-Sutter, "Thomas de Maizière" whole), not a later one ("Bundesrätin Simonetta
    Sommaruga an dem Treffen mit Thomas de Maizière" is Sommaruga's)."""
    best = None
    for k in range(1, min(len(tokens), 12) + 1):
        who = named_person(" ".join(tokens[:k]), shapes.words)
        if who and (best is None or who[0].startswith(best[0].split()[0])):
            best = who
    return best


def _person(
    words: str, shapes: _Shapes, text: str, at: int, found: list[Statement], pronoun: bool = True
) -> tuple[str, str] | None:
    """The person a subject names: a name, a pronoun, or a role the document gives a person."""
    words = " ".join(words.split()).strip(" ,")
    if not words:
        # "Ha inoltre aggiunto che …": a language that drops its subjects names none
        return _last_person(text, at, shapes, found) if pronoun and shapes.words.pro_drop != NEVER else None
    last = words.rsplit(",", 1)[-1].split()[-1]
    if pronoun and shapes.pronoun.fullmatch(last) and len(words.split()) <= 4:
        return _last_person(text, at, shapes, found, last)
    named = named_person(words, shapes.words)
    if named and " " not in named[0] and not bears_name(named[0], text, shapes.person_head):
        # "Infine, la consigliera federale": an opening word no person bears, before a role
        named = _by_role(words, shapes, text, at) or named
    if named:
        return named
    # "Bundesrätin Keller-Sutter begrüsste den Ansatz und": the clause opens with the name.
    tokens = words.rsplit(",", 1)[-1].split()
    for k in range(1, len(tokens)):
        if tokens[k][0].islower():
            named = named_person(" ".join(tokens[:k]), shapes.words)
            if named:
                return named
    # "La consigliera federale ha apprezzato …, osservando che": the role heads the clause.
    verb = next((k for k, t in enumerate(tokens) if re.fullmatch(shapes.words.role_ends, t)), 0)
    return _by_role(words, shapes, text, at) or (_by_role(" ".join(tokens[:verb]), shapes, text, at) if verb else None)


def _by_role(words: str, shapes: _Shapes, text: str, at: int) -> tuple[str, str] | None:
    """ "a déclaré la conseillère fédérale": the person the document names with that role, the
    nearest before ``at``, else its first (the release's principal)."""
    words = " ".join(words.split()).rsplit(",", 1)[-1].strip()
    # "a déclaré la conseillère fédérale lors de la conférence": the role ends where its sentence goes on
    tokens = words.split()
    first = next((k for k, t in enumerate(tokens) if ROLE.fullmatch(t)), len(tokens))
    ends = (k for k in range(first + 1, len(tokens)) if re.fullmatch(shapes.words.role_ends, tokens[k]))
    words = " ".join(tokens[: next(ends, len(tokens))])
    role = role_text(words, shapes.words)
    lead = words[: len(words) - len(role)].split() if role and words.endswith(role) else None
    # The subject is the role itself ("La cheffe du DFJP"), not a clause that mentions one.
    if not role or lead is None or len(lead) > 1 or len(role.split()) > 10 or not plain_role(role, shapes.words):
        return None
    if role.lower() in _COLLEGES:
        return None  # "Der Bundesrat betont, …": the Federal Council, not one of its members
    stem = next(t for t in role.split() if ROLE.fullmatch(t)).lower()
    # "Die Vorsteherin des EJPD" is a woman the document names, not the minister it names first
    gender, w = gender_of(role, shapes.words) or "?", shapes.words
    mentions = [
        m
        for m in shapes.mention.finditer(text)
        if named_person(m.group(), w) and gender_of(m.group(), w) != _OTHER[gender]
    ]
    same = [m for m in mentions if stem in m.group("head").lower()]
    before = [m for m in same if m.start() < at]
    if not same:
        # "Eduard Gnesa, directeur de l'Office …" then "a souligné le directeur": a role in apposition
        given = appositive_person(text, stem, at, w)
        if given:
            return given[0], role
    pick = before[-1] if before else (same[0] if same else (mentions[0] if mentions else None))
    if pick is None:
        return None
    name = named_person(pick.group(), shapes.words)
    return (name[0], role) if name else None


def _last_person(
    text: str, at: int, shapes: _Shapes, found: list[Statement], pronoun: str = ""
) -> tuple[str, str] | None:
    """The person "elle", "er" or "hon" stands for: the last named before ``at``, by a role or
    honorific, or as the speaker of a statement; "sie" is no "Innenminister", "il" no "Mme"."""
    gender = PRONOUN_GENDER.get(pronoun.lower(), "")
    mentions = [
        m for m in shapes.mention.finditer(text, 0, at)
        if named_person(m.group(), shapes.words) and (not gender or gender_of(m.group(), shapes.words) in ("", gender))
    ]  # fmt: skip
    earlier = [st for st in found if st.start < at and (not gender or gender_of(st.role, shapes.words) in ("", gender))]
    # The subject of a sentence before, not a person it names as an object ("Comme avec M. X, le
    # chef du DFJP a discuté …. Il a expliqué"), unless a statement came after it.
    subjects = [m for m in mentions if opens_sentence(text, m.start(), shapes.words)]
    if subjects and subjects[-1] is not mentions[-1] and (not earlier or subjects[-1].start() > earlier[-1].start):
        mentions = subjects
    if mentions and (not earlier or mentions[-1].start() > earlier[-1].start):
        return named_person(mentions[-1].group(), shapes.words)
    return (earlier[-1].speaker, earlier[-1].role) if earlier else None
