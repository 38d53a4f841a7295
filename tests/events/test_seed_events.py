"""The reference article's event acceptance list (issue 4), read from ../shared/seed/ (never copied here).

Each row: type, subtype, modality, actors, recipients (subset), item, and what must be true of place/time.
"""

import pytest

from conftest import PROFILES, SEED_DIR, needs_shared

pytestmark = needs_shared(SEED_DIR)


@pytest.fixture(scope="module", params=PROFILES)
def record(request):
    """The reference article's record, once per profile: the events hang on either profile's statements."""
    from newsledger import extract
    from newsledger.ingest import read_articles

    (article,) = list(read_articles([str(sorted(SEED_DIR.glob("*.txt"))[0])]))
    return extract(article, profile=request.param)


def _names(args):
    return {a.name for a in args}


def _find(record, subtype, actors, item=None, modality=None):
    for e in record.events:
        if e.subtype != subtype or not set(actors) <= _names(e.actors):
            continue
        if item is not None and (e.item is None or e.item.name != item):
            continue
        if modality is not None and e.modality != modality:
            continue
        return e
    found = [(e.subtype, sorted(_names(e.actors)), e.item and e.item.name, e.modality) for e in record.events]
    raise AssertionError(f"no {subtype} by {actors} with {item} ({modality}); events: {found}")


def test_turkey_bought_the_s400_from_russia(record):
    e = _find(record, "PURCHASE", ["Turkey"], "S-400", "asserted")
    assert e.type == "COOPERATE" and "Russia" in _names(e.recipients)
    assert e.statement_id is not None  # Cavusoglu's claim


def test_turkey_tested_it_in_ankara(record):
    e = _find(record, "TEST", ["Turkey"], "S-400", "asserted")
    assert e.location is not None and e.location.name == "Ankara"


def test_italy_is_withdrawing_samp_t_from_turkey(record):
    e = _find(record, "WITHDRAW", ["Italy"], "SAMP/T", "asserted")
    assert e.type == "RETREAT" and "Turkey" in _names(e.recipients)


def test_three_allies_withdrew_their_air_defence_systems(record):
    e = _find(record, "WITHDRAW", ["United States", "Germany", "Netherlands"], "air defence system", "asserted")
    assert e.location is not None and e.location.name == "Turkey"


def test_spains_system_is_deployed_in_turkey(record):
    e = _find(record, "DEPLOY", ["Spain"], "air defence system")
    assert e.location.name == "Turkey"


def test_russia_hopes_to_sign_a_new_contract_in_the_first_half_of_2020(record):
    _find(record, "ORDER", ["Russia"], "S-400", "hoped")
    (e,) = [e for e in record.events if e.subtype == "ORDER" and e.time is not None]
    assert "Russia" in _names(e.actors) and "Turkey" in _names(e.recipients) and e.modality == "hoped"
    assert e.time.value == "2020-H1" and e.time.inferred  # `next year` in an undated article from 2019
    speaker = next(s for s in record.statements if s.id == e.statement_id).speaker_entity
    assert speaker.name == "Alexander Mikhev"


def test_licensed_production_of_components_is_hypothetical(record):
    e = _find(record, "PRODUCE_UNDER_LICENCE", ["Turkey"], "S-400", "hypothetical")
    assert e.type == "COOPERATE"


def test_the_united_states_threatened_sanctions_but_imposed_none(record):
    threat = next(e for e in record.events if e.type == "THREATEN" and "United States" in _names(e.actors))
    assert "Turkey" in _names(threat.recipients) and threat.modality == "asserted"
    sanction = next(e for e in record.events if e.type == "SANCTION" and "United States" in _names(e.actors))
    assert sanction.modality == "negated"


def test_every_event_is_well_formed(record):
    text = record.article.text
    for e in record.events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.trigger is None or e.evidence.start <= e.trigger.start < e.evidence.end
        assert e.modality in ("asserted", "planned", "hoped", "negated", "hypothetical", "denied")
        assert 0 < e.confidence <= 1


def test_transfers_show_russia_to_turkey_with_a_follow_on(record):
    from newsledger.events.transfers import build_transfers

    transfers = build_transfers([record])
    s400 = [t for t in transfers if t.item.name == "S-400"]
    assert len(s400) == 1
    (t,) = s400
    assert (t.supplier.name, t.recipient.name, t.category) == ("Russia", "Turkey", "air defence system")
    assert t.status in ("ordered", "delivered") and t.follow_on == "negotiating"
    assert not [t for t in transfers if t.item.name == "SAMP/T"]  # a withdrawal is no transfer
