"""Statements from sentences through the whole pipeline (fast profile): each row is a text and the
statements expected in it, in order, as (speaker as written, entity name, entity type, cue, content,
kind). Each rule alone has its own table beside this file."""

import pytest

ROWS = [
    # direct quote, speaker after
    # a role the article never gives a name to: an anonymous source of that role, never unknown
    ('"We will not give up the deal," the minister said.', [("the minister", "minister", "anonymous", "said", "We will not give up the deal", "direct")]),
    # direct quote, inverted speaker
    ('"The talks are over," said Jens Stoltenberg.', [("Jens Stoltenberg", "Jens Stoltenberg", "person", "said", "The talks are over", "direct")]),
    # direct quote, speaker before with colon
    ('Jens Stoltenberg said: "The talks are over."', [("Jens Stoltenberg", "Jens Stoltenberg", "person", "said", "The talks are over.", "direct")]),
    # indirect with that
    ("Indian Defence Minister Rajnath Singh said that the deliveries would continue.", [("Indian Defence Minister Rajnath Singh", "Rajnath Singh", "person", "said", "that the deliveries would continue", "indirect")]),
    # indirect without that, told + addressee
    ("Lloyd Austin told reporters the United States would send more Patriot batteries.", [("Lloyd Austin", "Lloyd Austin", "person", "told", "the United States would send more Patriot batteries", "indirect")]),
    # mixed
    ('Antony Blinken told reporters that the purchase was "deeply concerning."', [("Antony Blinken", "Antony Blinken", "person", "told", 'that the purchase was "deeply concerning."', "mixed")]),
    # capital as government
    ("Beijing warned of strong countermeasures against the sale.", [("Beijing", "China", "government", "warned of", "strong countermeasures against the sale", "indirect")]),
    ("Moscow announced its readiness to deliver the first regiment.", [("Moscow", "Russia", "government", "announced", "its readiness to deliver the first regiment", "indirect")]),
    # ... also where the parser misreads the source (`show` as a verb) or hangs the clause on it
    ("Erdogan repeatedly rejected the offer, according to show insiders.",
     [("show insiders", "show insiders", "anonymous", "according to", "Erdogan repeatedly rejected the offer", "indirect")]),
    ("According to conservative talk radio host Rush Limbaugh, the move reeks of fear and desperation.",
     [("conservative talk radio host Rush Limbaugh", "Rush Limbaugh", "person", "According to", "the move reeks of fear and desperation", "indirect")]),
    ("According to MSNBC, basically.", []),
    # participial cue shares the subject
    ("Washington criticised the deal, saying it undermined the alliance.", [
        ("Washington", "United States", "government", "criticised", "the deal", "indirect"),
        ("Washington", "United States", "government", "saying", "it undermined the alliance", "indirect"),
    ]),
    # anonymous source with affiliation
    ("A senior Pentagon official said the jets would not be delivered.", [("A senior Pentagon official", "senior Pentagon official", "anonymous", "said", "the jets would not be delivered", "indirect")]),
    # according to
    ("According to Rostec, the contract is worth $5 billion.", [("Rostec", "Rostec", "organization", "According to", "the contract is worth $5 billion", "indirect")]),
    # a quotation signed with a dash and a name (vox pops, pull quotes)
    ('\u201cThe sanctions hurt ordinary people first.\u201d \u2015 Leyla Aydin\n\nPrices rose again.',
     [("Leyla Aydin", "Leyla Aydin", "person", "\u2015", "The sanctions hurt ordinary people first.", "direct")]),
    ('"We are ready to buy more," \u2014 Ahmet Yilmaz, a defence analyst.',
     [("Ahmet Yilmaz", "Ahmet Yilmaz", "person", "\u2014", "We are ready to buy more,", "direct")]),
    # web copy: no-break spaces around the dash and before the line end, a quote opened with ”
    ('\u201dPrices went up again.\u201d\u00a0\u2015\u00a0Leyla Aydin\u00a0\nMore later.',
     [("Leyla Aydin", "Leyla Aydin", "person", "\u2015", "Prices went up again.", "direct")]),
    # New York Times and LexisNexis copy quotes with two apostrophes
    ("Intro.\n\n''We are not giving up the system,'' said Ibrahim Kalin.",
     [("Ibrahim Kalin", "Ibrahim Kalin", "person", "said", "We are not giving up the system", "direct")]),
    # a dash after a quotation followed by no name is no signature
    ('"It was loud" \u2014 and then the lights went out.', []),
    # a relative pronoun speaker is recorded as written and resolved to the noun it refers to
    ("The deal was backed by Foreign Minister Sergei Lavrov, who said the talks would go on.",
     [("who", "Sergei Lavrov", "person", "said", "the talks would go on", "indirect")]),
    # `which` stands for the organisation before it; `it` (a statement, a report, a company) is
    # recorded as written and left unresolved; an impersonal `it is said` is no one's statement
    ("The case was brought by the European Commission, which contended that Ireland undertaxed the company.",
     [("which", "European Commission", "organization", "contended", "that Ireland undertaxed the company", "indirect")]),
    ("Rostec issued a statement on Monday. It says the deliveries will continue.",
     [("It", None, None, "says", "the deliveries will continue", "indirect")]),
    ("It is said that the deliveries will continue.", []),
    # ... `who` means people, not the named place the parser hung it on
    ("The bill was opposed by nervous Democrats on Capitol Hill, who have argued that it goes too far.",
     [("who", "nervous Democrats on Capitol Hill", "group", "have argued", "that it goes too far", "indirect")]),
    # the cue is the whole verb group, as PolNeAR marks it: auxiliaries, negation, adverbs, particle
    ("Ankara has not yet formally responded to the offer.", []),
    ("Erdogan has repeatedly said the deal is done.", [("Erdogan", "Erdogan", "person", "has repeatedly said", "the deal is done", "indirect")]),
    ("Erdogan is once again questioning whether the deal is fair.",
     [("Erdogan", "Erdogan", "person", "is once again questioning", "whether the deal is fair", "indirect")]),
    ("Erdogan has\u00a0acknowledged that the deal was late.",
     [("Erdogan", "Erdogan", "person", "has\u00a0acknowledged", "that the deal was late", "indirect")]),
    ("Jens Stoltenberg pointed out that the system is not compatible.", [("Jens Stoltenberg", "Jens Stoltenberg", "person", "pointed out", "that the system is not compatible", "indirect")]),
    # a preposition opening the content goes with the cue
    ("Lloyd Austin called for an inquiry into the contract.", [("Lloyd Austin", "Lloyd Austin", "person", "called for", "an inquiry into the contract", "indirect")]),
    # framed cues: a verb that reports only with a clause, an infinitive or an object after it
    ("Rostec found that the radar had been damaged.", [("Rostec", "Rostec", "organization", "found", "that the radar had been damaged", "indirect")]),
    ("Rostec found the radar in the hangar.", []),
    ("India declined to comment on the delivery schedule.", [("India", "India", "government", "declined", "to comment on the delivery schedule", "indirect")]),
    # ... without an aside set off by a comma
    ("Several rights groups criticised the sale, which was signed in 2017.",
     [("Several rights groups", "Several rights groups", "group", "criticised", "the sale", "indirect")]),
    ("The minister credited the engineers with the fast delivery.",
     [("The minister", "minister", "anonymous", "credited", "the engineers with the fast delivery", "indirect")]),
    ("The groups blamed Ankara for the delay.", [("The groups", "groups", "group", "blamed", "Ankara for the delay", "indirect")]),
    ("Ankara accused Athens of breaking the treaty.", [("Ankara", "Turkey", "government", "accused", "Athens of breaking the treaty", "indirect")]),
    # ... or by a preposition, which joins the cue as PolNeAR marks it
    ("Lloyd Austin talked about the delivery schedule.",
     [("Lloyd Austin", "Lloyd Austin", "person", "talked about", "the delivery schedule", "indirect")]),
    ("Erdogan pointed to the delays in the F-35 programme.",
     [("Erdogan", "Erdogan", "person", "pointed to", "the delays in the F-35 programme", "indirect")]),
    ("Lloyd Austin talked to reporters in Ankara.", []),
    # ... but an announced thing is an event, not something said
    ("Greece announced the purchase of 24 Rafale jets.", []),
    # ... not in the passive, whose subject holds no view
    ("The first battery is expected to arrive in June.", []),
    # ... and not inside what someone else said
    ("Peskov said the announcement showed that Washington was not listening.",
     [("Peskov", "Peskov", "person", "said", "the announcement showed that Washington was not listening", "indirect")]),
    # a bracketed party and state stays inside the speaker, brackets balanced
    ("Sen. Mitch McConnell (R-Ky.) said the bill would pass.", [("Sen. Mitch McConnell (R-Ky.)", "Mitch McConnell", "person", "said", "the bill would pass", "indirect")]),
    # who is urged is part of what was urged
    ("Jens Stoltenberg urged allies to send more air defence systems.", [("Jens Stoltenberg", "Jens Stoltenberg", "person", "urged", "allies to send more air defence systems", "indirect")]),
    # ... and who is called on, with the "on" in the cue
    ("Jens Stoltenberg called on allies to send more air defence systems.",
     [("Jens Stoltenberg", "Jens Stoltenberg", "person", "called on", "allies to send more air defence systems", "indirect")]),
    # what something is called is said of it
    ("Lloyd Austin called the deal a grave mistake.", [("Lloyd Austin", "Lloyd Austin", "person", "called", "the deal a grave mistake", "indirect")]),
    # a passive cue's subject is spoken to, not the speaker: the agent speaks, or no one we know
    ("Erdogan was told that the deal was off.", []),
    ("Trump was asked whether he would pay.", []),
    # a participle after "by" shares the subject of the verb it hangs on
    ("Lloyd Austin began by saying the talks were over.", [("Lloyd Austin", "Lloyd Austin", "person", "saying", "the talks were over", "indirect")]),
    # a verb that is not a cue yields nothing
    ("The minister visited the factory on Monday.", []),
    # a clause before a semicolon that the parser also hung on the cue is not what was said
    ("It’s an extremely unlikely scenario; Rostec says the deliveries will continue later this week.",
     [("Rostec", "Rostec", "organization", "says", "the deliveries will continue later this week", "indirect")]),
    # the parser took the verbless quotation for a subject too: the speaker is the one outside it
    ('“My reaction, that was outrageous,” Erdogan’s former adviser said in an interview.',
     [("Erdogan’s former adviser", "Erdogan’s former adviser", "anonymous", "said", "My reaction, that was outrageous", "direct")]),
    # a person named as whose or of whom the speaker is, is not the speaker
    ("Recep Tayyip Erdogan spoke on Monday. A spokesman for Erdogan said the deal was final.",
     [("A spokesman for Erdogan", "spokesman for Erdogan", "anonymous", "said", "the deal was final", "indirect")]),
    # a cue that ends its paragraph with a colon sets out the words as the next paragraph
    ("The governor added:\n\nIt is typical of the ministry. It knows nothing.\n\nThe talks went on.",
     [("The governor", "governor", "anonymous", "added", "It is typical of the ministry. It knows nothing.", "direct")]),
    ("The ministry said the following:\n\nThe deliveries will continue.",
     [("The ministry", "ministry", "organization", "said", "The deliveries will continue.", "direct")]),
    # a line opening with a name and a colon: a headline ...
    ("Erdogan: Deliveries of the S-400 will begin in July.\n\nThe talks went on.",
     [("Erdogan", "Erdogan", "person", ":", "Deliveries of the S-400 will begin in July.", "indirect")]),
    ("Erdogan: Deliveries of the S-400 will begin in July\n\nTayyip Erdogan said the talks went on.",
     [("Erdogan", "Tayyip Erdogan", "person", ":", "Deliveries of the S-400 will begin in July", "indirect"),
      ("Tayyip Erdogan", "Tayyip Erdogan", "person", "said", "the talks went on", "indirect")]),
    ("Talks went on.\n\nPoll: Most Turks back the purchase of the system. [Gallup.]",
     [("Poll", "Poll", "document", ":", "Most Turks back the purchase of the system.", "indirect")]),
    # ... or a transcript, quoted as a whole or not, whose speakers are named elsewhere in full
    ('Mike Pence spoke on Sunday.\n\n"WALLACE: Will Trump attend the debate?\n\nPENCE: He will be there, and he will win."',
     [("WALLACE", "WALLACE", "person", ":", "Will Trump attend the debate?", "direct"),
      ("PENCE", "Mike Pence", "person", ":", "He will be there, and he will win.", "direct")]),
    # ... but not a kicker, a lone capitals label, a label with a verb, a list or a short line
    ("The Latest: Erdogan visits Moscow for talks.\n\nUPDATE: The talks were postponed until Friday.\n\n"
     "Clinton Wades In: Urges Britain to stay in the union.\n\n"
     "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.\n\nKasich: Now or never.", []),
    # a post-posed speaker the parser hung on the object as an apposition (`jets, ... Parly`)
    ("Indonesia has signed a contract for 42 Rafale fighter jets, French Armed Forces Minister Florence Parly "
     "said on Thursday during a visit to Jakarta, with a first batch of six aircraft to be financed immediately.",
     [("French Armed Forces Minister Florence Parly", "Florence Parly", "person", "said",
       "Indonesia has signed a contract for 42 Rafale fighter jets", "indirect")]),
    # reported speech inside a quotation belongs to the quoted speaker, not a new statement
    ('"They said no," Singh said.', [("Singh", "Singh", "person", "said", "They said no", "direct")]),
]


@pytest.mark.parametrize("text, expected", ROWS)
def test_statements_table(extract, text, expected):
    record = extract(text)
    got = [
        (
            s.speaker.text if s.speaker else None,
            s.speaker_entity.name if s.speaker_entity else None,
            s.speaker_entity.type if s.speaker_entity else None,
            s.cue.text,
            s.content.text,
            s.kind,
        )
        for s in record.statements
    ]
    assert got == expected


def test_offsets_point_into_the_text(extract):
    text = "Intro line.\n\n\"It is done,\" he said.\n\nAnkara said that the S-400 was active."
    record = extract(text)
    assert record.statements
    for s in record.statements:
        for span in (s.speaker, s.cue, s.content):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_quote_then_cue_then_quote_is_one_discontinuous_statement(extract):
    text = '"We signed," Cavusoglu said, "and we will not go back."'
    (s,) = extract(text).statements
    assert [text[a:b] for a, b in s.content.parts] == ["We signed", "and we will not go back."]
    assert s.kind == "direct"


def test_multi_paragraph_quote_is_one_statement(extract):
    text = 'Mikhail Petrov spoke at length.\n\n"The first batch is ready.\n\n"The second batch follows next year," Petrov said.'
    statements = extract(text).statements
    assert len(statements) == 1
    s = statements[0]
    assert s.speaker_entity.name == "Mikhail Petrov"
    assert [text[a:b] for a, b in s.content.parts] == ["The first batch is ready.", "The second batch follows next year"]


def test_debris_never_enters_a_span(extract):
    text = "Mevlut Sahin said the talks went well.\n\nvideo\nHe added that more talks were planned."
    record = extract(text)
    debris = [(i.start, i.end) for i in record.ignored]
    assert debris
    for s in record.statements:
        for a, b in [(s.speaker.start, s.speaker.end), (s.content.start, s.content.end)]:
            assert not any(a < e and d < b for d, e in debris)
    assert [s.speaker_entity.name for s in record.statements] == ["Mevlut Sahin", "Mevlut Sahin"]


def test_no_break_space_does_not_split_the_content(extract):
    """A no-break space is a token of its own that the parse leaves out of every phrase; the
    content still reads as one part across it."""
    record = extract("According to Rostec, the first\u00a0battery will arrive in June.")
    (statement,) = record.statements
    assert statement.content.text == "the first\u00a0battery will arrive in June"
    assert statement.content.parts == ()


@pytest.mark.parametrize(
    "text, cue, content",
    [
        # stance verbs of news copy whose object is what is said or held
        ("The minister strongly condemned the attack on the convoy.", "condemned", "the attack on the convoy"),
        ("The rebels denied any role in the bombing.", "denied", "any role in the bombing"),
        ("The president expressed sympathy with the families of the victims.", "expressed", "sympathy with the families of the victims"),
        ("The group claimed responsibility for the attack.", "claimed", "responsibility for the attack"),
        ("The envoy appealed to the parties to respect the ceasefire.", "appealed", "to respect the ceasefire"),
        ("Former detainees testified to being beaten by their guards.", "testified to", "being beaten by their guards"),
    ],
)
def test_news_stance_verbs_take_their_object(extract, text, cue, content):
    found = [(s.cue.text, s.content.text) for s in extract(text).statements]
    assert any(c.endswith(cue) and t == content for c, t in found), found


@pytest.mark.parametrize("text", [
    "The operation was being conducted according to law.",
    "The deliveries went ahead according to plan.",
])
def test_according_to_a_rule_is_no_source(extract, text):
    assert [s.cue.text for s in extract(text).statements] == []
