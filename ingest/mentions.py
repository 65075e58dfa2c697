"""Names of people, organisations and places in a document, each mention with its offsets.

English is read by spaCy's ``en_core_web_sm`` and French and Italian by ``fr_core_news_sm``
(the entity recogniser alone, through ``ingest/entities.py``'s loader). German, Dutch, Swedish
and the other languages have no model installed (none is on PyPI), so rules read them: a role
or title before a capitalised name is a person ("Bundesrätin Karin Keller-Sutter",
"justitieminister Gunnar Strömmer"), and so is a first name and surname a title introduced
elsewhere in the document. Every language also gets, by rule, organisations the text defines
with an acronym ("Federal Department of Justice and Police (FDJP)", both forms recorded as
each other's ``alias``), and each person's title or role read just before the name.

Speed: the model reads the first ``MODEL_CHARS`` characters of a document (the whole of nearly
every press release); the names it found there are then found again, by their words, in the
rest, and the rules read the whole text.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from ingest.entities import recogniser
from ingest.records import Mention
from ingest.statement_words import ROLE_WORD

MODEL_CHARS = 3000
KINDS = {"PERSON": "person", "PER": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_MODEL_LANGS = frozenset({"en", "fr", "it"})

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOW = "a-zß-öø-ÿā-ž"
_WORD = rf"[{_UP}][{_LOW}'’]+(?:-[{_UP}{_LOW}][{_LOW}'’]+)*"
_PARTICLE = r"(?:de|van|von|der|den|del|della|di|da|du|le|la|ter|af|zu)"
_NAME = rf"{_WORD}(?:\s(?:{_PARTICLE}\s)*{_WORD}){{0,3}}"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Herr|Frau|M\.|Mme|Madame|Monsieur|Signora|Signor|dhr\.|mevr\.)"
_EN_ROLE = (
    r"(?i:Minister|Secretary|Commissioner|President|Vice-President|Director|Director-General|Chair|Chairman|"
    r"Chairwoman|Spokesperson|Spokesman|Spokeswoman|Ambassador|Mayor|Head|Chief|Rapporteur|Councillor|"
    r"Governor|Chancellor|King|Queen|Judge|Prosecutor|Commander)"
)
_CAPS = rf"[{_UP}][\w'’-]*(?:\s[{_UP}][\w'’-]*){{0,2}}"
# A title before a name: "Federal Councillor", "Minister of Justice", "Belgian Minister for Asylum and
# Migration", "Bundesrätin", "conseiller fédéral", "la ministre de l'Intérieur", "EU Commissioner".
_ROLE = (
    rf"(?:(?:[{_UP}][\w-]*|[A-Z]{{2,}})\s){{0,3}}(?:{_EN_ROLE}|{ROLE_WORD})"
    rf"(?:\s(?:fédéral|fédérale|federale|général|générale|generale|d'État|adjoint|adjointe))?"
    rf"(?:\s(?:of|for|de|du|des|für|der|del|della|dello|degli|di|voor|van|för)\s(?:the\s|l['’]|la\s|le\s)?"
    rf"(?:{_CAPS}(?:,?\s(?:and|et|und|e|en|och)\s(?:the\s)?{_CAPS})?|[{_LOW}]+(?:\s[{_LOW}]+){{0,2}}))?"
)
_ROLE_BEFORE = re.compile(rf"(?P<role>{_ROLE}|{_HONORIFIC})\s*,?\s*$")
_ROLE_AT_START = re.compile(rf"^(?P<role>(?:(?:the|The)\s)?(?:{_ROLE}|{_HONORIFIC})(?:\s|$))+")
_PERSON_AFTER_ROLE = re.compile(
    rf"(?<![\w-])(?:(?P<role>{_ROLE})\s*,?\s(?P<name>{_WORD}(?:\s(?:{_PARTICLE}\s)*{_WORD}){{1,3}})"
    rf"|(?P<honorific>{_HONORIFIC})\s(?P<surname>{_WORD}(?:\s(?:{_PARTICLE}\s)*{_WORD}){{0,3}}))"
)
# A name after a verb of saying: "…, säger Paulina Brandberg", "…, says Mari Rantanen".
_SAYS = re.compile(rf"(?<![\w-])(?:säger|sade|sa|says|said|sagte|sagt|betonte|erklärte|zei|aldus)\s"
                   rf"(?P<name>{_WORD}(?:\s(?:{_PARTICLE}\s)*{_WORD}){{1,2}})")
_ROLE_NEXT = re.compile(rf"^,\s(?:the\s)?{_ROLE}")
_ROLE_AFTER = re.compile(rf"^,\s(?:the\s)?(?P<role>{_ROLE})(?=[,.;)\n]|\s(?:and|et|und)\s)")
# Words of an institution, an office or an address, never of a person's name.
_NOT_PERSON = frozenset(
    "Affairs Affaires General Generale Général Reform Renewal Interior Intérieur Justice Police Home Migration Asylum "
    "Security Zaken Council Conseil Commission Department Departement Département Ministry Ministerium Office "
    "Federal State Union European Democratic Institutional Agenda Boulevard Avenue Rue Street Passage Place Square "
    "Road Platz Strasse Straße Via Schengen Parliament Government Republic Kingdom Presidency Agency Court "
    "Prosecutor Europol Frontex Interpol Bruxelles Brussels Interno Interni Giustizia Polizia Ufficio Dipartimento "
    "Commissione Consiglio Unione Svizzera Schweiz Suisse Confederazione Bundesrat Bundesrätin Accordo Accord "
    "Abkommen Agreement Treaty Convention Principato Principauté Fürstentum Sistema Comitato Comité Programme".split()
)
_ACRONYM = re.compile(r"\((?P<short>[A-Za-z][A-Za-z&.-]{1,11})\)")
_SMALL = frozenset("of and for the de du des la le l et für und der die das del della di e van voor en och för"
                   " on in to against at".split())
_NOT_NAMES = frozenset(
    "The This That These Those In On At For From With By During After Before Today Yesterday Tomorrow It He She "
    "Questo Questa Questi Queste I Gli Una Uno Dal Dalla Del Della Nel Nella Con Ce Cette Ces Cet Dans Pour "
    "Avec Sur Par Dieser Diese Dieses Für Zu Als Wie Och Av Och Den Det Detta Vid Enligt "
    "They We Der Die Das Den Dem Des Le La Les Il Lo De Het Un Une Ein Eine Im Am Zum Zur Auf Mit Von Bei Nach "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Januar Februar März Juni Juli Oktober Dezember".split()
)


def extract_mentions(text: str, lang: str) -> tuple[Mention, ...]:
    """The names in ``text`` (people, organisations, places), in text order, each with offsets.

    >>> [(m.text, m.kind, m.role) for m in extract_mentions("Bundesrätin Karin Keller-Sutter kam.", "de")]
    [('Karin Keller-Sutter', 'person', 'Bundesrätin')]
    >>> [m.text for m in extract_mentions("She met Rwandan Environment Minister Jeanne d'Arc Mujawamariya.", "en")]
    ["Jeanne d'Arc Mujawamariya"]
    """
    nlp = recogniser(lang) if lang in _MODEL_LANGS else None
    model = _model_mentions(text, nlp) if nlp is not None else []
    # Where two readings overlap, the rules' (an acronym's definition, a titled person) win
    # over the model's, and a person over an organisation or place.
    ruled = _extended(_acronym_mentions(text), model) + _titled_people(text)
    people = [m for m in model if m.kind == "person"]
    others = [m for m in model if m.kind != "person"]
    again = _propagate(text, _deduplicated([ruled, people, others]), MODEL_CHARS if nlp is not None else 0)
    found = _deduplicated([ruled, people, [m for m in again if m.kind == "person"], others, again])
    return tuple(_with_roles(text, m) for m in found)


def _model_mentions(text: str, nlp) -> list[Mention]:  # noqa: ANN001 - spaCy's Language
    head = text[:MODEL_CHARS]
    out = []
    for ent in nlp(head).ents:
        kind = KINDS.get(ent.label_)
        if kind is None:
            continue
        for a, b in _cleaned_spans(text, ent.start_char, ent.end_char):
            words = text[a:b]
            if kind == "person":
                # A surname alone counts once its full name or a title is found.
                span = _person_span(text, a, b, single=False)
                if span is not None:
                    out.append(Mention(text[span[0] : span[1]], kind, *span))
                continue
            if _plausible(words, kind):
                out.append(Mention(words, kind, a, b))
    return out


def _cleaned_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A model's span cut at line ends, without a leading article or a trailing possessive or punctuation."""
    out = []
    for line in re.finditer(r"[^\n]+", text[a:b]):
        x, y = a + line.start(), a + line.end()
        lead = re.match(r"(?:the|The|l['’]|la|le|les|il|lo|gli|La|Le|Il)\s*(?=\w)", text[x:y])
        if lead:
            x += lead.end()
        while y > x and not (text[y - 1].isalnum() or text[y - 1] in ").’'"):
            y -= 1
        if text[x:y].endswith(("'s", "’s")):
            y -= 2
        if y > x:
            out.append((x, y))
    return out


def _plausible(words: str, kind: str) -> bool:
    """Whether a span reads as a name: a capital letter in it, not one lone function word or date."""
    if len(words) < 2 or not any(c.isupper() for c in words) or words in _NOT_NAMES:
        return False
    if kind == "person":
        first = words.split()[0]
        return first[0].isupper() and not any(c.isdigit() for c in words) and first not in _NOT_NAMES
    return not words.isdigit()


def _acronym_mentions(text: str) -> list[Mention]:
    """Long forms defined with an acronym in brackets, and the acronym's every use after that."""
    out: list[Mention] = []
    defined: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        short = m.group("short").strip(".-")
        if sum(c.isupper() for c in short) < 2 and not short.islower():
            continue
        long_span = _long_form(text, m.start(), short)
        if long_span is None:
            continue
        a, b = long_span
        out.append(Mention(text[a:b], "org", a, b, alias=short))
        out.append(Mention(short, "org", m.start("short"), m.start("short") + len(short), alias=text[a:b]))
        defined.setdefault(short, text[a:b])
    for short, long in defined.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
            out.append(Mention(short, "org", m.start(), m.end(), alias=long))
    return out


def _long_form(text: str, bracket: int, short: str) -> tuple[int, int] | None:
    """The words before ``bracket`` whose letters spell ``short``: initials, or letters in order
    from the first word's initial (Staatssekretariat für Migration → SEM)."""
    line_start = text.rfind("\n", 0, bracket) + 1
    words = list(re.finditer(r"[\w'’-]+", text[line_start:bracket]))[-10:]
    letters = [c for c in short.lower() if c.isalpha()]
    for k in range(1, len(words) + 1):
        chosen = words[-k:]
        first = chosen[0].group()
        if not first[0].isupper() or first.lower() in _SMALL:
            continue
        if text[line_start + chosen[-1].end() : bracket].strip():
            return None  # something other than spaces between the long form and its bracket
        content = [w.group() for w in chosen if w.group().lower() not in _SMALL]
        if _spells(letters, [w.lower() for w in content]):
            return line_start + chosen[0].start(), line_start + chosen[-1].end()
    return None


def _spells(letters: list[str], words: list[str]) -> bool:
    """Whether ``letters`` take each word's initial in turn, and maybe more letters of a word after
    its initial; every word gives at least its initial.

    >>> _spells(list("fdjp"), ["federal", "department", "justice", "police"])
    True
    >>> _spells(list("sem"), ["staatssekretariat", "migration"]), _spells(list("eu"), ["european", "council"])
    (True, False)
    """

    @cache
    def go(i: int, w: int, pos: int) -> bool:
        # i letters used; inside word w at position pos (pos 0: its initial not yet taken)
        if i == len(letters):
            return w == len(words) - 1 and pos > 0
        if w < len(words) and pos == 0:
            return words[w][0] == letters[i] and go(i + 1, w, 1)
        rest = words[w][pos:]
        later = rest.find(letters[i])
        inside = later >= 0 and go(i + 1, w, pos + later + 1)
        return inside or (w + 1 < len(words) and go(i, w + 1, 0))

    return bool(words) and len(letters) >= len(words) and go(0, 0, 0)


def _titled_people(text: str) -> list[Mention]:
    """People named after a role or title, in any language: 'Bundesrätin Karin Keller-Sutter',
    'Ms Keller-Sutter' (a name alone only after an honorific)."""
    out = []
    for m in _PERSON_AFTER_ROLE.finditer(text):
        group = "name" if m.group("name") else "surname"
        span = _person_span(text, m.start(group), m.end(group), single=group == "surname")
        if span is not None:
            out.append(Mention(text[span[0] : span[1]], "person", *span))
    for m in _SAYS.finditer(text):
        span = _person_span(text, m.start("name"), m.end("name"), single=False)
        if span is not None:
            out.append(Mention(text[span[0] : span[1]], "person", *span))
    return out


_STREET = re.compile(r"(?i:rue|via|avenue|boulevard|piazza|place|platz|strasse|straße|street|viale|quai)\s+$")


# A particle elided before a capital inside a name ("Jeanne d'Arc Mujawamariya"); first, it is an
# article or a preposition ("l'Intérieur", "d'Italia").
_ELIDED = re.compile(r"d['’][A-ZÀ-Ý][\w-]+")


def _person_span(text: str, a: int, b: int, single: bool) -> tuple[int, int] | None:
    """A person's name inside ``text[a:b]``: a title or an institution's words before it taken off,
    cut at its first word in lower case (particles aside); None when no name of two words (or
    one, where ``single``) is left, or an institution's word is in it."""
    lead = _ROLE_AT_START.match(text[a:b])
    if lead and lead.end() < b - a:
        a += lead.end()
    words = list(re.finditer(r"\S+", text[a:b]))
    while words and (words[0].group() in _NOT_NAMES | _NOT_PERSON or re.fullmatch(_PARTICLE, words[0].group())):
        words.pop(0)
    kept = []
    for w in words:
        word = w.group().rstrip(",.;:")
        elided = bool(kept) and bool(_ELIDED.fullmatch(word))  # "Jeanne d'Arc Mujawamariya", "Giscard d'Estaing"
        if not word[:1].isupper() and not re.fullmatch(_PARTICLE, word) and not elided:
            break
        kept.append((w.start(), w.start() + len(word), word))
        if word != w.group():
            break  # a comma or full stop ends the name
    while kept and (re.fullmatch(_PARTICLE, kept[-1][2]) or kept[-1][2] in _NOT_NAMES):
        kept.pop()
    if len(kept) < (1 if single else 2) or len(kept) > 5:
        return None
    names = [k[2] for k in kept]
    if any(n in _NOT_PERSON or any(c.isdigit() for c in n) or ("'" in n[1:3] or "’" in n[1:3]) and not
           (k and _ELIDED.fullmatch(n)) or (n.isupper() and len(n) > 1) for k, n in enumerate(names)):  # fmt: skip
        return None
    start, end = a + kept[0][0], a + kept[-1][1]
    if _STREET.search(text[max(0, start - 12) : start]):
        return None
    return start, end


def _propagate(text: str, found: list[Mention], model_end: int) -> list[Mention]:
    """Names found once, found again wherever their words stand; a person's surname alone too
    (after its full name was found)."""
    out = list(found)
    forms: dict[str, tuple[str, str]] = {}
    for m in found:
        forms.setdefault(m.text, (m.kind, m.alias))
        words = m.text.split()
        if m.kind == "person" and len(words) > 1 and len(words[-1]) > 3:
            forms.setdefault(words[-1], ("person", ""))
    for form, (kind, alias) in forms.items():
        for hit in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if hit.start() >= model_end or kind == "person" or " " not in form:
                out.append(Mention(form, kind, hit.start(), hit.end(), alias=alias))
    return out


def _deduplicated(tiers: list[list[Mention]]) -> list[Mention]:
    """One mention per stretch of text, in text order: of those overlapping, the one of the
    earliest tier, then the longest, then the first."""
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    chosen: list[Mention] = []
    for tier in tiers:
        for m in sorted(tier, key=lambda m: (-(m.end - m.start), m.start)):
            at = bisect.bisect_left(taken, (m.start, m.end))
            before = taken[at - 1] if at else None
            after = taken[at] if at < len(taken) else None
            if (before and before[1] > m.start) or (after and after[0] < m.end):
                continue
            taken.insert(at, (m.start, m.end))
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _extended(defined: list[Mention], model: list[Mention]) -> list[Mention]:
    """An acronym's long form widened to the model's organisation that ends where it does and
    holds it ("Secretariat for Migration (SEM)" inside "State Secretariat for Migration")."""
    ends = {m.end: m for m in model if m.kind == "org"}
    out = []
    for m in defined:
        wider = ends.get(m.end)
        if m.alias and wider is not None and wider.start < m.start and "(" not in wider.text:
            m = Mention(wider.text, "org", wider.start, m.end, alias=m.alias)
        out.append(m)
    widened = {m.alias: m.text for m in out if m.alias and m.text[:1].isupper() and " " in m.text}
    return [Mention(m.text, m.kind, m.start, m.end, alias=widened.get(m.text, m.alias)) for m in out]


def _with_roles(text: str, m: Mention) -> Mention:
    if m.kind != "person" or m.role:
        return m
    line_start = text.rfind("\n", 0, m.start) + 1
    before = text[max(line_start, m.start - 90) : m.start]
    role = _ROLE_BEFORE.search(before)
    between = role and "," in role.group()[len(role.group("role")) :] and before[: role.start()].rstrip().endswith(",")
    if between and _ROLE_NEXT.match(text[m.end : m.end + 120]):
        role = None  # "A, Minister of X, B, Chair of Y": each role after its name
    role = role or _ROLE_AFTER.match(text[m.end : m.end + 120])
    if role is None:
        return m
    words = re.sub(r"^(?i:the|la|le|les|il|lo|der|die|das)\s", "", role.group("role").strip())
    return Mention(m.text, m.kind, m.start, m.end, role=words, alias=m.alias)
