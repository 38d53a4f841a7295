"""Score extraction against the hand-written gold for the bundled sample corpus: statements found
and whether their speakers are right (``samples/gold/sample_gold.jsonl``), arms-layer events
(``sample_events_gold.jsonl``) and arms-transfer records (``sample_transfers_gold.jsonl``).

Unlike PolNeAR (US politics, 2015-16), the sample is arms-transfer and diplomacy news with the
mess of scraped and machine-translated text, so it checks that the rules generalise.

A gold event or transfer marked ``optional`` (an item only implied, `the deal`; a kind of weapon and
no system; a doubtful reading) is neither required nor held against what matches it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..events.transfers import build_transfers, countries_of
from ..knowledge import Knowledge, load_knowledge
from ..names import fold_name
from ..records import ARMS_SUBTYPES, ArticleRecord, Entity, Event, EventArg, Problem, Statement, Transfer
from . import problem_lines
from .news import Mistake
from .polnear import Score

# What a mistake on the sample can be; each line of ``--errors`` starts with its kind.
SAMPLE_MISTAKE_KINDS = (
    "transfer missed", "transfer status", "transfer spurious", "event wrong", "event missed", "event spurious",
)


@dataclass(frozen=True)
class SampleReport:
    statements: Score  # one-to-one matches of gold and predicted statements (content overlap)
    speaker_right: int  # matched, with the gold speaker entity
    speaker_wrong: int  # matched, with another entity (worse than none)
    speaker_missing: int  # matched, with no entity
    # Arms-transfer records matched on supplier, recipient and system; of those, how many have the gold status.
    transfers: Score | None = None
    transfer_status_right: int = 0
    # Arms-layer events matched by article and item, right on type, subtype, actor and recipient.
    events: Score | None = None
    mistakes: tuple[Mistake, ...] = field(default=(), compare=False)  # kinds: SAMPLE_MISTAKE_KINDS
    problems: tuple[Problem, ...] = field(default=(), compare=False)  # articles that failed: scored as empty

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

    @property
    def transfer_status_accuracy(self) -> float:
        matched = self.transfers.matched if self.transfers else 0
        return self.transfer_status_right / matched if matched else 0.0

    def to_dict(self, errors: int = 0) -> dict:
        out: dict = {
            "gold": self.statements.gold,
            "predicted": self.statements.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_error_rate": round(self.speaker_error_rate, 4),
        }
        if self.transfers is not None:
            out["transfers"] = {**_prf(self.transfers), "status_accuracy": round(self.transfer_status_accuracy, 4)}
        if self.events is not None:
            out["events"] = _prf(self.events)
        if errors:
            out["errors"] = self.errors(errors)
        if self.problems:
            out["failed"] = len(self.problems)
            out["problems"] = [p.message for p in self.problems]
        return out

    def format_table(self) -> str:
        lines = [
            f"statements      P {100 * self.precision:5.1f}  R {100 * self.recall:5.1f}  F1 {100 * self.f1:5.1f}",
            f"speaker entity  right {100 * self.speaker_accuracy:5.1f}%  wrong {100 * self.speaker_error_rate:5.1f}%  "
            f"missing {100 * self.speaker_missing / self.found if self.found else 0:5.1f}% (of statements found)",
            f"{self.statements.gold} gold statements, {self.statements.predicted} predicted",
        ]
        if self.events is not None:
            e = self.events
            lines.append(f"arms events     P {100 * e.precision:5.1f}  R {100 * e.recall:5.1f}  F1 {100 * e.f1:5.1f}  "
                         f"({e.gold} gold, {e.predicted} predicted)")
        if self.transfers is not None:
            t = self.transfers
            lines.append(f"transfers       P {100 * t.precision:5.1f}  R {100 * t.recall:5.1f}  F1 {100 * t.f1:5.1f}  "
                         f"status right {100 * self.transfer_status_accuracy:5.1f}% ({t.gold} gold, {t.predicted} predicted)")
        if self.problems:
            lines.append(f"articles that failed (scored as empty): {len(self.problems)}")
            lines += problem_lines(self.problems)
        return "\n".join(lines)

    def errors(self, limit: int) -> list[str]:
        """Up to ``limit`` lines of each kind: missed, spurious and wrong transfers and events."""
        kept: list[str] = []
        counts: dict[str, int] = {}
        for mistake in self.mistakes:
            counts[mistake.kind] = counts.get(mistake.kind, 0) + 1
            if counts[mistake.kind] <= limit:
                kept.append(f"{mistake.kind}: {mistake}")
        return kept


def _prf(s: Score) -> dict[str, float | int]:
    return {"gold": s.gold, "predicted": s.predicted, "precision": round(s.precision, 4),
            "recall": round(s.recall, 4), "f1": round(s.f1, 4)}


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


def score(
    gold: Iterable[dict],
    records: Mapping[str, ArticleRecord],
    transfers_gold: Iterable[dict] | None = None,
    events_gold: Iterable[dict] | None = None,
    problems: Iterable[Problem] = (),
) -> SampleReport:
    """Score the records (by article id) against the gold; ``problems`` are the articles that could
    not be read or extracted, scored as empty and named in the report."""
    problems = tuple(problems)
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
    report = SampleReport(Score(found, total, predicted), right, wrong, missing, problems=problems)
    mistakes: list[Mistake] = []
    transfers = status_right = events = None
    kb = load_knowledge()
    if transfers_gold is not None:
        transfers, status_right = score_transfers(list(transfers_gold), records, kb, mistakes)
    if events_gold is not None:
        events = score_events(list(events_gold), records, kb, mistakes)
    if transfers is None and events is None:
        return report
    return SampleReport(
        report.statements, right, wrong, missing, transfers, status_right or 0, events, tuple(mistakes), problems
    )


# ---------------------------------------------------------------------------- arms transfers and events


def _by_article(gold: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for g in gold:
        out.setdefault(g["article"], []).append(g)
    return out


def _system_id(name: str | None, kb: Knowledge) -> str | None:
    """A gold system or item as the extraction names it: a weapon by designation or spelling
    (`weapon:rafale`), or a kind of weapon by its category (`weapon-category:frigate`)."""
    if not name:
        return None
    weapon = next((w for w in kb.weapons_by_id.values() if w.designation == name), None) or kb.weapon(name)
    if weapon is not None:
        return weapon.id
    category = kb.weapon_words.get(name.lower(), name)
    return f"weapon-category:{category}"


def _country_id(name: str | None, kb: Knowledge) -> str | None:
    country = kb.country(name) if name else None
    return country.id if country is not None else None


def _names_party(gold: str | None, args: Iterable[EventArg], entities: dict[str, Entity], kb: Knowledge) -> bool:
    """An event argument names a gold party: by the country it stands for (a government, its capital,
    a ministry, a person of that country), else by name."""
    if not gold:
        return True
    from .news import _argument_names

    args = list(args)
    want = _country_id(gold, kb)
    if want is not None and any(c.id == want for c in countries_of(args, entities, kb)):
        return True
    return any(_argument_names(gold, a) for a in args)


def _status_right(transfer: Transfer, g: dict) -> bool:
    return transfer.status == g["status"] or transfer.status in (g.get("status_also") or ())


def score_transfers(
    gold: list[dict], records: Mapping[str, ArticleRecord], kb: Knowledge, mistakes: list[Mistake]
) -> tuple[Score, int]:
    """Each article's transfer records (built from its events alone) against its gold: a record is
    found when supplier, recipient and system agree; ``status_right`` counts those with the gold status."""
    matched = status_right = total = predicted = 0
    by_article = _by_article(gold)
    for article_id in sorted(set(by_article) | set(records)):
        golds = by_article.get(article_id, [])
        record = records.get(article_id)
        found = build_transfers([record], kb) if record is not None else []
        required = [g for g in golds if not g.get("optional")]
        total += len(required)
        used: set[int] = set()
        absorbed = 0
        for g in sorted(golds, key=lambda g: bool(g.get("optional"))):
            key = (_country_id(g.get("supplier"), kb), _country_id(g["recipient"], kb), _system_id(g["system"], kb))
            hit = next(
                (i for i, t in enumerate(found) if i not in used
                 and (t.supplier.id if t.supplier else None, t.recipient.id, t.item.id) == key),
                None,
            )
            if hit is None:
                if not g.get("optional"):
                    mistakes.append(Mistake("transfer missed", article_id, f"{g.get('supplier')} -> {g['recipient']} {g['system']} ({g['status']})"))
                continue
            used.add(hit)
            if g.get("optional"):
                absorbed += 1
                continue
            matched += 1
            if _status_right(found[hit], g):
                status_right += 1
            else:
                mistakes.append(Mistake("transfer status", article_id, f"{g.get('supplier')} -> {g['recipient']} {g['system']}: "
                                        f"gold {g['status']} got {found[hit].status}"))
        for i, t in enumerate(found):
            if i not in used:
                mistakes.append(Mistake("transfer spurious", article_id, f"{t.supplier.name if t.supplier else None} -> "
                                        f"{t.recipient.name} {t.item.name} ({t.status})"))
        predicted += len(found) - absorbed
    return Score(matched, total, predicted), status_right


def _event_item_id(event: Event) -> str | None:
    return event.item.id if event.item is not None else None


def _event_right(event: Event, g: dict, entities: dict[str, Entity], kb: Knowledge) -> bool:
    subtypes = {g["subtype"], *(g.get("subtype_also") or ())}
    if event.subtype not in subtypes or event.type != ARMS_SUBTYPES[event.subtype]:
        return False
    if g.get("actor") and not _names_party(g["actor"], event.actors, entities, kb):
        return False
    if not g.get("actor") and event.actors:
        return False
    return _names_party(g.get("recipient"), event.recipients, entities, kb)


def score_events(gold: list[dict], records: Mapping[str, ArticleRecord], kb: Knowledge, mistakes: list[Mistake]) -> Score:
    """Each article's arms-layer events (those with an arms subtype) against its gold, paired one to
    one by item (an optional gold event also by its sentence); a pair counts when type, subtype,
    actor and recipient (where the gold names one) are right."""
    from .news import _best_first

    matched = total = predicted = 0
    by_article = _by_article(gold)
    for article_id in sorted(set(by_article) | set(records)):
        golds = by_article.get(article_id, [])
        record = records.get(article_id)
        events = [e for e in record.events if e.subtype in ARMS_SUBTYPES] if record is not None else []
        entities = {e.id: e for e in record.entities} if record is not None else {}
        text = record.article.text if record is not None else ""
        total += sum(1 for g in golds if not g.get("optional"))
        candidates = []
        for gi, g in enumerate(golds):
            start = text.find(g["sentence"])
            span = (start, start + len(g["sentence"])) if start >= 0 else None
            items = {_system_id(i, kb) for i in [g.get("item"), *(g.get("item_also") or ())] if i}
            for ei, e in enumerate(events):
                same_item = _event_item_id(e) in items
                in_sentence = span is not None and e.trigger is not None and span[0] <= e.trigger.start < span[1]
                if g.get("optional"):
                    if in_sentence:  # the happening the gold leaves open, whatever the item found
                        candidates.append(((2, same_item), gi, ei))
                elif same_item:
                    # Right pairs first; a wrong one only says what went wrong, so it comes last.
                    candidates.append(((3 if _event_right(e, g, entities, kb) else 1, in_sentence), gi, ei))
        pairs = _best_first(candidates)
        absorbed = 0
        paired = {gi for gi, _, _ in pairs}
        for gi, ei, (rank, _) in pairs:
            g, e = golds[gi], events[ei]
            if rank == 2:
                absorbed += 1
            elif rank == 3:
                matched += 1
            else:
                mistakes.append(Mistake("event wrong", article_id, f"gold {g['subtype']} {g.get('actor')} -> {g.get('recipient')} "
                                        f"{g.get('item')} {g['trigger']!r}; got {e.subtype} {[a.name for a in e.actors]} -> "
                                        f"{[r.name for r in e.recipients]} {e.item.name if e.item else None} "
                                        f"{e.trigger.text if e.trigger else None!r}"))
        for gi, g in enumerate(golds):
            if gi not in paired and not g.get("optional"):
                mistakes.append(Mistake("event missed", article_id, f"{g['subtype']} {g.get('actor')} -> {g.get('recipient')} "
                                        f"{g.get('item')} {g['trigger']!r}: {g['sentence'][:70]!r}"))
        used = {ei for _, ei, _ in pairs}
        for ei, e in enumerate(events):
            if ei not in used:
                mistakes.append(Mistake("event spurious", article_id, f"{e.subtype} {[a.name for a in e.actors]} -> "
                                        f"{[r.name for r in e.recipients]} {e.item.name if e.item else None} "
                                        f"{e.trigger.text if e.trigger else None!r}: {e.evidence.text[:70]!r}"))
        predicted += len(events) - absorbed
    return Score(matched, total, predicted)
