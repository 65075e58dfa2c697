"""Dates the audit of session 38 found missed or misread in fr, de, it, sv and en releases: sentences
from the Swiss and Swedish releases, with the events read by hand."""

from __future__ import annotations

import pytest

from ingest.dates import extract_dates

CASES = [
    # The document's own day, said relatively, with a verb of the event beside it.
    (
        "Le Conseil fédéral a nommé aujourd’hui un procureur fédéral extraordinaire.",
        "2009-03-06",
        "2009-03-06",
        "relative",
    ),
    (
        "Der Bundesrat hat heute das EJPD ermächtigt, die Vernehmlassung zu eröffnen.",
        "2005-06-29",
        "2005-06-29",
        "relative",
    ),
    (
        "A tale scopo, oggi a Colombo è stata firmata una dichiarazione d’intenti.",
        "2017-12-12",
        "2017-12-12",
        "relative",
    ),
    # Years after a preposition of the language.
    ("En 2012, la Commission avait fait des recommandations.", "2013-09-25", "2012", "year"),
    ("Im Jahr 2014 wurden in der Schweiz 23 765 Asylgesuche gestellt.", "2015-01-22", "2014", "year"),
    ("Nel 2011 i collaboratori del segretariato hanno eseguito 56 ispezioni.", "2012-06-28", "2011", "year"),
    ("Under 2024 låg stort fokus i bolagsförvaltningen på totalförsvaret.", "2025-06", "2024", "year"),
    ("Depuis 2012, elle a aussi accompagné 170 rapatriements.", "2015-12-03", "2012/", "year"),
    # A bound before a day makes a deadline or the start of a period.
    ("Die Vernehmlassung dauert bis zum 13. Juli 2018.", "2018-04-11", "/2018-07-13", "period"),
    ("I Cantoni possono pronunciarsi al riguardo fino al 4 luglio 2017.", "2017-04-04", "/2017-07-04", "period"),
    (
        "Uppdraget ska redovisas till Försvarsdepartementet senast den 15 december 2024.",
        "2023-10",
        "/2024-12-15",
        "period",
    ),
    ("Seit dem 25. März 2020 schränkt die Schweiz die Einreise ein.", "2020-06-11", "2020-03-25/", "period"),
    ("Jusqu’à fin novembre 2017, 529 personnes ont été accueillies.", "2017-12-14", "/2017-11", "period"),
    ("Ett tilläggsbidrag lämnas till barnfamiljer t.o.m. juni 2023.", "2023-03", "/2023-06", "period"),
    # Ranges are one event, the start's year from the end's.
    (
        "Du 1er janvier au 30 novembre 2017, 16 887 demandes d’asile ont été déposées.",
        "2017-12-14",
        "2017-01-01/2017-11-30",
        "day",
    ),
    (
        "The 12th WTO Ministerial Conference will take place in Geneva from 12 to 15 June.",
        "2022-06-12",
        "2022-06-12/2022-06-15",
        "day",
    ),
    ("Il sostegno va dal 1° settembre al 31 dicembre 2019.", "2019-08-07", "2019-09-01/2019-12-31", "day"),
    ("De septembre à novembre 2001, on a observé une augmentation.", "2002-04-25", "2001-09/2001-11", "month"),
    # A month and year without a preposition, or after an Italian article.
    ("Nel luglio 2014 sono state presentate in Svizzera 2911 domande d’asilo.", "2014-08-12", "2014-07", "month"),
    (
        "In einem Schreiben vom Dezember 2023 hatte die NKVF die Haftbedingungen bezeichnet.",
        "2024-05-21",
        "2023-12",
        "month",
    ),
    # A month without its year, in the nearer year.
    ("Durant le mois de novembre, 1443 demandes d’asile ont été déposées en Suisse.", "2017-12-14", "2017-11", "month"),
    ("Im Dezember wurden noch 185 eritreische Asylsuchende verzeichnet.", "2015-01-22", "2014-12", "month"),
    ("Das EJPD schickt die Änderungen bis Ende September in die Vernehmlassung.", "2005-06-29", "/2005-09", "period"),
    # Relative years and seasons.
    ("L'année dernière, il a vérifié près de 140 000 instruments de mesure.", "2015-04-27", "2014", "relative"),
    ("L'anno scorso sono stati registrati più casi.", "2017-09-08", "2016", "relative"),
    (
        "Das EJPD hatte die Arbeitsgruppe bereits im Herbst 2002 beauftragt.",
        "2003-04-16",
        "2002-09/2002-11",
        "relative",
    ),
    ("Det hände i juli förra året.", "2024-03", "2023-07", "relative"),
]


@pytest.mark.parametrize(("text", "date", "when", "kind"), CASES)
def test_dates_the_audit_found(text: str, date: str, when: str, kind: str) -> None:
    found = [(ev.when, ev.kind) for ev in extract_dates(text, date)]
    assert (when, kind) in found, found


def test_today_meaning_nowadays_is_no_date() -> None:
    for text in (
        "Il existe aujourd’hui des domaines dans lesquels le Conseil fédéral statue en dernier ressort.",
        "Heute können die Behörden lediglich auf schriftlichem Weg einen Auszug einholen.",
        "Molte persone vivono ancora oggi in condizioni economiche precarie.",
    ):
        assert all(ev.kind != "relative" for ev in extract_dates(text, "2011-02-23")), text


def test_a_day_word_needs_the_documents_day() -> None:
    # Swedish press releases are dated by month only: "i dag" cannot be a day then.
    assert extract_dates("I dag har regeringen beslutat om uppdraget.", "2024-03") == ()
    (ev,) = extract_dates("I dag har regeringen beslutat om uppdraget.", "2024-03-12")
    assert (ev.when, ev.kind) == ("2024-03-12", "relative")


# "not … before" opens a period: the day is the earliest, not a deadline (nsb-100035-en, nsb-74252-en).
@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("It and the associated amendments will not come into force before January 2025.", "2025-01/"),
        ("The decision is conditional on the referendum not being held before 8 April 2019.", "2019-04-08/"),
        ("Applications must be submitted before 4 March 2023.", "/2023-03-04"),
    ],
)
def test_not_before_opens_a_period(sentence: str, when: str) -> None:
    assert [d.when for d in extract_dates(sentence, "2022-09-09")] == [when]
