"""Sparse lexical vectors: BM25-style term weights with language-aware stemming.

Qdrant's IDF modifier supplies the inverse document frequency at query time, so a
passage stores only its saturated term frequencies and a query only its terms.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from functools import lru_cache

import snowballstemmer

_STEMMERS = {
    "en": "english",
    "nl": "dutch",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "sv": "swedish",
    "es": "spanish",
    "pt": "portuguese",
    "da": "danish",
    "fi": "finnish",
}
_STOPWORDS = {
    "en": """a an and are as at be been but by can did do does for from had has have he her his how
        i if in into is it its of on or our she so than that the their them then there these they this
        to was we were what when where which while who whom why will with would you your about after
        also any more most other some such only over under up out""",
    "nl": """de het een en van in is op te dat die voor met zijn er aan als ook door bij om naar uit
        over tot wat wie waar wanneer hoe werd worden wordt was waren niet maar of dan nog deze dit
        onze ons we wij zij ze hun haar hij heeft hebben kan""",
    "fr": """le la les un une des du de d l et en à au aux pour par sur dans est sont qui que quoi
        quand où comment ce cette ces il elle ils elles nous vous son sa ses leur leurs avec ne pas
        plus été être a ont""",
    "de": """der die das ein eine einer eines einem einen und in im zu zum zur von vom mit für auf
        ist sind war wurde werden wird als auch an am aus bei nach über um wie was wer wann wo
        welche welcher welches nicht sich es sie er wir ihr den dem des oder hat haben""",
    "it": """il lo la i gli le un una uno di del della dei degli delle a al alla ai e è in nel
        nella per con su da che chi cosa quando dove come non si sono ha hanno era""",
    "sv": """och i att det som en på är av för med till den har de inte om ett var vad när var hur
        vem vilka vilken han hon vi ni sig från eller men ska kan""",
}
# French and Italian write articles and some prepositions elided onto the next word.
_ELIDING = frozenset({"fr", "it"})
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu|dell|all|dall|nell|sull|coll|un|gl|quell|quest)'")
# "Meeting n°4009", "Regulation No. 2022/382": the abbreviation means "number".
_NUMBER_SIGN = re.compile(r"(?i)\b(?:n°|nº|no\.|nr\.?|num\.)\s*(?=\d)")
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
K1, B, AVERAGE_LENGTH = 1.2, 0.75, 60.0


@lru_cache(maxsize=16)
def _stemmer(lang: str):  # noqa: ANN202 - snowballstemmer has no types
    return snowballstemmer.stemmer(_STEMMERS.get(lang, "english"))


@lru_cache(maxsize=16)
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(_STOPWORDS.get(lang, _STOPWORDS["en"]).split())


def terms(text: str, lang: str = "en") -> list[str]:
    """Lower-cased, stop-word-free, stemmed terms of ``text`` in language ``lang``.

    >>> terms("The Ports Alliance was launched", "en")
    ['port', 'allianc', 'launch']
    >>> terms("Meeting n°4009", "en")
    ['meet', 'number', '4009']
    >>> terms("l'extradition d'Henri", "fr") == terms("extradition Henri", "fr")
    True
    """
    return list(_terms(text, lang))


# An answer reads the same passage text several times (its sentences, the passage with its
# title, the top passages together): each is analysed once while it stays among the recent ones.
@lru_cache(maxsize=8192)
def _terms(text: str, lang: str) -> tuple[str, ...]:
    stopwords = _stopwords(lang)
    text = _NUMBER_SIGN.sub(" number ", text)
    if text.isascii():  # lower-casing first cannot move a word's edges
        words = _TOKEN.findall(text.lower())
    else:
        words = [w.lower().replace("’", "'") for w in _TOKEN.findall(text)]
    if lang in _ELIDING:  # "l'extradition", "d'extradition" and "extradition" are one word
        words = [_ELISION.sub("", w) if "'" in w else w for w in words]
    return tuple(_stemmer(lang).stemWords([w for w in words if w and w not in stopwords]))


# German, Swedish and Dutch write a subject as one word ("ungdomskriminalitetsnämnder"): there a term
# matches a term that begins or ends with it, or that it begins or ends, when the shorter has
# ``MIN_PART`` letters at least (short stems would match by chance: "ung" in "ungdom").
COMPOUNDING = ("de", "sv", "nl", "da", "no")
MIN_PART = 6


def part_of(a: str, b: str) -> bool:
    """Whether one of two terms is the other, or begins or ends a compound that is the other.

    >>> part_of("evaluation", "evaluationsrund"), part_of("asylzentr", "bundesasylzentr"), part_of("ung", "ungdom")
    (True, True, False)
    """
    short, long_ = sorted((a, b), key=len)
    return short == long_ or (len(short) >= MIN_PART and (long_.startswith(short) or long_.endswith(short)))


def term_id(term: str) -> int:
    """A stable 31-bit id for a term.

    >>> term_id("port") == term_id("port")
    True
    """
    return zlib.crc32(term.encode("utf-8")) & 0x7FFFFFFF


def document_vector(text: str, lang: str = "en") -> tuple[list[int], list[float]]:
    """BM25 term-frequency weights of a passage, as sparse indices and values."""
    counts = Counter(terms(text, lang))
    length = sum(counts.values()) or 1
    norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
    weights: dict[int, float] = {}
    for term, tf in counts.items():
        key = term_id(term)
        weights[key] = weights.get(key, 0.0) + tf * (K1 + 1) / (tf + norm)
    return list(weights), list(weights.values())


def query_vector(text: str, lang: str = "en") -> tuple[list[int], list[float]]:
    """The distinct terms of a query, each weighted 1 (the IDF comes from the store).

    The names in the query are added as every language's stemmer cuts them, so a question
    finds a document in another language by the names they share: German stems ``Schengen``
    to ``scheng``, English keeps ``schengen``. A variant no document holds adds nothing.
    """
    found = set(terms(text, lang)) | name_variants(text)
    ids = sorted({term_id(t) for t in found})
    return ids, [1.0] * len(ids)


def name_variants(text: str) -> set[str]:
    """The names of ``text`` (capitalised words after its first) stemmed in every language.

    >>> sorted(name_variants("Who met Blocher in Schengen?"))
    ['bloch', 'blocher', 'scheng', 'schengen']
    """
    tokens = [m.group() for m in _TOKEN.finditer(text)][1:]
    words = [t.lower().replace("’", "'") for t in tokens if t[:1].isupper()]
    return {stem for lang in _STEMMERS for stem in _stemmer(lang).stemWords(words)}
