"""From tokens to the character spans a statement records, and what kind of statement its
content makes (direct, mixed, indirect) by the quotations it overlaps."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..quotes import IndexedQuotes, Quote


def quote_containing(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The quotation that holds ``start:end``, if any."""
    if isinstance(quotes, IndexedQuotes):
        return quotes.containing(start, end)
    return next((q for q in quotes if q.contains(start, end)), None)


def span_chars(tokens: list[Token]) -> tuple[int, int]:
    """The characters from the first token to the end of the last."""
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def subtree_indices(tok: Token, exclude: set[int] = frozenset()) -> set[int]:
    """The token indices of ``tok``'s subtree, without the subtrees of the tokens in ``exclude``."""
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude:
            continue
        out.add(t.i)
        stack.extend(t.children)
    return out


def runs(doc: Doc, indices: set[int]) -> list[tuple[int, int]]:
    """Contiguous token runs (as char spans) of a token set, without spaces, edge punctuation or a
    conjunction at either edge ("But ...", "... and"); tokens apart only by spaces within a line
    are one run."""
    found: list[list[Token]] = []
    for i in sorted(indices):
        tok = doc[i]
        if found and all(doc[k].is_space and "\n" not in doc[k].text for k in range(found[-1][-1].i + 1, i)):
            found[-1].append(tok)  # next to it, or apart only by spaces the parse left out (no-break spaces)
        else:
            found.append([tok])
    spans = []
    for run in found:
        while run and (run[0].is_space or run[0].is_punct and run[0].text in ",;:—–-" or run[0].dep_ == "cc"):
            run = run[1:]
        while run and (run[-1].is_space or run[-1].is_punct and run[-1].text in ",;:—–-." or run[-1].dep_ == "cc"):
            run = run[:-1]  # edge spaces and punctuation, and a conjunction left dangling ("... and")
        if run:
            spans.append(span_chars(run))
    return spans


def trim_trailing(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without the spaces and the commas, semicolons or colons that end it."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def kind_of(parts: list[tuple[int, int]] | tuple[tuple[int, int], ...], quotes: list[Quote]) -> str:
    """direct: the content is inside one quotation; mixed: a quotation is part of it; else indirect."""
    if quote_containing(quotes, parts[0][0], parts[-1][1]) is not None:
        return "direct"
    if isinstance(quotes, IndexedQuotes):
        mixed = any(quotes.overlapping(s, e) for s, e in parts)
    else:
        mixed = any(q.overlaps(s, e) for q in quotes for s, e in parts)
    return "mixed" if mixed else "indirect"
