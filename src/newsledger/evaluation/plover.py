"""Score event extraction against the PLOVER gold-standard records (GSR01, 322 coded sentences).

Each sentence is extracted as its own article; its top event is compared with the gold event
type, actors, recipients, mode and place. Pure scoring: the CLI prints what ``evaluate_plover``
returns. Small and derived from a coding manual: a smoke test, not a leaderboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.knowledge import Knowledge, Organization, load_knowledge
from newsledger.records import (
    PLOVER_TYPES,
    ArticleRecord,
    Event,
    EventArg,
    Problem,
)

from ..events.coding import plover_code
from . import Extract, check_limit, extract_sentences, problem_lines
from .polnear import Score

__all__ = [
    "DEFAULT_PLOVER",
    "PloverReport",
    "PloverSentence",
    "actor_codes",
    "evaluate_plover",
    "load_plover",
    "score_plover",
    "top_event",
]

DEFAULT_PLOVER = Path("../shared/eval-data/plover-gsr/PLOVER_GSR_CAMEO.txt")  # relative to where newsledger runs
GOLD_FILE = "PLOVER_GSR_CAMEO.txt"

# The gold was coded in PLOVER 0.5b1; these labels were renamed or merged since (README.eval.md).
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# INVESTIGATE became ACCUSE with this mode; the gold leaves the mode empty on those records.
OLD_TYPE_MODES = {"INVESTIGATE": "investigate"}
# Codes in the gold that are not ISO 3166 alpha-3 but plainly mean a country that is.
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Markup that marks an actor as both source and target (`(SRC/TAR: Jordan) and (SRC/TAR: Britain)`).
RECIPROCAL_MARK = "SRC/TAR:"
INTERNATIONAL = "IGO"


# ---------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class PloverSentence:
    """One gold record: a sentence and its event, with actor and recipient codes (ISO3, IGO, ...)."""

    id: str
    text: str
    type: str  # in the current PLOVER set (records.PLOVER_TYPES)
    original_type: str  # as coded in the file (DEMAND, FIGHT, ...)
    mode: str | None  # None when the gold gives none
    actors: frozenset[str]
    recipients: frozenset[str]
    reciprocal: bool  # the markup has SRC/TAR: actors are compared as one unordered set
    location: str | None  # eventLoc name


def load_plover(path: str | Path) -> list[PloverSentence]:
    """Read the GSR file (or the plover-gsr folder holding it), in file order, DOCUMENT headers skipped."""
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.is_file():
        raise InputError(
            str(path),
            "no PLOVER gold file here",
            f"pass {GOLD_FILE} (or the plover-gsr folder holding it) with --data",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"not a JSON file ({err})", "restore it from openeventdata/PLOVER") from None
    if not isinstance(data, list):
        raise InputError(str(path), "not a JSON array of PLOVER records", "restore it from openeventdata/PLOVER")
    sentences = []
    for number, item in enumerate(data):
        where = f"{path}: record {number}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise InputError(where, "is not a record with an id", "restore the file from openeventdata/PLOVER")
        if item.get("event") == "DOCUMENT":
            continue
        sentences.append(_sentence(item, f"{path}: {item['id']}"))
    return sentences


def _sentence(item: dict[str, Any], where: str) -> PloverSentence:
    original = item.get("event")
    event_type = OLD_TYPES.get(original, original)
    if event_type not in PLOVER_TYPES:
        raise InputError(where, f"unknown event type {original!r}", f"expected one of {', '.join(PLOVER_TYPES)}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "has no sentence text", "restore the file from openeventdata/PLOVER")
    info = item.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")  # one record has a bare string
    location = item.get("eventLoc")
    return PloverSentence(
        id=item["id"],
        text=text,
        type=event_type,
        original_type=original,
        mode=item.get("mode") or OLD_TYPE_MODES.get(original) or None,
        actors=_codes(item.get("source")),
        recipients=_codes(item.get("target")),
        reciprocal=RECIPROCAL_MARK in markup,
        location=(location.get("name") or None) if isinstance(location, dict) else None,
    )


def _codes(actors: Any) -> frozenset[str]:
    """The codes of a source or target list; anything else (None, '', a stray string) is no actor."""
    if not isinstance(actors, list):
        return frozenset()
    codes = (a.get("code") for a in actors if isinstance(a, dict))
    return frozenset(CODE_FIXES.get(c, c) for c in codes if isinstance(c, str) and c)


# ---------------------------------------------------------------------------- actor codes


def actor_codes(args: Iterable[EventArg], record: ArticleRecord | None, knowledge: Knowledge) -> set[str]:
    """The PLOVER codes of event arguments: ``country:TUR`` (Turkey or its government) -> TUR;
    ``org:`` -> the organisation's country, or IGO for an international body; an article-level
    entity -> the country (or the organisation's code) its affiliation names. Anything else gives
    no code."""
    organizations = _organizations_by_id(knowledge)
    entities = {e.id: e for e in record.entities} if record is not None else {}
    codes: set[str] = set()
    for arg in args:
        kind, _, rest = arg.id.partition(":")
        if kind == "country" and rest:
            codes.add(rest)
        elif kind == "org":
            org = organizations.get(arg.id)
            if org is not None:
                codes.add(org.country or INTERNATIONAL)
        elif arg.id in entities and entities[arg.id].affiliation:
            code = _affiliation_code(entities[arg.id].affiliation, knowledge)
            if code:
                codes.add(code)
    return codes


def _organizations_by_id(knowledge: Knowledge) -> dict[str, Organization]:
    return {org.id: org for org in knowledge.organizations.values()}


def _affiliation_code(affiliation: str, knowledge: Knowledge) -> str | None:
    country = knowledge.country(affiliation)
    if country is not None:
        return country.iso3
    org = knowledge.organization(affiliation)  # `UN Secretary-General X`: affiliation United Nations -> IGO
    if org is not None:
        return org.country or INTERNATIONAL
    return None


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class PloverReport:
    """Sentence-level scores. Type, actor, recipient, triple, mode and place use each sentence's
    top event (highest confidence, the first on a tie); a sentence without one counts as wrong."""

    sentences: int
    with_event: int  # sentences with at least one event
    events: int  # all predicted events
    type_correct: int
    by_type: dict[str, Score]  # per PLOVER type, over sentences, top event
    labels: Score  # multi-label: the distinct types of all events of a sentence against its gold type
    actor: Score  # codes; reciprocal sentences compare actors + recipients as one set here
    recipient: Score  # codes; reciprocal sentences are left out
    triples: int  # (actors, type, recipients) all exact; unordered for reciprocal sentences
    mode_correct: int
    mode_gold: int  # sentences with a gold mode
    location_correct: int
    location_gold: int  # sentences with a gold place; a country matches by any of its names
    missing_records: tuple[str, ...] = ()  # sentences the extractor returned no record for
    problems: tuple[Problem, ...] = field(default=(), compare=False)  # why, where it said

    @property
    def coverage(self) -> float:
        return _ratio(self.with_event, self.sentences)

    @property
    def accuracy(self) -> float:
        return _ratio(self.type_correct, self.sentences)

    @property
    def macro_f1(self) -> float:
        """Mean F1 of the types that occur in the gold or the predictions (all 16 on the full set)."""
        present = [s for s in self.by_type.values() if s.gold or s.predicted]
        return sum(s.f1 for s in present) / len(present) if present else 0.0

    @property
    def triple_rate(self) -> float:
        return _ratio(self.triples, self.sentences)

    @property
    def mode_accuracy(self) -> float:
        return _ratio(self.mode_correct, self.mode_gold)

    @property
    def location_accuracy(self) -> float:
        return _ratio(self.location_correct, self.location_gold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "with_event": self.with_event,
            "events": self.events,
            "coverage": round(self.coverage, 4),
            "type_accuracy": round(self.accuracy, 4),
            "type_macro_f1": round(self.macro_f1, 4),
            "by_type": {t: s.to_dict() for t, s in self.by_type.items()},
            "labels": self.labels.to_dict(),
            "actor": self.actor.to_dict(),
            "recipient": self.recipient.to_dict(),
            "triple_exact": round(self.triple_rate, 4),
            "triples": self.triples,
            "mode_accuracy": round(self.mode_accuracy, 4),
            "mode_correct": self.mode_correct,
            "mode_gold": self.mode_gold,
            "location_accuracy": round(self.location_accuracy, 4),
            "location_correct": self.location_correct,
            "location_gold": self.location_gold,
            "missing_records": list(self.missing_records),
            "problems": [p.message for p in self.problems],
        }

    def table(self) -> str:
        def cells(s: Score) -> str:
            return "".join(f"{100 * v:>7.1f}" for v in (s.precision, s.recall, s.f1)) + f"{s.gold:>7}{s.predicted:>7}"

        head = f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"
        lines = [
            (
                f"event type        accuracy {100 * self.accuracy:5.1f}   "
                f"macro-F1 {100 * self.macro_f1:5.1f}   (top event per sentence)"
            ),
            "",
            head,
            f"{'types, all events':<18}{cells(self.labels)}",
            f"{'actor codes':<18}{cells(self.actor)}",
            f"{'recipient codes':<18}{cells(self.recipient)}",
            "",
            f"triple exact      {100 * self.triple_rate:5.1f}%  ({self.triples} of {self.sentences})",
            f"mode              {100 * self.mode_accuracy:5.1f}%  ({self.mode_correct} of {self.mode_gold} with a gold mode)",
            (
                f"place             {100 * self.location_accuracy:5.1f}%  "
                f"({self.location_correct} of {self.location_gold} with a gold place)"
            ),
            "",
            head,
        ]
        lines += [f"{t:<18}{cells(s)}" for t, s in self.by_type.items() if s.gold or s.predicted]
        lines.append("")
        lines.append(
            f"{self.sentences} sentences, {self.with_event} with an event (coverage {100 * self.coverage:.1f}%), "
            f"{self.events} events"
        )
        if self.missing_records:
            lines.append(f"sentences without a record (scored as no event): {len(self.missing_records)}")
            lines += problem_lines(self.problems)
        return "\n".join(line.rstrip() for line in lines)

    format_table = table  # the name the other evaluators' reports use


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def top_event(events: Iterable[Event]) -> Event | None:
    """The event with the highest confidence; the first of them on a tie; None when there is none."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def score_plover(
    gold: Iterable[PloverSentence],
    predicted: Mapping[str, ArticleRecord],
    *,
    knowledge: Knowledge | None = None,
    problems: Iterable[Problem] = (),
) -> PloverReport:
    """Score ``predicted`` records (by sentence id) against the gold sentences; see PloverReport."""
    kb = knowledge if knowledge is not None else load_knowledge()
    by_type = {t: Score(0, 0, 0) for t in PLOVER_TYPES}
    labels = actor = recipient = Score(0, 0, 0)
    sentences = with_event = events = type_correct = triples = 0
    mode_correct = mode_gold = location_correct = location_gold = 0
    missing = []
    for sentence in gold:
        record = predicted.get(sentence.id)
        if record is None:
            missing.append(sentence.id)
        found = record.events if record is not None else ()
        top = top_event(found)
        sentences += 1
        events += len(found)
        with_event += top is not None

        # Event type: the top event, and every distinct type as a multi-label prediction.
        guess = plover_code(top) if top is not None else None
        type_correct += guess == sentence.type
        for t in by_type:
            by_type[t] += Score(int(guess == t == sentence.type), int(sentence.type == t), int(guess == t))
        types = {plover_code(e) for e in found}
        labels += Score(int(sentence.type in types), 1, len(types))

        # Actors and recipients, by code.
        actors = actor_codes(top.actors, record, kb) if top is not None else set()
        recipients = actor_codes(top.recipients, record, kb) if top is not None else set()
        if sentence.reciprocal:
            together, gold_together = actors | recipients, sentence.actors | sentence.recipients
            actor += _set_score(gold_together, together)
            codes_right = together == gold_together
        else:
            actor += _set_score(sentence.actors, actors)
            recipient += _set_score(sentence.recipients, recipients)
            codes_right = actors == sentence.actors and recipients == sentence.recipients
        triples += guess == sentence.type and codes_right

        if sentence.mode:
            mode_gold += 1
            mode_correct += top is not None and (top.mode or "").lower() == sentence.mode.lower()
        if sentence.location:
            location_gold += 1
            place = top.location.name if top is not None and top.location is not None else ""
            location_correct += _same_place(place, sentence.location, kb)
    return PloverReport(
        sentences=sentences,
        with_event=with_event,
        events=events,
        type_correct=type_correct,
        by_type=by_type,
        labels=labels,
        actor=actor,
        recipient=recipient,
        triples=triples,
        mode_correct=mode_correct,
        mode_gold=mode_gold,
        location_correct=location_correct,
        location_gold=location_gold,
        missing_records=tuple(missing),
        problems=tuple(problems),
    )


def _same_place(found: str, gold: str, knowledge: Knowledge) -> bool:
    """The same name, or two names of one country (`United Kingdom` for the gold's `Britain`)."""
    if not found:
        return False
    if found.casefold() == gold.casefold():
        return True
    a, b = knowledge.country(found), knowledge.country(gold)
    return a is not None and a == b


def _set_score(gold: frozenset[str], predicted: set[str]) -> Score:
    return Score(len(gold & predicted), len(gold), len(predicted))


# ---------------------------------------------------------------------------- running




def evaluate_plover(
    data: str | Path | None = None,
    *,
    extract: Extract | None = None,
    profile: str | None = None,
    model: str | None = None,
    limit: int | None = None,
) -> PloverReport:
    """Extract every gold sentence (the first ``limit``, if given) as its own article and score it.

    ``extract`` stands in for ``extraction.extract_many`` (tests); a Problem it yields leaves its
    sentence without a record, scored as no event, and is listed in the report.
    """
    check_limit(limit)
    gold = load_plover(Path(data) if data else DEFAULT_PLOVER)
    gold, predicted, problems = extract_sentences(gold, "plover", extract, model, profile, limit)
    return score_plover(gold, predicted, problems=problems)
