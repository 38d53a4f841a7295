"""The content rules of ``nlp/statements/content.py``, each called alone on a cue of a parsed Doc:
rows of a text, its cue word and what the rule answers: None where it does not apply, else the
cue as the statement records it and the content's parts."""

from __future__ import annotations

import pytest

from newsledger.nlp.statements import content as rules


def answer(ctx, rule):
    found = rule(ctx)
    if found is None:
        return None
    text = ctx.cue.doc.text
    cue = found.cue or rules.cue_span(ctx.cue)
    return text[cue[0] : cue[1]], [text[a:b] for a, b in found.parts]


def table(rule, rows):
    return pytest.mark.parametrize(
        "rule, text, cue, expected", [(rule, *row) for row in rows], ids=[f"{rule.__name__}-{i}" for i in range(len(rows))]
    )


@table(rules.quotation_beside, [
    ('"The talks are over," said Jens Stoltenberg.', "said", ("said", ["The talks are over"])),
    ('Jens Stoltenberg said: "The talks are over."', "said", ("said", ["The talks are over."])),
    ('"We signed," Cavusoglu said, "and we will not go back."', "said", ("said", ["We signed", "and we will not go back."])),
    # the cue reports a clause of its own outside the quotation
    ('Antony Blinken told reporters that the purchase was "deeply concerning."', "told", None),
    ("Lloyd Austin said the talks were over.", "said", None),
])
def test_quotation_beside(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.reported_clause, [
    ("Indian Defence Minister Rajnath Singh said that the deliveries would continue.", "said",
     ("said", ["that the deliveries would continue"])),
    # the clause before a semicolon that the parser also hung on the cue is not what was said
    ("It’s an extremely unlikely scenario; Rostec says the deliveries will continue later this week.", "says",
     ("says", ["the deliveries will continue later this week"])),
    # a contrast the journalist adds is cut off
    ("Moscow said the deal was done, while Washington announced new sanctions.", "said", ("said", ["the deal was done"])),
    ("Jens Stoltenberg urged allies to send more air defence systems.", "urged", None),
])
def test_reported_clause(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.infinitive, [
    # who is urged is part of what was urged
    ("Jens Stoltenberg urged allies to send more air defence systems.", "urged",
     ("urged", ["allies to send more air defence systems"])),
    # ... and who is called on, with the "on" in the cue
    ("Jens Stoltenberg called on allies to send more air defence systems.", "called",
     ("called on", ["allies to send more air defence systems"])),
    ("India declined to comment on the delivery schedule.", "declined", ("declined", ["to comment on the delivery schedule"])),
    ("Erdogan has repeatedly said the deal is done.", "said", None),
])
def test_infinitive(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.interrupted_clause, [
    ("The deal, he said, was done.", "said", ("said", ["The deal", "was done"])),
    ("He said the deal was done.", "said", None),
])
def test_interrupted_clause(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.proposition_object, [
    ("Moscow announced its readiness to deliver the first regiment.", "announced",
     ("announced", ["its readiness to deliver the first regiment"])),
    # an announced thing is an event, not something said
    ("Greece announced the purchase of 24 Rafale jets.", "announced", None),
    # `say` takes no object as content
    ("Moscow said its readiness to deliver the first regiment.", "said", None),
])
def test_proposition_object(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.called_something, [
    ("Lloyd Austin called the deal a grave mistake.", "called", ("called", ["the deal a grave mistake"])),
    ("Lloyd Austin called the minister on Monday.", "called", None),
])
def test_called_something(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.stance_object, [
    ("The groups blamed Ankara for the delay.", "blamed", ("blamed", ["Ankara for the delay"])),
    ("Ankara accused Athens of breaking the treaty.", "accused", ("accused", ["Athens of breaking the treaty"])),
    # without an aside set off by a comma
    ("Several rights groups criticised the sale, which was signed in 2017.", "criticised", ("criticised", ["the sale"])),
    # a verb framed by its object reports nothing without one (and no later rule of the cue's dependents is tried)
    ("The opposition criticised loudly.", "criticised", ("criticised loudly", [])),
    ("Lloyd Austin said the talks were over.", "said", None),
])
def test_stance_object(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.framed_preposition, [
    ("Lloyd Austin talked about the delivery schedule.", "talked", ("talked about", ["the delivery schedule"])),
    ("Erdogan pointed to the delays in the F-35 programme.", "pointed", ("pointed to", ["the delays in the F-35 programme"])),
    ("Lloyd Austin talked to reporters in Ankara.", "talked", None),
])
def test_framed_preposition(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.warned_of_or_called_for, [
    ("Beijing warned of strong countermeasures against the sale.", "warned",
     ("warned of", ["strong countermeasures against the sale"])),
    ("Lloyd Austin called for an inquiry into the contract.", "called", ("called for", ["an inquiry into the contract"])),
    ("Beijing warned that the sale was a mistake.", "warned", None),
])
def test_warned_of_or_called_for(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.preposed_clause, [
    ("Slovakia will give Ukraine its jets, Prime Minister Eduard Heger said on Friday.", "said",
     ("said", ["Slovakia will give Ukraine its jets"])),
    ("Prime Minister Eduard Heger said on Friday.", "said", None),
])
def test_preposed_clause(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


@table(rules.block_after_colon, [
    ("The governor added:\n\nIt is typical of the ministry. It knows nothing.\n\nThe talks went on.", "added",
     ("added", ["It is typical of the ministry. It knows nothing."])),
    ("The ministry said the following:\n\nThe deliveries will continue.", "said", ("said", ["The deliveries will continue."])),
    # the words after the colon stand on its own line
    ("The governor added: the ministry knows nothing.", "added", None),
])
def test_block_after_colon(cue_context, rule, text, cue, expected):
    assert answer(cue_context(text, cue), rule) == expected


def test_every_rule_of_the_table_has_a_table_here():
    """A rule added to ``CONTENT_RULES`` comes with its table; the layout rules come last."""
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    named = {rule.find.__name__ for rule in rules.CONTENT_RULES}
    assert named <= tested, named - tested
    assert [rule.name for rule in rules.CONTENT_RULES][-2:] == ["preposed clause", "block after a colon"]
    assert all(rule.fallback for rule in rules.CONTENT_RULES[-2:]) and not any(r.fallback for r in rules.CONTENT_RULES[:-2])


@pytest.mark.parametrize("text, cue, expected", [
    # the first rule that finds a content wins: the quotation before the clause it would govern
    ('"We signed," Cavusoglu said.', "said", ("quotation beside the cue", ["We signed"])),
    ("Erdogan said the deal is done.", "said", ("reported clause", ["the deal is done"])),
    # the layout is read only when the cue's dependents give nothing
    ("Slovakia will give Ukraine its jets, Prime Minister Eduard Heger said on Friday.", "said",
     ("preposed clause", ["Slovakia will give Ukraine its jets"])),
    ("The minister visited the factory on Monday.", "visited", None),
])
def test_the_finder_walks_the_table_in_order(cue_context, text, cue, expected):
    ctx = cue_context(text, cue)
    found = rules.find_content(ctx)
    assert (found and (found.rule, [ctx.cue.doc.text[a:b] for a, b in found.parts])) == expected
