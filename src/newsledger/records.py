"""The records newsledger produces, all in one place: small, typed, immutable.

Every offset is a Python string index into ``Article.text``, the text exactly as read.
``ArticleRecord.to_dict`` / ``from_dict`` are the one serialisation of the JSONL record format
documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATEMENT_KINDS = ("direct", "indirect", "mixed")
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


@dataclass(frozen=True)
class Article:
    """One article as read: the text every offset points into, and its metadata."""

    id: str
    text: str
    source: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_entity": self.speaker_entity.to_dict() if self.speaker_entity else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "kind": self.kind,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "confidence": round(self.confidence, 3),
        }


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
            "mentions": [list(m) for m in self.mentions],
        }


@dataclass(frozen=True)
class Problem:
    """An input that could not be processed, and why. Batches record these; nothing is dropped silently."""

    source: str
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ArticleRecord:
    """Everything extracted from one article."""

    article: Article
    ignored: tuple[IgnoredSpan, ...] = ()
    statements: tuple[Statement, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "source": a.source,
            "title": a.title,
            "published": a.published,
            "url": a.url,
            "text": a.text,
            "ignored": [[i.start, i.end, i.reason] for i in self.ignored],
            "statements": [s.to_dict() for s in self.statements],
            "entities": [e.to_dict() for e in self.entities],
            "events": list(self.events),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleRecord:
        article = Article(
            id=d["id"],
            text=d["text"],
            source=d["source"],
            title=d.get("title"),
            published=d.get("published"),
            url=d.get("url"),
        )
        statements = tuple(
            Statement(
                id=s["id"],
                speaker=Span.from_dict(s["speaker"]),
                speaker_entity=EntityRef(**s["speaker_entity"]) if s["speaker_entity"] else None,
                cue=Span.from_dict(s["cue"]),
                content=Content(
                    s["content"]["start"],
                    s["content"]["end"],
                    s["content"]["text"],
                    tuple(tuple(p) for p in s["content"].get("parts", [])),
                ),
                kind=s["kind"],
                addressee=Span.from_dict(s.get("addressee")),
                confidence=s.get("confidence", 1.0),
            )
            for s in d.get("statements", [])
        )
        entities = tuple(
            Entity(
                id=e["id"],
                name=e["name"],
                type=e["type"],
                aliases=tuple(e.get("aliases", [])),
                title=e.get("title"),
                affiliation=e.get("affiliation"),
                mentions=tuple(tuple(m) for m in e.get("mentions", [])),
            )
            for e in d.get("entities", [])
        )
        return cls(
            article=article,
            ignored=tuple(IgnoredSpan(*i) for i in d.get("ignored", [])),
            statements=statements,
            entities=entities,
            events=tuple(d.get("events", [])),
        )
