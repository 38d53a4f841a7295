"""Wordpiece windows over an article and BIO labels for gold spans. No torch here.

A window packs whole paragraphs up to ``max_tokens`` wordpieces, so the encoder sees a quotation
with the paragraph around it; a paragraph longer than that is cut after a full stop where one is
near the limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ROLES = ("source", "cue", "content")
O, B, I = 0, 1, 2  # per-role tags
TAGS = ("O", "B", "I")
# Roles whose spans never touch: two cue spans side by side ("then" + "pointed out") are one cue.
JOINED_ROLES = frozenset({"cue"})

Part = tuple[int, int]


@dataclass(frozen=True)
class Window:
    """A run of wordpieces of one article: their character offsets into the article text."""

    ids: tuple[int, ...]
    offsets: tuple[Part, ...]


def tokenize(tokenizer, text: str) -> tuple[list[int], list[Part]]:
    """Wordpiece ids and character offsets of ``text`` (no special tokens)."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    pairs = [(i, o) for i, o in zip(encoded["input_ids"], encoded["offset_mapping"], strict=True) if o[1] > o[0]]
    return [i for i, _ in pairs], [tuple(o) for _, o in pairs]


def windows(tokenizer, text: str, max_tokens: int = 254) -> list[Window]:
    """Cut ``text`` into windows of whole paragraphs of at most ``max_tokens`` wordpieces."""
    ids, offsets = tokenize(tokenizer, text)
    if not ids:
        return []
    # Paragraph starts: a wordpiece preceded by a line break since the last wordpiece.
    paragraphs: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(ids)):
        if "\n" in text[offsets[k - 1][1] : offsets[k][0]]:
            paragraphs.append((start, k))
            start = k
    paragraphs.append((start, len(ids)))

    pieces: list[tuple[int, int]] = []
    for a, b in paragraphs:
        while b - a > max_tokens:
            cut = a + max_tokens
            for k in range(a + max_tokens - 1, a + max_tokens // 2, -1):
                if text[offsets[k][0] : offsets[k][1]] in (".", "?", "!", ";"):
                    cut = k + 1
                    break
            pieces.append((a, cut))
            a = cut
        pieces.append((a, b))

    result: list[Window] = []
    cur_a, cur_b = pieces[0]
    for a, b in pieces[1:]:
        if b - cur_a <= max_tokens:
            cur_b = b
        else:
            result.append(Window(tuple(ids[cur_a:cur_b]), tuple(offsets[cur_a:cur_b])))
            cur_a, cur_b = a, b
    result.append(Window(tuple(ids[cur_a:cur_b]), tuple(offsets[cur_a:cur_b])))
    return result


def outermost(spans: Iterable[Part]) -> list[Part]:
    """The spans not inside another one; of two that cross, the earlier is kept."""
    kept: list[Part] = []
    for s, e in sorted(set(spans), key=lambda p: (p[0], -p[1])):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def labels(window: Window, spans_by_role: dict[str, Sequence[Part]]) -> list[list[int]]:
    """Per wordpiece, one tag per role (O, B or I) from the gold spans."""
    tags = [[O] * len(ROLES) for _ in window.offsets]
    for r, role in enumerate(ROLES):
        for s, e in outermost(spans_by_role.get(role, ())):
            first = True
            for k, (ts, te) in enumerate(window.offsets):
                if ts < e and te > s:
                    tags[k][r] = B if first else I
                    first = False
    return tags


# BIO constraints: I never follows O and never starts a window.
_ALLOWED_FROM = {O: (O, B), B: (O, B, I), I: (O, B, I)}


def best_tags(log_probs: Sequence[Sequence[Sequence[float]]]) -> list[list[int]]:
    """The most probable tag sequence per role that obeys BIO (Viterbi over the per-wordpiece
    log probabilities ``log_probs[k][role][tag]``). Returns ``tags[k][role]``."""
    n = len(log_probs)
    tags = [[O] * len(ROLES) for _ in range(n)]
    if n == 0:
        return tags
    for r in range(len(ROLES)):
        NEG = float("-inf")
        score = [log_probs[0][r][O], log_probs[0][r][B], NEG]
        back: list[tuple[int, int, int]] = []
        for k in range(1, n):
            lp = log_probs[k][r]
            new, ptr = [NEG, NEG, NEG], [O, O, O]
            for prev in (O, B, I):
                if score[prev] == NEG:
                    continue
                for t in _ALLOWED_FROM[prev]:
                    v = score[prev] + lp[t]
                    if v > new[t]:
                        new[t], ptr[t] = v, prev
            score = new
            back.append((ptr[0], ptr[1], ptr[2]))
        t = max((O, B, I), key=lambda x: score[x])
        for k in range(n - 1, -1, -1):
            tags[k][r] = t
            if k:
                t = back[k - 1][t]
    return tags


def decode(window: Window, tags: Sequence[Sequence[int]], probs: Sequence[Sequence[float]] | None = None):
    """Spans per role from per-wordpiece tags: (start, end, mean probability)."""
    found: dict[str, list[tuple[int, int, float]]] = {role: [] for role in ROLES}
    for r, role in enumerate(ROLES):
        current: list[int] | None = None
        for k, row in enumerate(tags):
            tag = row[r]
            if tag == B and current and current[-1] == k - 1 and (role in JOINED_ROLES or _same_word(window, k)):
                tag = I  # a B inside a word continues the word's span; cue words next to each other are one cue
            if tag == B or (tag == I and current is None):
                if current:
                    found[role].append(_span(window, current, probs, r))
                current = [k]
            elif tag == I:
                current.append(k)
            else:
                if current:
                    found[role].append(_span(window, current, probs, r))
                current = None
        if current:
            found[role].append(_span(window, current, probs, r))
    return found


def _same_word(window: Window, k: int) -> bool:
    return window.offsets[k][0] == window.offsets[k - 1][1]


def _span(window: Window, ks: list[int], probs, r: int) -> tuple[int, int, float]:
    p = sum(probs[k][r] for k in ks) / len(ks) if probs is not None else 1.0
    return window.offsets[ks[0]][0], window.offsets[ks[-1]][1], p
