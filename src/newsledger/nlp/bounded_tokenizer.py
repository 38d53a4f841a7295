"""spaCy's tokenizer, kept linear on long runs of characters without whitespace.

spaCy peels prefixes and suffixes off each whitespace-free run one at a time, searching the rest
of the run each time, so a run of n quotation marks, brackets or ``$`` signs costs O(n^2):
4,000 of them take a second, a million would take hours. Such runs are cut into pieces of at
most ``2 * PIECE`` characters, each tokenized on its own; a token never crosses a cut, and the
text and every offset stay exactly as given. Text without such runs is tokenized by spaCy alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc

PIECE = 100  # a cut falls at least this far from the one before it
LONG_RUN = 2 * PIECE  # a whitespace-free run longer than this is cut; real tokens (URLs too) are shorter
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


class BoundedTokenizer:
    """Wraps a spaCy ``Tokenizer``; everything but ``__call__`` is the wrapped tokenizer's."""

    def __init__(self, tokenizer: Callable[[str], Doc]):
        self.tokenizer = tokenizer

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        cuts = list(_cuts(text))
        if not cuts:
            return self.tokenizer(text)
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[a:b]) for a, b in zip(bounds, bounds[1:])]
        return Doc.from_docs(pieces, ensure_whitespace=False)

    def pipe(self, texts, batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


def _cuts(text: str) -> Iterator[int]:
    """Offsets inside long runs where the text is cut, preferring a cut between two characters
    that are not letters or digits (where spaCy would split anyway)."""
    for run in _LONG_RUN.finditer(text):
        start, end = run.span()
        last = start
        while end - last > 2 * PIECE:
            cut = next(
                (
                    i
                    for i in range(last + PIECE, last + 2 * PIECE)
                    if not text[i - 1].isalnum() and not text[i].isalnum()
                ),
                last + PIECE,
            )
            yield cut
            last = cut
