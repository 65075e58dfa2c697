"""What the web app's text boxes accept: text (no half of a surrogate pair, which a hostile client
can send as a JSON escape and which nothing downstream can encode) of a bounded length, as the HTTP
API does. A box that breaks a rule gets one line saying so, in the question's language where the
chat already speaks it.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from ingest.cleaning import CONTROL, LONE_SURROGATE
from ingest.metadata import question_language
from ui.api_models import MAX_QUESTION

MAX_COMMENT = 4000  # characters of a comment on an answer, as POST /api/feedback takes
_TOO_LONG = {
    "en": "The question is {n:,} characters long: ask in at most {limit:,}.",
    "nl": "De vraag is {n:,} tekens lang: gebruik er hoogstens {limit:,}.",
    "fr": "La question fait {n:,} caractères : {limit:,} au plus.",
    "de": "Die Frage ist {n:,} Zeichen lang: erlaubt sind höchstens {limit:,}.",
    "it": "La domanda è lunga {n:,} caratteri: al massimo {limit:,}.",
    "sv": "Frågan är {n:,} tecken lång: högst {limit:,} tecken går.",
}
_NOT_TEXT = {
    "en": "The question holds U+{code:04X}, half of a surrogate pair, which is not text: type or paste it again.",
    "nl": "De vraag bevat U+{code:04X}, de helft van een surrogaatpaar, geen tekst: typ of plak ze opnieuw.",
    "fr": "La question contient U+{code:04X}, une moitié de paire de substitution, qui n'est pas du texte : "
    "retapez-la ou collez-la à nouveau.",
    "de": "Die Frage enthält U+{code:04X}, die Hälfte eines Surrogatpaars, also keinen Text: bitte neu eingeben.",
    "it": "La domanda contiene U+{code:04X}, metà di una coppia surrogata, che non è testo: riscrivila o incollala "
    "di nuovo.",
    "sv": "Frågan innehåller U+{code:04X}, halva ett surrogatpar, som inte är text: skriv eller klistra in den igen.",
}


def problem(text: str, what: str, limit: int = MAX_QUESTION) -> str | None:
    """Why ``text`` (the value of the box ``what``) cannot be used, or None.

    >>> problem("ports?", "query") is None
    True
    >>> problem("x" * 2001, "query")
    'The query is 2,001 characters long: use at most 2,000.'
    >>> problem("a \\ud800", "topic")
    'The topic holds U+D800, half of a surrogate pair, which is not text: type or paste it again.'
    """
    if lone := LONE_SURROGATE.search(text):
        return (f"The {what} holds U+{ord(lone.group()):04X}, half of a surrogate pair, which is not text: "
                "type or paste it again.")  # fmt: skip
    if len(text) > limit:
        return f"The {what} is {len(text):,} characters long: use at most {limit:,}."
    return None


def checked(text: str | None, what: str, limit: int = MAX_QUESTION) -> str:
    """``text`` with control characters and runs of white space made one space, or a ``gr.Error``
    (one line in the page) saying why it cannot be used.

    >>> checked(" a\\x00 b\\n", "topic")
    'a b'
    """
    cleaned = " ".join(CONTROL.sub(" ", text or "").split())
    if why := problem(cleaned, what, limit):
        raise gr.Error(why)
    return cleaned


def checked_question(text: str | None) -> str:
    """A chat question, as ``checked``; the refusal is in the question's language.

    >>> checked_question("  When  was it? ")
    'When was it?'
    """
    question = " ".join(CONTROL.sub(" ", text or "").split())
    lone = LONE_SURROGATE.search(question)
    if not lone and len(question) <= MAX_QUESTION:
        return question
    lang = question_language(LONE_SURROGATE.sub("", question)[:MAX_QUESTION])
    if lone:
        raise gr.Error(_NOT_TEXT.get(lang, _NOT_TEXT["en"]).format(code=ord(lone.group())))
    raise gr.Error(_TOO_LONG.get(lang, _TOO_LONG["en"]).format(n=len(question), limit=MAX_QUESTION))


def read_uploads(paths: list[str]) -> list[tuple[str, bytes]]:
    """The uploaded files' names and bytes; one that cannot be read (gone from gradio's cache, a
    folder) is a ``gr.Error`` naming it, not a traceback."""
    received = []
    for p in paths:
        path = Path(p)
        try:
            received.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise gr.Error(f"{path.name}: cannot be read ({exc.strerror or exc}); upload it again.") from exc
    return received
