"""The quality gate: CI fails when a score falls below its pinned floor. Raise a floor when the score rises.

Figures are measured through the same path as `newsledger extract` (see README, Quality).
"""

from conftest import SHARED, needs_shared
from newsledger import commands

POLNEAR = SHARED / "eval-data" / "polnear"

# PolNeAR dev, exact-match span F1 per role and whole-attribution (overlap) F1, in percent.
POLNEAR_DEV_FLOORS = {"source": 56.0, "cue": 50.5, "content": 44.0, "attribution": 47.5}
# Sample corpus gold (125 statements, tests/data/sample_gold.jsonl).
SAMPLE_FLOORS = {"precision": 96.0, "recall": 93.0, "speaker_accuracy": 94.0}
SAMPLE_MAX_WRONG_SPEAKER = 5.0  # percent of found statements: a wrong speaker is worse than a missing one


@needs_shared(POLNEAR / "data" / "dev")
def test_polnear_dev_stays_above_its_floors():
    report = commands.evaluate_polnear(data=POLNEAR, split="dev")
    assert report.documents == 84
    scores = {role: 100 * report.exact[role].f1 for role in ("source", "cue", "content")}
    scores["attribution"] = 100 * report.attribution.f1
    print(report.format_table())
    below = {k: round(v, 1) for k, v in scores.items() if v < POLNEAR_DEV_FLOORS[k]}
    assert not below, f"below the pinned floors {POLNEAR_DEV_FLOORS}: {below}"


def test_sample_corpus_stays_above_its_floors():
    report = commands.evaluate_sample()
    print(report.format_table())
    scores = {
        "precision": 100 * report.precision,
        "recall": 100 * report.recall,
        "speaker_accuracy": 100 * report.speaker_accuracy,
    }
    below = {k: round(v, 1) for k, v in scores.items() if v < SAMPLE_FLOORS[k]}
    assert not below, f"below the pinned floors {SAMPLE_FLOORS}: {below}"
    assert 100 * report.speaker_error_rate <= SAMPLE_MAX_WRONG_SPEAKER
