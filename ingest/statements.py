"""Quotations and statements, with who made them, read from a document's clean text.

Three shapes are recognised, the ones press releases use:

- a quotation with its attribution after it: ``“…,” says Minister of the Interior Mari
  Rantanen.`` or ``“…,” Rantanen says.``;
- a paragraph followed by a line naming its speaker: ``Annelies Verlinden, Belgian Minister of
  the Interior``;
- reported speech: ``State Secretary for asylum and migration, Nicole de Moor, stressed that …``
  or ``Mr Jans explained that …``.

A quotation may also stand in ‘…’ (closing after an "s" before a speech verb: ``‘… in the wax
cells’ adds X``), come after its speaker and a colon (``Federal Councillor Jans: «…»``, ``Marc
Furrer: "…"`` when the document names him as a person elsewhere) or after a speech verb alone
(``Co-author X states «…»``), be interrupted by its attribution (``"…," says X, "…"``), or follow
an attributed quotation or reported speech with no attribution of its own (``“…,” said X. “…”``:
X goes on). Reported speech may be attributed at its end (``…, said Mr Jans.``). "He" or "she"
is the person last named as a sentence's subject, not its object. A speaker must look like a
person: ``Institute of Bee Health`` or ``the World Water Forum`` is none.

A surname alone is resolved to the full name the document gives elsewhere. The role's
nationality gives the country (``Belgian Minister`` → Belgium). Every statement keeps its
offsets in the text, so it can be quoted and cited exactly.

French, German, Italian, Dutch and Swedish documents are read in their own shapes
(``statement_words.py`` holds their words): a quotation in any of their marks (« », „ “, » «,
” ”, ‹ ›) or after a dash, with its attribution before or after (``», a déclaré la conseillère
fédérale.``, ``betonte Justizministerin Keller-Sutter: «…»``, ``– …, säger justitieminister
Gunnar Strömmer.``); reported speech (``a souligné que``, ``betonte, dass``, ``…, sagte
Sommaruga.``, ``selon …``); a role alone (``la cheffe du DFJP``) is the person the document names
with that role.
"""

from __future__ import annotations

import re

from ingest.records import Statement
from ingest.sentences import split_sentences
from ingest.statement_parts import (
    _HONORIFIC,
    _MENTION,
    _NAME,
    _NAME_WORD,
    _PERSON_HEAD,
    _TITLES,
    _last_person,
    _lines,
    _overlaps,
    _resolve_surnames,
    _statement,
)
from ingest.statement_words import WORDS
from ingest.statements_multilingual import extract_in

VERBS = (
    "says|said|say|stressed|stresses|explained|explains|underlined|underlines|added|adds|noted|notes|"
    "declared|declares|stated|states|emphasised|emphasized|emphasises|emphasizes|pointed out|points out|"
    "warned|warns|insisted|insists|recalled|recalls|highlighted|highlights|argued|argues|concluded|"
    "concludes|affirmed|affirms|reiterated|reiterates|made clear|makes clear|assured|assures|"
    "confirmed|confirms|acknowledged|acknowledges|announced|announces|urged|urges|maintained|maintains|"
    "commented|comments|continued|continues|asserted|asserts|remarked|remarks|observed|observes|replied|"
    "replies|admitted|admits|joked|jokes|according to"
)
_FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "at"})
# Capitalised words that name institutions or texts, not people ("the Decree … states that").
_NOT_PEOPLE = frozenset(
    "Council Commission Decree Act Law Report Office Department Ministry Government Agency Institute "
    "Services Service Federal Parliament Court Committee Presidency Union Board Authority Strategy "
    "Regulation Directive Convention Agreement Programme Program Conference Secretariat Affairs Rights Group "
    "Forum Body Division Health Resources Section Unit Centre Center Foundation Organisation Organization "
    "Association Network Initiative Project Fund Bank University School Museum Laboratory Faculty Society "
    "Academy Alliance Partnership Campaign Administration Police Assembly Senate Party Panel Team".split()
)
# Capitalised words that open a sentence or a phrase, never a person's first name.
_OPENERS = frozenset("The A An In At On As And But For With From By To Of If When While After Before During "
                     "Since Under This That These Those Und Today".split())
# A name after these is a thing's ("Institute of Bee Health", "the World Water Forum").
_BEFORE_THINGS = frozenset({"of", "the", "for", "to"})
# "In her address, President X noted …": the opening phrase is not part of the role.
_ADVERBIAL = re.compile(
    r"^(In|At|On|During|After|Before|With|Speaking|Addressing|Following|Later|Today|When|While|As)\b"
)
_ABOUT = re.compile(r"\s+(?:about|on|in|at|during|when|while|after|before|to|with)\s+[^,]*$")
# Roles in small letters that a surname may follow: "explains Empa researcher Defraeye".
_ROLE_NOUNS = frozenset(
    "researcher author co-author scientist expert chemist economist engineer biologist physicist "
    "spokesperson spokesman spokeswoman professor director ambassador".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "He", "She", "They"})
_OPEN, _CLOSE = "“\"„«‟", "”\"»“ˮ"  # ˮ closes quotations in some Swiss releases
# ‘…’ (or ’…’): ’ is also the apostrophe, so the quotation closes only where ’ ends a word, and
# after an "s" only before punctuation or a speech verb ("the members’ rights" goes on; "in the
# wax cells’ adds lead author X" closes).
_SINGLE = (
    r"(?<![\w’'‘])[‘’](?=[A-Z])[^‘“”«»\"\n]{15,}?"
    rf"(?:(?<![s\s])’(?!\w)|’(?=[.,;:!?]|\s*$)|’(?=\s+(?:{VERBS})\b))"
)
_QUOTE = rf"(?:[{_OPEN}][^{_OPEN}{_CLOSE}]{{15,}}?[{_CLOSE}]|{_SINGLE})"
# The attribution ends the sentence, or the quotation goes on after it: “…,” says X, “…”.
_QUOTED_THEN = re.compile(
    rf"(?P<quote>{_QUOTE})\s*,?\s*(?P<attr>[^.‘{_OPEN}{_CLOSE}]{{0,160}}?\b(?:{VERBS})\b"
    rf"(?:[^.‘{_OPEN}{_CLOSE}]|‘[^’\n]{{1,80}}’){{0,160}}?)"
    rf"\s*(?:\.|$|,\s*(?=[‘{_OPEN}]))"
)
# The quotation right after an attribution, with none of its own: “…,” said X. “…”
_CONTINUED = re.compile(rf"\s*(?P<quote>{_QUOTE})(?=[.,;]?\s*$|[.,;]?\s+[A-Z{_OPEN}‘])")
_WHOLE_QUOTE = rf"(?:[{_OPEN}][^{_OPEN}{_CLOSE}]{{15,}}[{_CLOSE}]|{_SINGLE})"
# The attribution first: "He said: “…”", "Minister X stressed: “…”", "Co-author X states «…»",
# "X said, “…”".
_SAID_THEN = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<who>[^.:{_OPEN}{_CLOSE}]{{2,120}}?)\s+(?:{VERBS})(?:\s+that)?\s*[:,]?\s*"
    rf"(?P<quote>{_WHOLE_QUOTE})"
)
# A person at the head of a sentence that ends in a colon and a quotation:
# "Mr Jans does not see this as a contradiction: “We are convinced …”".
_PERSON_THEN_QUOTE = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<who>{_PERSON_HEAD}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)\b"
    rf"[^.:{_OPEN}{_CLOSE}]{{0,120}}:\s*(?P<quote>{_WHOLE_QUOTE})"
)
# A person named before the colon, alone or with a role: "Federal Councillor Jans: «…»", "Marc
# Furrer: "…"", "Annalise Eggimann, CEO Innosuisse: «…»".
_NAMED_THEN = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<who>(?:{_PERSON_HEAD}\s+)?{_NAME}(?:,\s+[^.:,{_OPEN}{_CLOSE}]{{3,100}})?"
    rf"|{_PERSON_HEAD}\s+{_NAME_WORD})\s*:\s*(?P<quote>{_WHOLE_QUOTE})"
)
# "He said that …": reported speech by the person last named before it.
_PRONOUN_REPORTED = re.compile(rf"^(?:He|She)\s+(?:also\s+)?(?:{VERBS})\s+that\b")
_VERB = re.compile(rf"\b({VERBS})\b")
# An attribution by role alone: "said the head of the FDJP", "the Federal Councillor said".
_ROLE_ONLY = re.compile(
    r"the (?:head of the [A-Z][\w ]{1,60}|(?:Federal )?Councillor|(?:State )?Secretary|Minister|Commissioner)"
)
# Reported speech attributed at its end, without quotation marks: "Switzerland will continue to
# monitor this closely, said Mr Jans." or "…, he added."; the attribution names a person and
# nothing else ("…, announced Switzerland's cooperation with …" is no attribution).
_WHO_WORDS = r"(?:he|she|(?:[A-Z][\w’'.-]*|of|the|for|and)(?:\s+(?:[A-Z][\w’'.-]*|of|the|for|and|de|von|van))*)"
_SAID_AT_END = re.compile(
    rf",\s+(?:(?:{VERBS})\s+(?P<after>{_WHO_WORDS})|(?P<before>{_WHO_WORDS})\s+(?:{VERBS}))\s*\.$"
)
_BYLINE = re.compile(rf"^(?P<name>(?:{_HONORIFIC}\s+)?{_NAME})\s*[,–-]\s*(?P<role>[^.]{{3,200}})$")
_TOLD = r"(?:told|informed|reminded|assured|(?:explained|said|stressed|emphasi[sz]ed|underlined|made clear) to)"
_REPORTED = re.compile(  # "… stressed that", and "… told the conference that" (the person spoken to is no speaker)
    rf"(?P<who>(?:[A-Z][^,]{{2,120}},\s*)?(?:{_HONORIFIC}\s+)?{_NAME}(?:,\s*[^,]{{2,120}},)?),?\s+"
    rf"(?:also\s+)?(?P<verb>{VERBS}|{_TOLD}\s+[^,.;:“”\"]{{2,80}}?)\s+that\b"
)


def speaker_and_role(words: str) -> tuple[str, str]:
    """Split an attribution into the person's name and their role.

    >>> speaker_and_role("Minister of the Interior Mari Rantanen")
    ('Mari Rantanen', 'Minister of the Interior')
    >>> speaker_and_role("State Secretary for asylum and migration, Nicole de Moor,")
    ('Nicole de Moor', 'State Secretary for asylum and migration')
    >>> speaker_and_role("Annelies Verlinden, Belgian Minister of the Interior")
    ('Annelies Verlinden', 'Belgian Minister of the Interior')
    >>> speaker_and_role("State Secretary David Syz, the Director of seco")
    ('David Syz', 'State Secretary, the Director of seco')
    >>> speaker_and_role("Mr Jans"), speaker_and_role("Reimann, not without pride"), speaker_and_role("he")
    (('Jans', ''), ('Reimann', ''), ('', ''))
    """
    words = " ".join(words.strip(" ,").split())
    words = re.sub(rf"^(?:{_HONORIFIC})\s+", "", words)
    parts = [p.strip() for p in words.split(",") if p.strip()]
    names = [(i, _trailing_name(part)) for i, part in enumerate(parts)]
    # A full name before a lone capitalised word ("Here, too, …, Christoph Hüglin" is Hüglin), and
    # a name in an opening phrase last ("After her meeting with Mr N, Mrs C said that" is Mrs C).
    names.sort(key=lambda x: (bool(_ADVERBIAL.match(parts[x[0]])), not (x[1] and " " in x[1][0])))
    for i, found in names:
        if found:
            name, head = found
            # The parts after the name, and the one just before it, describe the speaker when they
            # carry a title or a proper name; earlier ones are the sentence's ("Here, too, …, as
            # Empa researcher and NABEL project leader, X").
            others = [
                re.sub(r"^as\s+", "", p) for j, p in enumerate(parts)
                if j >= i - 1 and j != i
                and (_TITLES.search(p) or re.search(r"\b[A-Z]", p)) and not _ADVERBIAL.match(p)
            ]  # fmt: skip
            return name, ", ".join(x for x in (head, *others) if x)
    for part in parts:
        # "senior author Vincent Dietemann from Agroscope": the name before where they work.
        found = _name_before_affiliation(part)
        if found:
            return found
    # "says Bütler about the results": the name before what the words were about.
    shorter = _ABOUT.sub("", words)
    return speaker_and_role(shorter) if shorter != words else ("", "")


def _name_before_affiliation(part: str) -> tuple[str, str] | None:
    match = re.search(rf"(?<![\w’'])(?P<name>{_NAME})\s+(?:from|of|at)\s", part)
    if not match:
        return None
    head = part[: match.start()].split()
    # Only a subject or a role may stand before the name: "Empa researcher", "Director".
    if head and (head[-1][0].isupper() and not _is_title(head[-1]) or head[-1] in _FUNCTION_WORDS):
        return None
    found = _trailing_name(match.group("name"))
    return (found[0], " ".join([*head, found[1]]).strip()) if found else None


def _trailing_name(part: str) -> tuple[str, str] | None:
    """The person's name at the end of ``part`` and what comes before it, if there is one."""
    match = re.search(rf"(?<![\w’'])(?:{_NAME}|{_NAME_WORD})$", part)
    if not match:
        return None
    tokens = match.group().split()
    head = part[: match.start()].split()
    if len(tokens) > 2 and (tokens[0] in _OPENERS or tokens[0] == "State" and not _is_title(tokens[1])):
        tokens.pop(0)  # "Und Arthur Vayloyan", "[Secretary of] State Jean-Daniel Gerber"
    if len(tokens) > 2 and re.search(r"-[a-z]", tokens[0]):
        head.append(tokens.pop(0))  # "Co-author Peter Neumann": a name's parts are capitalised
    if len(tokens) <= 2 and head and head[-1] in _BEFORE_THINGS:
        return None  # "Institute of Bee Health", "the Federal Department of Foreign Affairs"
    # A title word in the run ("Minister Mari Rantanen") belongs to the role, and so does a word
    # after "of the" ("Minister of the Interior Mari Rantanen"): names have two or three words.
    titled = [k for k, t in enumerate(tokens[:-1]) if _is_title(t)]
    if titled:
        head += tokens[: titled[-1] + 1]
        tokens = tokens[titled[-1] + 1 :]
    while len(tokens) > 2 and head and head[-1] in _FUNCTION_WORDS:
        head.append(tokens.pop(0))
    if any(_is_title(t) or t in _NOT_PEOPLE for t in tokens) or tokens[0] in _OPENERS:
        return None
    if len(tokens) == 1 and head and not (
        re.fullmatch(_HONORIFIC, head[-1]) or _is_title(head[-1]) or head[-1].lower() in _ROLE_NOUNS
    ):
        return None  # a lone capitalised word after other words is rarely a person ("Empa researcher X" is)
    if head and _ADVERBIAL.match(head[0]):  # "As an initial response Federal Councillor X": the role
        later = [k for k, t in enumerate(head) if k and t[:1].isupper()]
        head = head[later[0] :] if later else []
    return " ".join(tokens), " ".join(head)


def _is_title(token: str) -> bool:
    """A title, alone or in a compound ("Director-designate", "Vice-President")."""
    return any(_TITLES.fullmatch(t) for t in (token, *token.split("-")))


def extract_statements(text: str, lang: str = "en") -> tuple[Statement, ...]:
    """Every quotation and statement of ``text``, in reading order, with speaker and offsets;
    ``lang`` (the document's language) chooses the shapes: English's unless it is one of
    ``WORDS`` (fr, de, it, nl, sv).

    >>> [(st.speaker, st.role) for st in extract_statements(
    ...     "« Nous devons agir », a déclaré la conseillère fédérale Simonetta Sommaruga.", "fr")]
    [('Simonetta Sommaruga', 'conseillère fédérale')]
    """
    if lang in WORDS:

        return extract_in(text, lang)
    found: list[Statement] = []
    taken: list[tuple[int, int]] = []
    lines = list(_lines(text))
    for i, (start, line) in enumerate(lines):
        for match in _QUOTED_THEN.finditer(line):
            attribution = match.group("attr")
            verb = _VERB.search(attribution)
            if not verb:
                continue
            before, after = attribution[: verb.start()], attribution[verb.end() :]
            who = after if not before.strip(" ,") else before
            name, role = _speaker(who, found, text, start + match.start())
            if not name and _ROLE_ONLY.fullmatch(who.strip(" ,")):
                # "…," said the head of the FDJP: the release's own principal, named first.
                first = _MENTION.search(text)
                name, role = (first.group("name"), who.strip(" ,").removeprefix("the ")) if first else ("", "")
            if not name:
                continue
            a, b = start + match.start("quote"), start + match.end("quote")
            found.append(_statement(text, a, b, "quote", name, role))
            taken.append((a, b))
            more = _CONTINUED.match(line, match.end())
            if more:  # “…,” said X. “…”: X goes on
                a, b = start + more.start("quote"), start + more.end("quote")
                found.append(_statement(text, a, b, "quote", name, role))
                taken.append((a, b))
        # The attribution before the quotation: "He said: “…”", "Mr Jans …: “…”".
        for pattern in (_SAID_THEN, _PERSON_THEN_QUOTE, _NAMED_THEN):
            for match in pattern.finditer(line):
                a, b = start + match.start("quote"), start + match.end("quote")
                if _overlaps(a, b, taken):
                    continue
                name, role = _speaker(match.group("who"), found, text, a)
                if pattern is _NAMED_THEN and (verb := _VERB.search(role)):  # "X, President of Senegal
                    role = role[: verb.start()].strip()  # stressed the necessity …: «…»": the role ends
                if pattern is _NAMED_THEN and not (role or _known_person(name, text, found)):
                    continue  # "New Publication: “…”": a bare name must be a person the document names
                if name:
                    found.append(_statement(text, a, b, "quote", name, role))
                    taken.append((a, b))
        byline = _BYLINE.match(lines[i + 1][1]) if i + 1 < len(lines) else None
        if byline and _TITLES.search(byline.group("role")) and _is_statement_paragraph(line):
            name, role = speaker_and_role(f"{byline.group('name')}, {byline.group('role')}")
            a, b = start, start + len(line)
            if not _overlaps(a, b, taken):
                found.append(_statement(text, a, b, "quote", name, role))
                taken.append((a, b))
        for s, e in split_sentences(line):
            sentence = line[s:e]
            if _overlaps(start + s, start + e, taken):
                continue
            reported = _REPORTED.search(sentence)
            if reported:
                name, role = _speaker(reported.group("who"), found)
            elif _PRONOUN_REPORTED.match(sentence):
                name, role = _last_person(text, start + s, found, sentence.split()[0])
            elif (
                (end := _SAID_AT_END.search(sentence))
                and len(sentence.split()) >= 8
                and (who := end.group("after") or end.group("before")).lower() != "they"
            ):
                name, role = _speaker(who, found, text, start + s)
            else:
                continue
            if name:
                found.append(_statement(text, start + s, start + e, "statement", name, role))
                taken.append((start + s, start + e))
                # A quotation right after, with no attribution of its own, goes on with what the
                # person said: "Mr Jans acknowledged that the target was ambitious. “But we can …”"
                more = _CONTINUED.match(line, e)
                if more and not _overlaps(start + more.start("quote"), start + more.end("quote"), taken):
                    a, b = start + more.start("quote"), start + more.end("quote")
                    found.append(_statement(text, a, b, "quote", name, role))
                    taken.append((a, b))
    resolved = _resolve_surnames(found, text, not_names=_OPENERS)  # "In Swissmedic" is no first name
    people = [st for st in resolved if not re.search(rf"\bthe {re.escape(st.speaker)}\b", text)]
    return tuple(sorted(people, key=lambda st: st.start))


def _known_person(name: str, text: str, found: list[Statement]) -> bool:
    """Whether the document gives ``name`` as a person: a speaker already, or after a title."""
    return any(st.speaker == name for st in found) or any(m.group("name") == name for m in _MENTION.finditer(text))


def _is_statement_paragraph(line: str) -> bool:
    return len(line.split()) >= 8 and line.rstrip().endswith((".", "!", "?", "”", '"')) and not _BYLINE.match(line)


def _speaker(who: str, found: list[Statement], text: str = "", at: int = 0) -> tuple[str, str]:
    """Name and role from an attribution; "he"/"she" is the person last named before ``at``
    in ``text`` (``_last_person``), or the speaker of the statement before."""
    last = who.strip(" ,").rsplit(",", 1)[-1].strip()
    if last in _PRONOUNS:
        if text:
            return _last_person(text, at, found, last)
        return (found[-1].speaker, found[-1].role) if found else ("", "")
    return speaker_and_role(who)
