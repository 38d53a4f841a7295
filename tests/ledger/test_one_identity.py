"""One actor, one id: a government that speaks and the country its events name are one ledger
entity, `country:USA`, and every query by that id or its alias `gov:USA` finds both."""

import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsledger import commands
from newsledger.cli import main
from newsledger.ledger import Ledger, article_key
from newsledger.ledger.linking import canonical_id, with_canonical_ids
from newsledger.web import create_app

from .build import old_warning_record

TEXT = (
    "Washington warned Ankara on Monday that the purchase of the S-400 would bring sanctions. "
    "The United States imposed sanctions on Turkey."
)
CLAIM = "that the purchase of the S-400 would bring sanctions"


@pytest.mark.parametrize(
    "given, canonical",
    [
        ("gov:USA", "country:USA"),
        ("country:USA", "country:USA"),
        ("org:us-state-department", "org:us-state-department"),
        ("person:govind-rao", "person:govind-rao"),
        ("gov:", "gov:"),  # no country code: not an alias
    ],
)
def test_canonical_id(given, canonical):
    assert canonical_id(given) == canonical


def test_an_old_records_government_and_country_become_one_entity():
    old = old_warning_record()
    one = with_canonical_ids(old)
    usa = [e for e in one.entities if e.id == "country:USA"]
    assert [(e.name, e.type, e.aliases, e.mentions) for e in usa] == [
        ("United States", "government", ("Washington", "The United States"), ((0, 10), (89, 106)))
    ]
    assert [e.id for e in one.entities] == ["weapon:s-400", "country:USA", "country:TUR"]
    assert one.statements[0].speaker_entity.id == "country:USA"
    assert [a.id for e in one.events for a in e.actors] == ["country:USA", "country:USA"]
    assert with_canonical_ids(one) is one  # a record with no alias is returned as it is


# Through the real pipeline: extraction, ingest, the command line and the web app.


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("identity")
    source = folder / "warning.jsonl"
    source.write_text(json.dumps({"id": "warning", "text": TEXT, "published": "2020-12-14"}) + "\n", encoding="utf-8")
    path = folder / "ledger.db"
    result = commands.ingest([str(source)], db=str(path))
    assert (result.added, result.problems) == (1, [])
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_extraction_gives_the_speaking_government_its_countrys_id(db):
    with Ledger.open(db, readonly=True) as ledger:
        record = ledger.get_record(article_key(TEXT))
    assert [(s.speaker_entity.id, s.speaker_entity.type, s.content.text) for s in record.statements] == [
        ("country:USA", "government", CLAIM)
    ]
    assert [(e.type, [a.id for a in e.actors], [r.id for r in e.recipients]) for e in record.events] == [
        ("THREATEN", ["country:USA"], ["country:TUR"]),
        ("SANCTION", ["country:USA"], ["country:TUR"]),
    ]


@pytest.mark.parametrize("entity_id", ["country:USA", "gov:USA"])
def test_the_command_line_finds_statements_and_events_by_either_id(db, entity_id):
    timeline = run("timeline", entity_id, "--db", db)
    assert timeline.exit_code == 0, timeline.output
    assert [" ".join(line.split()) for line in timeline.stdout.splitlines()] == [
        "2020-12-14 warning United States THREATEN Turkey asserted",
        "2020-12-14 warning United States SANCTION Turkey asserted",
    ]
    assert timeline.stderr == "2 events of United States (country:USA)\n"

    said = run("statements", "--entity", entity_id, "--db", db)
    assert said.exit_code == 0, said.output
    assert "United States" in said.stdout and "that the purchase of the S-400" in said.stdout
    assert said.stderr == "1 statements\n"


def test_positions_and_entities_show_the_government_once(db):
    positions = run("positions", "sanctions", "--db", db)
    assert positions.exit_code == 0, positions.output
    assert positions.stdout.splitlines()[0] == "== United States"
    assert positions.stderr == "1 statements on 'sanctions'\n"

    governments = run("entities", "--type", "government", "--format", "jsonl", "--db", db)
    found = [json.loads(line) for line in governments.stdout.splitlines()]
    assert [(e["id"], e["statements"], e["articles"]) for e in found] == [("country:USA", 1, 1)]
    countries = run("entities", "--type", "country", "--format", "jsonl", "--db", db)
    assert [json.loads(line)["id"] for line in countries.stdout.splitlines()] == ["country:TUR"]  # only a recipient


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), follow_redirects=False) as test_client:
        yield test_client


def test_the_entity_page_has_the_statements_and_the_events(client):
    page = client.get("/entity/country:USA")
    assert page.status_code == 200
    assert "<h1>United States</h1>" in page.text
    assert CLAIM in page.text
    assert "United States threaten to Turkey" in page.text
    assert "United States sanction to Turkey" in page.text


def test_the_old_entity_url_goes_to_the_one_page(client):
    page = client.get("/entity/gov:USA")
    assert (page.status_code, page.headers["location"]) == (301, "/entity/country:USA")


@pytest.mark.parametrize("entity_id", ["country:USA", "gov:USA"])
def test_the_search_by_entity_takes_either_id(client, entity_id):
    page = client.get("/", params={"entity": entity_id})
    assert page.status_code == 200
    assert "Statements 1–1 of 1" in page.text and CLAIM in page.text


# A place: the events and the rest of the article name the same entity.


def test_a_place_in_an_event_is_the_articles_place(extract, tmp_path):
    record = extract("Poland tested the Patriot system in Rzeszów last week.", published="2022-03-10")
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        ledger.add(record)
        places = ledger.entities(type="location")
        assert [(e.id, e.name) for e in places] == [("location:rzeszow", "Rzeszów")]
        assert [stored.event.subtype for stored in ledger.timeline("location:rzeszow")] == ["TEST"]


def test_a_place_only_an_event_names_is_typed_a_place(extract, tmp_path):
    record = extract("Turkey tested the S-400 in Ankara last week.", published="2022-03-10")
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        ledger.add(record)
        ankara = ledger.entity("location:ankara")
        assert (ankara.name, ankara.type) == ("Ankara", "location")
        assert ledger.entity("country:TUR").type == "government"  # it tested the system: an actor
