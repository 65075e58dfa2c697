"""Answers from the statements extracted at ingest: "what did X say about Y", "who said …".

The candidates are the statements of the documents retrieved for the question (so filters
and ranking apply). A speaker named in the question narrows them to that speaker; the one
closest in meaning to the question is quoted whole, with its attribution (the rest of its
line, or the line under it that names the speaker), verbatim and cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from assistant.nodes import ScoredNode
from assistant.records import Citation, record_citation
from assistant.scoring import question_terms
from index.embedding import Embedder
from index.lexical import part_of, terms
from index.store import PassageStore
from ingest.months import FOREIGN_MONTHS, MONTHS
from ingest.records import Statement

if TYPE_CHECKING:
    from assistant.reader import Reading

# "Who said …" and "what did X say …", in each supported language (its grammar, not tuned on answers).
_SAID = {
    "en": r"said|say|says|stated|quoted|stressed|called|calling|warned|declared",
    "fr": r"(?:a|ont|avait)\s+(?:dit|déclaré|affirmé|souligné|indiqué|expliqué)|dit|déclaré|déclare|affirme|"
          r"justifié|averti|formulée?|mis en garde|promis",
    "de": r"sagte|sagten|gesagt|sagt|erklärte|erklärt|betonte|betont|meinte|begründete|begründet|warnte|gewarnt|"
          r"versprach",
    "it": r"(?:ha|hanno)\s+(?:detto|dichiarato|affermato|sottolineato|giustificato|avvertito|promesso)|dice|dichiara",
    "nl": r"zei|zeiden|gezegd|zegt|verklaarde|verklaard|waarschuwde|rechtvaardigde|beloofde",
    "sv": r"sa|sade|sagt|säger|uttalade|uttalat|betonade|betonat|motiverade|varnade|lovade",
}
_WHO = {
    "en": r"who|which (?:minister|official|commissioner|secretary|person|member)",
    "fr": r"qui|quel(?:le)? (?:ministre|conseill[eè]re?|responsable|personne)",
    "de": r"wer|welche[rs]? (?:minister(?:in)?|bundesr[aä]t(?:in)?|person)",
    "it": r"chi|quale (?:ministro|ministra|consigliere|persona)",
    "nl": r"wie|welke (?:minister|persoon)",
    "sv": r"vem|vilken (?:minister|person)",
}
_WHAT = {
    "en": r"what did",
    "fr": r"qu['’](?:a|ont|avait)|qu['’]est-ce qu(?:e|['’])|que|comment|quel(?:le)?s?",
    "de": r"was|wie|welche[nrs]?",
    "it": r"(?:che )?cosa|come|quale|quali",
    "nl": r"wat|hoe|welke",
    "sv": r"vad|hur|vilken|vilket|vilka",
}
# Each language's interrogative with its own verbs ("who … SA" in English is not Swedish "vem … sa").
_ASKS_SPEAKER = re.compile("|".join(rf"\b(?:{_WHO[lang]})\b.*\b(?:{_SAID[lang]})\b" for lang in _WHO), re.I)
# "What did …" is English's; elsewhere the verb of saying follows the interrogative.
_ASKS_WORDS = re.compile(
    r"\b(?:what|how) did\b.*\b(?:say|said|state|stress|declare|tell|warn|explain|argue|promise|justify)\b|"
    r"\bwhat (?:warning|message|appeal|promise) did\b|"
    + "|".join(rf"(?:^|[\s,;:(«„\"'’])(?:{_WHAT[lang]})\b.*\b(?:{_SAID[lang]})\b" for lang in _WHAT if lang != "en"),
    re.I,
)
# English months capitalised only ("may" is a verb too); the others in either case ("en mars", "i mars").
_MONTH_NAMES = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    rf"(?i:{'|'.join(sorted(FOREIGN_MONTHS, key=len, reverse=True))}))\b"
)
MIN_SIMILARITY = 0.45  # question to statement, with no speaker named in the question
MIN_NAMED = 0.25  # when the question names the speaker


def asks_about_statements(question: str) -> bool:
    """Whether the question asks who said something or what someone said.

    >>> asks_about_statements("What did Mari Rantanen say about Ukraine?")
    True
    >>> asks_about_statements("Which minister is quoted calling for police cooperation?")
    True
    >>> asks_about_statements("When was the alliance launched?")
    False
    >>> [asks_about_statements(q) for q in ("Qu'a dit la conseillère fédérale sur Schengen ?",
    ...  "Was sagte Bundesrätin Keller-Sutter zur Migration?", "Vad sa justitieministern om polisen?",
    ...  "Chi ha dichiarato che la cooperazione è essenziale?", "Wat zei de minister over drugs?")]
    [True, True, True, True, True]
    >>> [asks_about_statements(q) for q in ("Was hat der Bundesrat beschlossen?", "Quand a-t-il été adopté ?",
    ...  "Vad beslutade regeringen?", "Wer leitet das Bundesamt?", "Who heads the SA police?")]
    [False, False, False, False, False]
    """
    return bool(_ASKS_SPEAKER.search(question) or _ASKS_WORDS.search(question))


def unquoted_speaker(question: str, nodes: list[ScoredNode], store: PassageStore, limit: int = 5) -> str | None:
    """For "what did X say …", the person X when the retrieved documents name X but report nothing X
    said (no statement of theirs was found at ingest); otherwise None.

    The question's person is one the documents name (a person read at ingest, ``ingest.mentions``)
    whose surname the question repeats: the documents know who is asked about, not what they said.
    """
    if not _ASKS_WORDS.search(question) or _ASKS_SPEAKER.search(question):
        return None
    lowered = question.lower()
    sources = list(dict.fromkeys(n.node.metadata["source_id"] for n in nodes))[:limit]
    records = [store.document(source_id) for source_id in sources]
    speakers = {st.speaker.split()[-1].lower() for r in records for st in r.statements if st.speaker.split()}
    # An index written before names were read at ingest has none (``mentions`` is None).
    names = [m.text.split() for r in records for m in (r.mentions or ()) if m.kind == "person"]
    people = {words[-1].lower() for words in names if words}
    asked = {name for name in people if re.search(rf"\b{re.escape(name)}\b", lowered)}
    if asked and not asked & speakers:
        return sorted(asked)[0]
    return None


def quoted_off_topic(question: str, lang: str, nodes: list[ScoredNode], store: PassageStore, limit: int = 5) -> bool:
    """For "what did X say about Y": whether the retrieved releases that quote X (a statement read at
    ingest whose speaker's surname the question repeats) name nothing of Y (``off_topic``)."""
    if not asks_about_statements(question) or not _ABOUT.search(question):
        return False  # before reading any record: most refused questions ask about no statement
    lowered = question.lower()
    sources = list(dict.fromkeys(n.node.metadata["source_id"] for n in nodes))[:limit]
    quoting = {source_id for source_id in sources for st in store.document(source_id).statements
               if st.speaker.split() and re.search(rf"\b{re.escape(st.speaker.split()[-1].lower())}\b", lowered)}
    passages = [n for n in nodes if n.node.metadata["source_id"] in quoting]
    return bool(passages) and off_topic(question, lang, passages)


def statement_refusal(
    question: str, lang: str, nodes: list[ScoredNode], store: PassageStore, refused: str
) -> tuple[str, str]:
    """The refusal, and the person, for "what did X say …": "not_quoted" (and X) where the documents name X
    but quote nothing X said; "off_topic" where the gate refused as "weak" and the releases that quote X
    name nothing of what was asked; else ``refused`` as it was."""
    speaker = None if refused else unquoted_speaker(question, nodes, store)
    if speaker:
        return "not_quoted", speaker
    if refused == "weak" and quoted_off_topic(question, lang, nodes, store):
        return "off_topic", ""
    return refused, ""


Read = dict[str, list[tuple[int, int, float]]]  # per document, the reader's sentences: start, end, probability


def reader_spans(reading: Reading, nodes: list[ScoredNode]) -> Read:
    """The reader's probability of each sentence of its shortlist (those that may answer), placed by
    document and offsets in its text."""
    out: dict[str, list[tuple[int, int, float]]] = {}
    for node, row in zip(nodes, reading.sentences, strict=False):
        meta = node.node.metadata
        at = int(meta.get("start", 0))
        out.setdefault(meta["source_id"], []).extend(
            (at + s.candidate.start, at + s.candidate.end, s.p) for s in row if s.shortlisted
        )
    return out


def statement_citation(
    question: str,
    nodes: list[ScoredNode],
    store: PassageStore,
    embedder: Embedder,
    limit: int = 5,
    read: Read | None = None,
    min_p: float = 0.0,
    lang: str = "en",
) -> Citation | None:
    """The statement that answers the question, quoted with its attribution, or None.

    With ``read`` (the learned reader's probability of each sentence it may answer with, by
    document offsets), only a statement holding a sentence of probability ``min_p`` or more (the
    reader's best) is quoted: the statement then widens the reader's answer to the whole statement
    and who made it, and never overrules the reader.
    """
    sources = list(dict.fromkeys(n.node.metadata["source_id"] for n in nodes))[:limit]
    found = []
    for rank, source_id in enumerate(sources):
        record = store.document(source_id)
        for st in record.statements:
            found.append((rank, record, st))
    if not found:
        return None
    lowered = question.lower()
    named = [item for item in found if item[2].speaker.split()[-1].lower() in lowered]
    pool = named or found
    # A month named in the question ("what did X say in March") points to that month's documents.
    months = {MONTHS[m.lower()] for m in _MONTH_NAMES.findall(question)}
    dated = [item for item in pool if _month(item[1].date) in months]
    pool = dated or pool
    vectors = embedder.embed([question, *(st.text for _, _, st in pool)])
    close = vectors[1:] @ vectors[0]
    best = int(np.argmax(close - 0.02 * np.array([rank for rank, _, _ in pool])))
    if read is not None:
        likeliest = [_likeliest(read, record.source_id, _with_attribution(record.text or "", st))
                     for _, record, st in pool]  # fmt: skip
        chosen = [i for i, p in enumerate(likeliest) if p is not None and p >= min_p]
        top = max(((p, source) for source, spans in read.items() for _, _, p in spans), default=(0.0, ""))[1]
        if not dated and any(record.source_id == top for _, record, _ in pool):
            chosen = [i for i in chosen if pool[i][1].source_id == top]  # the reader's release speaks
        if not chosen and named:
            # The question names the speaker and the month, or the reader's likeliest sentence is in a document
            # that quotes the speaker (where the sentence only names them: "X took part in …"): the statement
            # the reader likes best, of that month or that document.
            chosen = [i for i, p in enumerate(likeliest) if p is not None and (dated or pool[i][1].source_id == top)]
        if not chosen:
            return None
        # "What did X say about Y": of X's statements the reader would quote, one that speaks of Y; else
        # one of X's in the same release that the reader read and liked less.
        about = _about(question, lang, [pool[i][2].text for i in chosen], chosen)
        releases = {pool[i][1].source_id for i in chosen}
        also = [i for i, p in enumerate(likeliest) if p is not None and pool[i][1].source_id in releases]
        chosen = about or _about(question, lang, [pool[i][2].text for i in also], also) or chosen
        best = max(chosen, key=lambda i: (likeliest[i], close[i]))
        if named:
            # The question names the speaker and the reader would quote it: its meaning need not be
            # close in the encoder's terms (a French quotation is far from a French question for the
            # English model).
            close[best] = max(close[best], MIN_NAMED)
    if close[best] < (MIN_NAMED if named else MIN_SIMILARITY):
        return None
    _, record, st = pool[best]
    text = record.text or ""
    start, end = _with_attribution(text, _whole(text, record.statements, st))
    passage = text[_line_start(text, start) : end]
    return record_citation(record, 1, start, end, passage=passage, score=float(close[best]))


def _about(question: str, lang: str, texts: list[str], items: list[int]) -> list[int]:
    """Those of ``items`` whose text names something of Y in "what did X say about Y" (none where the
    question asks no such thing).

    >>> _about("What did Cassis say about plurilingualism?", "en", ["We excel.", "Plurilingualism helps."], [3, 5])
    [5]
    """
    if not (m := _ABOUT.search(question)) or not (asked := set(question_terms(m.group(1), lang))):
        return []
    return [i for i, text in zip(items, texts, strict=True)
            if any(part_of(a, t) for a in asked for t in terms(text, lang))]


def _likeliest(read: Read, source_id: str, span: tuple[int, int]) -> float | None:
    """The highest probability of a read sentence that overlaps the quoted span, or None."""
    found = [p for a, b, p in read.get(source_id, ()) if a < span[1] and span[0] < b]
    return max(found) if found else None


def _month(date: str | None) -> int | None:
    return int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else None


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _whole(text: str, statements: Sequence[Statement], st: Statement) -> Statement:
    """The statement with the parts its attribution interrupts ("“We excel in diplomacy,” says Ignazio
    Cassis, “precisely because of …”"): the same speaker's statements just before or after it, with
    nothing but the speaker's attribution between them on the line.

    >>> t = '"We excel," says Ignazio Cassis, "because of it." He left.'
    >>> parts = (Statement('"We excel,"', "Ignazio Cassis", start=0, end=11),
    ...          Statement('"because of it."', "Ignazio Cassis", start=32, end=48))
    >>> [(w.start, w.end) for w in (_whole(t, parts, parts[0]), _whole(t, parts, parts[1]))]
    [(0, 48), (0, 48)]
    >>> other = (Statement('"We excel,"', "Eva Cassis", start=0, end=11), parts[1])
    >>> (_whole(t, other, other[1]).start, _whole(t, other, other[0]).end)
    (32, 11)
    """
    surname = st.speaker.split()[-1] if st.speaker.split() else ""

    def joins(a: Statement, b: Statement) -> bool:
        gap = text[a.end : b.start]
        same = a.speaker == b.speaker == st.speaker
        return same and 0 < len(gap) <= _ATTRIBUTION_GAP and "\n" not in gap and surname in gap

    start, end = st.start, st.end
    for other in sorted(statements, key=lambda o: o.start):
        if other.start >= end and joins(Statement("", st.speaker, start=start, end=end), other):
            end = other.end
    for other in sorted(statements, key=lambda o: -o.end):
        if other.end <= start and joins(other, Statement("", st.speaker, start=start, end=end)):
            start = other.start
    return st if (start, end) == (st.start, st.end) else replace(st, text=text[start:end], start=start, end=end)


_ATTRIBUTION_GAP = 80  # characters: ", says Federal Councillor Ignazio Cassis, " and its like


def _with_attribution(text: str, st: Statement) -> tuple[int, int]:
    """The statement's span, widened to the end of its line (where "…,” says X." ends), and to
    the next line when that one names the speaker (a byline under a quotation)."""
    start, end = st.start, st.end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if line_end - end <= 200:
        end = line_end
    following = text[end + 1 : text.find("\n", end + 1) if text.find("\n", end + 1) != -1 else len(text)]
    if following and st.speaker in following and len(following.split()) <= 25:
        end = end + 1 + len(following)
    return start, len(text[:end].rstrip())


# "What did X say about Y": Y follows one of these ("about", "sur", "über", "su", "om", "over").
_ABOUT = re.compile(
    r"\b(?:about|on the subject of|au sujet d(?:e|u|es|['’])|à propos d(?:e|u|es|['’])|sur|über|zum|zur|riguardo a|"
    r"a proposito d(?:i|el|ella|ei|egli|elle)|su(?:l|lla|i|gli|lle)?|om|over)\s+(.+)",
    re.I,
)


def off_topic(question: str, lang: str, cited: list[ScoredNode] | list[Citation]) -> bool:
    """Whether "what did X say about Y" is answered from passages (or a statement's) that name nothing
    of Y (none of its terms is in a cited passage or its title): X is quoted, but on something else.
    >>> c = Citation(1, "d", "Ukraine", None, "en", "", "", "We must help Ukrainians.", "We must help Ukrainians.", 0,
    ...              24, 1.0)
    >>> off_topic("What did Rantanen say about fisheries quotas?", "en", [c]), off_topic(
    ...     "What did Rantanen say about Ukrainians?", "en", [c])
    (True, False)
    >>> off_topic("Qu'a dit Rantanen sur les quotas de pêche ?", "fr", [c]), off_topic("When did she speak?", "en", [c])
    (True, False)
    >>> off_topic("What did Rantanen say about Ukraine?", "en", [c])
    False
    """
    if not asks_about_statements(question) or not (m := _ABOUT.search(question)):
        return False
    asked = set(question_terms(m.group(1), lang))
    texts = (f"{c.title} {c.passage}" if isinstance(c, Citation) else f"{c.node.metadata.get('title', '')} "
             f"{c.node.get_content()}" for c in cited)  # fmt: skip
    seen = {t for text in texts for t in terms(text, lang)}
    # "Ukraine" is named in "Ukrainians" (a stem that begins or ends another: ``part_of``).
    return bool(asked) and not any(part_of(a, t) for a in asked for t in seen)
