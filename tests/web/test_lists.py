"""The list pages (/events, /transfers, /articles, /entities): filters, facets with counts, sorting,
paging and the CSV/JSON download of exactly the filtered view, over a small arms ledger written
here with Ledger.add (as ingest writes it); and what the entity page says of titles and dates."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsledger.ledger import Ledger, article_key
from newsledger.records import Article, ArticleRecord, Entity, Event, EventArg, EventItem, EventTime, Span
from newsledger.web import create_app

RUS, IND, TUR, FRA, EGY, USA = (
    EventArg("country:RUS", "Russia"), EventArg("country:IND", "India"), EventArg("country:TUR", "Turkey"),
    EventArg("country:FRA", "France"), EventArg("country:EGY", "Egypt"), EventArg("country:USA", "United States"),
)
S400 = EventItem("weapon:s-400", "S-400")
RAFALE = EventItem("weapon:rafale", "Rafale", 30)
BUSY_DAY = "2022-02-10"
BUSY = 12  # talks on one day: more than the timeline can show side by side


def _event(n, text, sentence, kind, subtype, actors, recipients, item, value, modality="asserted", role=None, trigger=None):
    start = text.index(sentence)
    t = text.index(trigger, start) if trigger else None
    return Event(
        f"v{n}", kind, subtype, None, actors=actors, recipients=recipients, item=item, location=None,
        time=EventTime(value, value) if value else None, modality=modality, evidence=Span(start, start + len(sentence), sentence),
        trigger=Span(t, t + len(trigger), trigger) if trigger else None, actor_role=role,
    )


def _records() -> list[ArticleRecord]:
    records = []
    text = "Russia has begun delivering the S-400 air defence system to India, officials in Moscow said on Sunday.\n"
    records.append(ArticleRecord(
        article=Article("india-s400", text, "feeds/a.jsonl", "India gets the S-400", "2021-12-05", "https://www.reuters.com/world/india-s400"),
        entities=(Entity("weapon:s-400", "S-400", "weapon_system", affiliation="Russia", mentions=((32, 37),)),),
        events=(_event(1, text, text.strip(), "AID", "DELIVER", (RUS,), (IND,), S400, "2021-12-05", role="supplier", trigger="delivering"),),
    ))
    text = "Turkey bought the S-400 from Russia in 2017 and it tested the system near Ankara, the ministry in Ankara said.\n"
    records.append(ArticleRecord(
        article=Article("turkey-s400", text, "feeds/a.jsonl", "Turkey and the S-400", "2019-07-12", "https://apnews.com/turkey"),
        events=(_event(1, text, text.strip(), "AID", "PURCHASE", (TUR,), (RUS,), S400, "2017", role="buyer", trigger="bought"),),
    ))
    sentences = [f"Envoys from France and Egypt held round {n} of talks about the Rafale jets in Cairo on that day." for n in range(1, BUSY + 1)]
    text = "Egypt has ordered 30 more Rafale fighter jets from France, the Egyptian Defence Ministry said.\n\n" + "\n\n".join(sentences) + "\n"
    events = [_event(0, text, text.split("\n")[0], "AID", "PURCHASE", (EGY,), (FRA,), RAFALE, BUSY_DAY, role="buyer", trigger="ordered")]
    events += [_event(n, text, s, "CONSULT", None, (FRA,), (EGY,), None, BUSY_DAY) for n, s in enumerate(sentences, 1)]
    records.append(ArticleRecord(
        article=Article("egypt-rafale", text, "feeds/b.jsonl", "Egypt orders Rafale jets", BUSY_DAY, "https://www.reuters.com/world/egypt-rafale"),
        events=tuple(events),
    ))
    text = "Washington may one day sell more Patriot batteries to India, an American official speculated in a long interview.\n"
    records.append(ArticleRecord(
        article=Article("patriot-maybe", text, "feeds/c.jsonl", "=cmd|' /C calc'!A0", None, None),
        events=(_event(1, text, text.strip(), "COOPERATE", None, (USA,), (IND,), None, None, modality="hypothetical"),),
    ))
    # A spokesman seen with the same title on two dates, and once without his affiliation.
    for n, (day, affiliation) in enumerate([("2019-03-01", "Kremlin"), ("2020-04-02", "Kremlin"), ("2020-05-03", None)]):
        text = f"Kremlin spokesman Dmitry Peskov spoke to reporters about arms sales in briefing number {n} of the year {day[:4]}.\n"
        records.append(ArticleRecord(
            article=Article(f"peskov-{n}", text, "feeds/d.jsonl", f"Briefing {n}", day, f"https://tass.com/briefing-{n}"),
            entities=(Entity("e1", "Dmitry Peskov", "person", title="spokesman", affiliation=affiliation, mentions=((18, 31),), as_of=day),),
        ))
    return records


RECORDS = _records()
KEYS = {r.article.id: article_key(r.article.text) for r in RECORDS}


@pytest.fixture(scope="module")
def arms_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("lists") / "arms.db"
    with Ledger.open(db) as ledger:
        for record in RECORDS:
            assert ledger.add(record)
    return db


@pytest.fixture(scope="module")
def client(arms_db):
    with TestClient(create_app(arms_db)) as test_client:
        yield test_client


def rows_of(page: str, table: str) -> list[str]:
    body = re.search(rf'<table class="{table}">.*?<tbody>(.*?)</tbody>', page, re.DOTALL)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.DOTALL) if body else []


def facet(page: str, name: str) -> dict[str, int]:
    """A facet's labels and counts as the page shows them."""
    section = re.search(rf'<section class="facet">\s*<h2>{name}</h2>(.*?)</section>', page, re.DOTALL)
    return {html_label: int(count.replace(",", "")) for html_label, count in re.findall(r'<a href="[^"]*"[^>]*>([^<]*)</a> <span class="count">([\d,]+)</span>', section.group(1))}


# Events


def test_events_page_lists_every_event_with_facets_and_counts(client):
    page = client.get("/events")
    assert page.status_code == 200
    total = 1 + 1 + 1 + BUSY + 1
    assert f"Events 1–{total} of {total}" in page.text
    assert facet(page.text, "Type") == {"CONSULT": BUSY, "AID": 3, "COOPERATE": 1}
    assert facet(page.text, "Modality") == {"asserted": BUSY + 3, "hypothetical": 1}
    assert facet(page.text, "Actor")["France"] == BUSY
    assert facet(page.text, "Weapon or item") == {"Rafale": 1, "S-400": 2}
    assert facet(page.text, "Outlet") == {"reuters.com": BUSY + 2, "apnews.com": 1}
    assert facet(page.text, "Year") == {"2017": 1, "2021": 1, "2022": BUSY + 1}
    assert 'href="/events?sort=date&amp;actor=country%3AFRA"' in page.text  # a facet value is a link to that view
    assert '<figure class="overview">' in page.text and "1 undated event not drawn" in page.text


@pytest.mark.parametrize(
    "params, found, missing",
    [
        ({"actor": "country:RUS"}, ["Russia has begun delivering"], ["Turkey bought", "round 1 of talks"]),
        ({"recipient": "country:RUS"}, ["Turkey bought"], ["Russia has begun delivering"]),  # Russia as recipient, not actor
        ({"item": "weapon:s-400"}, ["Russia has begun delivering", "Turkey bought"], ["Rafale"]),
        ({"type": "COOPERATE"}, ["Patriot batteries"], ["Turkey bought"]),
        ({"modality": "hypothetical"}, ["Patriot batteries"], ["Turkey bought"]),
        ({"outlet": "apnews.com"}, ["Turkey bought"], ["Russia has begun delivering"]),
        ({"since": "2021-01-01", "until": "2021-12-31"}, ["Russia has begun delivering"], ["Turkey bought", "Patriot"]),
        ({"year": "2017"}, ["Turkey bought"], ["Russia has begun delivering"]),
        ({"entity": "country:IND"}, ["Russia has begun delivering", "Patriot batteries"], ["Turkey bought"]),
        ({"actor": "' OR 1=1 --"}, [], ["Turkey bought", "Russia has begun"]),
    ],
)
def test_events_filters(client, params, found, missing):
    page = client.get("/events", params=params)
    assert page.status_code == 200
    for text in found:
        assert text in page.text
    for text in missing:
        assert text not in page.text


def test_events_sort_newest_first_and_by_type(client):
    newest = rows_of(client.get("/events", params={"sort": "-date"}).text, "events")
    assert "round 1 of talks" in newest[0] or "ordered 30 more" in newest[0]
    assert "Patriot" in newest[-1]  # undated last either way
    oldest = rows_of(client.get("/events").text, "events")
    assert "Turkey bought" in oldest[0] and "Patriot" in oldest[-1]
    by_type = rows_of(client.get("/events", params={"sort": "type"}).text, "events")
    types = [re.findall(r"<td>(.*?)</td>", r, re.DOTALL)[2].split()[0] for r in by_type]
    assert types == sorted(types) and types[0] == "AID"


def test_an_unknown_sort_is_the_default_and_a_bad_date_is_a_400(client):
    assert rows_of(client.get("/events", params={"sort": "evil; DROP"}).text, "events") == rows_of(client.get("/events").text, "events")
    page = client.get("/events", params={"since": "20191128"})
    assert page.status_code == 400
    assert "since: &#39;20191128&#39; is not a date" in page.text


def test_events_page_past_the_last_shows_the_last(client):
    page = client.get("/events", params={"page": 99})
    assert "Events 1–16 of 16" in page.text


def test_events_download_is_exactly_the_filtered_view(client):
    page = client.get("/events", params={"item": "weapon:s-400", "sort": "-date"})
    assert 'href="/events.csv?sort=-date&amp;item=weapon%3As-400"' in page.text
    assert 'href="/events.json?sort=-date&amp;item=weapon%3As-400"' in page.text
    got = client.get("/events.csv", params={"item": "weapon:s-400", "sort": "-date"})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert got.headers["content-disposition"] == 'attachment; filename="events.csv"'
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert [(r["date"], r["actors"], r["recipients"], r["item"]) for r in rows] == [
        ("2021-12-05", "Russia", "India", "S-400"), ("2017-07-02", "Turkey", "Russia", "S-400"),
    ]
    assert rows[0]["article_url"] == f"http://testserver/article/{KEYS['india-s400']}#v1"
    data = client.get("/events.json", params={"item": "weapon:s-400", "sort": "-date"}).json()
    assert [(d["date"], d["subtype"]) for d in data] == [("2021-12-05", "DELIVER"), ("2017-07-02", "PURCHASE")]
    assert len(client.get("/events.json").json()) == 16
    assert client.get("/events.xml").status_code == 404


def test_a_cell_a_spreadsheet_would_run_is_quoted(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params={"type": "COOPERATE"}).text)))
    assert rows[0]["article_title"] == "'=cmd|' /C calc'!A0"
    assert client.get("/events.json", params={"type": "COOPERATE"}).json()[0]["article_title"] == "=cmd|' /C calc'!A0"  # JSON as it is


# The overview chart and the timeline


def test_overview_bars_link_to_their_events(client):
    page = client.get("/events", params={"since": "2021-01-01"})
    bars = re.findall(r'<a class="bar" href="([^"]+)">\s*<rect [^>]*><title>([^<]+)</title>', page.text)
    assert ("/events?since=2021-12-01&amp;until=2021-12-31", "2021-12: 1 event") in bars
    assert ("/events?since=2022-02-01&amp;until=2022-02-28", f"2022-02: {BUSY + 1} events") in bars
    listed = client.get("/events", params={"since": "2022-02-01", "until": "2022-02-28"})
    assert f"Events 1–{BUSY + 1} of {BUSY + 1}" in listed.text


def test_many_events_on_one_day_are_one_numbered_mark_on_the_timeline(client):
    page = client.get("/entity/country:FRA")
    assert page.status_code == 200
    bins = re.findall(r'<a href="([^"]+)" class="mark bin">.*?<text class="bin-count"[^>]*>(\d+)</text>', page.text, re.DOTALL)
    assert bins == [(f"/events?entity=country%3AFRA&amp;modality=asserted&amp;since={BUSY_DAY}&amp;until={BUSY_DAY}", str(BUSY + 1))]
    assert page.text.count('class="mark"') == 0  # all of them on that day
    assert page.text.count("<tr>") == BUSY + 2  # the table under it still lists each one (and its header)


# Transfers


def test_transfers_register_links_each_record_to_its_evidence(client):
    page = client.get("/transfers")
    assert page.status_code == 200
    rows = rows_of(page.text, "transfers")
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert len(rows) == 3
    assert text[0].startswith("France Egypt Rafale")
    assert " 30 ordered " in text[0]
    assert any(t.startswith("Russia India S-400") and "delivering" in t for t in text)
    assert any(t.startswith("Russia Turkey S-400") and "ordered 2017" in t for t in text)
    assert f'href="/article/{KEYS["india-s400"]}#v1"' in page.text
    assert f'href="/article/{KEYS["egypt-rafale"]}#v0"' in page.text
    assert facet(page.text, "Supplier") == {"Russia": 2, "France": 1}


@pytest.mark.parametrize(
    "params, first, count",
    [
        ({"supplier": "country:RUS"}, "Russia India S-400", 2),
        ({"recipient": "country:TUR"}, "Russia Turkey S-400", 1),
        ({"system": "weapon:rafale"}, "France Egypt Rafale", 1),
        ({"status": "delivering"}, "Russia India S-400", 1),
        ({"year": "2017"}, "Russia Turkey S-400", 1),
        ({"sort": "quantity"}, "France Egypt Rafale", 3),
        ({"sort": "recipient", "order": "desc"}, "Russia Turkey S-400", 3),
        ({"sort": "year"}, "Russia Turkey S-400", 3),
    ],
)
def test_transfers_filter_and_sort(client, params, first, count):
    rows = rows_of(client.get("/transfers", params=params).text, "transfers")
    assert len(rows) == count
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0])).strip().startswith(first)


def test_transfers_download(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/transfers.csv", params={"supplier": "country:RUS"}).text)))
    assert [(r["supplier"], r["recipient"], r["designation"], r["status"]) for r in rows] == [
        ("Russia", "India", "S-400", "delivering"), ("Russia", "Turkey", "S-400", "ordered"),
    ]
    data = client.get("/transfers.json", params={"system": "weapon:rafale"}).json()
    assert data == [{
        "supplier": "France", "recipient": "Egypt", "designation": "Rafale", "category": data[0]["category"], "status": "ordered",
        "follow_on": None, "order_year": 2022, "delivery_years": [], "quantity": 30, "evidence_count": 1,
        "evidence": [f"http://testserver/article/{KEYS['egypt-rafale']}#v0"],
    }]


def test_the_register_is_rebuilt_when_the_ledger_changes(arms_db, tmp_path):
    db = tmp_path / "copy.db"
    db.write_bytes(arms_db.read_bytes())
    with TestClient(create_app(db)) as c:
        assert len(rows_of(c.get("/transfers").text, "transfers")) == 3
        text = "Greece signed a deal on Monday to buy 18 Rafale fighter jets from France in its largest purchase in years.\n"
        with Ledger.open(db) as ledger:
            ledger.add(ArticleRecord(
                article=Article("greece", text, "x", "Greece buys", "2021-01-25", None),
                events=(_event(1, text, text.strip(), "AID", "PURCHASE", (EventArg("country:GRC", "Greece"),), (FRA,),
                               EventItem("weapon:rafale", "Rafale", 18), "2021-01-25", role="buyer", trigger="buy"),),
            ))
        assert len(rows_of(c.get("/transfers").text, "transfers")) == 4


# Articles


def test_articles_page_with_outlet_and_year_facets(client):
    page = client.get("/articles")
    assert page.status_code == 200
    assert "Articles 1–7 of 7" in page.text
    assert facet(page.text, "Outlet") == {"tass.com": 3, "reuters.com": 2, "apnews.com": 1}  # and one without a URL
    assert facet(page.text, "Year") == {"2019": 2, "2020": 2, "2021": 1, "2022": 1}
    assert "1 article without a publication date" in page.text
    rows = rows_of(page.text, "articles")
    assert "Briefing 0" in rows[0] and "undated" in rows[-1]
    egypt = next(r for r in rows if "Egypt orders" in r)
    assert re.search(rf"<td>{BUSY + 1}</td>\s*</tr>|<td>{BUSY + 1}</td>$", egypt.strip())


@pytest.mark.parametrize(
    "params, titles",
    [
        ({"outlet": "reuters.com"}, ["India gets the S-400", "Egypt orders Rafale jets"]),
        ({"year": "2020"}, ["Briefing 1", "Briefing 2"]),
        ({"since": "2021-01-01"}, ["India gets the S-400", "Egypt orders Rafale jets"]),
        ({"sort": "-events", "outlet": "reuters.com"}, ["Egypt orders Rafale jets", "India gets the S-400"]),
        ({"sort": "title", "year": "2020"}, ["Briefing 1", "Briefing 2"]),
    ],
)
def test_articles_filters_and_sorts(client, params, titles):
    rows = rows_of(client.get("/articles", params=params).text, "articles")
    assert [re.search(r'<a href="/article/[0-9a-f]+">([^<]+)</a>', r).group(1) for r in rows] == titles


def test_articles_download(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/articles.csv", params={"outlet": "reuters.com"}).text)))
    assert [(r["id"], r["outlet"], r["events"]) for r in rows] == [("india-s400", "reuters.com", "1"), ("egypt-rafale", "reuters.com", str(BUSY + 1))]
    data = client.get("/articles.json", params={"year": "2019"}).json()
    assert [d["id"] for d in data] == ["peskov-0", "turkey-s400"]
    assert data[0]["link"] == f"http://testserver/article/{KEYS['peskov-0']}"


# Entities


def test_entities_are_paged_sorted_and_faceted(client, arms_db):
    with Ledger.open(arms_db, readonly=True) as ledger:
        total = len(ledger.entities(limit=None))
    page = client.get("/entities", params={"sort": "name"})
    assert f"Entities 1–{total} of {total}" in page.text
    names = re.findall(r'<tr><td><a href="/entity/[^"]+">([^<]+)</a>', page.text)
    assert names == sorted(names)
    types = facet(page.text, "Type")
    assert types["person"] == 1 and sum(types.values()) == total
    assert client.get("/entities.json", params={"type": "person"}).json() == [
        {"id": "person:dmitry-peskov", "name": "Dmitry Peskov", "type": "person", "articles": 3, "statements": 0,
         "link": "http://testserver/entity/person:dmitry-peskov"},
    ]


def test_entities_list_has_pages_of_fifty(tmp_path):
    db = tmp_path / "many.db"
    with Ledger.open(db) as ledger:
        for n in range(120):
            text = f"Minister Person{n:03d} Example{n} spoke about entry {n} at length, said reporters on day {n}.\n"
            ledger.add(ArticleRecord(article=Article(f"a{n}", text, "x", None, None, None),
                                     entities=(Entity("e1", f"Person{n:03d} Example{n}", "person", mentions=((9, 27),)),)))
    with TestClient(create_app(db)) as c:
        first = c.get("/entities", params={"sort": "name"})
        assert "Entities 1–50 of 120" in first.text
        assert 'rel="next" href="/entities?page=2&amp;sort=name&amp;q=&amp;type="' not in first.text  # empty filters are left out
        assert 'rel="next" href="/entities?page=2&amp;sort=name"' in first.text
        last = c.get("/entities", params={"sort": "name", "page": 3})
        assert "Entities 101–120 of 120" in last.text and "Person119" in last.text and "Person000" not in last.text
        assert len(c.get("/entities.csv").text.strip().splitlines()) == 121  # the whole view, not one page


# The entity page


def test_a_person_lists_each_title_once(client):
    page = client.get("/entity/person:dmitry-peskov")
    titles = re.search(r"<h2>Titles</h2>\s*<ul class=\"titles\">(.*?)</ul>", page.text, re.DOTALL).group(1)
    items = re.findall(r"<li>(.*?)</li>", titles, re.DOTALL)
    assert items == ['spokesman, Kremlin <span class="written">(as of 2019-03-01, 2020-04-02)</span>']


def test_a_weapon_shows_its_origin_not_titles(client):
    page = client.get("/entity/weapon:s-400")
    assert "<h2>Titles</h2>" not in page.text
    assert re.search(r"<h2>Origin</h2>\s*<ul class=\"titles\">\s*<li>Russia", page.text)


# An undated ledger says why


@pytest.fixture(scope="module")
def undated_client(tmp_path_factory):
    db = tmp_path_factory.mktemp("undated") / "undated.db"
    with Ledger.open(db) as ledger:
        ledger.add(RECORDS[3])  # no publication date, no date in the text
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/events", "/articles", "/entity/country:USA"])
def test_an_undated_ledger_says_why_and_names_published(undated_client, path):
    page = undated_client.get(path)
    assert page.status_code == 200
    assert "--published 2019-11-28" in page.text
    assert 'class="notice undated"' in page.text


def test_a_dated_ledger_has_no_such_notice(client):
    for path in ["/", "/events", "/articles", "/entity/country:FRA"]:
        assert 'class="notice undated"' not in client.get(path).text


def test_new_pages_are_in_the_navigation(client):
    page = client.get("/")
    for path in ("/events", "/transfers", "/articles", "/entities"):
        assert f'<a href="{path}">' in page.text
    assert json.loads(client.get("/articles.json").text)  # and each list downloads


def test_a_download_read_in_chunks_is_whole_and_in_order(client, monkeypatch):
    from newsledger.web import lists

    whole_csv = client.get("/events.csv", params={"sort": "-date"}).text
    whole_json = client.get("/events.json", params={"sort": "-date"}).json()
    monkeypatch.setattr(lists, "DOWNLOAD_CHUNK", 3)
    assert client.get("/events.csv", params={"sort": "-date"}).text == whole_csv
    assert client.get("/events.json", params={"sort": "-date"}).json() == whole_json
    assert len(whole_json) == 16 and len(list(csv.DictReader(io.StringIO(whole_csv)))) == 16
    assert [d["date"] for d in whole_json][:2] == [BUSY_DAY] * 2 and whole_json[-1]["date"] is None


def test_the_event_index_and_facets_follow_the_ledger_when_it_changes(arms_db, tmp_path):
    db = tmp_path / "grows.db"
    db.write_bytes(arms_db.read_bytes())
    with TestClient(create_app(db)) as c:
        assert "Events 1–16 of 16" in c.get("/events").text
        assert facet(c.get("/articles").text, "Outlet")["apnews.com"] == 1
        text = "Turkey received a second S-400 battery from Russia this week, the defence ministry in Ankara said on Friday.\n"
        with Ledger.open(db) as ledger:  # a writer beside the server, as `newsledger ingest` would be
            ledger.add(ArticleRecord(
                article=Article("turkey-second", text, "x", "Second battery", "2020-09-04", "https://apnews.com/second"),
                events=(_event(1, text, text.strip(), "AID", "DELIVER", (RUS,), (TUR,), S400, "2020-09-04", role="supplier", trigger="received"),),
            ))
            assert "Events 1–17 of 17" in c.get("/events").text  # read while the writer still holds the file
        assert facet(c.get("/events").text, "Outlet")["apnews.com"] == 2
        assert facet(c.get("/articles").text, "Outlet")["apnews.com"] == 2
