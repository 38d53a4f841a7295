"""Score extraction against the hand-written gold for the bundled sample corpus
(``tests/data/sample_gold.jsonl``): statements found, and whether their speakers are right.

Unlike PolNeAR (US politics, 2015-16), the sample is arms-transfer and diplomacy news with the
mess of scraped and machine-translated text, so it checks that the rules generalise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..knowledge import load_knowledge
from ..names import fold_name
from ..records import ArticleRecord, Statement
from .polnear import Score


@dataclass(frozen=True)
class SampleReport:
    statements: Score  # one-to-one matches of gold and predicted statements (content overlap)
    speaker_right: int  # matched, with the gold speaker entity
    speaker_wrong: int  # matched, with another entity (worse than none)
    speaker_missing: int  # matched, with no entity

    @property
    def found(self) -> int:
        return self.statements.matched

    @property
    def precision(self) -> float:
        return self.statements.precision

    @property
    def recall(self) -> float:
        return self.statements.recall

    @property
    def f1(self) -> float:
        return self.statements.f1

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.found if self.found else 0.0

    @property
    def speaker_error_rate(self) -> float:
        return self.speaker_wrong / self.found if self.found else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.statements.gold,
            "predicted": self.statements.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_error_rate": round(self.speaker_error_rate, 4),
        }

    def format_table(self) -> str:
        return "\n".join(
            [
                f"statements      P {100 * self.precision:5.1f}  R {100 * self.recall:5.1f}  F1 {100 * self.f1:5.1f}",
                f"speaker entity  right {100 * self.speaker_accuracy:5.1f}%  wrong {100 * self.speaker_error_rate:5.1f}%  "
                f"missing {100 * self.speaker_missing / self.found if self.found else 0:5.1f}% (of statements found)",
                f"{self.statements.gold} gold statements, {self.statements.predicted} predicted",
            ]
        )


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _fold(name: str) -> str:
    return " ".join(fold_name(w) for w in name.replace("-", " ").split() if w.lower() not in ("the", "of", "for", "a"))


def _same_entity(statement: Statement, gold: dict) -> bool | None:
    """Right when the names agree once folded (`Çavuşoğlu` = `Cavusoglu`), one contains the other,
    or an unnamed source's affiliation is the organisation the gold names (`State Department spokesperson`)."""
    ent = statement.speaker_entity
    if ent is None:
        return None
    want, got = _fold(gold["entity"]), _fold(ent.name)
    if want == got or (want and got and (want in got or got in want)):
        return True
    known = load_knowledge().organization(gold["entity"])
    if known is not None and known.id == ent.id:
        return True  # one organisation under another of its names (`Egyptian Ministry of Defence`)
    return ent.type == "anonymous" and ent.affiliation is not None and _fold(ent.affiliation) in (want, want.removeprefix("us "))


def score(gold: Iterable[dict], records: Mapping[str, ArticleRecord]) -> SampleReport:
    by_article: dict[str, list[dict]] = {}
    for g in gold:
        by_article.setdefault(g["article"], []).append(g)
    found = right = wrong = missing = predicted = total = 0
    for article_id, golds in by_article.items():
        record = records.get(article_id)
        statements = list(record.statements) if record else []
        predicted += len(statements)
        total += len(golds)
        if record is None:
            continue
        text = record.article.text
        used: set[str] = set()
        for g in golds:
            start = text.find(g["content"])
            gspan = (start, start + len(g["content"]))
            best = max(
                (s for s in statements if s.id not in used),
                key=lambda s: _jaccard(gspan, (s.content.start, s.content.end)),
                default=None,
            )
            if best is None or _jaccard(gspan, (best.content.start, best.content.end)) < 0.5:
                continue
            used.add(best.id)
            found += 1
            same = _same_entity(best, g)
            if same is None:
                missing += 1
            elif same:
                right += 1
            else:
                wrong += 1
    return SampleReport(Score(found, total, predicted), right, wrong, missing)
