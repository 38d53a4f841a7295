"""Score event detection against the CAMEO codebook's example sentences (ConfliBERT's cameo_class train split).

Each sentence carries one quad class: 0 no cooperation or conflict event (CAMEO 01 public statements,
02 appeals), 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
Each sentence is extracted as its own article; its best event (highest confidence, the first on a
tie) gives the predicted class through its PLOVER code (events.coding: an announced act is a promise
or a threat, an appeal is class 0 as CAMEO 02), and a sentence without an event is class 0.
Nothing is learned from these sentences: they are scored directly, as unseen text. Pure scoring: the
CLI prints what ``evaluate_cameo`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.records import ArticleRecord, Problem
from newsledger.events.coding import is_appeal, plover_code
from newsledger.knowledge import Knowledge, load_knowledge

from . import Extract, check_limit, extract_sentences, problem_lines
from .plover import top_event
from .polnear import Score

__all__ = [
    "DEFAULT_CAMEO", "QUADS", "QUAD_OF_TYPE", "CameoReport", "CameoSentence", "evaluate_cameo", "load_cameo", "quad_of",
    "score_cameo",
]

DEFAULT_CAMEO = Path("../shared/eval-data/cameo-train/cameo_class_train.tsv")  # relative to where newsledger runs
GOLD_FILE = "cameo_class_train.tsv"
QUADS = {
    0: "no event",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# PLOVER types by quad, as the data's README states them (CONCEDE is material here, as CAMEO's 08 yield;
# INVESTIGATE, which newsledger records as ACCUSE with mode investigate, is verbal conflict either way).
QUAD_OF_TYPE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "CONCEDE": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "INVESTIGATE": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


@dataclass(frozen=True)
class CameoSentence:
    id: str  # cameo-<line number>
    text: str
    quad: int  # 0..4


def load_cameo(path: str | Path) -> list[CameoSentence]:
    """Read the TSV (or the cameo-train folder holding it): `sentence<TAB>label` per line, in file order."""
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.is_file():
        raise InputError(
            str(path), "no CAMEO sentence file here", f"pass {GOLD_FILE} (or the cameo-train folder holding it) with --data"
        )
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        text, tab, label = line.rpartition("\t")
        if not tab or not text.strip() or label.strip() not in ("0", "1", "2", "3", "4"):
            raise InputError(
                f"{path}: line {number}", "is not `sentence<TAB>label` with a label 0-4", "restore it from eventdata/ConfliBERT"
            )
        sentences.append(CameoSentence(f"cameo-{number}", text.strip(), int(label)))
    return sentences


@dataclass(frozen=True)
class CameoReport:
    """Quad classes of the best event per sentence against the gold, and whether any event was found."""

    sentences: int
    confusion: dict[tuple[int, int], int]  # (gold quad, predicted quad) -> sentences
    events: int  # all predicted events
    missing_records: tuple[str, ...] = ()  # sentences the extractor returned no record for
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def _count(self, gold=None, predicted=None) -> int:
        return sum(
            n for (g, p), n in self.confusion.items() if (gold is None or g in gold) and (predicted is None or p in predicted)
        )

    @property
    def accuracy(self) -> float:
        """Quad class right, over all sentences (no event found is class 0)."""
        return _ratio(sum(n for (g, p), n in self.confusion.items() if g == p), self.sentences)

    @property
    def event_accuracy(self) -> float:
        """Quad class right, over the sentences with a gold event (classes 1-4)."""
        right = sum(n for (g, p), n in self.confusion.items() if g == p and g)
        return _ratio(right, self._count(gold=(1, 2, 3, 4)))

    @property
    def event_recall(self) -> float:
        """Sentences with a gold event where any event is found."""
        return _ratio(self._count(gold=(1, 2, 3, 4), predicted=(1, 2, 3, 4)), self._count(gold=(1, 2, 3, 4)))

    @property
    def event_precision(self) -> float:
        """Sentences with an event found that have a gold event."""
        return _ratio(self._count(gold=(1, 2, 3, 4), predicted=(1, 2, 3, 4)), self._count(predicted=(1, 2, 3, 4)))

    def by_quad(self) -> dict[int, Score]:
        return {
            q: Score(self.confusion.get((q, q), 0), self._count(gold=(q,)), self._count(predicted=(q,))) for q in QUADS
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "events": self.events,
            "quad_accuracy": round(self.accuracy, 4),
            "quad_accuracy_with_gold_event": round(self.event_accuracy, 4),
            "event_recall": round(self.event_recall, 4),
            "event_precision": round(self.event_precision, 4),
            "by_quad": {QUADS[q]: s.to_dict() for q, s in self.by_quad().items()},
            "confusion": [[self.confusion.get((g, p), 0) for p in QUADS] for g in QUADS],
            "missing_records": list(self.missing_records),
            "problems": [p.message for p in self.problems],
        }

    def table(self) -> str:
        with_event = self._count(gold=(1, 2, 3, 4))
        lines = [
            f"quad class        accuracy {100 * self.accuracy:5.1f}   "
            f"({100 * self.event_accuracy:.1f} on the {with_event} sentences with a gold event; best event per sentence)",
            f"event found       recall {100 * self.event_recall:5.1f}   precision {100 * self.event_precision:5.1f}"
            "   (a sentence with a gold event where any event is found)",
            "",
            f"{'':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}",
        ]
        for q, s in self.by_quad().items():
            lines.append(
                f"{q} {QUADS[q]:<20}" + "".join(f"{100 * v:>7.1f}" for v in (s.precision, s.recall, s.f1)) + f"{s.gold:>7}{s.predicted:>7}"
            )
        lines += ["", "gold \\ found " + "".join(f"{q:>6}" for q in QUADS)]
        for g in QUADS:
            lines.append(f"{g:<13}" + "".join(f"{self.confusion.get((g, p), 0):>6}" for p in QUADS))
        lines += [
            "",
            f"{self.sentences} sentences, {self.events} events; scored directly (nothing is learned from these sentences)",
        ]
        if self.missing_records:
            lines.append(f"sentences without a record (scored as no event): {len(self.missing_records)}")
            lines += problem_lines(self.problems)
        return "\n".join(line.rstrip() for line in lines)

    format_table = table


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def quad_of(record: ArticleRecord | None, knowledge: Knowledge | None = None) -> int:
    """The quad class of a record's best event, as PLOVER codes it (events.coding); 0 when it has
    none, or when it is an appeal (CAMEO 02), which the classes count with public statements."""
    best = top_event(record.events) if record is not None else None
    if best is None or is_appeal(best, knowledge if knowledge is not None else load_knowledge()):
        return 0
    return QUAD_OF_TYPE.get(plover_code(best), 0)


def score_cameo(
    gold: Iterable[CameoSentence], predicted: Mapping[str, ArticleRecord], *, problems: Iterable[Problem] = ()
) -> CameoReport:
    confusion: dict[tuple[int, int], int] = {}
    sentences = events = 0
    missing = []
    for s in gold:
        record = predicted.get(s.id)
        if record is None:
            missing.append(s.id)
        sentences += 1
        events += len(record.events) if record is not None else 0
        key = (s.quad, quad_of(record))
        confusion[key] = confusion.get(key, 0) + 1
    return CameoReport(sentences, confusion, events, tuple(missing), tuple(problems))


def evaluate_cameo(
    data: str | Path | None = None,
    *,
    extract: Extract | None = None,
    profile: str | None = None,
    model: str | None = None,
    limit: int | None = None,
) -> CameoReport:
    """Extract every sentence (the first ``limit``, if given) as its own article and score it.

    ``extract`` stands in for ``extraction.extract_many`` (tests); a Problem it yields leaves its
    sentence without a record, scored as no event, and is listed in the report.
    """
    check_limit(limit)
    gold = load_cameo(Path(data) if data else DEFAULT_CAMEO)
    gold, predicted, problems = extract_sentences(gold, "cameo", extract, model, profile, limit)
    return score_cameo(gold, predicted, problems=problems)
