"""The words that attribute a statement in French, German, Italian, Dutch and Swedish.

Written from the releases of the shared corpora (Swiss FDJP releases in fr/de/it, Swedish
government releases, the Belgian presidency's Dutch ones): the verbs that follow a quotation
(``», a déclaré``, ``», sagte``, ``, säger``) or open reported speech with its conjunction
(``a souligné que``, ``betonte, dass``, ``ha dichiarato che``, ``benadrukte … dat``, ``sa att``),
the prepositions that attribute (``selon``, ``laut``, ``secondo``, ``volgens``, ``enligt``), and
the roles written in lower case or as compounds (``la conseillère fédérale``, ``Bundesrätin``,
``justitieminister``). English keeps its own shapes in ``statements.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """One language's attribution words, each a regular-expression alternation."""

    verbs: str  # finite verbs of saying, as they stand after a quotation or before "that"
    that: str  # the conjunction of reported speech ("que", "dass", "che", "dat", "att")
    according: str  # prepositions that attribute words to a person ("selon", "laut")
    roles: str  # role words, lower case or compounds; a name after them is a person's
    honorifics: str
    pronouns: str  # he / she, as subjects
    articles: str  # words before a role that are not part of it ("la", "der", "il")
    function_words: str  # words inside a role ("de", "des", "für"), never the end of a name
    # Words after which a role's description stops ("a dit la conseillère fédérale lors de …").
    role_ends: str
    # Reported speech may also stand without the conjunction: German "sagte, es sei …".
    comma_opens: bool = False
    # Words that attribute only after what was said: German "…, so Keller-Sutter.".
    after: str = r"(?!x)x"
    # Honorifics and role words that tell a woman from a man ("Bundesrätin", "Mme"; "conseiller",
    # "Herr"), so "sie" is not the minister a sentence named last; where roles have no gender
    # (Swedish "justitieminister"), none.
    feminine: str = r"(?!x)x"
    masculine: str = r"(?!x)x"
    # Italian drops the subject ("…, ha affermato durante il pranzo."; "Ha inoltre aggiunto che"):
    # the words that may follow a verb of saying in place of one.
    pro_drop: str = r"(?!x)x"
    # Participles that open reported speech for their clause's subject ("…, ajoutant que …"),
    # never an attribution after a quotation.
    participles: str = r"(?!x)x"
    # How many small words may stand between a role and the name it gives ("la conseillère
    # fédérale Simonetta Sommaruga", "il ministro dell'interno tedesco Horst Seehofer"); German
    # writes none ("Bundesrätin Sommaruga"), and its capitalised nouns would pass for names
    # ("Bundesrätin nutzte ihren Auftritt").
    gap: int = 3
    # Prepositions that open the person spoken to, between a verb and "that": "a précisé au
    # ministre Schily que", "ha spiegato alla ministra Faeser che", "sa till ministern att".
    addressee: str = r"(?!x)x"


_ROLE_STEMS = (
    r"minister|ministerin|ministern|ministre|ministra|ministro|bundesrätin|bundesrat|regierungsrat|"
    r"regierungsrätin|staatsrat|staatsrätin|präsident|präsidentin|président|présidente|presidente|"
    r"vizepräsident|vizepräsidentin|vice-président|vice-présidente|vicepresidente|"
    r"staatssekretär|staatssekretärin|secrétaire|segretario|segretaria|statssekreterare|staatssecretaris|"
    r"kommissar|kommissarin|commissaire|commissario|commissaria|commissaris|kommissionär|"
    r"conseiller|conseillère|consigliere|consigliera|consiglera|direktor|direktorin|directeur|directrice|"
    r"sous-directrice|sous-directeur|direttore|direttrice|vicedirettore|vicedirettrice|direktör|"
    r"generaldirektör|chef|cheffe|capo|vorsteher|vorsteherin|statsråd|statsrådet|premier|premiärminister|"
    r"statsminister|statsministern|burgemeester|voorzitter|botschafter|botschafterin|ambassadeur|"
    r"ambassadrice|ambasciatore|ambasciatrice|ambassadör|sprecher|sprecherin|porte-parole|portavoce|"
    r"woordvoerder|pressekreterare|landammann|kanzler|kanzlerin|chancelier|chancelière|cancelliere|"
    r"talesperson|talesman|taleskvinna|ordförande|generalsekreterare|landshövding|délégué|déléguée|"
    r"delegierte|delegierter|delegato|delegata|geschäftsführer|geschäftsführerin"
)
# A role word: one of the stems, alone or at the end of a compound ("Justizministerin",
# "EJPD-Vorsteherin", "justitieminister", "EU-minister"), with the first half of a coordinated
# compound ("energi- och näringsminister", "Justiz- und Innenminister", "Justitie- en Veiligheidsminister").
ROLE_WORD = rf"(?i:(?:\w+-\s(?:och|und|en|et|e|and)\s)?[\w\u00ad-]*(?:{_ROLE_STEMS}))"

# Adverbs between the auxiliary and the participle ("a cependant affirmé", "ha tuttavia ribadito"):
# the common ones, and any adverb in -ment / -mente ("a clairement indiqué").
_FR_ADVERBS = (
    r"(?:également|aussi|encore|en outre|par ailleurs|cependant|toutefois|néanmoins|notamment|ensuite|"
    r"enfin|d['’]ailleurs|donc|alors|pourtant|surtout|déjà|bien|[a-zéè]+ment)\s+(?:,\s*)?"
)
_IT_ADVERBS = r"(?:inoltre|anche|poi|infine|tuttavia|però|quindi|pure|ancora|altresì|già|invece|dunque|[a-z]+mente)\s+"

WORDS = {
    "fr": Words(
        role_ends=r"a|est|avait|lors|durant|pendant|devant|à|en|qui|dans|sur|face|s['’]est|s['’]était",
        verbs=(
            rf"(?:a|a-t-elle|a-t-il|avait)\s+(?:{_FR_ADVERBS}){{0,2}}"
            r"(?:déclaré|souligné|ajouté|expliqué|rappelé|dit|relevé|estimé|affirmé|exposé|indiqué|précisé|"
            r"insisté|observé|noté|assuré|averti|poursuivi|conclu|constaté|martelé|fait savoir|fait valoir)|"
            r"s['’]est\s+(?:réjouie?|félicitée?)|déclare|souligne|ajoute|explique|rappelle|estime|affirme|"
            r"indique|précise|insiste|relève|observe|constate|assure"
        ),
        that=r"que\b|qu['’]",
        according=r"[Ss]elon|[Dd]['’]après",
        roles=ROLE_WORD,
        honorifics=r"M\.|Mme|Madame|Monsieur|Mlle|Dr\.|Prof\.",
        pronouns=r"[Ee]lle|[Ii]l",
        participles=r"soulignant|ajoutant|précisant|indiquant|rappelant|affirmant|expliquant|relevant|estimant",
        feminine=r"Mme|Madame|Mlle|[\w-]*(?:conseillère|cheffe|présidente|directrice|ambassadrice|chancelière)",
        masculine=r"M\.|Monsieur|[\w-]*(?:conseiller|chef|président|directeur|ambassadeur|chancelier)",
        addressee=r"à|au|aux",
        articles=r"la|le|les|l['’]|Le|La|L['’]",
        function_words=r"de|du|des|d['’]\w*|à|au|aux|et|pour|en|la|le|l['’]\w*",
    ),
    "de": Words(
        role_ends=r"hat|ist|wird|hatte|am|an|in|im|vor|bei|nach|während|die|der|welche|gegenüber|zu",
        verbs=(
            r"sagte|sagt|betonte|betont|erklärte|erklärt|unterstrich|unterstreicht|meinte|meint|"
            r"bekräftigte|bekräftigt|ergänzte|ergänzt|äusserte|äußerte|fügte\s+(?:[\w‑-]+\s+){0,3}?hinzu|"
            r"hielt\s+(?:[\w‑-]+\s+){0,3}?fest|stellte\s+(?:[\w‑-]+\s+){0,3}?klar|wies\s+(?:[\w‑-]+\s+){0,3}?darauf\s+hin|"
            r"führte\s+(?:[\w‑-]+\s+){0,3}?aus|hob\s+(?:[\w‑-]+\s+){0,3}?hervor|ist\s+klar|versicherte|versichert|"
            r"kündigte\s+(?:[\w‑-]+\s+){0,3}?an|"
            r"rief\s+(?:[\w‑-]+\s+){0,3}?in\s+Erinnerung"
        ),
        that=r"dass\b",
        according=r"[Ll]aut|[Gg]emäss|[Gg]emäß",
        roles=ROLE_WORD,
        honorifics=r"Herr|Frau|Dr\.",
        pronouns=r"[Ss]ie|[Ee]r",
        feminine=r"Frau|[\w-]*(?:minister|rät|präsident|sekretär|kommissar|direktor|vorsteher|botschafter|sprecher|kanzler)in",
        masculine=r"Herr|[\w-]*(?:minister|rat|präsident|sekretär|kommissar|direktor|vorsteher|botschafter|sprecher|kanzler)",
        addressee=r"gegenüber",
        articles=r"der|die|das|den|dem|des|Der|Die|Das",
        function_words=r"des|der|für|und|von|vom|im|in|zu|zur|zum",
        comma_opens=True,
        after=r"so",
        gap=0,
    ),
    "it": Words(
        role_ends=r"ha|è|aveva|durante|davanti|a|in|nel|nella|che|al|alla|presso",
        verbs=(
            rf"[Hh]a\s+(?:{_IT_ADVERBS}){{0,2}}"
            r"(?:dichiarato|sottolineato|affermato|spiegato|detto|ricordato|aggiunto|precisato|rilevato|"
            r"evidenziato|ribadito|osservato|indicato|insistito|assicurato|concluso|constatato|fatto notare|"
            r"fatto sapere|segnalato|puntualizzato|confermato|sostenuto|ammesso)|"
            r"[Ss]i\s+è\s+(?:dett[oa]|dichiarat[oa])|"
            r"dichiara|sottolinea|afferma|spiega|ricorda|aggiunge|precisa|rileva|osserva|ritiene|conferma"
        ),
        that=r"che\b",
        according=r"[Ss]econdo",
        roles=ROLE_WORD,
        honorifics=r"[Ss]ignora|[Ss]ignor|[Ss]ig\.|[Ss]ig\.ra|[Dd]ott\.|[Oo]n\.",
        pronouns=r"[Ll]ei|[Ll]ui|[Ee]gli|[Ee]lla|[Ee]ssa",
        participles=(
            r"affermando|sottolineando|aggiungendo|osservando|ricordando|precisando|spiegando|dichiarando|"
            r"ribadendo|rilevando|evidenziando"
        ),
        feminine=r"[Ss]ignora|[Ss]ig\.ra|[\w-]*(?:consigliera|consiglera|ministra|direttrice|segretaria|commissaria|ambasciatrice)",
        masculine=r"[Ss]ignor|[Ss]ig\.|[\w-]*(?:consigliere|direttore|segretario|commissario|ambasciatore)",
        pro_drop=(
            r"durante|davanti|dopo|prima|in|a|al|alla|ai|nel|nella|nei|presso|con|oggi|ieri|poi|inoltre|anche|"
            r"infine|ancora|pure|quindi|tuttavia|però"
        ),
        addressee=r"a|ad|al|alla|allo|ai|agli|alle|all['’]",
        articles=r"la|il|lo|l['’]|La|Il|Lo|L['’]",
        function_words=r"di|del|della|dello|dei|degli|delle|e|per|all['’]\w*|al|alla|agli|alle",
    ),
    "nl": Words(
        role_ends=r"heeft|is|had|tijdens|op|bij|in|die|na|tegenover",
        verbs=(
            r"zei|zegt|zeggen|verklaarde|verklaart|benadrukte|benadrukt|onderstreepte|onderstreept|"
            r"stelde|stelt|voegde\s+(?:[\w‑-]+\s+){0,3}?toe|wees\s+(?:[\w‑-]+\s+){0,3}?erop|liet\s+weten|"
            r"herinnerde\s+eraan"
        ),
        that=r"dat\b",
        according=r"[Vv]olgens",
        roles=ROLE_WORD,
        honorifics=r"dhr\.|mevr\.|mevrouw|meneer|de heer",
        pronouns=r"[Zz]ij|[Hh]ij|[Zz]e",
        addressee=r"aan|tegen",
        articles=r"de|het|De|Het",
        function_words=r"van|voor|en|de|het|der",
        after=r"aldus",
    ),
    "sv": Words(
        role_ends=r"har|är|hade|vid|under|på|i|inför|som|efter|till",
        verbs=(
            r"säger|sa|sade|betonar|betonade|förklarar|förklarade|konstaterar|konstaterade|understryker|"
            r"underströk|menar|menade|framhåller|framhöll|poängterar|poängterade|påpekar|påpekade|"
            r"skriver|tillägger|tillade|fortsätter"
        ),
        that=r"att\b",
        according=r"[Ee]nligt",
        roles=ROLE_WORD,
        honorifics=r"",
        pronouns=r"[Hh]on|[Hh]an",
        addressee=r"till|för",
        articles=r"",
        function_words=r"för|och|i|av|med|på|till",
    ),
}  # fmt: skip

# Capitalised words that are not people, though they stand where a name would: institutions,
# countries, and the words that open a sentence ("Für Keller-Sutter ist klar", "Selon Jans").
NOT_PEOPLE = frozenset(
    "Suisse Schweiz Svizzera Sverige Regeringen Confédération Confederazione Eidgenossenschaft Conseil "
    "Consiglio Rat Bundesrat Kommission Commission Commissione Commissie Kommissionen Raad Rådet Union "
    "Unione Europa Europe EU UE DFJP EJPD DFGP SEM Schengen Frontex Europol Parlement Parlamento Parlament "
    "Riksdagen Département Departement Dipartimento Regierung Gouvernement Governo Délégation Delegation "
    "Delegazione Présidence Präsidentschaft Presidenza Ministère Ministerium Ministero Bruxelles Brüssel "
    "Bruxelles Brussel Bryssel Luxembourg Luxemburg Lussemburgo Berne Bern Berna Stockholm Den Für Laut "
    "Gemäss Gemäß Auch Dabei Wie So Die Der Das Dem Den Des Selon Pour Comme Ainsi Secondo Per Come Volgens "
    "Voor Zoals Enligt För Som Och Mais Aber Ma Maar Men Et Und Elle Il Er Sie Lei Lui Hon Han Zij Hij "
    "La Le Les Lo Gli Het Ce Cette Cela Dies Dieses Diese Dieser Questo Questa Deze Dit Detta Denna "
    "Verschiedene Plusieurs Alle Tous Tutti Alla Forum Institute Council Committee Agency Foundation "
    "Institutet Myndigheten Departementet Kulturdepartementet När Kollegan Statsråden "
    # Honorifics of several people: "Mmes Sommaruga et Malmström ont discuté" is no one speaker.
    "Mmes MM. Mesdames Messieurs Herren Damen Signori Signore "
    # Conjunctions that open a clause: "Poiché Bortone ha sostenuto che …"
    "Poiché Perché Quando Mentre Benché Sebbene Puisque Lorsque Quand Comme Weil Als Wenn Nachdem Obwohl".split()
)
