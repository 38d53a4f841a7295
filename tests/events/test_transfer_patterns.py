"""Arms transfers as news writes them, from text to records: who supplies, who receives, which
system and how far the deal has gone. Sentences written for these tests (none from the sample)."""

import pytest

from newsledger.events.transfers import build_transfers

PUBLISHED = "2023-05-02"


def _transfers(extract, text):
    return {(t.supplier.name if t.supplier else None, t.recipient.name, t.item.name, t.status) for t in build_transfers([extract(text, published=PUBLISHED)])}


ROWS = [
    # the recipient from `to X`, where the parser hangs it on the verb; `began delivering` is delivering
    ("Russia began delivering the S-400 system to India last month.",
     {("Russia", "India", "S-400", "delivering")}),
    # `hand over` delivers
    ("Germany handed over two IRIS-T SLM systems to Ukraine on Tuesday.",
     {("Germany", "Ukraine", "IRIS-T SLM", "delivered")}),
    # the weapon arrives: from `from X`, to the country of the place
    ("The first K9 howitzers arrived in Norway from South Korea on Monday.",
     {("South Korea", "Norway", "K9 Thunder", "delivered")}),
    ("The first Leopard 2 tanks from Germany arrived in the Lithuanian port of Klaipeda.",
     {("Germany", "Lithuania", "Leopard 2", "delivered")}),
    # a passive delivery with no agent: from the country the weapon is marked as from
    ("Components of a Russian S-400 system were flown to an air base near Ankara last week.",
     {("Russia", "Turkey", "S-400", "delivered")}),
    # the supplier's word that it will send is a commitment; reported `would` is its `will`
    ("Norway will give Ukraine eight Leopard 2 tanks, the defence minister said.",
     {("Norway", "Ukraine", "Leopard 2", "ordered")}),
    ("The president said the United States would send NASAMS batteries to Ukraine.",
     {("United States", "Ukraine", "NASAMS", "ordered")}),
    # ... unless a condition goes with it, or it is only being considered
    ("The president said the United States would send NASAMS batteries to Ukraine if Congress approved the money.",
     {("United States", "Ukraine", "NASAMS", "negotiating")}),
    ("Germany is considering sending Leopard 2 tanks to Ukraine.",
     {("Germany", "Ukraine", "Leopard 2", "negotiating")}),
    # a deal in a noun phrase: the maker's country sells, `from X` where the text says so
    ("Poland signed a contract for 96 AH-64 Apache helicopters on Tuesday.",
     {("United States", "Poland", "AH-64 Apache", "ordered")}),
    ("Romania signed a deal to buy 32 F-16 jets from Norway.",
     {("Norway", "Romania", "F-16", "ordered")}),
    ("Canada and the United States signed an agreement for 88 F-35 jets.",
     {("United States", "Canada", "F-35", "ordered")}),
    # a type selected is not yet ordered; a cancelled order is cancelled
    ("Brazil selected the Gripen E to replace its Mirage jets.",
     {("Sweden", "Brazil", "Gripen", "negotiating")}),
    ("Sweden has cancelled its order for Patriot missiles.",
     {("United States", "Sweden", "Patriot", "cancelled")}),
    # one record per system of a list
    ("Greece plans to buy 20 F-35 jets, four MH-60R helicopters and two FDI frigates.",
     {("United States", "Greece", "F-35", "negotiating"), ("United States", "Greece", "MH-60R", "negotiating"),
      ("France", "Greece", "FDI", "negotiating")}),
    ("The United States has approved a possible sale of HIMARS launchers and Harpoon anti-ship missiles to Taiwan.",
     {("United States", "Taiwan", "HIMARS", "negotiating"), ("United States", "Taiwan", "Harpoon", "negotiating")}),
    # a kind of weapon supplied is the one system of that kind from that supplier the article names
    ("Iran has supplied drones to Russia, the minister said. Russia has launched hundreds of Shahed drones at Ukrainian cities.",
     {("Iran", "Russia", "Shahed-136", "delivered")}),
]


@pytest.mark.parametrize("text, expected", ROWS)
def test_transfers_table(extract, text, expected):
    assert _transfers(extract, text) == expected


@pytest.mark.parametrize("text", [
    '"This system will give our army a credible deterrent," the minister said.',  # the weapon gives nothing away
    "Washington moved to remove Turkey from the F-35 programme.",  # a party removed, no weapon withdrawn
    "Turkish F-16 jets flew to Azerbaijan for an exercise.",  # the jets fly themselves: no delivery
])
def test_no_transfer_where_no_weapon_changes_hands(extract, text):
    record = extract(text, published=PUBLISHED)
    assert not [e for e in record.events if e.subtype in ("DELIVER", "WITHDRAW")]
    assert build_transfers([record]) == []


def test_an_arrival_without_a_weapon_is_a_trip_and_the_visit_its_own_event(extract):
    record = extract("Indian Prime Minister Narendra Modi arrived in Jakarta on a two-day visit.", published=PUBLISHED)
    assert [e.type for e in record.events if e.trigger.text == "visit"] == ["CONSULT"]
    assert not [e for e in record.events if e.subtype is not None]


def test_a_deal_signed_by_both_sides_has_the_maker_as_recipient_of_the_order(extract):
    record = extract("Qatar and France signed an agreement for 12 more Rafale jets.", published=PUBLISHED)
    (order,) = [e for e in record.events if e.subtype == "ORDER"]
    assert ({a.name for a in order.actors}, {r.name for r in order.recipients}) == ({"Qatar"}, {"France"})
    assert (order.type, order.item.name, order.item.quantity) == ("COOPERATE", "Rafale", 12)
