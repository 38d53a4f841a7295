"""The quality gate: CI fails when a score falls below its pinned floor. Raise a floor when the score rises.

Figures are measured through the same path as `newsledger extract`, once per profile
(see README, Quality). The accurate profile runs wherever its extra is installed; CI installs it.
"""

import pytest

from conftest import PROFILES, SHARED, needs_shared
from newsledger import commands

pytestmark = pytest.mark.quality  # each test runs a whole evaluation

POLNEAR = SHARED / "eval-data" / "polnear"

# PolNeAR dev, exact-match span F1 per role and whole-attribution (overlap) F1, in percent.
POLNEAR_DEV_FLOORS = {
    "fast": {"source": 68.5, "cue": 67.0, "content": 59.0, "attribution": 63.5},  # measured 69.3 / 67.8 / 59.6 / 64.0
    "accurate": {"source": 81.5, "cue": 74.5, "content": 68.5, "attribution": 74.5},  # measured 82.1 / 74.8 / 68.9 / 75.2
}
# Sample corpus gold (125 statements, samples/gold/sample_gold.jsonl).
SAMPLE_FLOORS = {
    # fast precision 96.7 -> 96.0 with the learned cue verbs: one statement more (`Zelensky welcomed
    # the decision`), a stance this gold leaves out and PolNeAR counts.
    "fast": {"precision": 95.5, "recall": 95.5, "speaker_accuracy": 96.0},  # measured 96.0 / 96.0 / 97.5
    "accurate": {"precision": 91.0, "recall": 98.0, "speaker_accuracy": 96.0},  # measured 91.8 / 98.4 / 97.6
}
SAMPLE_MAX_WRONG_SPEAKER = 5.0  # percent of found statements: a wrong speaker is worse than a missing one
# Sample corpus arms transfers (21 records, samples/gold/sample_transfers_gold.jsonl) and arms-layer
# events (30, samples/gold/sample_events_gold.jsonl); the same in both profiles: events come from the parse.
SAMPLE_TRANSFER_FLOORS = {"precision": 95.0, "recall": 95.0, "status_accuracy": 95.0}  # measured 100 / 100 / 100
SAMPLE_EVENT_FLOORS = {"precision": 92.5, "recall": 86.5}  # measured 96.4 / 90.0


@needs_shared(POLNEAR / "data" / "dev")
@pytest.mark.parametrize("profile", PROFILES)
def test_polnear_dev_stays_above_its_floors(profile):
    report = commands.evaluate_polnear(data=POLNEAR, split="dev", profile=profile)
    assert report.documents == 84
    scores = {role: 100 * report.exact[role].f1 for role in ("source", "cue", "content")}
    scores["attribution"] = 100 * report.attribution.f1
    print(profile, report.format_table(), sep="\n")
    floors = POLNEAR_DEV_FLOORS[profile]
    below = {k: round(v, 1) for k, v in scores.items() if v < floors[k]}
    assert not below, f"{profile}: below the pinned floors {floors}: {below}"


@pytest.mark.parametrize("profile", PROFILES)
def test_sample_corpus_stays_above_its_floors(profile):
    report = commands.evaluate_sample(profile=profile)
    print(profile, report.format_table(), sep="\n")
    scores = {
        "precision": 100 * report.precision,
        "recall": 100 * report.recall,
        "speaker_accuracy": 100 * report.speaker_accuracy,
    }
    floors = SAMPLE_FLOORS[profile]
    below = {k: round(v, 1) for k, v in scores.items() if v < floors[k]}
    assert not below, f"{profile}: below the pinned floors {floors}: {below}"
    assert 100 * report.speaker_error_rate <= SAMPLE_MAX_WRONG_SPEAKER
    transfers = {
        "precision": 100 * report.transfers.precision,
        "recall": 100 * report.transfers.recall,
        "status_accuracy": 100 * report.transfer_status_accuracy,
    }
    below = {k: round(v, 1) for k, v in transfers.items() if v < SAMPLE_TRANSFER_FLOORS[k]}
    assert not below, f"{profile}: transfers below the pinned floors {SAMPLE_TRANSFER_FLOORS}: {below}\n" + "\n".join(report.errors(10))
    events = {"precision": 100 * report.events.precision, "recall": 100 * report.events.recall}
    below = {k: round(v, 1) for k, v in events.items() if v < SAMPLE_EVENT_FLOORS[k]}
    assert not below, f"{profile}: arms events below the pinned floors {SAMPLE_EVENT_FLOORS}: {below}\n" + "\n".join(report.errors(10))


PLOVER = SHARED / "eval-data" / "plover-gsr"
RE3D = SHARED / "eval-data" / "re3d"
# PLOVER gold sentences (322), fast profile: events come from the parse, not the attribution tagger.
# With the CAMEO verb patterns (knowledge/data/event_verbs.csv): measured 51.2 / 55.2 / 60.9 / 33.8 (45.0 / 46.9 /
# 55.0 / 28.3 with events.csv alone).
# After unnamed actors, compound and verb-object triggers and the argument fixes: 57.8 / 57.0 / 62.7 / 37.3.
# Scored by PLOVER code (events/coding.py: announced acts as promises or threats, demands as REQUEST,
# investigations as ACCUSE) with the actor and trigger work of issue 22: 76.4 / 74.9 / 66.0 / 41.5.
PLOVER_FLOORS = {"type_accuracy": 75.5, "type_macro_f1": 74.0, "actor_f1": 65.0, "recipient_f1": 40.5}
# re3d (98 documents), exact-offset entity F1 per label, fast profile.
RE3D_FLOORS = {"Weapon": 34.0, "MilitaryPlatform": 21.0, "Organisation": 21.0, "Nationality": 66.0}  # measured 35.6 / 23.3 / 23.1 / 68.7


@needs_shared(PLOVER)
def test_plover_events_stay_above_their_floors():
    report = commands.evaluate_plover(data=PLOVER)
    assert report.sentences == 322
    print(report.table())
    scores = {
        "type_accuracy": 100 * report.accuracy,
        "type_macro_f1": 100 * report.macro_f1,
        "actor_f1": 100 * report.actor.f1,
        "recipient_f1": 100 * report.recipient.f1,
    }
    below = {k: round(v, 1) for k, v in scores.items() if v < PLOVER_FLOORS[k]}
    assert not below, f"below the pinned floors {PLOVER_FLOORS}: {below}"


CAMEO = SHARED / "eval-data" / "cameo-train"
# CAMEO codebook sentences (1,349, cameo_class train split, scored directly: nothing is learned from them),
# fast profile, in percent: quad-class accuracy of the best event per sentence, and event recall.
# measured 59.2 / 77.5 with the CAMEO patterns (52.3 / 67.5 with events.csv alone); 62.9 / 87.0 after the argument fixes;
# 76.1 / 92.4 scored by PLOVER code, with appeals (CAMEO 02) in class 0 as the data's README states
CAMEO_FLOORS = {"quad_accuracy": 75.0, "event_recall": 91.5}


@needs_shared(CAMEO / "cameo_class_train.tsv")
def test_cameo_sentences_stay_above_their_floors():
    report = commands.evaluate_cameo(data=CAMEO)
    assert report.sentences == 1349 and not report.missing_records
    print(report.table())
    scores = {"quad_accuracy": 100 * report.accuracy, "event_recall": 100 * report.event_recall}
    below = {k: round(v, 1) for k, v in scores.items() if v < CAMEO_FLOORS[k]}
    assert not below, f"below the pinned floors {CAMEO_FLOORS}: {below}"


@needs_shared(RE3D)
def test_re3d_entities_stay_above_their_floors():
    report = commands.evaluate_re3d(data=RE3D)
    assert report.documents == 98
    print(report.table())
    scores = {label: 100 * report.exact[label].f1 for label in RE3D_FLOORS}
    below = {k: round(v, 1) for k, v in scores.items() if v < RE3D_FLOORS[k]}
    assert not below, f"below the pinned floors {RE3D_FLOORS}: {below}"


NEWS = SHARED / "eval-data" / "news" / "dev.gold.jsonl"
# News dev (20 hand-annotated foreign-affairs articles, 125 statements, 189 events), in percent, with
# the reference scorer's measures; each floor leaves about one statement or event of slack.
NEWS_DEV_FLOORS = {
    "fast": {  # measured 84.3 / 99.0 / 100.0 / 81.7 / 62.2 / 42.5
        "statements_f1": 83.0, "speaker_accuracy": 97.0, "speaker_type_accuracy": 98.0, "full_statements_f1": 80.5,
        "events_typed_f1": 61.0, "events_typed_actor_f1": 41.0,
    },
    "accurate": {  # measured 86.6 / 94.7 / 94.7 / 78.9 / 62.4 / 42.8
        "statements_f1": 85.5, "speaker_accuracy": 93.5, "speaker_type_accuracy": 93.5, "full_statements_f1": 78.0,
        "events_typed_f1": 61.0, "events_typed_actor_f1": 41.5,
    },
}


@needs_shared(NEWS)
@pytest.mark.parametrize("profile", PROFILES)
def test_news_dev_stays_above_its_floors(profile):
    report = commands.evaluate_news(data=NEWS, profile=profile)
    assert report.articles == 20 and not report.failed, report.problems
    print(profile, report.table(), report.summary_line(), sep="\n")
    figures = report.figures()
    scores = {
        "statements_f1": figures["statements_prf"][2],
        "speaker_accuracy": figures["speaker_acc"],
        "speaker_type_accuracy": figures["speaker_type_acc"],
        "full_statements_f1": figures["full_statements_prf"][2],
        "events_typed_f1": figures["events_typed_prf"][2],
        "events_typed_actor_f1": figures["events_typed_actor_prf"][2],
    }
    floors = NEWS_DEV_FLOORS[profile]
    below = {k: v for k, v in scores.items() if v < floors[k]}
    assert not below, f"{profile}: below the pinned floors {floors}: {below}"
