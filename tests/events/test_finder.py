"""Events from single sentences, as a table: type, subtype, modality, actors, recipients, item,
quantity, place and time (published 2022-03-10, a Thursday)."""

import pytest

PUBLISHED = "2022-03-10"

ROWS = [
    # sentence, type, subtype, modality, actors, recipients, (item, quantity), place, time
    ("India has bought five S-400 regiments from Russia.",
     "COOPERATE", "PURCHASE", "asserted", {"India"}, {"Russia"}, ("S-400", 5), None, None),
    ("Russia delivered the first S-400 battery to India in December 2021.",
     "AID", "DELIVER", "asserted", {"Russia"}, {"India"}, ("S-400", None), None, "2021-12"),
    ("Egypt has ordered 30 more Rafale fighter jets from France, the ministry said on Tuesday.",
     "COOPERATE", "ORDER", "asserted", {"Egypt"}, {"France"}, ("Rafale", 30), None, None),
    ("Greece does not plan to buy the F-35.",
     "COOPERATE", "PURCHASE", "negated", {"Greece"}, set(), ("F-35", None), None, None),
    ("Poland plans to buy 96 Apache helicopters.",
     "COOPERATE", "PURCHASE", "planned", {"Poland"}, set(), ("AH-64 Apache", 96), None, None),
    ("Ukraine hopes to receive more HIMARS launchers next year.",
     "AID", "DELIVER", "hoped", {"Ukraine"}, set(), ("HIMARS", None), None, "2023"),
    ("If the deal goes ahead, Saudi Arabia would produce parts of the THAAD system locally.",
     "COOPERATE", "PRODUCE_UNDER_LICENCE", "hypothetical", {"Saudi Arabia"}, set(), ("THAAD", None), None, None),
    ("Germany withdrew its Patriot systems from Turkey in 2015.",
     "RETREAT", "WITHDRAW", "asserted", {"Germany"}, {"Turkey"}, ("Patriot", None), "Turkey", "2015"),
    ("North Korea tested a Hwasong-17 missile on Friday.",
     "MOBILIZE", "TEST", "asserted", {"North Korea"}, set(), ("Hwasong-17", None), None, "2022-03-04"),
    ("China and Russia held talks on the Su-35 deal in Beijing.",
     "CONSULT", "NEGOTIATE", "asserted", {"China", "Russia"}, set(), ("Su-35", None), "Beijing", None),
    ("Slovakia sold its MiG-29 jets to Ukraine.",
     "COOPERATE", "PURCHASE", "asserted", {"Slovakia"}, {"Ukraine"}, ("MiG-29", None), None, None),
    ("The United States imposed sanctions on Turkey's defence procurement agency.",
     "SANCTION", None, "asserted", {"United States"}, {"Turkey"}, None, None, None),
    ("Israel accused Iran of supplying drones to Russia.",
     "ACCUSE", None, "asserted", {"Israel"}, {"Iran"}, None, None, None),
]


@pytest.mark.parametrize("text, type_, subtype, modality, actors, recipients, item, place, time", ROWS)
def test_events_table(extract, text, type_, subtype, modality, actors, recipients, item, place, time):
    record = extract(text, published=PUBLISHED)
    assert record.events, f"no event in {text!r}"
    e = record.events[0]
    assert (e.type, e.subtype, e.modality) == (type_, subtype, modality)
    assert {a.name for a in e.actors} == actors
    assert {r.name for r in e.recipients} == recipients
    assert ((e.item.name, e.item.quantity) if e.item else None) == item
    assert (e.location.name if e.location else None) == place
    assert (e.time.value if e.time else None) == time


def test_a_denial_makes_the_claimed_event_denied(extract):
    record = extract("The Pentagon denied that it would deploy Patriot batteries to Taiwan.", published=PUBLISHED)
    (e,) = [e for e in record.events if e.subtype == "DEPLOY"]
    assert e.modality == "denied" and e.statement_id is not None
    assert {a.name for a in e.actors} == {"US Department of Defense"} and {r.name for r in e.recipients} == {"Taiwan"}


@pytest.mark.parametrize("text", [
    "Investors bought shares in the company.",         # no weapon: buying is no arms purchase
    "The vaccine was tested on 300 volunteers.",       # `test` needs a weapon
    "The ministry is not limited to supplying the S-400.",  # an item alone: nobody does anything
])
def test_no_arms_event_without_a_weapon_and_a_party(extract, text):
    record = extract(text, published=PUBLISHED)
    assert not [e for e in record.events if e.subtype is not None]


def test_the_system_takes_the_last_named_weapon(extract):
    record = extract("Turkey received the S-400 in July. Ankara tested the system in October.", published=PUBLISHED)
    (test,) = [e for e in record.events if e.subtype == "TEST"]
    assert test.item.name == "S-400" and {a.name for a in test.actors} == {"Turkey"}


@pytest.mark.parametrize(
    "text, place",
    [
        ("Poland tested the Patriot system in Rzeszów last week.", "Rzeszów"),
        ("Turkey tested the S-400 in Sinop last week.", "Sinop"),
    ],
)
def test_a_place_that_is_an_article_entity_keeps_its_id(extract, text, place):
    record = extract(text, published=PUBLISHED)
    (test,) = [e for e in record.events if e.subtype == "TEST"]
    (entity,) = [e for e in record.entities if e.type == "location"]
    assert (test.location.id, test.location.name) == (entity.id, place)


@pytest.mark.parametrize(
    "text, trigger, type_, actors, recipients",
    [
        # people who act without a name are actors, as the text describes them
        ("Insurgents shelled Aleppo overnight.", "shelled", "ASSAULT", {"insurgents"}, set()),
        ("Thousands of students protested in Jakarta on Monday.", "protested", "PROTEST", {"students"}, set()),
        ("Six members of a family were shot dead by unknown gunmen.", "shot", "ASSAULT", {"unknown gunmen"}, set()),
        # a state's forces are the state's, in an article about that state
        ("NAIROBI, Kenya -- Protesters clashed with police on Monday.", "clashed", "ASSAULT", {"protesters"}, {"Kenyan police"}),
        # no agent named: an attack still happened, to the passive subject
        ("Two soldiers were killed in the attack, the defence ministry said.", "killed", "ASSAULT", set(), {"soldiers"}),
        # only a state arrests: the country the article is about, when the text names no agent
        ("CAIRO, Egypt -- Eighteen suspects were detained on Wednesday.", "detained", "COERCE", {"Egypt"}, {"suspects"}),
        # an event of the same kind in the sentence lends its actor to one that names none
        ("A policeman was wounded and a second kidnapped when gunmen attacked the outpost.", "kidnapped", "ASSAULT", {"gunmen"}, set()),
        # a subject that suffers an attack is attacked, never the attacker
        # ... and the attack's modifier may name who did it
        ("Tunisia suffered major extremist attacks in 2015.", "attacks", "ASSAULT", {"extremists"}, {"Tunisia"}),
        ("The minister condemned the terrorist attack on a bus in Quetta.", "attack", "ASSAULT", {"terrorists"}, set()),
        ("A police commander was stabbed to death by a suspected Islamic extremist.", "stabbed", "ASSAULT", {"suspected Islamic extremist"}, set()),
        # a country's authorities are the state
        ("Cyprus authorities have launched an investigation into 70 employees.", "investigation", "INVESTIGATE", {"Cyprus"}, set()),
        # members act for the body they belong to
        ("Agents from the Information Ministry arrested eight students.", "arrested", "COERCE", {"Information Ministry"}, {"students"}),
        # who is blamed for an act did it; who condemns it did not
        ("Abu Sayyaf was blamed for the abduction of 21 people.", "abduction", "ASSAULT", {"Abu Sayyaf"}, set()),
        # a harm done `in the attack` was done by whoever the report says attacked
        ("Two civilians were wounded in the attack. The Taliban claimed responsibility for the attack.", "wounded", "ASSAULT", {"Taliban"}, {"civilians"}),
        ("Two civilians were wounded on Monday. The Taliban claimed responsibility for an attack in May.", "wounded", "ASSAULT", set(), {"civilians"}),
        # who tells of an act did not do it; who leads or carries it out did
        ("Mrs Foster raised several murders in her letter to the Taoiseach.", "murders", "ASSAULT", set(), set()),
        ("Detainees testified to routine beatings in Evin prison.", "beatings", "ASSAULT", set(), set()),
        ("The Interahamwe militia led the massacre of Tutsis.", "massacre", "ASSAULT", {"Interahamwe militia"}, set()),
        ("The people were diverted from the atrocities carried out by Indian troops.", "atrocities", "ASSAULT", {"India"}, set()),
        ("Turkish police prevented the demonstration staged by students in Sivas.", "demonstration", "PROTEST", {"students"}, set()),
        ("Students staged mass demonstrations on Saturday.", "demonstrations", "PROTEST", {"students"}, set()),
        # a demand, protest or aid names after `from` whom it comes from
        ("Spain approved new fines, sparking protests from civil rights groups.", "protests", "PROTEST", {"rights groups"}, set()),
        # a surname alone is the person the article named in full, even where the tagger missed it
        ("Terna Tyopev, the state police spokesperson, said in Jos on Tuesday that the attack was under investigation.\n\nTyopev called on members of the public to come forward.", "called", "REQUEST", {"Terna Tyopev"}, set()),
        # a force's officer acts for the force; `the delegation` is the one named before
        ("ABUJA, Nigeria -- A top police officer visited the scene and deployed more armed personnel.", "deployed", "MOBILIZE", {"Nigerian police"}, set()),
        ("A United Nations Security Council delegation arrived in Bujumbura. The delegation will meet President Pierre Nkurunziza.", "meet", "CONSULT", {"UN Security Council"}, set()),
        # forces moved in the passive are moved by whoever they belong to
        ("Kenyan troops were deployed to Somalia on Monday.", "deployed", "MOBILIZE", {"Kenya"}, {"Somalia"}),
        # a capitalised institution with its country's adjective acts as itself
        ("Student Elections\n\nThe Iranian Judiciary should release the editors, the group said.", "release", "RETREAT", {"Iranian Judiciary"}, set()),
        # `his condolences` with no entity for `his`: the clause's subject expressed them
        ("Expressing his condolences to the families, Tan Kok Liang said tourism would suffer.", "condolences", "SUPPORT", {"Tan Kok Liang"}, set()),
        # `we` from an official of a province is the country it lies in
        ('"We have launched a security operation," said Sabah police chief Abdul Rashid Harun.', "operation", "MOBILIZE", {"Malaysia"}, set()),
        # `I` in a quotation is the speaker, not the speaker's side
        ('"I urge the government to act," said Tan Kok Liang, a Malaysian lawmaker.', "urge", "REQUEST", {"Tan Kok Liang"}, set()),
    ],
)
def test_actors_and_recipients_as_news_writes_them(extract, text, trigger, type_, actors, recipients):
    record = extract(text, published=PUBLISHED)
    found = [e for e in record.events if e.trigger is not None and e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[(e.type, e.trigger and e.trigger.text) for e in record.events]}"
    e = found[0]
    assert e.type == type_
    assert {a.name for a in e.actors} == actors
    assert recipients <= {r.name for r in e.recipients}


@pytest.mark.parametrize(
    "text, trigger, type_, subtype, modality, actors",
    [
        # a launch is a test; aimed at a place or party it is an attack
        ("North Korea fired two ballistic missiles into the sea on Tuesday.", "fired", "MOBILIZE", "TEST", "asserted", {"North Korea"}),
        ("Israeli tanks fired four shells at targets in Jericho.", "fired", "ASSAULT", None, "asserted", {"Israel"}),
        ("Israel launched air strikes on Gaza overnight.", "strikes", "ASSAULT", None, "asserted", {"Israel"}),
        # kept from doing it: the one barred acts, and only hypothetically
        ("UN resolutions bar North Korea from conducting missile tests.", "tests", "MOBILIZE", "TEST", "hypothetical", {"North Korea"}),
        ("Iran vowed to lift the sanctions next year.", "lift", "CONCEDE", None, "planned", {"Iran"}),
        ("Russia threatened to deploy nuclear weapons in Belarus.", "deploy", "MOBILIZE", "DEPLOY", "hypothetical", {"Russia"}),
        # the object says what kind of expulsion it is
        ("Thailand expelled two Cambodian diplomats.", "expelled", "SANCTION", None, "asserted", {"Thailand"}),
        ("Thailand expelled hundreds of migrants.", "expelled", "COERCE", None, "asserted", {"Thailand"}),
        # people who belong to a body act for it
        ("The foreign ministers of India and China met in Moscow.", "met", "CONSULT", None, "asserted", {"India", "China"}),
    ],
)
def test_types_and_modality_as_the_guide_applies_them(extract, text, trigger, type_, subtype, modality, actors):
    record = extract(text, published=PUBLISHED)
    found = [e for e in record.events if e.trigger is not None and e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[(e.type, e.trigger and e.trigger.text) for e in record.events]}"
    e = found[0]
    assert (e.type, e.subtype, e.modality) == (type_, subtype, modality)
    assert {a.name for a in e.actors} == actors


def test_whoever_reports_an_event_is_not_its_actor(extract):
    record = extract(
        "A policeman was killed and two tourists were abducted near the resort, a security official said on Sunday.",
        published=PUBLISHED,
    )
    events = [e for e in record.events if e.type == "ASSAULT"]
    assert events and not any("security official" in a.name for e in events for a in e.actors)


@pytest.mark.parametrize(
    "text, trigger, type_, actors",
    [
        # nouns that name a violent, coercive or contentious happening
        ("Militants claimed the abduction of two engineers.", "abduction", "ASSAULT", {"Militants"}),
        ("Police began an investigation into the killings.", "investigation", "INVESTIGATE", {"police"}),
        ("The army launched a crackdown on the rebels.", "crackdown", "COERCE", {"army"}),
        ("Rebels carried out the massacre of 40 villagers.", "massacre", "ASSAULT", {"rebels"}),
        # an event as subject acts through its agent
        ("An attack by unknown gunmen killed three soldiers.", "killed", "ASSAULT", {"unknown gunmen"}),
    ],
)
def test_nouns_that_name_events(extract, text, trigger, type_, actors):
    record = extract(text, published=PUBLISHED)
    found = [e for e in record.events if e.trigger is not None and e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[(e.type, e.trigger and e.trigger.text) for e in record.events]}"
    assert found[0].type == type_
    assert {a.name for a in found[0].actors} == actors


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a happening named inside another of another kind is its own event
        ("The minister condemned the militant attack on a bus in Quetta.", {("ACCUSE", "condemned"), ("ASSAULT", "attack")}, set()),
        ("The first lady left for Haiti after meeting with President Moise.", {("CONSULT", "meeting")}, set()),
        ("Zelenskyy made his first trip abroad since the Russian invasion.", {("ASSAULT", "invasion")}, set()),
        # ... where a threat's object or the words of a deal describe it
        ("Washington warned of sanctions against Ankara.", {("THREATEN", "warned")}, {("SANCTION", "sanctions")}),
        ("Greece is in talks on buying new frigates.", set(), {("COOPERATE", "buying")}),
        # a light verb carries the event its object names, a compound included
        ("Malaysia launched a security operation in Sabah.", {("MOBILIZE", "operation")}, {("ASSAULT", "launched")}),
        ("Bilawal Bhutto Zardari expressed sympathy with the victims.", {("SUPPORT", "sympathy")}, set()),
        # a verb of giving with no weapon reports what its frame does (CAMEO patterns), with one an arms delivery
        ("The Senate is giving the FBI access to the transcript.", {("COOPERATE", "giving")}, {("AID", "giving")}),
        ("The US military gave 625 new firearms to the Philippine Marines.", {("AID", "gave")}, set()),
        # joint exercises are cooperation, shared intelligence too
        ("Jordan and the United States began joint military exercises today.", {("COOPERATE", "exercises")}, set()),
        ("The NSA has been sharing raw intelligence with the Israeli government.", {("COOPERATE", "sharing")}, set()),
        # restrictions, warnings and sieges as nouns, carried by light verbs
        ("Rabat announced a suspension of air links with 21 countries.", {("SANCTION", "suspension")}, set()),
        ("Obama gave Putin a stern warning to stop its activities.", {("THREATEN", "warning")}, set()),
        ("Bolivian authorities declared a state of siege in Pando.", {("COERCE", "siege")}, set()),
        # what is cut, lifted or refused is part of the act on it
        ("The United States reduced military aid to Argentina by $17 million.", {("SANCTION", "reduced")}, {("AID", "aid")}),
        ("Denmark announced a suspension of aid to Egypt.", {("SANCTION", "suspension")}, {("AID", "aid")}),
        ("Rebels dismissed an appeal from the president to lay down their arms.", {("REJECT", "dismissed")}, set()),
        ("Angry paper workers blocked the Europe Bridge for three hours.", {("PROTEST", "blocked")}, set()),
        # a verb and the people its quantity counts (`holding thousands of refugees`)
        ("The army has been holding thousands of Tamil civilian refugees as human shields.", {("COERCE", "holding")}, set()),
        # an order of no weapon is no arms deal: what it orders is an event of its own
        ("The government of Sindh province has ordered patrols by police.", {("MOBILIZE", "patrols")}, set()),
        # no act: a participle that describes, a name, a disaster's work
        ("The attacking forces withdrew from the town on Monday.", {("RETREAT", "withdrew")}, {("ASSAULT", "attacking")}),
        ("The Court marked the entry into force of their Relationship Agreement.", set(), {("AGREE", "Agreement")}),
        ("Chow visited people left homeless by an earthquake that devastated Haiti on Jan. 12.", set(), {("ASSAULT", "devastated")}),
        # a participle that describes a participant tells a happening of its own
        ("The judiciary should release eight student editors arrested in recent weeks.", {("COERCE", "arrested")}, set()),
        # a vow is the modality of what is vowed; insisting on a claim is no demand
        ("A protest group vowed to demonstrate in central Madrid on Friday.", {("PROTEST", "demonstrate")}, {("AGREE", "vowed")}),
        ("The minister insisted the law would guarantee greater security.", set(), {("REQUEST", "insisted")}),
        # detention as reports word it
        ("Iran has denied the detained students any access to lawyers.", {("COERCE", "denied")}, set()),
        # one subject, two acts on two objects: two happenings; `shot and killed` one
        ("Gunmen shot and killed a policeman and kidnapped another officer.", {("ASSAULT", "shot"), ("ASSAULT", "kidnapped")}, {("ASSAULT", "killed")}),
    ],
)
def test_each_happening_is_its_own_event(extract, text, present, absent):
    record = extract(text, published=PUBLISHED)
    found = {(e.type, e.trigger.text) for e in record.events if e.trigger is not None}
    assert present <= found, found
    assert not (absent & found), found


@pytest.mark.parametrize(
    "text, trigger, code",
    [
        # an announced act of cooperation is a promise, of conflict a threat; what is done is itself
        ("Portugal will support Turkey's bid to join the European Community.", "support", "AGREE"),
        ("Norway is willing to send troops to help defend Saudi Arabia.", "send", "AGREE"),
        ("The European Union will impose sanctions on Iran next week.", "sanctions", "THREATEN"),
        ("Portugal supported Turkey's bid to join the European Community.", "supported", "SUPPORT"),
        ("The Fijian rebels said they will release the prime minister on Sunday.", "release", "AGREE"),
        # saying that another must act is a demand; a conditional offer a promise, a conditional boycott a threat
        ("A senior British minister said Libya must hand over the suspects.", "hand", "REQUEST"),
        ("The Iranian Judiciary should immediately release the students.", "release", "REQUEST"),
        ("Afghan rebel leaders said they would meet the UN mediator if he gave them a veto.", "meet", "AGREE"),
        ("The Umma party said it will boycott the elections unless the president steps down.", "boycott", "THREATEN"),
        # an attempt is an act
        ("Militants said they attempted to assassinate Prime Minister Iyad Allawi.", "assassinate", "ASSAULT"),
        # PLOVER has no INVESTIGATE: an investigation is an ACCUSE (mode investigate)
        ("Serbian military police have launched an investigation into alleged crimes.", "investigation", "ACCUSE"),
        # where the PLOVER codebook codes a verb otherwise than the CAMEO table
        ("Five hundred Ugandan rebels surrendered last week in Soroti.", "surrendered", "RETREAT"),
        ("Burmese troops have captured a Karen guerrilla stronghold.", "captured", "ASSAULT"),
        ("A Saudi businessman is suing the United States for damages.", "suing", "ACCUSE"),
    ],
)
def test_plover_codes_an_announced_act_as_a_promise_or_a_threat(extract, text, trigger, code):
    from newsledger.events.coding import plover_code

    record = extract(text, published=PUBLISHED)
    (event,) = [e for e in record.events if e.trigger is not None and e.trigger.text == trigger]
    assert plover_code(event) == code


def test_a_noun_inside_an_organisations_name_is_no_event(extract):
    record = extract("The Asia-Pacific Economic Cooperation forum has agreed to set up an energy centre in Tokyo.", published=PUBLISHED)
    assert "Cooperation" not in {e.trigger.text for e in record.events if e.trigger is not None}


@pytest.mark.parametrize(
    "text, trigger, modality",
    [
        ("Russia and Ukraine failed to reach agreement on a prisoner exchange.", "agreement", "negated"),
        ("The United States will not lift the ban on ZTE.", "lift", "negated"),
        ("The United States will lift the ban on ZTE.", "lift", "planned"),
    ],
)
def test_a_failure_or_a_will_not_is_negated(extract, text, trigger, modality):
    record = extract(text, published=PUBLISHED)
    (event,) = [e for e in record.events if e.trigger is not None and e.trigger.text == trigger]
    assert event.modality == modality


@pytest.mark.parametrize("text", ["The German government declined to comment on the report.", "Syria refused to say whether it would attend."])
def test_declining_to_comment_is_no_event(extract, text):
    assert not extract(text, published=PUBLISHED).events


def test_an_appeal_is_told_from_a_demand_by_cameo(extract):
    from newsledger.events.coding import is_appeal
    from newsledger.knowledge import load_knowledge

    kb = load_knowledge()
    (urged,) = extract("Asean urged North Korea to comply with its obligations.", published=PUBLISHED).events[:1]
    (demanded,) = extract("Asean demanded that North Korea comply with its obligations.", published=PUBLISHED).events[:1]
    assert (urged.type, demanded.type) == ("REQUEST", "REQUEST")
    assert is_appeal(urged, kb) and not is_appeal(demanded, kb)
