"""The records newsledger produces, all in one place: small, typed, immutable.

Every offset is a Python string index into ``Article.text``, the text exactly as read.
A record's ``to_dict`` (and ``from_dict``, where it is read back) is its one serialisation; ``ArticleRecord``'s,
made of them, is the JSONL record format documented in the README. The flat tables made of records
are in ``newsledger.rows``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

STATEMENT_KINDS = ("direct", "indirect", "mixed")
MODALITIES = ("asserted", "planned", "hoped", "negated", "hypothetical", "denied")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "CONCEDE", "RETREAT",
)
# The arms-transfer layer, each under the PLOVER type it belongs to.
ARMS_SUBTYPES = {
    "PURCHASE": "COOPERATE",
    "ORDER": "COOPERATE",
    "DELIVER": "AID",
    "PRODUCE_UNDER_LICENCE": "COOPERATE",
    "TEST": "MOBILIZE",
    "DEPLOY": "MOBILIZE",
    "WITHDRAW": "RETREAT",
    "NEGOTIATE": "CONSULT",
}
TRANSFER_STATUSES = ("negotiating", "ordered", "delivering", "delivered", "cancelled")
ENTITY_TYPES = (
    "person",
    "organization",
    "government",
    "anonymous",
    "group",
    "document",
    "unknown",
    "country",
    "location",
    "weapon_system",
)

CONFIDENCE_DIGITS = 3  # a record's confidence is written with this many decimals


def round_confidence(confidence: float) -> float:
    """A confidence as a record's JSON has it (and the ledger stores it): to ``CONFIDENCE_DIGITS`` decimals."""
    return round(confidence, CONFIDENCE_DIGITS)


@dataclass(frozen=True)
class Article:
    """One article as read: the text every offset points into, and its metadata."""

    id: str
    text: str
    source: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(d["id"], d["text"], d["source"], d.get("title"), d.get("published"), d.get("url"))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        return None if d is None else cls(d["start"], d["end"], d["text"])


@dataclass(frozen=True)
class IgnoredSpan:
    """A stretch of the text that is page debris (embed codes, stray headings), not prose."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Content:
    """What was said. ``parts`` is non-empty only when the content is discontinuous."""

    start: int
    end: int
    text: str
    parts: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "parts": [list(p) for p in self.parts],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Content:
        return cls(d["start"], d["end"], d["text"], tuple(tuple(p) for p in d.get("parts", [])))


@dataclass(frozen=True)
class EntityRef:
    """The resolved speaker of a statement, as stored with it."""

    id: str
    name: str
    type: str
    title: str | None = None
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "affiliation": self.affiliation,
        }


@dataclass(frozen=True)
class Statement:
    id: str
    speaker: Span | None
    speaker_entity: EntityRef | None
    cue: Span
    content: Content
    kind: str  # direct | indirect | mixed
    addressee: Span | None = None
    confidence: float = 1.0

    @property
    def speaker_name(self) -> str | None:
        """Who said it: the resolved speaker's name, else the speaker as written; None when unknown."""
        if self.speaker_entity is not None:
            return self.speaker_entity.name
        return self.speaker.text if self.speaker else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_entity": self.speaker_entity.to_dict() if self.speaker_entity else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "kind": self.kind,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "confidence": round_confidence(self.confidence),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Statement:
        return cls(
            id=d["id"],
            speaker=Span.from_dict(d["speaker"]),
            speaker_entity=EntityRef(**d["speaker_entity"]) if d["speaker_entity"] else None,
            cue=Span.from_dict(d["cue"]),
            content=Content.from_dict(d["content"]),
            kind=d["kind"],
            addressee=Span.from_dict(d.get("addressee")),
            confidence=d.get("confidence", 1.0),
        )


@dataclass(frozen=True)
class Entity:
    """Something an article talks about, with every mention of it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    affiliation: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()
    as_of: str | None = None  # the date the title and affiliation were held: the article's publication date

    def ref(self) -> EntityRef:
        return EntityRef(self.id, self.name, self.type, self.title, self.affiliation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "title": self.title,
            "affiliation": self.affiliation,
            "as_of": self.as_of,
            "mentions": [list(m) for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d.get("aliases", [])),
            title=d.get("title"),
            affiliation=d.get("affiliation"),
            mentions=tuple(tuple(m) for m in d.get("mentions", [])),
            as_of=d.get("as_of"),
        )


@dataclass(frozen=True)
class EventArg:
    """An actor, recipient or place of an event: the entity it links to, by its canonical name."""

    id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EventArg | None:
        return None if d is None else cls(d["id"], d["name"])


@dataclass(frozen=True)
class EventItem:
    """What changed hands or was used: a weapon system, and how many when the text says."""

    id: str
    name: str
    quantity: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "quantity": self.quantity}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EventItem | None:
        return None if d is None else cls(d["id"], d["name"], d.get("quantity"))


@dataclass(frozen=True)
class EventTime:
    """When: the words as written and their normalised value (`2019-11-26`, `2020-H1`, `2019-W47`).
    ``inferred`` says the year came from evidence in the text, not from the publication date."""

    text: str
    value: str | None
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "inferred": self.inferred}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EventTime | None:
        return None if d is None else cls(d["text"], d.get("value"), d.get("inferred", False))


@dataclass(frozen=True)
class Event:
    """Who did what to whom, with what, where and when, as one article reports it."""

    id: str
    type: str  # PLOVER type
    subtype: str | None  # arms-transfer type (PURCHASE, DELIVER, TEST, ...)
    mode: str | None  # PLOVER mode
    actors: tuple[EventArg, ...]
    recipients: tuple[EventArg, ...]
    item: EventItem | None
    location: EventArg | None
    time: EventTime | None
    modality: str  # asserted | planned | hoped | negated | hypothetical | denied
    evidence: Span
    statement_id: str | None = None
    confidence: float = 1.0
    trigger: Span | None = None
    # Arms transfers: whether the actors are the supplier or the buyer (`sold` vs `bought`).
    actor_role: str | None = None

    @property
    def action(self) -> str:
        """What happened: the arms-transfer subtype when there is one, else the PLOVER type."""
        return self.subtype or self.type

    def summary(self) -> str:
        """The event in one line, as a reader would say it: who, what, with what, to whom, where
        (``Turkey deliver S-400 to Qatar in Ankara``); "?" for an unknown actor."""
        recipients = ", ".join(r.name for r in self.recipients)
        parts = (
            ", ".join(a.name for a in self.actors) or "?",
            self.action.replace("_", " ").lower(),
            self.item.name if self.item else "",
            f"to {recipients}" if recipients else "",
            f"in {self.location.name}" if self.location else "",
        )
        return " ".join(part for part in parts if part)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "subtype": self.subtype,
            "mode": self.mode,
            "actors": [a.to_dict() for a in self.actors],
            "recipients": [r.to_dict() for r in self.recipients],
            "item": self.item.to_dict() if self.item else None,
            "location": self.location.to_dict() if self.location else None,
            "time": self.time.to_dict() if self.time else None,
            "modality": self.modality,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "actor_role": self.actor_role,
            "statement_id": self.statement_id,
            "confidence": round_confidence(self.confidence),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=d["id"],
            type=d["type"],
            subtype=d.get("subtype"),
            mode=d.get("mode"),
            actors=tuple(EventArg.from_dict(a) for a in d.get("actors", [])),
            recipients=tuple(EventArg.from_dict(r) for r in d.get("recipients", [])),
            item=EventItem.from_dict(d.get("item")),
            location=EventArg.from_dict(d.get("location")),
            time=EventTime.from_dict(d.get("time")),
            modality=d["modality"],
            evidence=Span.from_dict(d["evidence"]),
            statement_id=d.get("statement_id"),
            confidence=d.get("confidence", 1.0),
            trigger=Span.from_dict(d.get("trigger")),
            actor_role=d.get("actor_role"),
        )


@dataclass(frozen=True)
class Transfer:
    """One arms-transfer record in the layout of SIPRI's database, built from many events."""

    supplier: EventArg | None
    recipient: EventArg
    item: EventArg
    category: str | None
    sipri_category: str | None
    status: str  # negotiating | ordered | delivering | delivered | cancelled
    order_year: int | None
    delivery_years: tuple[int, ...]
    quantity: int | None
    follow_on: str | None  # status of a further deal under way for the same item (e.g. negotiating)
    evidence: tuple[dict[str, Any], ...]  # {article, event, statement, start, end, text, speaker}

    def to_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier.to_dict() if self.supplier else None,
            "recipient": self.recipient.to_dict(),
            "designation": self.item.name,
            "item": self.item.to_dict(),
            "category": self.category,
            "sipri_category": self.sipri_category,
            "status": self.status,
            "order_year": self.order_year,
            "delivery_years": list(self.delivery_years),
            "quantity": self.quantity,
            "follow_on": self.follow_on,
            "evidence": list(self.evidence),
        }


# The kinds of problem, each with what it means: a batch counts its failures by kind, and the ledger
# and a batch output store it beside the problem's line.
PROBLEM_KINDS = {
    "missing": "no such file or directory",
    "unreadable": "cannot be read or listed (permissions, an OS error)",
    "not_a_file": "not a regular file (a pipe, a device, standard input where files are wanted)",
    "bad_name": "a file name that cannot be stored or shown (not UTF-8, control characters, too long)",
    "wrong_format": "not a kind of input newsledger reads here",
    "empty": "nothing to extract",
    "binary": "a binary file, not text",
    "bad_encoding": "text that is not valid in its encoding",
    "too_large": "over a size limit (bytes, characters, tokens, attributes)",
    "corrupt": "a damaged or truncated file",
    "not_json": "a JSONL line that is not JSON Python can read",
    "bad_field": "a JSON line that is not an article (not an object, no text, a field of the wrong type)",
    "no_article": "no article text in the page or archive",
    "timeout": "extraction took longer than one article may take",
    "extraction_failed": "the extraction raised an error",
    "not_stored": "the ledger refused the record",
    "too_many": "more articles than one upload may add",
    "unfinished": "batch shards not finished",
    "unbalanced_quote": "a quotation mark without its pair (a warning)",
    "bad_input": "an input newsledger cannot use",
    "unknown": "recorded by an older newsledger, as its line alone",
}


class DescribedProblem(Protocol):
    """What ``errors.InputError`` holds (records and errors share the lowest layer, so neither imports the other)."""

    source: str
    problem: str
    fix: str | None
    kind: str


def problem_line(source: str, problem: str, fix: str | None) -> str:
    """The one line a user sees for a problem: ``source: problem; fix`` (as ``InputError`` says it)."""
    line = f"{source}: {problem}"
    return f"{line}; {fix}" if fix else line


@dataclass(frozen=True)
class Problem:
    """An input that could not be processed, and why. Batches record these; nothing is dropped silently.

    ``kind`` (one of ``PROBLEM_KINDS``), ``problem`` and ``fix`` are what went wrong and what to do;
    ``message`` is the line a user sees, made from them (``Problem.of``), so nothing needs to read
    it back. A problem an older newsledger recorded by its line alone (``Problem.legacy``) has
    kind ``unknown`` and no ``problem``. Two problems are equal when their lines are.
    """

    source: str
    message: str
    severity: str = "error"  # error | warning
    kind: str = field(default="unknown", compare=False)
    problem: str | None = field(default=None, compare=False)
    fix: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}; use one of PROBLEM_KINDS")
        if self.problem is not None and self.message != problem_line(self.source, self.problem, self.fix):
            raise ValueError("a problem's message is made from its fields; build it with Problem.of")

    @classmethod
    def of(cls, source: str, problem: str, fix: str | None = None, *, kind: str, severity: str = "error") -> Problem:
        """The problem with these fields, its message made from them."""
        return cls(source, problem_line(source, problem, fix), severity, kind, problem, fix)

    @classmethod
    def from_error(cls, err: DescribedProblem, severity: str = "error") -> Problem:
        """The problem an ``errors.InputError`` describes: its source, problem, fix and kind."""
        return cls.of(err.source, err.problem, err.fix, kind=err.kind, severity=severity)

    @classmethod
    def legacy(cls, source: str, message: str, severity: str = "error") -> Problem:
        """A problem an older newsledger recorded as its line alone (a ledger or batch output written
        before problems had fields): the line is kept as it was, its kind is ``unknown``."""
        return cls(source, message, severity)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ArticleRecord:
    """Everything extracted from one article."""

    article: Article
    ignored: tuple[IgnoredSpan, ...] = ()
    statements: tuple[Statement, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.article.to_dict(),
            "ignored": [[i.start, i.end, i.reason] for i in self.ignored],
            "statements": [s.to_dict() for s in self.statements],
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleRecord:
        return cls(
            article=Article.from_dict(d),
            ignored=tuple(IgnoredSpan(*i) for i in d.get("ignored", [])),
            statements=tuple(Statement.from_dict(s) for s in d.get("statements", [])),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", [])),
            events=tuple(Event.from_dict(e) for e in d.get("events", [])),
        )
