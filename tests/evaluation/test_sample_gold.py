"""The sample corpus's transfers and events gold is well formed: every sentence and trigger is in its
article, every party a country and every system one the knowledge base names (no extraction run)."""

import json
from pathlib import Path

import pytest

from newsledger.ingest import read_articles
from newsledger.knowledge import load_knowledge
from newsledger.records import ARMS_SUBTYPES, MODALITIES, TRANSFER_STATUSES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "samples" / "gold"


@pytest.fixture(scope="module")
def texts():
    return {a.id: a.text for a in read_articles([str(ROOT / "samples" / "corpus")])}


def _rows(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _known_system(kb, name):
    return any(w.designation == name for w in kb.weapons_by_id.values()) or name in set(kb.weapon_words.values())


@pytest.mark.parametrize("row", _rows("sample_transfers_gold.jsonl"), ids=lambda r: f"{r['article']}:{r['system']}")
def test_a_gold_transfer_is_well_formed(row, texts):
    kb = load_knowledge()
    assert row["sentence"] in texts[row["article"]]
    assert row["status"] in TRANSFER_STATUSES and set(row.get("status_also") or ()) <= set(TRANSFER_STATUSES)
    assert _known_system(kb, row["system"]), row["system"]
    assert kb.country(row["recipient"]) is not None and (row["supplier"] is None or kb.country(row["supplier"]) is not None)
    assert row.get("optional") or row["supplier"] is not None


@pytest.mark.parametrize("row", _rows("sample_events_gold.jsonl"), ids=lambda r: f"{r['article']}:{r['trigger']}:{r['item']}")
def test_a_gold_event_is_well_formed(row, texts):
    kb = load_knowledge()
    text = texts[row["article"]]
    assert row["sentence"] in text and row["trigger"] in row["sentence"]
    assert ARMS_SUBTYPES[row["subtype"]] == row["type"]
    assert set(row.get("subtype_also") or ()) <= set(ARMS_SUBTYPES)
    assert row["modality"] in (*MODALITIES, "future", "demanded")  # the annotation guide's modalities
    for name in [row["item"], *(row.get("item_also") or ())]:
        assert _known_system(kb, name), name
    for party in (row["actor"], row["recipient"]):
        assert party is None or kb.country(party) is not None, party
