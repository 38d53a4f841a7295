"""An article's text as HTML with its statements, events and debris highlighted.

The text is hostile: it is split at every span boundary and each piece is escaped on its own;
no raw text ever reaches the page. Overlapping spans are nested inside each piece, so the
markup is always balanced, however the spans overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from newsledger.records import ArticleRecord, Statement

# Outer layers first: an event's sentence holds statements, a content holds another's speaker and cue.
NESTING = ("event", "ignored", "content", "speaker", "cue")


@dataclass(frozen=True)
class Layer:
    """One highlighted span: its CSS class, and the anchor id its first piece carries."""

    start: int
    end: int
    css: str
    anchor: str | None = None
    title: str | None = None


def record_layers(record: ArticleRecord) -> list[Layer]:
    """The spans of a record to highlight: debris, event evidence, and each statement's speaker, cue and content."""
    layers = [Layer(i.start, i.end, "ignored", title=f"ignored: {i.reason}") for i in record.ignored]
    for event in record.events:
        what = event.subtype or event.type
        layers.append(Layer(event.evidence.start, event.evidence.end, "event", event.id, f"{event.id}: {what}, {event.modality}"))
    for statement in record.statements:
        layers.extend(_statement_layers(statement))
    return layers


def _statement_layers(statement: Statement) -> list[Layer]:
    who = statement.speaker_entity.name if statement.speaker_entity else (statement.speaker.text if statement.speaker else "?")
    title = f"{statement.id}: {who}, {statement.kind}"
    layers = []
    if statement.speaker is not None:
        layers.append(Layer(statement.speaker.start, statement.speaker.end, "speaker", title=title))
    layers.append(Layer(statement.cue.start, statement.cue.end, "cue", title=title))
    content = statement.content
    parts = content.parts or ((content.start, content.end),)
    for number, (start, end) in enumerate(parts):
        # The statement's anchor goes on its first content piece, so a link lands on what was said.
        layers.append(Layer(start, end, "content", statement.id if number == 0 else None, title))
    return layers


def highlight(text: str, layers: list[Layer]) -> Markup:
    """``text`` as escaped HTML, each layer a ``<span class=...>`` around its stretch of the text."""
    kept = []
    for layer in layers:
        start, end = max(0, layer.start), min(len(text), layer.end)
        if start < end:
            kept.append(Layer(start, end, layer.css, layer.anchor, layer.title))
    kept.sort(key=lambda layer: (NESTING.index(layer.css) if layer.css in NESTING else len(NESTING), layer.start, -layer.end))
    bounds = sorted({0, len(text)} | {layer.start for layer in kept} | {layer.end for layer in kept})
    anchored: set[str] = set()
    pieces: list[str] = []
    for start, end in pairwise(bounds):
        active = [layer for layer in kept if layer.start <= start and end <= layer.end]
        for layer in active:
            pieces.append(_open(layer, start, anchored))
        pieces.append(str(escape(text[start:end])))
        pieces.append("</span>" * len(active))
    return Markup("".join(pieces))


def _open(layer: Layer, start: int, anchored: set[str]) -> str:
    attributes = f' class="{escape(layer.css)}"'
    if layer.anchor is not None and layer.start == start and layer.anchor not in anchored:
        anchored.add(layer.anchor)  # an id is given once, even if a record repeats one
        attributes += f' id="{escape(layer.anchor)}"'
    if layer.title:
        attributes += f' title="{escape(layer.title)}"'
    return f"<span{attributes}>"
