"""What the statement readers of every language share: names, titles, countries, the person a
pronoun stands for, and turning a span of text into a ``Statement`` (``ingest/statements.py``
for English and the dispatch, ``ingest/statements_multilingual.py`` for the other languages)."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.records import Statement

_TITLES = re.compile(
    r"\b(Minister|Secretary|Commissioner|President|Vice-President|Prime|Director|Chair|Chairman|"
    r"Chairwoman|Spokesperson|Spokesman|Spokeswoman|Ambassador|Mayor|Head|Chief|Rapporteur|"
    r"Member|Councillor|Councilor|Governor|Chancellor|King|Queen|Federal Councillor|Director-General|Secretary-General|"
    r"Professor)\b"
)
_PARTICLE = r"(?:de|van|von|der|den|del|della|di|da|du|le|la|ter|af|zu)"
# Letters of names: Latin-1's and Latin Extended-A's (Popović, Dačić, Šefčovič; that block mixes
# capitals and small letters, so it stands in both); a capital after an apostrophe
# (Dell'Ambrogio, O'Sullivan).
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
_LOWER = "a-zà-öø-ÿ\u0100-\u017f"
_NAME_WORD = rf"[{_UPPER}](?:[{_LOWER}'’]|(?<=['’])[{_UPPER}])+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{1,3}}"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Prof|Sir|Dame)\.?"
_LEADING_HONORIFIC = re.compile(_HONORIFIC + r"\s")
_PERSON_HEAD = (
    rf"(?:{_HONORIFIC}|(?:Federal |State )?(?:Councillor|Minister|Secretary|Commissioner|President)"
    r"|Director-General|Director|Ambassador|Professor)"
)
# A person named with an honorific or a title: "Ms Keller-Sutter", "Federal Councillor Jans".
_MENTION = re.compile(rf"\b(?P<head>{_PERSON_HEAD})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)")
DEMONYMS = {
    "Austrian": "Austria", "Belgian": "Belgium", "Bulgarian": "Bulgaria", "Croatian": "Croatia",
    "Cypriot": "Cyprus", "Czech": "Czechia", "Danish": "Denmark", "Dutch": "Netherlands",
    "Estonian": "Estonia", "Finnish": "Finland", "French": "France", "German": "Germany",
    "Greek": "Greece", "Hungarian": "Hungary", "Irish": "Ireland", "Italian": "Italy",
    "Latvian": "Latvia", "Lithuanian": "Lithuania", "Luxembourgish": "Luxembourg", "Maltese": "Malta",
    "Polish": "Poland", "Portuguese": "Portugal", "Romanian": "Romania", "Slovak": "Slovakia",
    "Slovenian": "Slovenia", "Spanish": "Spain", "Swedish": "Sweden", "Swiss": "Switzerland",
    "Norwegian": "Norway", "Icelandic": "Iceland", "Ukrainian": "Ukraine", "British": "United Kingdom",
    "European": "European Union",
}  # fmt: skip
_COUNTRY = re.compile(r"\b(" + "|".join(DEMONYMS) + r")\b")
_POSSESSIVE_COUNTRY = re.compile(r"\b(" + "|".join(sorted(set(DEMONYMS.values()))) + r")['’]s\b")
_OF_COUNTRY = re.compile(r"\bof (" + "|".join(sorted(set(DEMONYMS.values()))) + r")\b")



def country_of(role: str) -> str:
    """The country a role names, by nationality or ``of <country>``.

    >>> country_of("Belgian Minister of the Interior"), country_of("Prime Minister of Sweden")
    ('Belgium', 'Sweden')
    >>> country_of("Austria’s Minister of the Interior")
    'Austria'
    """
    match = _COUNTRY.search(role)
    if match and match.group(1) != "European":
        return DEMONYMS[match.group(1)]
    match = _OF_COUNTRY.search(role) or _POSSESSIVE_COUNTRY.search(role)
    return match.group(1) if match else ""


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            out.append((at + line.index(stripped), stripped))
        at += len(line) + 1
    return out


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in taken)


def _statement(text: str, a: int, b: int, kind: str, name: str, role: str) -> Statement:
    name = _LEADING_HONORIFIC.sub("", name)  # "Mr Jans" is Jans, to be resolved to his full name
    return Statement(text[a:b], name, role, country_of(role), kind, a, b)


def _resolve_surnames(
    found: list[Statement],
    text: str,
    titles: re.Pattern[str] = _TITLES,
    person_head: str = _PERSON_HEAD,
    honorific: str = _HONORIFIC,
    not_names: frozenset[str] = frozenset(),
) -> list[Statement]:
    """A speaker named by surname alone gets the full name (and role) the document gives; one
    the document never names in full is dropped (a capitalised word is not yet a person).
    Other languages pass their titles, honorifics and the capitalised words that are no first name."""
    full = {st.speaker: st for st in found if " " in st.speaker}
    out = []
    for st in found:
        if " " not in st.speaker:
            match = next((f for name, f in full.items() if name.split()[-1] == st.speaker), None)
            if match is not None:
                st = replace(st, speaker=match.speaker, role=st.role or match.role, country=st.country or match.country)
            else:
                names = re.finditer(rf"{_NAME_WORD}(?:\s+{_PARTICLE})*\s+{re.escape(st.speaker)}\b", text)
                people = (m.group() for m in names if not titles.search(m.group()))
                people = (n for n in people if n.split()[0] not in not_names)
                named = next((n for n in people if not re.match(rf"(?:{honorific})\s", n)), None)
                if named is None:
                    # Never named in full, but named as a person ("Ms Keller-Sutter", "Federal
                    # Councillor Keller-Sutter"): the surname, with the title as role.
                    titled = re.search(rf"\b(?P<head>{person_head})\s+{re.escape(st.speaker)}\b", text)
                    if titled is None:
                        continue
                    head = titled.group("head")
                    role = st.role or ("" if re.fullmatch(honorific, head) else head)
                    st = replace(st, role=role, country=st.country or country_of(role))
                else:
                    titled = re.search(rf"\b(?P<head>{person_head})\s+{re.escape(named)}\b", text)
                    head = titled.group("head") if titled else ""
                    role = st.role or ("" if re.fullmatch(honorific, head) else head)
                    st = replace(st, speaker=named, role=role, country=st.country or country_of(role))
        out.append(st)
    return out


def _last_person(text: str, at: int, found: list[Statement], pronoun: str = "") -> tuple[str, str]:
    """The person "he" or "she" at ``at`` stands for: the last one named before it, by an
    honorific or title ("Mr Jans's first meeting") or as the speaker of a statement. A person
    named as a sentence's subject goes before one named in its object: in "Mr Jans spoke with
    Justice Minister X. He stated that …", he is Mr Jans."""
    mentions = [m for m in _MENTION.finditer(text, 0, at) if _may_be(pronoun, m.group())]
    subjects = [m for m in mentions if _is_subject(text, m.start()) or _VERB_AFTER.match(text, m.end())]
    earlier = [st for st in found if st.start < at]
    if subjects and mentions and subjects[-1] is not mentions[-1]:
        # the last subject, unless a statement was made after it
        mentions = subjects
    if mentions and (not earlier or mentions[-1].start() > earlier[-1].start):
        name = mentions[-1].group("name")
        name = re.sub(r"['’]s$", "", name)
        head = mentions[-1].group("head")
        return name, "" if re.fullmatch(_HONORIFIC, head) else head
    return (earlier[-1].speaker, earlier[-1].role) if earlier else ("", "")


def _may_be(pronoun: str, mention: str) -> bool:
    """Whether ``pronoun`` may stand for the person ``mention`` names ("She" is no "Mr X")."""
    honorific = mention.split()[0].rstrip(".")
    if pronoun.lower() == "he":
        return honorific not in {"Ms", "Mrs", "Dame"}
    if pronoun.lower() == "she":
        return honorific not in {"Mr", "Sir"}
    return True


# A verb right after a name makes it its clause's subject: "…, State Secretary X stressed that …".
_VERB_AFTER = re.compile(
    r",?\s+(?:also\s+)?(?:[a-z]+ed|said|says|states|stresses|notes|explains|adds|emphasises|emphasizes|underlines|"
    r"points|is|was|has|had|met|meets|spoke|speaks|made|makes|went|took|gave|visits)\b"
)


def _is_subject(text: str, at: int) -> bool:
    """Whether the words at ``at`` open their sentence, after an opening phrase at most.

    >>> t = "He left. Mr Jans met Ms X. In Bern, Mr Y spoke."
    >>> _is_subject(t, t.index("Mr Jans")), _is_subject(t, t.index("Ms X")), _is_subject(t, t.index("Mr Y"))
    (True, False, True)
    """
    head = re.search(r"(?:^|[.!?][\"”’»ˮ]?\s+|\n)([^.!?\n]*)$", text[:at])
    words = head.group(1) if head else ""
    return not words.strip() or bool(re.fullmatch(r"[A-Z][^,]{0,80},\s*", words))
