"""Speaker resolution as news writes it: each row is an article, the speaker phrase of one of its
statements as written, and the entity that phrase must resolve to (name, type). None for the name
where only the type is fixed (an unnamed source is described, not named)."""

import pytest

ROWS = [
    # a later short mention joins the full name, whichever end of it the text keeps
    ("The launches came days after Kim Jung-bong, a researcher at the institute, warned of more tests.\n\n"
     '"They will continue," Kim said.', "Kim", ("Kim Jung-bong", "person")),
    ("Ma Ying-jeou met the delegation on Monday.\n\n\"We are ready,\" Ma said.", "Ma", ("Ma Ying-jeou", "person")),
    ("Abdul Rashid Harun, head of the security zone, told reporters the hunt had begun.\n\n"
     "Abdul Rashid said the gunmen fled by boat.", "Abdul Rashid", ("Abdul Rashid Harun", "person")),
    ("Ambassador Jean-Marc de La Sabliere visited the camp.\n\nThe talks went well, Mr. de La Sabliere said.",
     "Mr. de La Sabliere", ("Jean-Marc de La Sabliere", "person")),
    ("Abdel Fattah al-Sisi received the delegation. Sisi said Egypt would help.", "Sisi", ("Abdel Fattah al-Sisi", "person")),
    # a role goes to the person the article gives it, before or after
    ("Defence Minister Rajnath Singh inspected the troops on Sunday. The minister said the border was calm.",
     "The minister", ("Rajnath Singh", "person")),
    ("Army chief General Asim Munir visited the front. The army chief said the operation would continue.",
     "The army chief", ("Asim Munir", "person")),
    ("Six people were killed in the attack, a police spokesperson told reporters on Tuesday.\n\n"
     "The gunmen fled, Musa Bello, the state police spokesperson, said in the capital.",
     "a police spokesperson", ("Musa Bello", "person")),
    ("Sarah Johnson, a lawyer for the families, spoke outside the court. The lawyer said they would appeal.",
     "The lawyer", ("Sarah Johnson", "person")),
    ("The Judiciary's spokesman, Hossein Karimi, spoke on Monday.\n\n"
     "The students were released, the Judiciary's spokesman said on Tuesday.", "the Judiciary's spokesman", ("Hossein Karimi", "person")),
    # a lead that names its speaker only by role means the person the next paragraph quotes by name
    ("The vote was calm and orderly, the senior United Nations envoy to the country said today.\n\n"
     "In a statement, Karl Lindqvist said the count would take a week.",
     "the senior United Nations envoy to the country", ("Karl Lindqvist", "person")),
    # a role the article never names is an anonymous source of that role
    ('"The minister must resign," the federal minister said.', "the federal minister", ("federal minister", "anonymous")),
    ("Shops were damaged, according to an AP photographer at the scene of the attack.",
     "an AP photographer at the scene of the attack", ("AP photographer", "anonymous")),
    # pronouns: the first person named in their own sentence, never one named inside a quotation
    ("Her letter noted remarks by Foreign Minister Simon Coveney in which, referring to the murder of "
     "Pat Finucane, he said there needed to be truth.", "he", ("Simon Coveney", "person")),
    ('"Dr Farooq Sattar is a member of the assembly," the federal minister said. '
     '"Another Altaf Hussain must not be created," he added.', "he", ("federal minister", "anonymous")),
    # governments: a capital, a country's government, the article's country
    ("MADRID: Spain's parliament passed the law on Thursday.\n\nThe government said the law protects citizens.",
     "The government", ("Spain", "government")),
    ("Iran's government rejected the report. The government said it was politically motivated.",
     "The government", ("Iran", "government")),
    # `it` is the body that spoke last
    ("Amnesty International said on Monday the arrests were unlawful. It said the detainees should be freed.",
     "It", ("Amnesty International", "organization")),
    ("A rights group, named Free Voices, said the vote was rigged. It called for a recount.", "It", ("Free Voices", "organization")),
    # outlets: named beside a word for one, taken up by that word
    ("Police arrested 18 suspects, the semi-official newspaper Al Ahali reported.\n\n"
     "The newspaper said the suspects were held in Cairo.", "The newspaper", ("Al Ahali", "media")),
    # a name set off by a comma names the whole phrase, whatever the parser hung it on
    ("Russia has begun delivering the system to India, the head of the Federal Service for Military-Technical "
     "Cooperation, Dmitry Shugaev, said on Sunday.",
     "the head of the Federal Service for Military-Technical Cooperation, Dmitry Shugaev,", ("Dmitry Shugaev", "person")),
    # institutions and the people of a place
    ("Nigeria's police said ten suspects were arrested.", "Nigeria's police", (None, "organization")),
    ("The Smithwick Tribunal found that there had been collusion.", "The Smithwick Tribunal", (None, "organization")),
]


@pytest.mark.parametrize("text, speaker, expected", ROWS)
def test_speaker_resolves_to(extract, text, speaker, expected):
    record = extract(text)
    by_phrase = {s.speaker.text: s.speaker_entity for s in record.statements if s.speaker}
    assert speaker in by_phrase, f"no statement with speaker {speaker!r}: {sorted(by_phrase)}"
    entity = by_phrase[speaker]
    name, type_ = expected
    assert entity is not None and entity.type == type_
    if name is not None:
        assert entity.name == name


def test_a_dateline_is_debris_and_its_agency_an_outlet_of_the_article(extract):
    text = "LAGOS, May 28 (Xinhua) -- Six people were killed on Monday, police said."
    record = extract(text)
    (dateline,) = [i for i in record.ignored if i.reason == "dateline"]
    assert text[dateline.start : dateline.end].strip() == "LAGOS, May 28 (Xinhua) --"
    (agency,) = [e for e in record.entities if e.type == "media"]
    assert agency.mentions == ((text.index("Xinhua"), text.index("Xinhua") + len("Xinhua")),)
    (s,) = record.statements
    assert not s.content.text.startswith("LAGOS")
    assert s.speaker_entity.name != "Nigeria"


def test_a_role_is_linked_to_its_holder_in_the_entity(extract):
    text = "Army chief General Asim Munir visited the front. The army chief said the operation would continue."
    (person,) = [e for e in extract(text).entities if e.type == "person"]
    assert (text.index("The army chief"), text.index("The army chief") + len("The army chief")) in person.mentions


@pytest.mark.parametrize(
    "text, speaker, expected",
    [
        # a capital the tagger takes for a person speaks for its government
        ("Kiev has called for new sanctions.", "Kiev", ("Ukraine", "government")),
        # a title belongs in the title, not the name
        ("DGP Mukesh Sahay said the rebels had fled.", "DGP Mukesh Sahay", ("Mukesh Sahay", "person")),
        # `the Council` takes up the council named before
        ("The UN Security Council met on Monday. The Council said the mission would be extended.", "The Council",
         ("UN Security Council", "organization")),
        # a known body named in a longer phrase
        ("Russia's FSB security service on Monday said it had detained two men.",
         "Russia's FSB security service on Monday", ("Federal Security Service", "government")),
    ],
)
def test_places_titles_and_bodies(extract, text, speaker, expected):
    test_speaker_resolves_to(extract, text, speaker, expected)
