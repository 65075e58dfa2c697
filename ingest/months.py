"""Month names of EU press material (en, fr, de, it, nl, sv), lower case, with their numbers."""

from __future__ import annotations

ENGLISH_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
# The months in the other languages of EU press material: fr, de, it, nl, sv.
FOREIGN_MONTHS = {
    name: i
    for names in (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "januari februari maart april mei juni juli augustus september oktober november december",
        "januari februari mars april maj juni juli augusti september oktober november december",
    )
    for i, name in enumerate(names.split(), start=1)
}
MONTHS = {**FOREIGN_MONTHS, **ENGLISH_MONTHS}
