"""The figures a text states: counts, amounts and shares, in digits or in words, and the numbers
that only look like one.

A "how many" question is not answered by a time of day, a telephone number or a reference ("Article
4(2)", "2022/382", "2023/24:FPM33"), nor, when it asks for a count, by a sum of money: each is
read here from how documents write them, in every supported language.
"""

from __future__ import annotations

import re

from assistant.money import MONEY, asks_count

_NUMBER = r"\d+(?:[.,'’ ]\d{3})*(?:[.,]\d+)?"  # "4.5", "66,000", "15 000", "1'200"
_FIGURE = re.compile(_NUMBER)

# "17:20", "9.30 Uhr", "10h30", "5 p.m.", "kl. 14.00", "alle ore 11": hours and minutes as agendas write them.
_CLOCK = re.compile(
    r"\b(?:[01]?\d|2[0-3])(?::[0-5]\d\b|h[0-5]\d\b|\.[0-5]\d(?=\s*(?:uhr|h\b|uur|hrs?\b|hod\b))"
    r"|\s*(?:uhr|uur|h)\b|\s*[ap]\.?m\b\.?)"
    r"|\b(?:kl\.?|klockan|alle ore|ore)\s*(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\b",
    re.I,
)


def clock_times(text: str) -> list[str]:
    """The times of day a text states.

    >>> clock_times("17:20 Press conference; doors open at 9.30 Uhr, or 10h30, or 5 p.m.")
    ['17:20', '9.30', '10h30', '5 p.m.']
    >>> clock_times("Regulation 2022.38 of 4.5 million"), clock_times("kl. 14.00 i Rosenbad")
    ([], ['kl. 14.00'])
    """
    return [m.group().strip() for m in _CLOCK.finditer(text)]


# Counts written as words, in each language's grammar, from two up ("one" is also the article:
# "un", "een", "ett", "ein").
_NUMBER_WORDS = {
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion billions dozen dozens",
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien vijftien twintig dertig veertig vijftig "
    "honderd honderden duizend duizenden miljoen miljoenen miljard miljarden dozijn",
    "fr": "deux trois quatre cinq six sept huit dix onze douze treize quinze vingt trente quarante cinquante cent "
    "centaines mille milliers million millions milliard milliards douzaine douzaines dizaine dizaines",
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn fünfzehn zwanzig dreissig dreißig "
    "vierzig fünfzig hundert hunderte tausend tausende million millionen milliarde milliarden dutzend dutzende",
    "it": "due tre quattro cinque sette otto nove dieci undici dodici tredici quindici venti trenta quaranta "
    "cinquanta cento centinaia mille migliaia milione milioni miliardo miliardi dozzina decina decine",
    "sv": "två tre fyra fem sex sju åtta nio tio elva tolv tretton femton tjugo trettio fyrtio femtio hundra "
    "hundratals tusen tusentals miljon miljoner miljard miljarder dussin",
}
# Counts that are also another word ("neuf" is "new", "sei" is "you are"): only before a plural
# noun ("neuf banques", "sei mesi"), not after one ("un bâtiment neuf").
_BEFORE_PLURAL = {"fr": ("neuf", "sx"), "it": ("sei", "ie")}


# The same words as sets: a text's words looked up one by one (a regular expression of them all
# took a millisecond an answer).
_NUMBER_SET = {lang: frozenset(words.split()) for lang, words in _NUMBER_WORDS.items()}
_WORD_RUN = re.compile(r"\w+")


def number_words(text: str, lang: str) -> list[str]:
    """The counts a text writes as words, in language ``lang`` (English where it has none).

    >>> number_words("Ten priority actions, two of them new.", "en"), number_words("tien prioritaire acties", "nl")
    (['ten', 'two'], ['tien'])
    >>> number_words("un bâtiment neuf", "fr"), number_words("neuf banques", "fr"), number_words("sei mesi", "it")
    ([], ['neuf'], ['sei'])
    """
    words = _NUMBER_SET.get(lang, _NUMBER_SET["en"])
    if lang not in _BEFORE_PLURAL:
        return [w for w in (m.lower() for m in _WORD_RUN.findall(text)) if w in words]
    ambiguous, plural = _BEFORE_PLURAL[lang]
    found, tokens = [], list(_WORD_RUN.finditer(text))
    for k, m in enumerate(tokens):
        word = m.group().lower()
        if word in words:
            found.append(word)
        elif word == ambiguous and k + 1 < len(tokens):
            following = tokens[k + 1]
            gap = text[m.end() : following.start()]
            if gap and gap.isspace() and len(following.group()) > 1 and following.group()[-1].lower() in plural:
                found.append(word)
    return found


def figures(text: str) -> list[str]:
    """The figures a text states (counts, amounts, shares), years of dates included.

    >>> figures("It cost CHF 4.5 million, up 12% on 2023.")
    ['4.5', '12', '2023']
    """
    return [m.group().strip() for m in _FIGURE.finditer(text)]


# Telephone numbers: an international or trunk prefix and three or more groups, or digits after
# the word for telephone ("tel. +358 40 720 22 16", "Tel. 058 462 48 48", "tfn 08-405 10 00").
_PHONE = re.compile(
    r"(?:\+\d{1,3}|\b0\d{1,3})(?:[ \-/.]\d{2,4}){2,5}\b"
    r"|\b(?:tel|tfn|phone|fon|téléphone|telefon[eo]?|telefoon)\b\.?:?\s*\+?\d[\d \-/.]{5,}\d",
    re.I,
)
# References, not quantities: an article or paragraph number ("Art. 260ter", "Article 4(2)", "§ 3"),
# numbers joined by slashes ("2022/382", "2023/24:FPM33"), codes with letters before the digits
# ("FPM33", "G7"), Latin ordinals of legal texts ("260ter", "5bis"), order numbers ("articolo 403.220.i"), …
_REFERENCE = re.compile(
    r"\b(?:art(?:icle|ikel|icolo|\.)?|§|paragraph|absatz|abs\.|al\.|ch\.|chap\.|kap\.|no\.|nr\.?|n°)\s*"
    r"\d+(?:\.\d+)*\w*(?:\s*\(\d+\))?"  # "Art. 4(2)", "n. dell'articolo 403.220.i"
    r"|§\s*\d+\w*"
    r"|\b\d+(?:/\d+)+(?::\w+)?"
    r"|\b[^\W\d_]+\d+\w*"
    r"|\b\d+(?:bis|ter|quater)\b"
    # and house numbers ("30 Boulevard de Waterloo", "Bundesgasse 3", "Via Sorengo 7", "Drottninggatan 21"):
    # street names are capitalised, so "via 12 ports" and "Platz 3" are no address.
    r"|\b\d+[a-z]?,?\s+(?-i:Boulevard|Bd|Avenue|Av\.|Rue|Place|Chemin|Street|St\.|Road|Square|Via|Viale|Piazza|"
    r"Straat|Laan|Plein)\b"
    r"|\b(?-i:[A-ZÀ-Ý][^\W\d_]*(?:stra(?:ss|ß)e|gasse|weg|platz|gatan|vägen|torget|straat|laan|plein)|Rue|Via|Viale|"
    r"Piazza)(?:\s+[^\W\d_]+){0,2}\s+\d+[a-z]?\b",
    re.I,
)
# A century is a time, not a quantity ("the last quarter of the 20th century", "au 19e siècle", "im 19.
# Jahrhundert", "nel 20° secolo", "in de 20e eeuw").
_CENTURY = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th|e|ème|è|°|\.)?[ -](?:century|centuries|siècles?|jahrhunderts?|secolo|eeuw)\b", re.I
)
_SCALE = (
    r"(?:million|millions|billion|billions|mio\.?|mrd\.?|millionen|milliarden?|milliards?|miljoner|miljarder|"
    r"milioni|miliardi|miljoen|miljard)"
)
_AMOUNT = re.compile(
    rf"(?<!\w)(?:{MONEY})\s?{_NUMBER}(?:\s+{_SCALE})?"
    rf"|{_NUMBER}(?:\s+{_SCALE})?(?:\s+(?:de|di)\b|\s+d')?\s?(?:{MONEY})(?!\w)",
    re.I,
)
# A year named as one ("das Jahr 2008", "l'année 2014", "Geschäftsjahr 2002", "in 2023", "seit 2012") is a
# date, not a count.
_YEAR = re.compile(
    r"(?:\b(?:in|im|en|nel|dal|del|i|since|seit|depuis|sedan|sinds|until|bis|till|tot|from|von|vom|du|fino al|an|ans|"
    r"anno|anni|år|året)|(?:year|years|jahr|jahre|jahres|jahren|année|années|jaar))\s+(?:19|20)\d\d\b(?!\s*%)",
    re.I,
)
_ASKS_WHEN_TOO = re.compile(
    r"\b(when|wann|quand|quando|när|wanneer|what year|welchem jahr|quelle année|quale anno|vilket år)\b", re.I
)


def asks_when_too(question: str) -> bool:
    """Whether a question asks for a time as well as what else it asks ("how many, and until when?").

    >>> asks_when_too("Wie viele werden aufgenommen, und bis wann?"), asks_when_too("How many?")
    (True, False)
    """
    return bool(_ASKS_WHEN_TOO.search(question))


# A question for a duration may be answered by times of day ("from 9:30 to 12:00").
_ASKS_DURATION = re.compile(
    r"\b(how long|wie lange|combien de temps|quanto tempo|per quanto|hur länge|hoe lang)\b", re.I
)


def not_figures(text: str, question: str) -> str:
    """``text`` with what only looks like a figure to ``question`` blanked out (same length): times
    of day (unless it asks how long), telephone numbers, references, and sums of money when it asks
    for a count.

    >>> not_figures("Tel. +358 40 720 22 16, Art. 260ter, 2023/24:FPM33, at 17:20", "How many?").split()
    [',', ',', ',', 'at']
    >>> figures(not_figures("Passage de Milan, 30 Boulevard de Waterloo; Bundesgasse 3; Via Sorengo 7", "How many?"))
    []
    >>> figures(not_figures("Drugs reach Europe via 12 ports; it came in at Platz 3.", "How many ports?"))
    ['12', '3']
    >>> not_figures("It cost CHF 4.5 million for 12 staff.", "How many staff?").split()
    ['It', 'cost', 'for', '12', 'staff.']
    >>> figures(not_figures("in the 20th century, au XXe siècle, im 19. Jahrhundert, in de 18e eeuw", "How much?"))
    []
    """
    spans = [m.span() for m in _PHONE.finditer(text)] + [m.span() for m in _REFERENCE.finditer(text)]
    spans += [m.span() for m in _CENTURY.finditer(text)]
    if not _ASKS_DURATION.search(question):
        spans += [m.span() for m in _CLOCK.finditer(text)]
    if asks_count(question):
        spans += [m.span() for m in _AMOUNT.finditer(text)]
        if not _ASKS_WHEN_TOO.search(question):  # "how many, and until when?" takes the year
            spans += [(m.end() - 4, m.end()) for m in _YEAR.finditer(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# What a count question counts: the words after its interrogative ("how many *ministers*", "combien de
# *perquisitions*", "wie viele *Inspektionen*", "quanti *rifugiati*", "hur många *personer*", "hoeveel
# *personen*"), past articles, partitives and "new"/"other" ("how many of the reports", "wie viele der
# 28 Massnahmen", "quante delle comunicazioni", "hoeveel van de 22 personen").
_COUNTED_AFTER = re.compile(
    r"\b(?:how many|wie ?viele[nmrs]?|quant[ie]|hur många|combien (?:de|d['’])|hoeveel)\s*", re.I
)
_NOT_COUNTED = re.compile(
    r"(?:of|the|more|new|other|additional|de|des|d|l|la|les|nouve(?:aux|lles)|autres|der|die|den|neue[nr]?|"
    r"weitere[nr]?|andere[nr]?|delle|dei|degli|nuov[ie]|altr[ie]|av|nya|fler|andra|van|het|nieuwe)",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_COUNT_WINDOW = 3  # words between a figure and what it counts ("95 of the reports", "23 enfants")


# A figure joined by a hyphen to the word after it qualifies that word ("a 360-degree view", "a
# 10-year plan"): it counts what it is joined to, not a word further on.
_MODIFIER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?-(?=[^\W\d_])")


# A figure or number word before a unit of time is a duration ("twelve months", "zwei Jahre", "trois
# semaines"), which counts no people or things; the units of time of each supported language.
_DURATION = re.compile(
    r"(?<![\w.,])[\w.,]+\s+(?:"
    r"years?|months?|weeks?|days?|hours?|"
    r"ans|années?|mois|semaines?|jours?|heures?|"
    r"jahren?|monaten?|wochen?|tagen?|stunden?|"
    r"anni|anno|mesi|mese|settimane?|giorni|giorno|ore|"
    r"år(?:en)?|månader(?:na)?|månad|veckor(?:na)?|vecka|dagar(?:na)?|dag|timmar(?:na)?|timme|"
    r"jaar|jaren|maanden?|weken|week|dagen|uur|uren"
    r")\b",
    re.I,
)


def counted_words(question: str) -> list[tuple[str, ...]]:
    """For each count the question asks for, the (up to) two words after its interrogative.

    >>> counted_words("How many of the reports were linked to the attacks, and how many people left?")
    [('reports', 'were'), ('people', 'left')]
    >>> counted_words("Combien d'inspections l'ASR a-t-elle menées ?"), counted_words("Wie viel kostete es?")
    ([('inspections', "l'asr")], [])
    """
    out = []
    for m in _COUNTED_AFTER.finditer(question):
        words = [w.casefold() for w in _WORD.findall(question[m.end() : m.end() + 80])]
        words = [w for w in words if not _NOT_COUNTED.fullmatch(w.strip("'’"))]
        # The counted word, and the next when it is a word of some length (an adjective before its noun,
        # "irregular migrants"), not a verb or a preposition's few letters ("ont", "per", "et").
        if words:
            out.append(tuple(words[:1] + [w for w in words[1:2] if len(w) >= 4]))
    return out


def _same_word(a: str, b: str) -> bool:
    """Whether two words share their stem (an inflection apart) or one ends the other (a compound)."""
    if min(len(a), len(b)) < 4:
        return a == b
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= max(4, min(len(a), len(b)) - 3) or a.endswith(b) or b.endswith(a)


def counts_asked(text: str, question: str, lang: str, asked: set[str]) -> bool:
    """Whether ``text`` gives a figure for what the count question counts: a figure (not one in
    ``asked``) or a number word among the few words before one of the counted words, or the two
    after it. True where the question asks for no count (or none can be read).

    >>> q = "How many people were arrested?"
    >>> counts_asked("Twelve people were arrested.", q, "en", set()), counts_asked("In 6 cantons.", q, "en", set())
    (True, False)
    >>> counts_asked("Ninety-five of the reports were linked.", "How many of the reports were linked?", "en", set())
    True
    >>> counts_asked("Sverige får 9 750 doser.", "Hur många vaccindoser ingick?", "sv", set())
    True
    >>> counts_asked("Von den 28 Massnahmen 20 umgesetzt.", "Wie viele der 28 Massnahmen?", "de", {"28"})
    True
    """
    groups = counted_words(question) if asks_count(question) else []
    if not groups:
        return True
    timed = any(_DURATION.fullmatch(f"2 {w}") for group in groups for w in group)  # "how many days"
    tokens = list(re.finditer(r"[\w'’-]+", text))
    for i, token in enumerate(tokens):
        word = token.group().casefold()
        if not any(_same_word(word, w) for group in groups for w in group):
            continue
        # The figure comes before ("23 enfants") or, in a few constructions, just after ("von den 28
        # Massnahmen 20 umgesetzt").
        window = text[tokens[max(0, i - _COUNT_WINDOW)].start() : tokens[min(len(tokens) - 1, i + 2)].end()]
        window = _MODIFIER.sub(" ", window)  # "a 360-degree view on asylum" counts no asylum applications
        if not timed:  # "in the twelve months following applications" counts months, not applications
            window = _DURATION.sub(" ", window)
        if any(f not in asked for f in figures(window)) or number_words(window, lang):
            return True
    return False
