"""The CAMEO verb patterns (events/patterns.py): which pattern a verb in a parse matches, and what the
finder makes of it. Each row: a sentence, the verb, and the PLOVER type and CAMEO code expected (None:
no pattern, or one that says this frame is no event)."""

from __future__ import annotations

import pytest

from newsledger.events.patterns import match_verb, verb_trigger
from newsledger.knowledge import load_knowledge


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _verb(nlp, text: str, word: str):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # the verb alone, and the most specific pattern its frame fills
        ("Police arrested the suspects.", "arrested", ("COERCE", "173")),
        ("Russia annexed Crimea in 2014.", "annexed", ("COERCE", "171")),
        ("India extradited the businessman to Britain.", "extradited", ("COOPERATE", "063")),
        ("The United States blacklisted the company.", "blacklisted", ("SANCTION", "160")),
        ("Gunmen killed a civilian near the market.", "killed", ("ASSAULT", "193")),  # `GUNMEN *`
        # particle, object, preposition and its object
        ("China called off the talks with the Dalai Lama.", "called", ("SANCTION", "160")),
        ("Soldiers opened fire on the crowd.", "opened", ("ASSAULT", "193")),
        ("The government imposed a curfew on the city.", "imposed", ("COERCE", "1723")),
        ("Tunisia extended the state of emergency.", "extended", ("COERCE", "1724")),  # `* STATE (OF EMERGENCY)`
        ("The army carried out air strikes on the town.", "carried", ("ASSAULT", "195")),
        ("The first lady wrapped up her visit to Haiti.", "wrapped", ("CONSULT", "042")),
        ("The president will leave for Paris on Monday.", "leave", ("CONSULT", "042")),  # a journey is a visit
        # appeals are requests, as the guide codes them; the CAMEO code stays
        ("The UN appealed for humanitarian aid.", "appealed", ("REQUEST", "023")),
        # a frame that is no event overrides the verb alone
        ("Three workers were killed in an accident at the plant.", "killed", None),
        # reporting verbs are never events
        ("The minister said the talks had failed.", "said", None),
        ("According to the police, five people died.", "According", None),
        # intent verbs govern another event: the finder reads them as modality
        ("The minister decided to extend the ban.", "decided", None),
        # a general synonym takes only the patterns written for it (`carry` is in SEND's block)
        ("The rebels carried rifles.", "carried", None),
        # a missile launch at no one is no assault
        ("North Korea launched two ballistic missiles.", "launched", None),
    ],
)
def test_patterns_table(nlp, kb, text, verb, expected):
    pattern = match_verb(_verb(nlp, text, verb), kb)
    found = (pattern.type, pattern.cameo) if pattern is not None and pattern.type is not None else None
    assert found == expected


def test_the_trigger_carries_the_plover_type_and_mode(nlp, kb):
    trigger = verb_trigger(_verb(nlp, "The government imposed a curfew on the city.", "imposed"), kb)
    assert (trigger.type, trigger.mode, trigger.subtype, trigger.pos) == ("COERCE", "curfew", None, "verb")
    assert verb_trigger(_verb(nlp, "Three workers were killed in an accident at the plant.", "killed"), kb) is None


def test_a_verb_without_patterns_costs_one_lookup(nlp, kb):
    tok = _verb(nlp, "The committee reviewed the budget yesterday.", "yesterday")
    assert match_verb(tok, kb) is None


@pytest.mark.parametrize(
    ("text", "type_", "trigger"),
    [
        ("Russia annexed Crimea in March 2014.", "COERCE", "annexed"),  # a verb events.csv lacks
        ("India extradited the businessman to Britain.", "COOPERATE", "extradited"),
    ],
)
def test_the_finder_asks_the_patterns_where_events_csv_has_no_word(extract, text, type_, trigger):
    events = extract(text).events
    assert [(e.type, e.trigger.text) for e in events] == [(type_, trigger)]


def test_events_csv_keeps_priority_and_its_arms_subtypes(extract):
    # `buy` is COOPERATE 061 in CAMEO too; events.csv's row adds the arms subtype and the buyer's role
    events = extract("Turkey bought the S-400 from Russia in 2017.").events
    assert [(e.type, e.subtype, e.actor_role) for e in events] == [("COOPERATE", "PURCHASE", "buyer")]
