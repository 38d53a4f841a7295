"""``FoundStatement``: a statement as the rules find it, before its speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundStatement:
    """A statement before speaker resolution: character spans into ``doc.text``."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    speaker_head: int | None  # token index of the speaker phrase's head
    content_parts: tuple[tuple[int, int], ...]
    kind: str
    addressee: tuple[int, int] | None
    confidence: float
    # The phrase to resolve the speaker from, when it differs from ``speaker`` (the span recorded):
    # the accurate profile keeps the tagger's span but names the speaker from the parse's phrase.
    resolve_from: tuple[tuple[int, int], int] | None = None

    @property
    def content(self) -> tuple[int, int]:
        return self.content_parts[0][0], self.content_parts[-1][1]

    @property
    def resolution(self) -> tuple[tuple[int, int], int | None]:
        """The span and head token that name the speaker."""
        if self.resolve_from is not None:
            return self.resolve_from
        return self.speaker, self.speaker_head
