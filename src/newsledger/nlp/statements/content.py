"""What a cue verb reports: its content, found by an ordered table of named rules.

The finder walks ``CONTENT_RULES`` in order for each cue verb. A rule answers None where it does
not apply, and the walk goes on. An answer with parts is the content, and the walk ends. An answer
without parts says that the cue governs a phrase of the kind the rule reads but nothing of it is
content (`criticised` with no object): the rules that read the cue's dependents stop there, and
only the fallback rules, which read the layout of the sentence and paragraph, are still tried.

In order of preference the content is a quotation standing next to the cue clause (`"...," he
said`; `He said: "..."`), the clause the cue governs (`said that ...`), the clause it interrupts
(`The deal, he said, was done`), for some cues an object or prepositional phrase (`announced its
hope ...`, `warned of ...`, `criticised the deal`), and failing all of those the clause that opens
the sentence (`X will happen, the minister said`) or the paragraph set out after a colon.

A new rule is a function from a ``CueContext`` to a ``Content`` or None, placed in ``CONTENT_RULES``
where it ranks, with its own table in ``tests/nlp/statements/test_content_rules.py`` (a test there
fails for a rule without one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from ...knowledge import Knowledge, load_statement_words
from ..quotes import IndexedQuotes, Quote
from .cues import cue_span, framing_preposition, preposition_into_cue
from .lookups import doc_text
from .speakers import SUBJECT_DEPS
from .spans import kind_of, quote_containing, runs, subtree_indices, trim_trailing

CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}


@dataclass(frozen=True)
class CueContext:
    """What the content rules read about one cue verb."""

    cue: Token
    sent: Span
    quotes: list[Quote]
    speaker: list[Token]  # the speaker phrase, empty when the cue has none
    takes: str  # what else the lexicon lets the cue take as content: '', object, about, for
    frames: frozenset[str]  # the dependents that make a framed cue one (`ccomp`, `dobj`, `prep:about`)
    used_quotes: set[int] = field(default_factory=set)  # quotations already reported by a cue of the sentence

    @classmethod
    def of(
        cls, cue: Token, sent: Span, quotes: list[Quote], speaker: list[Token], knowledge: Knowledge,
        frames: frozenset[str] | None = None, used_quotes: set[int] | None = None,
    ) -> CueContext:
        """The context of ``cue``; ``frames``: its content frames when the cue model, not the
        lexicon, made it a cue."""
        lemma = cue.lemma_.lower()
        return cls(
            cue=cue,
            sent=sent,
            quotes=quotes,
            speaker=speaker,
            takes=knowledge.cue_verbs.get(lemma, ""),
            frames=knowledge.cue_frames.get(lemma, frozenset()) if frames is None else frames,
            used_quotes=set() if used_quotes is None else used_quotes,
        )


@dataclass(frozen=True)
class Content:
    """A rule's answer: the content's parts, its kind and how sure the rule is. ``cue`` is the cue
    span when the content's opening preposition joined it (`warned of`), else None; ``rule``, the
    name of the rule that found it (set by ``find_content``)."""

    parts: list[tuple[int, int]]
    kind: str
    confidence: float
    cue: tuple[int, int] | None = None
    rule: str = ""


@dataclass(frozen=True)
class ContentRule:
    """A named row of the rule table: what the rule is called and the function that applies it."""

    name: str
    find: Callable[[CueContext], Content | None]
    fallback: bool = False  # read the sentence's or paragraph's layout: tried even after a rule found nothing


def find_content(ctx: CueContext) -> Content | None:
    """The content of the first rule of ``CONTENT_RULES`` that finds one (see the module's doc)."""
    settled = False
    for rule in CONTENT_RULES:
        if settled and not rule.fallback:
            continue
        content = rule.find(ctx)
        if content is None:
            continue
        if content.parts:
            return replace(content, rule=rule.name)
        settled = True
    return None


# -- a quotation next to the cue clause -----------------------------------------------------------


def _only_marks_between(gap: str, allow_colon: bool = False) -> bool:
    allowed = set(",;—–- \t\n\"”’»“«'`") | ({":"} if allow_colon else set())
    return len(gap) <= 6 and all(ch in allowed for ch in gap)


def quotation_beside(ctx: CueContext) -> Content | None:
    """A quotation right before the cue clause or right after it (`"...," he said`, `He said:
    "..."`), unless the cue has a reported clause of its own outside it. The quotation is then
    used: no later cue of the sentence takes it."""
    cue, speaker, quotes, used = ctx.cue, ctx.speaker, ctx.quotes, ctx.used_quotes
    doc = cue.doc
    text = doc_text(doc)
    clause_tokens = [cue] + speaker
    clause_start = min(t.idx for t in clause_tokens)
    # The cue clause: speaker, cue and the cue's own non-clausal dependents, outside quotes.
    clause_end_tok = cue
    for child in cue.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ == "punct":
            continue
        last = max(subtree_indices(child))
        if not quote_containing(quotes, doc[last].idx, doc[last].idx + 1):
            clause_end_tok = doc[max(clause_end_tok.i, last)]
    for t in speaker:
        if t.i > clause_end_tok.i:
            clause_end_tok = t
    clause_end = clause_end_tok.idx + len(clause_end_tok)

    before = after = None
    # Only quotes within a few characters of the clause can qualify (the gaps are at most 6).
    window = quotes.near(clause_start, clause_end, 6) if isinstance(quotes, IndexedQuotes) else range(len(quotes))
    for n in window:
        q = quotes[n]
        if n in used:
            continue
        gap_before = text[q.end : clause_start]
        if q.end <= clause_start and _only_marks_between(gap_before) and "\n" not in gap_before:
            before = n
        gap_after = text[clause_end : q.start]
        if q.start >= clause_end and _only_marks_between(gap_after, allow_colon=True):
            after = n
            break
    chosen = [n for n in (before, after) if n is not None]
    # A quotation belongs to the cue only if the cue has no reported clause of its own outside it.
    own_clause = [
        c for c in cue.children if c.dep_ == "ccomp" and not any(quotes[n].overlaps(c.idx, c.idx + 1) for n in chosen)
    ]
    if not chosen or own_clause:
        return None
    parts: list[tuple[int, int]] = []
    for n in chosen:
        used.add(n)
        parts.extend(trim_trailing(text, s, e) for s, e in quotes[n].parts)
    confidence = 0.9 if all(quotes[n].closed for n in chosen) else 0.75
    return Content(parts, "direct", confidence)


# -- what the cue governs -------------------------------------------------------------------------


def _settled(ctx: CueContext, parts: list[tuple[int, int]], confidence: float) -> Content:
    """A rule's parts as its answer, with an opening preposition moved into the cue (`warned of`)."""
    cue, parts = preposition_into_cue(ctx.cue, cue_span(ctx.cue), parts)
    return Content(parts, kind_of(parts, ctx.quotes) if parts else "direct", confidence, cue)


def _governed(ctx: CueContext, clause: Token, confidence: float) -> Content:
    """The phrase ``clause`` that the cue governs as content: its subtree, with who is urged to do
    something (`urged allies to ...`), without the journalist's asides at its end."""
    cue = ctx.cue
    doc = cue.doc
    indices = subtree_indices(clause)
    if clause.dep_ == "xcomp" and cue.lemma_.lower() != "tell":
        # "urged allies to send more": who is urged is part of what was urged, as PolNeAR marks
        # it (120 times in train against 44); not the addressee of "told him to ...".
        obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < clause.i), None)
        if obj is None:
            # `called on Trump to stop ...`: the "on" joins the cue, who is called on the content
            obj = next(
                (c for c in cue.children
                 if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i == cue.i + 1 and c.i < clause.i),
                None,
            )
        if obj is not None:
            indices |= subtree_indices(obj)
    indices = _trim_contrast(clause, indices)
    if cue.dep_ == "advcl":
        indices = _trim_afterthought(clause, indices)
    parts = _extend_into_quotes(doc_text(doc), runs(doc, indices), ctx.quotes)
    return _settled(ctx, parts, confidence)


def reported_clause(ctx: CueContext) -> Content | None:
    """The clause the cue governs (`said that ...`, `says the deliveries will continue`). The
    parser sometimes hangs the clause before a semicolon or colon on the cue as well (`It is
    unlikely; the team says she will continue`, `... on Friday: Republicans said they were
    convinced ...`): then the clause after the cue is the one said."""
    cue = ctx.cue
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    clause = clauses[0] if clauses else None
    if len(clauses) > 1 and clauses[0].i < cue.i < clauses[-1].i:
        if any(c.dep_ == "punct" and c.text in (";", ":") and clauses[0].i < c.i < cue.i for c in cue.children):
            clause = next(c for c in clauses if c.i > cue.i)
    return None if clause is None else _governed(ctx, clause, 0.8)


def infinitive(ctx: CueContext) -> Content | None:
    """The infinitive the cue governs (`urged allies to send more`, `declined to comment`), with who
    is urged; `say` takes none (`he is said to ...`)."""
    cue = ctx.cue
    clause = next((c for c in cue.children if c.dep_ == "xcomp" and cue.lemma_.lower() not in ("say",)), None)
    return None if clause is None else _governed(ctx, clause, 0.8)


def interrupted_clause(ctx: CueContext) -> Content | None:
    """`The deal, he said, was done`: the cue interrupts the content, the clause it hangs on."""
    cue = ctx.cue
    if cue.dep_ not in ("parataxis",) or cue.head.pos_ not in ("VERB", "AUX"):
        return None
    indices = subtree_indices(cue.head, exclude={cue.i}) - subtree_indices(cue)
    return _settled(ctx, runs(cue.doc, indices), 0.7)


def proposition_object(ctx: CueContext) -> Content | None:
    """For a cue that takes an object (cues.csv), an object that carries a proposition (`announced
    its hope to sign a contract`); not a bare noun (`announced the purchase`), which is an event."""
    if ctx.takes != "object":
        return None
    obj = next((c for c in ctx.cue.children if c.dep_ == "dobj"), None)
    if obj is None or not any(t.pos_ in ("VERB", "AUX") for t in obj.subtree):
        return None
    return _governed(ctx, obj, 0.65)


def called_something(ctx: CueContext) -> Content | None:
    """`called the deal a mistake`: the object and what it is called (PolNeAR train: `call` is a
    cue 72% of the time, with exactly this content 44%)."""
    cue = ctx.cue
    if cue.lemma_.lower() != "call":
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    named = next((c for c in cue.children if c.dep_ == "oprd"), None)
    if obj is None or named is None or obj.i >= named.i:
        return None
    indices = subtree_indices(obj) | subtree_indices(named)
    return _settled(ctx, _extend_into_quotes(doc_text(cue.doc), runs(cue.doc, indices), ctx.quotes), 0.6)


def stance_object(ctx: CueContext) -> Content | None:
    """A stance verb's object is what the stance is about, with its reason or role after it:
    `criticized the sanctions`, `blamed Ankara for the delay`, `cited the report as proof`,
    `accused Moscow of breaking the treaty` (object_prepositions.csv). Without an object, a verb
    framed by one reports nothing."""
    cue = ctx.cue
    if "dobj" not in ctx.frames:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None:
        return Content([], "direct", 0.0)
    prepositions = load_statement_words().object_prepositions
    indices = subtree_indices(obj) - _set_off(obj)
    for c in cue.children:
        if c.i > obj.i and c.dep_ == "prep" and c.lower_ in prepositions:
            indices |= subtree_indices(c)
    return _settled(ctx, _extend_into_quotes(doc_text(cue.doc), runs(cue.doc, indices), ctx.quotes), 0.6)


def framed_preposition(ctx: CueContext) -> Content | None:
    """The prepositional phrase that frames the cue (`talked about the plan`, `referred to her remarks`)."""
    prep = framing_preposition(ctx.cue, ctx.frames)
    return None if prep is None else _governed(ctx, prep, 0.6)


def warned_of_or_called_for(ctx: CueContext) -> Content | None:
    """For a cue that takes `about` (cues.csv), a phrase of `of`, `about`, `against` or `over`
    (`warned of possible sanctions`); for one that takes `for`, a phrase of `for` (`called for talks`)
    (cue_prepositions.csv). The preposition then joins the cue."""
    preps = load_statement_words().cue_prepositions.get(ctx.takes)
    if not preps:
        return None
    prep = next((c for c in ctx.cue.children if c.dep_ == "prep" and c.lower_ in preps), None)
    if prep is None or not any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        return None
    return _governed(ctx, prep, 0.6)


# -- the layout: what the cue governs gave nothing -----------------------------------------------


def preposed_clause(ctx: CueContext) -> Content | None:
    """`Slovakia will give Ukraine its jets, Prime Minister Eduard Heger said on Friday`: a cue clause
    with a speaker after a comma, with nothing reported after it, reports the clause that opens the
    sentence."""
    cue, speaker, sent = ctx.cue, ctx.speaker, ctx.sent
    if not speaker:
        return None
    doc = cue.doc
    start = min(t.i for t in speaker + [cue])
    if start <= sent.start + 1 or doc[start - 1].text != ",":
        return None
    if any(c.dep_ in CLAUSE_DEPS | {"dobj"} and c.i > cue.i for c in cue.children):
        return None
    content = [t.i for t in doc[sent.start : start - 1] if not t.is_space]
    if not any(doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ in ("ROOT", "ccomp", "conj") for i in content):
        return None
    parts = runs(doc, set(content))
    return Content(parts, kind_of(parts, ctx.quotes), 0.7) if parts else None


def block_after_colon(ctx: CueContext) -> Content | None:
    """`The governor added:` at the end of a paragraph, with the words set out as the next one
    (block quotations in web copy, without quotation marks): the content is that paragraph. The
    cue must have a speaker."""
    cue, sent = ctx.cue, ctx.sent
    if not ctx.speaker:
        return None
    doc = cue.doc
    last = sent[-1]
    while last.i > sent.start and last.is_space:
        last = doc[last.i - 1]
    if last.text != ":" or not any(a.i == cue.i for a in last.ancestors):  # also `said the following:`
        return None
    text = doc_text(doc)
    end_of_line = text.find("\n", last.idx)
    if end_of_line < 0 or text[last.idx + 1 : end_of_line].strip():
        return None
    start = end_of_line
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    end = start + len(text[start:end].rstrip())
    return Content([(start, end)], "direct", 0.7) if end > start else None


CONTENT_RULES: tuple[ContentRule, ...] = (
    ContentRule("quotation beside the cue", quotation_beside),
    ContentRule("reported clause", reported_clause),
    ContentRule("infinitive", infinitive),
    ContentRule("interrupted clause", interrupted_clause),
    ContentRule("proposition object", proposition_object),
    ContentRule("called something", called_something),
    ContentRule("stance object", stance_object),
    ContentRule("framed preposition", framed_preposition),
    ContentRule("warned of, called for", warned_of_or_called_for),
    ContentRule("preposed clause", preposed_clause, fallback=True),
    ContentRule("block after a colon", block_after_colon, fallback=True),
)


# -- trimming what the cue governs ---------------------------------------------------------------


def _trim_afterthought(clause: Token, indices: set[int]) -> set[int]:
    """Cut a trailing ', but had not yet imposed ...' that the parser hung on the reported clause
    although it lacks a subject of its own and belongs to the main clause."""
    for child in clause.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in SUBJECT_DEPS for c in child.children
        ):
            cut = min(subtree_indices(child) | {c.i for c in clause.children if c.dep_ == "cc" and c.i < child.i})
            return {i for i in indices if i < cut or i <= clause.i}
    return indices


def _trim_contrast(clause: Token, indices: set[int]) -> set[int]:
    """Cut the journalist's asides off the end of a reported clause: a contrast (', while Moscow
    announced ...') or a participle that narrates the reporting (', announcing the decision as ...')."""
    doc = clause.doc
    marks = load_statement_words().contrast_marks
    for tok in sorted((doc[i] for i in indices), key=lambda t: t.i):
        contrast = any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children) and any(
            c.dep_ in SUBJECT_DEPS for c in tok.children
        )
        narration = tok.tag_ == "VBG" and min(subtree_indices(tok)) == tok.i and tok.head.i == clause.i
        if tok.dep_ == "advcl" and (contrast or narration):
            start = min(subtree_indices(tok))
            if start > 0 and doc[start - 1].text == ",":
                return {i for i in indices if i < start - 1}
    return indices


def _set_off(noun: Token) -> set[int]:
    """A noun's apposition or relative clause set off by a comma (`endorsed Trump, who says he is
    honored`): the journalist's aside, not what the stance is about. PolNeAR train leaves it out
    of the content 14 times and keeps it 12 (13 neither); on dev, leaving it out gained 0.1."""
    doc = noun.doc
    out: set[int] = set()
    for child in noun.children:
        if child.dep_ in ("appos", "relcl") and child.i > noun.i:
            sub = subtree_indices(child)
            start = min(sub)
            if start > 0 and doc[start - 1].text == ",":
                out |= sub | {start - 1}
    return out


def _extend_into_quotes(text: str, parts: list[tuple[int, int]], quotes: list[Quote]) -> list[tuple[int, int]]:
    """A reported clause that ends inside a quotation ends where the quotation does ("disturbing.")."""
    if not parts:
        return parts
    start, end = parts[-1]
    if isinstance(quotes, IndexedQuotes):
        reached = quotes.part_reaching(start, end)
    else:
        reached = next(((qs, qe) for q in quotes for qs, qe in q.parts if qs <= end <= qe and start < qs), None)
    if reached is None:
        return parts
    close = reached[1]
    if close < len(text) and text[close] in '"”»':
        close += 1
    return parts[:-1] + [(start, close)]
