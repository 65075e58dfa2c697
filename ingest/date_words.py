"""Words around dates in the languages of the press material (en, fr, de, it, sv): the prepositions
that make a bound, a point or a range of a date, relative years and seasons.

Found by the dates audit of session 38 (fr, de, it, sv and en releases, read by hand): ingest read
``in 2012`` but not ``en 2012``, ``nel 2017``, ``im Jahr 2014`` or ``under 2024``; ``until 4 March``
but not ``bis zum 13. Juli``, ``fino al 4 luglio`` or ``senast den 15 december``.
"""

from __future__ import annotations

# Before a date: it ends a period ("until", a deadline) or opens one ("since", "from"). "avant le" is left
# out: tests/test_briefing_languages.py reads "avant le 4 mars 2023" as the day itself.
UNTIL = (
    r"until|till|by|before|jusqu['’]\s*(?:au|à|a|en)|d['’]ici\s+(?:au|à|le|fin)|bis(?:\s+(?:zum|am|spätestens))?|"
    r"spätestens\s+(?:am|bis)|fino\s+(?:al|alla|a|all['’])|entro\s+(?:il|l['’]|la)?|"
    r"senast(?:\s+den|\s+i)?|till\s+och\s+med|t\.o\.m\.|fram\s+till(?:\s+den)?"
)
SINCE = (
    r"from|since|dès\s+le|dès|depuis\s+le|depuis|à\s+partir\s+du|à\s+partir\s+de|à\s+compter\s+du|à\s+compter\s+de|"
    r"ab(?:\s+dem)?|seit(?:\s+dem)?|dal|dall['’]|a\s+partire\s+dal|a\s+partire\s+da|a\s+decorrere\s+dal|"
    r"från\s+och\s+med|fr\.o\.m\.|från(?:\s+den)?|sedan(?:\s+den)?"
)
# Before a year: it is that year ("en 2012", "im Jahr 2014", "nel 2017", "under 2024").
IN_YEAR = (
    r"in|en|en\s+l['’]an|au\s+cours\s+de|im\s+Jahre?|für\s+das\s+Jahr|nel|nell['’]anno|durante\s+il|"
    r"under|under\s+år|år|i|pour|per\s+il|für"
)
# Between two dates of a range: "from 12 to 15 June", "du 1er au 3 mai", "vom 3. bis 5. Mai",
# "dal 3 al 5 maggio", "von September 2014 bis April 2016", "från 2012 till 2016".
RANGE_OPEN = r"from|between|du|de|des|entre|vom|von|zwischen|dal|dall['’]|da|tra\s+il|fra\s+il|från(?:\s+den)?|mellan"
RANGE_TO = r"to|until|till|and|au|à|a|et|bis(?:\s+zum)?|und|al|all['’]|ad|e\s+il|till(?:\s+den)?|och|[-–]"
# A month said as a time without its year: "en octobre", "im April", "nel mese di luglio", "i juli".
MONTH_AT = (
    r"[Ii]n|[Ss]ince|[Bb]y|[Ee]n|[Aa]u\s+mois\s+de|(?:[Dd]urant|[Pp]endant|[Aa]u\s+cours)\s+(?:du\s+|le\s+)?mois\s+de|"
    r"[Dd]ans\s+le\s+courant\s+du\s+mois\s+de|[Dd]ébut|[Ff]in|[Mm]i-|[Àà]\s+fin|[Àà]\s+la\s+fin\s+de|"
    r"[Ii]m|[Aa]nfang|[Mm]itte|[Ee]nde|[Ss]eit\s+(?:Anfang|Mitte|Ende)|"
    r"[Nn]el\s+mese\s+di|[Aa]\s+(?:fine|inizio|metà)|[Ii]nizio|[Ff]ine|"
    r"[Ii]|[Uu]nder|[Ii]\s+(?:början|mitten|slutet)\s+av"
)
# The year of a document, said relatively: the number of years after the document's year.
RELATIVE_YEARS = {
    # fr
    "l'année dernière": -1, "l'an dernier": -1, "l'an passé": -1, "l'année passée": -1,
    "l'année précédente": None, "cette année": 0, "l'année en cours": 0,
    "l'année prochaine": 1, "l'an prochain": 1,
    # de
    "letztes jahr": -1, "letzten jahres": -1, "im letzten jahr": -1, "vergangenes jahr": -1,
    "im vergangenen jahr": -1, "vergangenen jahres": -1, "dieses jahr": 0, "dieses jahres": 0,
    "in diesem jahr": 0, "nächstes jahr": 1, "im nächsten jahr": 1, "nächsten jahres": 1,
    "im kommenden jahr": 1, "kommendes jahr": 1,
    # it
    "l'anno scorso": -1, "lo scorso anno": -1, "l'anno passato": -1, "quest'anno": 0,
    "l'anno in corso": 0, "l'anno prossimo": 1, "il prossimo anno": 1,
    # sv
    "i år": 0, "förra året": -1, "i fjol": -1, "nästa år": 1, "under året": 0,
}  # fmt: skip
SEASONS = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
    "printemps": (3, 5), "été": (6, 8), "automne": (9, 11), "hiver": (12, 2),
    "frühling": (3, 5), "frühjahr": (3, 5), "sommer": (6, 8), "herbst": (9, 11),
    "primavera": (3, 5), "estate": (6, 8), "autunno": (9, 11), "inverno": (12, 2),
    "våren": (3, 5), "sommaren": (6, 8), "hösten": (9, 11), "vintern": (12, 2),
}  # fmt: skip
# The day of the document, said relatively: "today", "aujourd'hui", "heute", "oggi", "i dag".
RELATIVE_DAYS = {
    "today": 0, "yesterday": -1, "tomorrow": 1,
    "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1,  # "hier" is German "here" too
    "heute": 0, "gestern": -1,  # "morgen" is "Morgen", the morning, too
    "oggi": 0, "ieri": -1, "domani": 1,
    "i dag": 0, "idag": 0, "i går": -1, "igår": -1, "i morgon": 1,
}  # fmt: skip
# "Today" is often "nowadays": these words around it say so, and it is no date then.
NOWADAYS = (
    r"\b(?:still|even|until|than|as\s+of|up\s+to)\s+today|today['’]s\s+(?:world|society)|"
    r"(?:encore|jusqu['’]à|dès)\s+aujourd['’]hui|aujourd['’]hui\s+(?:déjà|encore)|d['’]aujourd['’]hui|"
    r"(?:bis|noch|schon|bereits|als|von)\s+heute|heute\s+(?:noch|schon|bereits|Morgen)|"
    r"(?:ancora|già|fino\s+ad?|tutt['’])\s*oggi|oggi\s+(?:ancora|già)|di\s+oggi|"
    r"(?:än|ännu|redan|till)\s+i\s+dag"
)
# An event said of the day itself has a verb of the past or the future beside the word: "a nommé
# aujourd'hui", "hat heute beschlossen", "oggi è stata firmata", "today adopted", "har i dag".
EVENT_VERB = {
    "en": r"has|have|had|was|were|will|is\s+to|\w+ed",
    "fr": r"a|ont|avait|avaient|sera|seront|\w+ra|\w+ront|se\s+rend\w*",
    "de": r"hat|haben|hatte|hatten|wird|werden|wurde|wurden|\w+te|\w+ten",
    "it": r"ha|hanno|aveva|è\s+stat[oaie]|sono\s+stat[oaie]|sarà|saranno|\w+rà|\w+ranno",
    "sv": r"har|hade|ska|kommer|blev|\w+ade|\w+ats",
}
DAY_LANGUAGE = {
    "today": "en", "yesterday": "en", "tomorrow": "en", "aujourd'hui": "fr", "aujourd’hui": "fr",
    "demain": "fr", "heute": "de", "gestern": "de", "oggi": "it",
    "ieri": "it", "domani": "it", "i dag": "sv", "idag": "sv", "i går": "sv", "igår": "sv", "i morgon": "sv",
}  # fmt: skip
