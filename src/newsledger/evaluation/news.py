"""Score statements and events against hand-annotated news articles (``../shared/eval-data/news``).

The measures are the ones the reference scorer beside that data (``score_news.py``) defines, so the
figures here equal its figures on ``newsledger extract --format jsonl`` output. Pure scoring: the
CLI prints what ``evaluate_news`` returns.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TypeVar

from newsledger.errors import InputError
from newsledger.ingest import read_articles
from newsledger.records import ARMS_SUBTYPES, Article, ArticleRecord, EntityRef, Event, EventArg, Problem, Statement

from . import Extract, problem_lines, run_extraction
from .polnear import Score

__all__ = [
    "DEFAULT_NEWS",
    "MISTAKE_KINDS",
    "GoldEvent",
    "GoldStatement",
    "Mistake",
    "NewsArticle",
    "NewsReport",
    "evaluate_news",
    "load_news",
    "same_entity",
    "score_news",
]

DEFAULT_NEWS = Path("../shared/eval-data/news/dev.gold.jsonl")  # relative to where newsledger runs
GOLD_FILE = "dev.gold.jsonl"

STATEMENT_MATCH = 0.5  # content Dice for a statement to be found
FULL_MATCH = 0.8  # and for its content boundaries to count as right

# The names a government goes by in news copy, each group one entity. These mirror the reference
# scorer's groups word for word (folded names, capitals included), so that a government named by
# its capital scores as it does there; they are a scoring convention, not knowledge.
GOVERNMENT_NAMES: tuple[tuple[str, ...], ...] = (
    ("united states", "us", "usa", "america", "united states of america", "washington", "us government"),
    ("united kingdom", "uk", "britain", "great britain", "london"),
    ("russia", "russian federation", "moscow", "kremlin"),
    ("china", "peoples republic of china", "prc", "beijing"),
    ("taiwan", "republic of china", "taipei"),
    ("north korea", "dprk", "democratic peoples republic of korea", "pyongyang"),
    ("south korea", "republic of korea", "rok", "seoul"),
    ("iran", "islamic republic of iran", "tehran"),
    ("israel", "jerusalem", "tel aviv"),
    ("turkey", "turkiye", "ankara"),
    ("syria", "syrian arab republic", "damascus"),
    ("pakistan", "islamabad"),
    ("india", "new delhi", "delhi"),
    ("japan", "tokyo"),
    ("ukraine", "kiev", "kyiv"),
    ("egypt", "cairo"),
    ("iraq", "baghdad"),
    ("cuba", "havana"),
    ("france", "paris"),
    ("germany", "berlin"),
    ("palestine", "palestinian authority", "state of palestine", "ramallah"),
    ("saudi arabia", "riyadh"),
    ("afghanistan", "kabul"),
    ("libya", "tripoli"),
    ("eritrea", "asmara"),
    ("ireland", "republic of ireland", "dublin"),
    ("philippines", "manila"),
    ("malaysia", "kuala lumpur"),
    ("spain", "madrid"),
    ("nigeria", "abuja"),
    ("myanmar", "burma", "naypyidaw"),
    ("italy", "rome"),
    ("canada", "ottawa"),
    ("australia", "canberra"),
    ("nicaragua", "managua"),
    ("venezuela", "caracas"),
    ("lebanon", "beirut"),
    ("jordan", "amman"),
    ("qatar", "doha"),
    ("bangladesh", "dhaka"),
)
_GOVERNMENT_OF = {name: group[0] for group in GOVERNMENT_NAMES for name in group}

GOVERNMENT_TYPES = frozenset({"government", "country"})
# Speaker types that count as the same type (a newspaper quoted is an organisation that speaks).
TYPE_GROUP = {
    "person": "person",
    "government": "government",
    "country": "government",
    "organization": "organization",
    "media": "organization",
    "anonymous": "anonymous",
    "group": "group",
}
# Words that do not make two organisation names different (`Foreign Minister` before a name).
NAME_FILLERS = frozenset({
    "the", "of", "a", "an", "and", "for", "s", "mr", "mrs", "ms", "dr", "gen", "general", "president",
    "minister", "prime", "foreign", "secretary", "spokesman", "spokeswoman", "chief", "state",
})
SIMILAR_NAME = 0.85  # difflib ratio at which two organisation names are one
SIMILAR_ITEM = 0.7  # and two weapon-system names
RECIPIENT_SEPARATOR = re.compile(r",|;| and ")

MISTAKE_KINDS = {
    "speaker": "wrong speakers (statement found, speaker not the gold entity)",
    "content": "content boundaries (statement found, right speaker, content Dice < 0.8)",
    "missed": "missed gold statements",
    "spurious": "spurious statements (found, not in the gold)",
    "event missed": "missed gold events",
    "event type": "mistyped events (found at the gold trigger, another PLOVER type)",
    "event actor": "events with the wrong actor (right type)",
    "event spurious": "spurious events (found, not in the gold)",
}

Part = tuple[int, int]
T = TypeVar("T")


# ---------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class GoldStatement:
    speaker: str  # canonical name
    speaker_type: str | None
    speaker_mention: str | None
    cue: str | None
    content: str
    more_content: tuple[str, ...] = ()  # later parts of a quotation that goes on
    occurrence: int = 1  # which occurrence of ``content`` in the text is meant


@dataclass(frozen=True)
class GoldEvent:
    type: str  # PLOVER type
    subtype: str | None  # arms subtype (PURCHASE, TEST, ...)
    actor: str | None
    recipient: str | None  # one or more names, separated by commas, semicolons or `and`
    item: str | None
    trigger: str
    sentence: str | None  # a distinctive part of the sentence
    occurrence: int = 1  # which occurrence of ``trigger`` in the text is meant

    @property
    def plover_type(self) -> str:
        return ARMS_SUBTYPES.get(self.subtype or "", self.type)


@dataclass(frozen=True)
class NewsArticle:
    id: str
    text: str
    statements: tuple[GoldStatement, ...]
    events: tuple[GoldEvent, ...]
    line: int  # in the gold file


def load_news(path: str | Path) -> list[NewsArticle]:
    """Read the gold articles (a JSONL file, or the folder holding dev.gold.jsonl), in file order."""
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.is_file():
        raise InputError(str(path), "no news gold file here", f"pass {GOLD_FILE} (or the folder holding it) with --data")
    if not path.name.lower().endswith((".jsonl", ".ndjson")):  # the articles are read as `extract` reads this name
        raise InputError(str(path), "is not named as JSON Lines", "give the gold file a .jsonl name")
    articles: list[NewsArticle] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(where, f"not valid JSON ({err.msg} at column {err.colno})", "fix the gold file") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or obj.get("id") in (None, ""):
            raise InputError(where, "is not a gold article with an id and a text", "fix the gold file")
        article_id = str(obj["id"])
        if article_id in seen:
            raise InputError(where, f"repeats the article id {article_id!r}", "give every article its own id")
        seen.add(article_id)
        try:
            statements = tuple(_gold_statement(s) for s in obj.get("statements") or ())
            events = tuple(_gold_event(e) for e in obj.get("events") or ())
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(where, f"has a statement or event the scorer cannot read ({err!r})", "see GUIDE.md") from None
        articles.append(NewsArticle(article_id, obj["text"], statements, events, number))
    return articles


def _gold_statement(s: dict[str, Any]) -> GoldStatement:
    return GoldStatement(
        speaker=s["speaker"],
        speaker_type=s.get("speaker_type"),
        speaker_mention=s.get("speaker_mention"),
        cue=s.get("cue"),
        content=s["content"],
        more_content=tuple(s.get("more_content") or ()),
        occurrence=max(1, int(s.get("occurrence") or 1)),
    )


def _gold_event(e: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        type=e["type"],
        subtype=e.get("subtype"),
        actor=e.get("actor"),
        recipient=e.get("recipient"),
        item=e.get("item"),
        trigger=e.get("trigger") or "",
        sentence=e.get("sentence"),
        occurrence=max(1, int(e.get("occurrence") or 1)),
    )


# ---------------------------------------------------------------------------- names


def fold(name: str | None) -> str:
    """A name as the scorer compares it: ASCII, lower case, no possessive `'s`, words only, no leading `the`."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    ascii_name = re.sub(r"['’`]s\b", "", ascii_name)
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name).strip()
    return re.sub(r"^the ", "", words)


def government_of(name: str | None) -> str | None:
    """The government a name stands for (`Seoul` -> south korea), or None."""
    return _GOVERNMENT_OF.get(fold(name))


def same_entity(name: str | None, entity_type: str | None, gold: str | None, gold_type: str | None) -> bool:
    """Does a predicted entity (its name and type; an event argument has no type) name the gold entity?

    Equal folded names always do. Otherwise an anonymous source or a group is right by its type; a
    government by its country (any name of its group); a person by the surname and at least two
    words of the gold name (its only word, if it has one), so a bare surname is not a resolved
    speaker; anything else when its content words are gold's or the names are nearly the same.
    """
    found, wanted = fold(name), fold(gold)
    if not found or not wanted:
        return False
    if found == wanted:
        return True
    if gold_type in ("anonymous", "group"):
        return entity_type == gold_type
    if gold_type == "government" or entity_type in GOVERNMENT_TYPES:
        country = government_of(found)
        return country is not None and country == government_of(wanted)
    found_words, wanted_words = found.split(), wanted.split()
    if gold_type == "person":
        shared = len(set(found_words) & set(wanted_words))
        return found_words[-1] == wanted_words[-1] and shared >= min(2, len(wanted_words))
    found_content = [w for w in found_words if w not in NAME_FILLERS]
    wanted_content = [w for w in wanted_words if w not in NAME_FILLERS]
    if (
        found_content
        and set(found_content) <= set(wanted_content)
        and len(found_content) >= min(2, len(wanted_content))
    ):
        return True
    return SequenceMatcher(None, found, wanted).ratio() >= SIMILAR_NAME


def _argument_names(gold: str, argument: EventArg) -> bool:
    """An event argument names a gold actor or recipient: as a government or organisation, or as a person."""
    as_kind = "government" if government_of(gold) else "organization"
    return same_entity(argument.name, None, gold, as_kind) or same_entity(argument.name, None, gold, "person")


def _same_item(found: str, gold: str) -> bool:
    a, b = fold(found), fold(gold)
    return bool(found) and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= SIMILAR_ITEM)


# ---------------------------------------------------------------------------- spans


def _locate(text: str, what: str | None, occurrence: int = 1) -> Part | None:
    """The ``occurrence``-th place of ``what`` in ``text``, or None."""
    if not what:
        return None
    at = -1
    for _ in range(occurrence):
        at = text.find(what, at + 1)
        if at < 0:
            return None
    return at, at + len(what)


def _gold_content(text: str, gold: GoldStatement) -> frozenset[int]:
    """The characters of a gold content: its first part, and each later part found after it."""
    first = _locate(text, gold.content, gold.occurrence)
    if first is None:
        return frozenset()
    parts = [first]
    for more in gold.more_content:
        at = text.find(more, first[1])
        if at >= 0:
            parts.append((at, at + len(more)))
    return _characters(parts)


def _found_content(statement: Statement) -> frozenset[int]:
    content = statement.content
    return _characters(content.parts or ((content.start, content.end),))


def _characters(parts: Iterable[Part]) -> frozenset[int]:
    return frozenset(i for start, end in parts for i in range(start, end))


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _best_first(candidates: Iterable[tuple[T, int, int]]) -> list[tuple[int, int, T]]:
    """One-to-one (gold, found, score) pairs from (score, gold, found) candidates, best first.

    Ties go to the later gold item, then the later found one: the order of the reference scorer,
    which sorts the candidate tuples in reverse; any fixed order would do, but the figures must agree.
    """
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for value, g, f in sorted(candidates, reverse=True):
        if g not in used_gold and f not in used_found:
            used_gold.add(g)
            used_found.add(f)
            pairs.append((g, f, value))
    return pairs


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Mistake:
    """One thing the extraction got wrong, as a line to read: ``kind`` is a key of MISTAKE_KINDS (on
    the sample corpus, one of ``sample.SAMPLE_MISTAKE_KINDS``)."""

    kind: str
    article: str
    detail: str

    def __str__(self) -> str:
        return f"{self.article}: {self.detail}"


@dataclass(frozen=True)
class NewsReport:
    """Micro-averaged over the articles. Counts, as ``Score(matched, gold, predicted)``:

    statements: found (content Dice >= 0.5, one-to-one best first); full_statements: found with the
    right speaker entity and content Dice >= 0.8; events: found with the gold PLOVER type;
    events_actor: and the right actor; full_events: and the right recipient and item where gold
    has them. ``speaker_right`` and ``type_right`` count statements found.
    """

    articles: int
    statements: Score
    speaker_right: int
    type_right: int
    full_statements: Score
    events: Score
    events_actor: Score
    full_events: Score
    unplaced_statements: int = 0  # gold whose content is not in the text: left out, as the reference scorer does
    unplaced_events: int = 0  # gold whose trigger is not in the text: likewise
    missing_records: tuple[str, ...] = ()  # articles without a record (extraction failed): scored as empty
    problems: tuple[Problem, ...] = field(default=(), compare=False)  # why, as the reader or the extraction said
    mistakes: tuple[Mistake, ...] = field(default=(), compare=False)

    @property
    def speaker_accuracy(self) -> float:
        """Percent of the statements found whose speaker is the gold entity (rounded as reported)."""
        return _percent(self.speaker_right, self.statements.matched)

    @property
    def type_accuracy(self) -> float:
        return _percent(self.type_right, self.statements.matched)

    @property
    def event_actor_accuracy(self) -> float:
        """Percent of the typed events found whose actor is right."""
        return _percent(self.events_actor.matched, self.events.matched)

    @property
    def failed(self) -> int:
        return len(self.missing_records)

    def mistakes_of(self, kind: str, limit: int | None = None) -> list[Mistake]:
        found = [m for m in self.mistakes if m.kind == kind]
        return found if limit is None else found[:limit]

    def figures(self) -> dict[str, Any]:
        """The figures under the reference scorer's names, in percent rounded to one decimal."""
        return {
            "statements_prf": _prf(self.statements),
            "speaker_acc": self.speaker_accuracy,
            "speaker_type_acc": self.type_accuracy,
            "full_statements_prf": _prf(self.full_statements),
            "events_typed_prf": _prf(self.events),
            "event_actor_acc": self.event_actor_accuracy,
            "events_typed_actor_prf": _prf(self.events_actor),
            "full_events_prf": _prf(self.full_events),
        }

    def counts(self) -> dict[str, int]:
        """The counts under the reference scorer's names."""
        return {
            "g_st": self.statements.gold,
            "p_st": self.statements.predicted,
            "m_st": self.statements.matched,
            "spk": self.speaker_right,
            "typ": self.type_right,
            "full": self.full_statements.matched,
            "g_ev": self.events.gold,
            "p_ev": self.events.predicted,
            "m_ev_typed": self.events.matched,
            "m_ev_actor": self.events_actor.matched,
            "m_ev_full": self.full_events.matched,
        }

    def to_dict(self, errors: int = 0) -> dict[str, Any]:
        """The reference scorer's summary (``--json``), with the failures; ``errors``: up to that many mistakes of each kind."""
        figures = {name: list(v) if isinstance(v, tuple) else v for name, v in self.figures().items()}
        out: dict[str, Any] = {
            "counts": self.counts(),
            **figures,
            "articles_missing_from_output": list(self.missing_records),
            "articles": self.articles,
            "failed": self.failed,
            "problems": [p.message for p in self.problems],
            "unplaced_gold": {"statements": self.unplaced_statements, "events": self.unplaced_events},
        }
        if errors:
            out["errors"] = {kind: [str(m) for m in self.mistakes_of(kind, errors)] for kind in MISTAKE_KINDS}
        return out

    def summary_line(self) -> str:
        """One line, in the reference scorer's format (its last line)."""
        f = self.figures()
        st, full, ev, eva, evf = (f[k] for k in ("statements_prf", "full_statements_prf", "events_typed_prf",
                                                  "events_typed_actor_prf", "full_events_prf"))
        return (
            f"news statements P {st[0]} R {st[1]} F1 {st[2]} | speaker {f['speaker_acc']} type {f['speaker_type_acc']} | "
            f"full-statements F1 {full[2]} | events-typed F1 {ev[2]} actor {f['event_actor_acc']} "
            f"typed+actor F1 {eva[2]} | full-events F1 {evf[2]}"
        )

    def table(self) -> str:
        def row(label: str, s: Score) -> str:
            p, r, f1 = _prf(s)
            return f"{label:<20}{p:>7.1f}{r:>7.1f}{f1:>7.1f}{s.matched:>7}{s.gold:>7}{s.predicted:>7}"

        lines = [
            f"{'':<20}{'P':>7}{'R':>7}{'F1':>7}{'right':>7}{'gold':>7}{'pred':>7}",
            row("statements", self.statements),
            row("full statements", self.full_statements),
            row("events typed", self.events),
            row("events typed+actor", self.events_actor),
            row("full events", self.full_events),
            "",
            f"speaker entity right {self.speaker_accuracy:.1f}%, type right {self.type_accuracy:.1f}% "
            f"(of {self.statements.matched} statements found)",
            f"event actor right {self.event_actor_accuracy:.1f}% (of {self.events.matched} typed events found)",
            f"{self.articles} articles, {self.failed} failed",
        ]
        if self.missing_records:
            lines.append(f"failed (scored as empty): {', '.join(self.missing_records)}")
            lines += problem_lines(self.problems)
        if self.unplaced_statements or self.unplaced_events:
            lines.append(
                f"gold not found in its text (left out, as the reference scorer does): "
                f"{self.unplaced_statements} statements, {self.unplaced_events} events"
            )
        return "\n".join(line.rstrip() for line in lines)

    format_table = table  # the name the other evaluators' reports use

    def errors(self, limit: int) -> str:
        """Up to ``limit`` mistakes of each kind, under a heading per kind."""
        blocks = []
        for kind, heading in MISTAKE_KINDS.items():
            found = self.mistakes_of(kind)
            if not found:
                continue
            shown = found[:limit]
            more = f", {len(shown)} shown" if len(shown) < len(found) else ""
            blocks.append("\n".join([f"== {heading}: {len(found)}{more}", *(f"  {m}" for m in shown)]))
        return "\n\n".join(blocks)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _prf(s: Score) -> tuple[float, float, float]:
    """Precision, recall and F1 in percent rounded to one decimal, as the reference scorer reports them."""
    return round(100 * s.precision, 1), round(100 * s.recall, 1), round(100 * s.f1, 1)


def score_news(
    gold: Iterable[NewsArticle],
    predicted: Mapping[str, ArticleRecord],
    *,
    problems: Iterable[Problem] = (),
) -> NewsReport:
    """Score ``predicted`` records (by article id) against the gold articles; see NewsReport."""
    tally = _Tally()
    articles = 0
    missing = []
    for doc in gold:
        articles += 1
        record = predicted.get(doc.id)
        if record is None:
            missing.append(doc.id)
        elif record.article.text != doc.text:
            raise ValueError(
                f"{doc.id}: the record's text differs from the gold text, so its offsets cannot be "
                "compared; extract from the gold file's text"
            )
        _score_statements(doc, record.statements if record else (), tally)
        _score_events(doc, record.events if record else (), tally)
    return NewsReport(
        articles=articles,
        statements=Score(tally.statements, tally.gold_statements, tally.found_statements),
        speaker_right=tally.speaker_right,
        type_right=tally.type_right,
        full_statements=Score(tally.full_statements, tally.gold_statements, tally.found_statements),
        events=Score(tally.events, tally.gold_events, tally.found_events),
        events_actor=Score(tally.events_actor, tally.gold_events, tally.found_events),
        full_events=Score(tally.full_events, tally.gold_events, tally.found_events),
        unplaced_statements=tally.unplaced_statements,
        unplaced_events=tally.unplaced_events,
        missing_records=tuple(missing),
        problems=tuple(problems),
        mistakes=tuple(tally.mistakes),
    )


@dataclass
class _Tally:
    gold_statements: int = 0
    found_statements: int = 0
    statements: int = 0
    speaker_right: int = 0
    type_right: int = 0
    full_statements: int = 0
    gold_events: int = 0
    found_events: int = 0
    events: int = 0
    events_actor: int = 0
    full_events: int = 0
    unplaced_statements: int = 0
    unplaced_events: int = 0
    mistakes: list[Mistake] = field(default_factory=list)


def _score_statements(doc: NewsArticle, statements: Sequence[Statement], tally: _Tally) -> None:
    gold = []
    for g in doc.statements:
        characters = _gold_content(doc.text, g)
        if characters:
            gold.append((g, characters))
        else:
            tally.unplaced_statements += 1
    found = [_found_content(s) for s in statements]
    tally.gold_statements += len(gold)
    tally.found_statements += len(statements)
    candidates = []
    for gi, (_, gold_content) in enumerate(gold):
        for si, content in enumerate(found):
            dice = _dice(gold_content, content)
            if dice >= STATEMENT_MATCH:
                candidates.append((dice, gi, si))
    pairs = _best_first(candidates)
    for gi, si, dice in pairs:
        g, s = gold[gi][0], statements[si]
        entity: EntityRef | None = s.speaker_entity
        name, kind = (entity.name, entity.type) if entity else (None, None)
        right = same_entity(name, kind, g.speaker, g.speaker_type)
        tally.statements += 1
        tally.speaker_right += right
        tally.type_right += TYPE_GROUP.get(kind or "") == TYPE_GROUP.get(g.speaker_type or "")
        if right and dice >= FULL_MATCH:
            tally.full_statements += 1
        elif not right:
            mention = s.speaker.text if s.speaker else None
            tally.mistakes.append(Mistake(
                "speaker", doc.id,
                f"gold {g.speaker!r}/{g.speaker_type} ({g.speaker_mention!r}) got {name!r}/{kind} ({mention!r}): "
                f"{_excerpt(g.content)}",
            ))
        else:
            tally.mistakes.append(Mistake(
                "content", doc.id, f"dice {dice:.2f}: gold {_excerpt(g.content)} got {_excerpt(s.content.text)}"
            ))
    matched_gold = {gi for gi, _, _ in pairs}
    matched_found = {si for _, si, _ in pairs}
    for gi, (g, _) in enumerate(gold):
        if gi not in matched_gold:
            tally.mistakes.append(Mistake(
                "missed", doc.id, f"{g.speaker!r} ({g.speaker_mention!r}) {g.cue!r}: {_excerpt(g.content)}"
            ))
    for si, s in enumerate(statements):
        if si not in matched_found:
            who = s.speaker_name
            tally.mistakes.append(Mistake(
                "spurious", doc.id, f"{who!r} {s.cue.text!r}: {_excerpt(s.content.text)}"
            ))


def _score_events(doc: NewsArticle, events: Sequence[Event], tally: _Tally) -> None:
    gold = []
    for g in doc.events:
        trigger = _locate(doc.text, g.trigger, g.occurrence)
        if trigger is None:
            tally.unplaced_events += 1
            continue
        gold.append((g, trigger, _locate(doc.text, g.sentence)))
    tally.gold_events += len(gold)
    tally.found_events += len(events)
    candidates = []
    for gi, (g, trigger, sentence) in enumerate(gold):
        for ei, e in enumerate(events):
            if e.trigger is None:
                continue
            same_type = _plover_type(e) == g.plover_type
            overlap = e.trigger.start < trigger[1] and trigger[0] < e.trigger.end
            in_sentence = sentence is not None and sentence[0] <= e.trigger.start < sentence[1] and same_type
            if overlap or in_sentence:
                candidates.append((2 * same_type + overlap, gi, ei))
    pairs = _best_first(candidates)
    for gi, ei, _ in pairs:
        g, e = gold[gi][0], events[ei]
        if _plover_type(e) != g.plover_type:
            tally.mistakes.append(Mistake(
                "event type", doc.id, f"gold {g.plover_type} got {e.type} at {g.trigger!r}: {_excerpt(g.sentence or '')}"
            ))
            continue
        tally.events += 1
        actor_right = (not g.actor and not e.actors) or any(_argument_names(g.actor or "", a) for a in e.actors)
        tally.events_actor += actor_right
        if not actor_right:
            got = ", ".join(a.name for a in e.actors) or None
            tally.mistakes.append(Mistake(
                "event actor", doc.id, f"{g.plover_type} {g.trigger!r}: gold actor {g.actor!r} got {got!r}"
            ))
        wanted = [r.strip() for r in RECIPIENT_SEPARATOR.split(g.recipient or "") if r.strip()]
        recipient_right = not wanted or any(_argument_names(r, a) for a in e.recipients for r in wanted)
        item_right = not g.item or _same_item(e.item.name if e.item else "", g.item)
        tally.full_events += actor_right and recipient_right and item_right
    matched_gold = {gi for gi, _, _ in pairs}
    matched_found = {ei for _, ei, _ in pairs}
    for gi, (g, _, _) in enumerate(gold):
        if gi not in matched_gold:
            tally.mistakes.append(Mistake(
                "event missed", doc.id, f"{g.plover_type} {g.trigger!r} actor {g.actor!r}: {_excerpt(g.sentence or '')}"
            ))
    for ei, e in enumerate(events):
        if ei not in matched_found:
            trigger = e.trigger.text if e.trigger else None
            actors = ", ".join(a.name for a in e.actors) or None
            tally.mistakes.append(Mistake(
                "event spurious", doc.id, f"{e.type} {trigger!r} actor {actors!r}: {_excerpt(e.evidence.text)}"
            ))


def _plover_type(event: Event) -> str:
    # The reference scorer maps a predicted type that is an arms subtype name; records never carry one.
    return ARMS_SUBTYPES.get(event.type, event.type)


def _excerpt(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


# ---------------------------------------------------------------------------- running


def evaluate_news(
    data: str | Path | None = None,
    *,
    extract: Extract | None = None,
    profile: str | None = None,
    model: str | None = None,
    limit: int | None = None,
) -> NewsReport:
    """Extract every gold article (the first ``limit``, if given) and score it.

    The articles are read from the gold file as ``newsledger extract`` reads a JSONL input, and
    extracted through ``extraction.extract_many`` (``extract`` stands in for it in tests). An article
    that cannot be read or extracted is scored as empty and named in the report with the reason.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be zero or more articles, not {limit}")
    path = Path(data) if data else DEFAULT_NEWS
    if path.is_dir():
        path = path / GOLD_FILE
    gold = load_news(path)
    if limit is not None:
        gold = gold[:limit]
    wanted = {doc.id for doc in gold}
    articles: list[Article] = []
    unread: list[Problem] = []
    for item in read_articles([str(path)]):
        if isinstance(item, Problem):
            unread.append(item)
        elif item.id in wanted:
            articles.append(item)
    predicted, problems = run_extraction(articles, extract, model, profile)
    return score_news(gold, predicted, problems=[*unread, *problems])
