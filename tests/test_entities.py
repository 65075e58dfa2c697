"""People, organisations and places: read at ingest, merged, stored beside the full-text table,
listed, paged, filtered in ``find``; merges and splits by hand surviving re-ingest.

The inline texts run everywhere (the real spaCy models, the real SQLite table); the seeds and
the JHA feed, checked by hand, need ../shared (skipped without it); the CLI and the API run on an
ingested home (``slow``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from index.entities import Entities, UnknownEntity
from index.finding import find
from index.fulltext import FullText
from index.ingesting import ingest_paths
from index.naming import Form, Overrides, fold, merge
from index.query import parse
from index.settings import IndexSettings
from index.store import PassageStore
from index.writing import document_record
from ingest.mentions import extract_mentions
from ingest.pipeline import load_paths
from ingest.records import Document, Statement
from tests.conftest import SHARED

SEEDS = SHARED / "corpus" / "seeds"
JHA = SHARED / "corpus" / "jha-meetings.jsonl"

EN = (
    "Federal Councillor Karin Keller-Sutter met the Belgian Minister for Asylum and Migration Nicole de Moor in "
    "Brussels. The Federal Department of Justice and Police (FDJP) said Ms Keller-Sutter was pleased.\n"
    "Keller-Sutter added that the FDJP and Europol would work with the European Commission."
)
DE = (
    "Bundesrätin Karin Keller-Sutter hat am Donnerstag in Brüssel die Innenminister getroffen. Das "
    "Staatssekretariat für Migration (SEM) nahm teil. Keller-Sutter sagte, Justizminister Beat Jans sei dabei."
)
FR = (
    "Mardi, le conseiller fédéral Arnold Koller a reçu, à Berne, les ministres de l'Intérieur allemand, Otto "
    "Schily, et autrichien, Karl Schlögl. Le Département fédéral de justice et police (DFJP) a signé."
)


def _found(text: str, lang: str, kind: str) -> list[tuple[str, str]]:
    return [(m.text, m.role) for m in extract_mentions(text, lang) if m.kind == kind]


# -- reading names at ingest ---------------------------------------------------------------------


def test_english_people_come_with_their_titles_and_offsets() -> None:
    found = extract_mentions(EN, "en")
    assert all(EN[m.start : m.end] == m.text for m in found)
    assert _found(EN, "en", "person") == [
        ("Karin Keller-Sutter", "Federal Councillor"),
        ("Nicole de Moor", "Belgian Minister for Asylum and Migration"),
        ("Keller-Sutter", "Ms"),  # the honorific is a title, not part of the name
        ("Keller-Sutter", ""),
    ]
    assert ("Brussels", "") in _found(EN, "en", "place")
    orgs = [(m.text, m.alias) for m in found if m.kind == "org"]
    assert ("Federal Department of Justice and Police", "FDJP") in orgs
    assert orgs.count(("FDJP", "Federal Department of Justice and Police")) == 2  # defined, then used
    assert ("Europol", "") in orgs and ("European Commission", "") in orgs


def test_german_without_a_model_reads_titled_names_and_acronyms() -> None:
    assert _found(DE, "de", "person") == [("Karin Keller-Sutter", "Bundesrätin"), ("Keller-Sutter", ""),
                                         ("Beat Jans", "Justizminister")]  # fmt: skip
    orgs = [(m.text, m.alias) for m in extract_mentions(DE, "de") if m.kind == "org"]
    assert orgs == [("Staatssekretariat für Migration", "SEM"), ("SEM", "Staatssekretariat für Migration")]


def test_french_reads_people_places_and_the_departments_acronym() -> None:
    assert _found(FR, "fr", "person") == [("Arnold Koller", "conseiller fédéral"), ("Otto Schily", ""),
                                         ("Karl Schlögl", "")]  # fmt: skip
    assert ("Berne", "") in _found(FR, "fr", "place")
    assert ("Département fédéral de justice et police", "") in _found(FR, "fr", "org")


def test_no_capitalised_word_alone_is_taken_for_a_person() -> None:
    text = "Informal Meeting of Justice and Home Affairs Ministers. Agenda commented with press. Schengen."
    assert _found(text, "en", "person") == []


# -- merging variants ----------------------------------------------------------------------------


def test_variants_merge_into_one_entity() -> None:
    forms = [
        Form("person", "Karin Keller-Sutter", 3, frozenset({1, 2})),
        Form("person", "Keller-Sutter", 6, frozenset({1, 3})),
        Form("org", "Keller-Sutter", 1, frozenset({4})),  # the model's slip: most mentions say person
        Form("org", "FDJP", 5, frozenset({1, 5}), frozenset({"Federal Department of Justice and Police"})),
        Form("org", "Federal Department of Justice and Police", 2, frozenset({1}), frozenset({"FDJP"})),
        Form("person", "Beat Jans", 2, frozenset({6})),
        Form("person", "Jans", 1, frozenset({6})),
    ]
    merged = merge(forms)
    person = merged["person", "keller sutter"]
    assert person is merged["person", "karin keller sutter"] is merged["org", "keller sutter"]
    assert (person.name, person.kind) == ("Karin Keller-Sutter", "person")
    assert merged["org", "fdjp"].name == "Federal Department of Justice and Police"
    assert merged["person", "jans"].name == "Beat Jans"
    split = merge(forms, Overrides().split("Keller-Sutter"))
    assert split["person", "keller sutter"] is not split["person", "karin keller sutter"]
    joined = merge(forms, Overrides().merged("Beat Jans", "Karin Keller-Sutter"))
    assert joined["person", "keller sutter"] is joined["person", "beat jans"]


def test_a_surname_shared_by_two_people_goes_with_the_one_in_the_same_documents() -> None:
    forms = [Form("person", "Peter Müller", 1, frozenset({1})), Form("person", "Anna Müller", 1, frozenset({2})),
             Form("person", "Müller", 1, frozenset({2}))]  # fmt: skip
    assert merge(forms)["person", "muller"].name == "Anna Müller"


def test_overrides_undo_each_other_and_read_back() -> None:
    made = Overrides().merged("A B", "C").split("C")
    assert made == Overrides((), ("C",))
    assert Overrides.from_dict(json.loads(json.dumps(made.merged("C", "D").to_dict()))).merges == (("C", "D"),)
    assert fold("Müller-Lüdenscheidt") == "muller ludenscheidt"


# -- stored beside the full-text table -----------------------------------------------------------


def _doc(source_id: str, text: str, lang: str = "en", date: str = "2024-01-25", **more: object) -> Document:
    return Document(source_id, source_id, source_id, text, lang, "press_release", date,
                    content_hash=str(hash(text)), mentions=extract_mentions(text, lang), **more)  # type: ignore[arg-type]


STATEMENTS = {"a": (Statement("“We agree.”", "Karin Keller-Sutter", "Federal Councillor", "", "quote", 0, 11),)}


@pytest.fixture
def table(tmp_path: Path) -> Iterator[tuple[FullText, Entities]]:
    fulltext = FullText(tmp_path / "fulltext.sqlite3")
    fulltext.upsert([
        document_record(_doc("a", EN)),
        document_record(_doc("b", DE, "de", "2023-06-01")),
        document_record(_doc("c", FR, "fr", "1999-04-27")),
        document_record(_doc("d", "The Minister of Justice Beat Jans visited Europol in The Hague.", "en", "2024-02")),
    ])  # fmt: skip
    yield fulltext, Entities(fulltext, tmp_path / "entities.json")
    fulltext.close()


def test_listing_pages_and_find_filters(table: tuple[FullText, Entities]) -> None:
    fulltext, entities = table
    people = {e.name: e for e in entities.listing("person")}
    assert people["Karin Keller-Sutter"].documents == 2 and "Keller-Sutter" in people["Karin Keller-Sutter"].variants
    assert entities.resolve("ms keller-sutter") == entities.resolve("Keller-Sutter") == ("person",
                                                                                        "Karin Keller-Sutter")
    assert entities.resolve("Jans") == ("person", "Beat Jans")  # a surname finds its person
    with pytest.raises(UnknownEntity, match="did you mean 'Karin Keller-Sutter'"):
        entities.resolve("Keller")
    page = entities.page("Keller-Sutter", lambda sid: STATEMENTS.get(sid, ()))
    assert [d.source_id for d in page.documents] == ["b", "a"]  # by date
    assert {"Federal Councillor", "Bundesrätin", "Ms"} <= set(page.roles)
    assert page.variants == {"Karin Keller-Sutter": 2, "Keller-Sutter": 3}
    assert [st.text for _, st in page.statements] == ["“We agree.”"]
    assert ("Nicole de Moor", "person", 1) in page.cooccurring
    first = page.documents[1].mentions[0]
    assert EN[first[0] : first[1]] == first[2] == "Karin Keller-Sutter"
    assert entities.page("FDJP", lambda sid: ()).name == "Federal Department of Justice and Police"
    with pytest.raises(ValueError, match="use person, org, place"):
        entities.listing("people")
    for query, expected in [("person:keller-sutter", {"a", "b"}), ('person:"Karin Keller-Sutter" lang:de', {"b"}),
                            ("org:fdjp", {"a"}), ("org:europol -person:jans", {"a"}), ("person:nobody", set())]:
        result = find(fulltext, query, parse(query))
        assert {h.source_id for h in result.hits} == expected, query
    facets = find(fulltext, "europol", parse("europol")).facets
    assert facets.people["Karin Keller-Sutter"] == 1 and facets.people["Beat Jans"] == 1
    assert facets.orgs["Europol"] == 2


def test_reingest_replaces_mentions_delete_removes_them_and_hand_merges_survive(
    table: tuple[FullText, Entities], tmp_path: Path
) -> None:
    fulltext, entities = table
    entities.merge("Beat Jans", "Arnold Koller")
    assert entities.resolve("Arnold Koller") == ("person", "Beat Jans")
    changed = "Federal Councillor Beat Jans and Federal Councillor Arnold Koller met in Bern."
    fulltext.upsert([document_record(_doc("d", changed))])  # the same document, changed: re-ingested
    assert entities.resolve("Koller") == ("person", "Beat Jans")  # the merge by hand held
    assert json.loads((tmp_path / "entities.json").read_text())["merge"] == [["Beat Jans", "Arnold Koller"]]
    assert fulltext.rows("SELECT count(*) FROM mentions m JOIN docs d ON d.id = m.doc WHERE d.source_id = 'd' "
                         "AND m.text = 'Europol'") == [(0,)]  # fmt: skip
    entities.split("Arnold Koller")
    assert entities.resolve("Arnold Koller") == ("person", "Arnold Koller")
    fulltext.remove(["a", "b"])
    with pytest.raises(UnknownEntity):
        entities.resolve("Karin Keller-Sutter")
    reopened = Entities(FullText(tmp_path / "fulltext.sqlite3"), tmp_path / "entities.json")
    assert reopened.resolve("Koller") == ("person", "Arnold Koller")  # after a restart


def test_records_stored_before_names_were_read_get_them_when_written(tmp_path: Path) -> None:
    fulltext = FullText(":memory:")
    old = replace(document_record(_doc("a", EN)), mentions=None)  # as an index written before stored them
    fulltext.upsert([old])
    assert Entities(fulltext, tmp_path / "e.json").resolve("Keller-Sutter") == ("person", "Karin Keller-Sutter")


# -- checked by hand on the shared seeds and the JHA feed ----------------------------------------


def _shared(path: Path) -> list[Document]:
    if not path.exists():
        pytest.skip(f"the shared corpus is not here ({path}); see ../shared/corpus/README.md")
    return [d for d in load_paths([path]) if isinstance(d, Document)]


@pytest.mark.integration
def test_the_seeds_people_roles_and_organisations_read_by_hand() -> None:
    docs = {d.source_id[:3]: d for d in _shared(SEEDS)}
    people = {k: {(m.text, m.role) for m in d.mentions if m.kind == "person"} for k, d in docs.items()}
    assert people["000"] == {("Annelies Verlinden", "Belgian Minister of the Interior"),
                             ("Nicole De Moor", "Belgian State Secretary for Asylum and Migration"),
                             ("Ylva Johansson", "European Commissioner for Home Affairs")}  # fmt: skip
    assert ("Ihor Klymenko", "Ukrainian Minister for the Interior") in people["002"]
    assert ("Kostin", "Mr") in people["002"]
    assert ("Nicole de Moor", "Staatssecretaris voor Asiel en Migratie") in people["003"]  # Dutch, by rule
    assert {("Mari Rantanen", "Minister of the Interior"), ("Rantanen", "")} <= people["004"]
    orgs = {m.text for d in docs.values() for m in d.mentions if m.kind == "org"}
    assert {"European Ports Alliance", "Europol"} <= orgs
    forms = _forms(docs.values())
    merged = merge(forms)
    assert merged["person", "nicole de moor"] is merged["person", fold("Nicole De Moor")]
    assert merged["person", "rantanen"].name == "Mari Rantanen"


def _forms(docs: object) -> list[Form]:
    counted: dict[tuple[str, str], set[int]] = {}
    aliases: dict[tuple[str, str], set[str]] = {}
    for i, d in enumerate(docs):  # type: ignore[arg-type]
        for m in d.mentions:
            counted.setdefault((m.kind, m.text), set()).add(i)
            if m.alias:
                aliases.setdefault((m.kind, m.text), set()).add(m.alias)
    return [Form(k, t, len(ids), frozenset(ids), frozenset(aliases.get((k, t), ()))) for (k, t), ids in
            counted.items()]  # fmt: skip


# Annotated by hand from the texts (20 documents, drawn at random among those under 2,200 characters;
# the rules were tuned on these) and 20 more drawn after the tuning (held out): every person named.
TUNED = {
    "nsb-24946-de": {"Eveline Widmer-Schlumpf"},
    "nsb-24946-fr": {"Eveline Widmer-Schlumpf"},
    "nsb-34323-de": {"Eveline Widmer-Schlumpf"},
    "nsb-35506-de": {"Eveline Widmer-Schlumpf"},
    "nsb-35506-it": {"Eveline Widmer-Schlumpf"},
    "nsb-37885-de": {"Simonetta Sommaruga", "Alard du Bois-Reymond", "Jean-Luc Vez", "Doris Leuthard"},
    "nsb-37885-fr": {"Simonetta Sommaruga", "Alard du Bois-Reymond", "Jean-Luc Vez", "Doris Leuthard"},
    "nsb-44330-de": {"Simonetta Sommaruga"},
    "nsb-44850-de": {"Simonetta Sommaruga"},
    "nsb-53330-fr": {"Mario Gattiker", "Gianluca Grippa"},
    "nsb-53710-fr": set(),
    "nsb-64244-fr": set(),
    "nsb-76388-de": {"Karin Keller-Sutter"},
    "nsb-79798-fr": {"Karin Keller-Sutter"},
    "g0vse-artiklar-2020-06-eu-mote-om-sammanhallningspolitiken-efter-corona": {"Per Callenberg"},
    "g0vse-pressmeddelanden-2024-06-carl-oskar-bohlin-deltar-i-rif-mote-i-luxemburg": {"Carl-Oskar Bohlin"},
    "g0vse-pressmeddelanden-2024-09-paulina-brandberg-deltar-i-nordisk-baltiskt-seminarium-om-arbetslivskriminalitet":
        {"Paulina Brandberg"},
    "g0vse-pressmeddelanden-2025-01-carl-oskar-bohlin-deltar-i-informellt-rif-mote-i-warszawa":
        {"Carl-Oskar Bohlin", "Sauli Niinistö"},
    "g0vse-pressmeddelanden-2025-03-eus-inre-sakerhet-brottsbekampning-och-atervandande-i-fokus-under-rif-mote-i-bryssel":
        {"Gunnar Strömmer", "Johan Forssell"},
    "g0vse-pressmeddelanden-2025-06-justitieminister-gunnar-strommer-och-migrationsminister-johan-forssell-deltar-i-rif-mote-i-luxemburg":
        {"Gunnar Strömmer", "Johan Forssell"},
}

HELD_OUT = {
    "nsb-22160-fr": {"Eveline Widmer-Schlumpf"},
    "nsb-54169-de": {"Simonetta Sommaruga", "Christian Lange", "Wolfgang Brandstetter", "Thomas Zwiefelhofer"},
    "g0vse-pressmeddelanden-2023-01-rif-forsta-informella-ministermotet-i-sverige-under-eu-ordforandeskapet":
        {"Denys Maljuska"},
    "g0vse-pressmeddelanden-2023-09-gunnar-strommer-deltar-i-nordiska-ministerradets-mote-i-reykjavik":
        {"Gunnar Strömmer"},
    "nsb-27290-de": {"Eveline Widmer-Schlumpf"},
    "nsb-18366-it": {"Widmer-Schlumpf"},
    "nsb-30438-de": {"Eveline Widmer-Schlumpf"},
    "g0vse-pressmeddelanden-2023-03-gunnar-strommer-och-maria-malmer-stenergard-deltar-pa-rif-mote-i-bryssel":
        {"Gunnar Strömmer", "Maria Malmer Stenergard"},
    "g0vse-pressmeddelanden-2023-10-sarskilt-mote-i-luxemburg-om-arbetet-mot-terrorism-och-valdsbejakande-extremism":
        set(),
    "nsb-14244-fr": {"Christoph Blocher", "Wolfgang Schäuble"},
    "nsb-64244-de": set(),
    "nsb-65099-it": {"Mario Gattiker"},
    "g0vse-pressmeddelanden-2025-07-gunnar-strommer-och-anders-hall-deltar-i-informellt-rif-mote-i-kopenhamn":
        {"Gunnar Strömmer", "Anders Hall"},
    "g0vse-faktapromemoria-2023-06-202223fpm96": set(),
    "nsb-53710-it": set(),
    "nsb-85140-de": {"Karin Keller-Sutter", "Horst Seehofer"},
    "g0vse-artiklar-2022-11-rattsstatsfragor-och-otillborlig-valpaverkan-pa-agendan-nar-gunnar-strommer-tog-emot-eu-kommissionar-vra-jourova":
        {"Gunnar Strömmer", "Věra Jourová", "Mikael Kullberg", "Jessika Roswall", "Paulina Brandberg"},
    "nsb-22571-it": {"Ruth Metzler-Arnold", "Otto Schily", "Jean-Pierre Chevènement", "Daniel Vaillant", "Enzo Bianco",
                     "Michael Ritter", "Ernst Strasser"},
    "nsb-23093-it": {"Ruth Metzler-Arnold", "Enzo Bianco", "Daniel Vaillant", "Otto Schily", "Michael Ritter",
                     "Ernst Strasser", "Hanspeter Uster", "Peter Huber", "Urs Hadorn", "Stephan Gussmann"},
    "nsb-24897-fr": {"Eveline Widmer-Schlumpf"},
}


@pytest.fixture(scope="module")
def jha_docs() -> list[Document]:
    return _shared(JHA)


def _people(doc: Document) -> set[str]:
    """A document's people, each surname alone counted as the full name it ends (in the document)."""
    names = {m.text for m in doc.mentions if m.kind == "person"}
    return {next((fold(f) for f in names if fold(f).endswith(" " + fold(n))), fold(n)) for n in names}


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(("gold", "floor"), [("TUNED", 0.85), ("HELD_OUT", 0.8)])
def test_person_names_precision_and_recall_on_hand_annotated_jha_documents(
    jha_docs: list[Document], gold: str, floor: float
) -> None:
    wanted = {"TUNED": TUNED, "HELD_OUT": HELD_OUT}[gold]
    by_id = {d.source_id: d for d in jha_docs}
    tp = fp = fn = 0
    for source_id, people in wanted.items():
        truth, found = {fold(p) for p in people}, _people(by_id[source_id])
        tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"{gold}: precision {precision:.2f}, recall {recall:.2f} ({tp} found, {fp} wrong, {fn} missed)")
    assert precision >= 0.95 and recall >= floor  # measured: 1.00 / 0.89 tuned, 1.00 / 0.86 held out


@pytest.mark.integration
@pytest.mark.slow
def test_the_jha_feeds_people_and_departments_merge(jha_docs: list[Document]) -> None:
    docs = jha_docs
    merged = merge(_forms(docs))
    for variant, name in [("metzler arnold", "Ruth Metzler-Arnold"), ("blocher", "Christoph Blocher"),
                          ("keller sutter", "Karin Keller-Sutter"), ("sommaruga", "Simonetta Sommaruga")]:
        assert merged["person", variant].name == name, variant
    roles = {m.role for d in docs for m in d.mentions if m.text.endswith("Keller-Sutter") and m.role}
    assert {"Bundesrätin", "conseillère fédérale"} <= roles
    dfjp = merged["org", "dfjp"]
    assert fold("Département fédéral de justice et police") in dfjp.keys


# -- the CLI and the API on an ingested home ------------------------------------------------------


@pytest.fixture(scope="module")
def home(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entities")
    (folder / "docs").mkdir()
    (folder / "docs" / "a.txt").write_text("Keller-Sutter meets ministers\n\n" + EN, encoding="utf-8")
    (folder / "docs" / "b.txt").write_text("Treffen in Brüssel\n\n" + DE, encoding="utf-8")
    store = PassageStore(IndexSettings(home=folder), embedder)
    try:
        assert [e.status for e in ingest_paths(store, [folder / "docs"])] == ["added"] * 2
    finally:
        store.close()
    return folder


@pytest.mark.slow
def test_the_cli_lists_pages_merges_and_splits(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    runner = CliRunner()
    listed = runner.invoke(app, ["entities", "--kind", "person", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)[0]["name"] == "Karin Keller-Sutter"
    page = json.loads(runner.invoke(app, ["entity", "Keller-Sutter", "--json"]).stdout)
    assert page["kind"] == "person" and len(page["documents"]) == 2 and "Bundesrätin" in page["roles"]
    text = runner.invoke(app, ["entity", "Karin Keller-Sutter"]).stdout
    assert text.startswith("Karin Keller-Sutter (person) — 2 documents")
    merged = runner.invoke(app, ["entity", "merge", "Keller-Sutter", "Beat Jans"])
    assert merged.exit_code == 0 and "merged 'Beat Jans' into 'Karin Keller-Sutter'" in merged.stdout
    assert json.loads((home / "entities.json").read_text())["merge"] == [["Karin Keller-Sutter", "Beat Jans"]]
    runner.invoke(app, ["entity", "split", "Beat Jans"])
    unknown = runner.invoke(app, ["entity", "Nobody"])
    assert unknown.exit_code == 2 and unknown.stderr.startswith("pressroom: error: no person") and \
        "Traceback" not in unknown.output
    bad = runner.invoke(app, ["entities", "--kind", "people"])
    assert bad.exit_code == 2 and "use person, org, place" in bad.stderr
    found = json.loads(runner.invoke(app, ["find", "person:keller-sutter", "--json"]).stdout)
    assert found["total"] == 2 and found["facets"]["people"]["Karin Keller-Sutter"] == 2


@pytest.mark.slow
def test_the_api_lists_and_pages_entities(home: Path, embedder: Embedder) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.config import PressroomSettings
    from ui.api import router
    from ui.server import open_services
    from ui.settings import ServerSettings

    app = FastAPI()
    app.include_router(router)
    app.state.services = open_services(PressroomSettings(index=IndexSettings(home=home)), ServerSettings(home=home),
                                       embedder)  # fmt: skip
    try:
        client = TestClient(app)
        listed = client.get("/api/entities", params={"kind": "org"})
        assert listed.status_code == 200
        assert "Federal Department of Justice and Police" in {e["name"] for e in listed.json()}
        page = client.get("/api/entities/FDJP")
        assert page.status_code == 200 and page.json()["name"] == "Federal Department of Justice and Police"
        missing = client.get("/api/entities/Nobody")
        assert missing.status_code == 404 and "no person, organisation or place" in missing.json()["detail"]
        screened = client.post("/api/screen", json={"names": ["Karin Keller-Sutter", "Nobody"]})
        assert screened.status_code == 200
        assert [r["documents"] for r in screened.json()] == [2, 0]
        as_csv = client.post("/api/screen", json={"names": ["Keller-Sutter"], "format": "csv"})
        assert as_csv.status_code == 200 and as_csv.text.startswith("name,documents,new_documents,source_id")
        assert client.post("/api/screen", json={"names": []}).status_code == 422
    finally:
        app.state.services.close()


def test_spacy_comes_without_torch_and_torch_still_imports() -> None:
    """thinc imports torch where it is installed (0.85 s) though spaCy's CPU pipelines never use
    it: ``import_spacy`` hides it during the import only. Run in a fresh process, since this one
    may have imported either already."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from ingest.entities import entities, import_spacy\n"
        "import_spacy()\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "found = entities(['Anna Smith met Europol officials in The Hague.'], 'en')[0]\n"
        "assert [e.kind for e in found][:3] == ['person', 'org', 'place'], found\n"
        "import torch\n"
        "print('ok', torch.zeros(1).shape[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok 1"
