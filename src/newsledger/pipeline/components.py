"""The spaCy components: thin wrappers that put the stages' findings (``nlp``, ``attribution``,
``events``) on the Doc.

    nlp.add_pipe("newsledger_boundaries", before="parser")  # debris spans + paragraph sentence breaks
    nlp.add_pipe("newsledger_attribution_model")             # accurate profile: doc._.attribution_spans
    nlp.add_pipe("newsledger_statements")                    # doc._.found_statements: cues, speakers' phrases, contents
    nlp.add_pipe("newsledger_entities")                      # doc._.statements, doc._.entities: speakers resolved
    nlp.add_pipe("newsledger_events")                        # doc._.times, doc._.events (needs doc._.published)

`newsledger_boundaries` is optional; without it the statements component still marks debris but
cannot stop the parser from joining sentences across debris lines and paragraphs.
`newsledger_attribution_model` (the ``accurate`` profile) runs the trained tagger; when its spans are
on the Doc, the statements component links them and adds the rule statements they do not cover.
"""

from __future__ import annotations

import bisect

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..attribution.linking import link, merge
from ..errors import ProfileError
from ..events.finder import find_events
from ..events.time import find_time_expressions
from ..knowledge import Knowledge, load_knowledge
from ..nlp.debris import find_ignored_spans
from ..nlp.entities import EntityResolver
from ..nlp.quotes import find_quotes
from ..nlp.statements import CueModel, StatementFinder, continue_quotations
from ..records import IgnoredSpan

for _name in ("ignored", "quotes", "unpaired_quotes", "attribution_spans", "found_statements", "statements", "entities", "published", "times", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class BoundaryMarker:
    """Marks debris lines and starts a sentence at each paragraph and around each debris line."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def __call__(self, doc: Doc) -> Doc:
        ignored = find_ignored_spans(doc.text, self.knowledge)
        doc._.ignored = ignored
        # Sorted, so that "does a debris line start or end in this gap?" is one bisection per token.
        starts = sorted({i.start for i in ignored} | {i.end for i in ignored})
        text = doc.text
        # Written in one go: each `tok.is_sent_start = True` scans the whole Doc (spaCy checks that
        # it has no parse yet), which made an article of many short lines quadratic.
        sent_starts = doc.to_array([SENT_START])
        prev_end = 0  # end of the last token that is not whitespace
        for tok in doc:
            if tok.is_space:
                continue
            if tok.i > 0:
                gap = text[prev_end : tok.idx]
                blank_line = "\n\n" in "".join(gap.split(" ")).replace("\r", "").replace("\t", "")
                first = bisect.bisect_left(starts, prev_end)
                if blank_line or (first < len(starts) and starts[first] <= tok.idx):
                    sent_starts[tok.i] = 1
            prev_end = tok.idx + len(tok)
        doc.from_array([SENT_START], sent_starts)
        return doc


class StatementTagger:
    """Finds statements: cues, the phrases naming their speakers, contents; see ``statements``."""

    def __init__(self, knowledge: Knowledge, cue_model: CueModel | None = None):
        self.knowledge = knowledge
        self.finder = StatementFinder(knowledge, cue_model)

    def __call__(self, doc: Doc) -> Doc:
        ignored: list[IgnoredSpan] = doc._.ignored
        if ignored is None:
            ignored = doc._.ignored = find_ignored_spans(doc.text, self.knowledge)
        quotes, unpaired = find_quotes(doc.text, ignored)
        doc._.quotes = quotes
        doc._.unpaired_quotes = unpaired
        ignored_chars = [(i.start, i.end) for i in ignored]
        found = self.finder.find(doc, quotes, ignored_chars)
        if doc._.attribution_spans is not None:
            found = merge(link(doc, doc._.attribution_spans, quotes, ignored_chars), found)
        doc._.found_statements = continue_quotations(doc, found, quotes)
        return doc


class EntityTagger:
    """Resolves the article's mentions into entities and each statement's speaker to one of them;
    see ``entities``."""

    def __init__(self, knowledge: Knowledge):
        self.resolver = EntityResolver(knowledge)

    def __call__(self, doc: Doc) -> Doc:
        ignored = [(i.start, i.end) for i in (doc._.ignored or ())]
        doc._.statements, doc._.entities = self.resolver.resolve(doc, list(doc._.found_statements or ()), ignored)
        return doc


class EventTagger:
    """Finds time expressions (normalised against ``doc._.published``) and events; see ``events``."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def __call__(self, doc: Doc) -> Doc:
        ignored = [(i.start, i.end) for i in (doc._.ignored or ())]
        times = [
            t for t in find_time_expressions(doc.text, doc._.published)
            if not any(a < t.end and t.start < b for a, b in ignored)
        ]
        doc._.times = times
        doc._.events = find_events(doc, list(doc._.statements or ()), list(doc._.entities or ()), self.knowledge, times, ignored)
        return doc


class AttributionModel:
    """Runs the trained tagger (``attribution.model``) and puts its spans on ``doc._.attribution_spans``.
    The tagger reads each Doc's parse (``attribution.features``), so it runs after the parser."""

    def __init__(self, weights: str | None = None):
        try:
            from ..attribution.model import load_predictor
        except ImportError as err:  # torch or transformers missing
            raise ProfileError.missing_extra("accurate profile", err) from err
        self.predictor = load_predictor(weights)

    def __call__(self, doc: Doc) -> Doc:
        (doc._.attribution_spans,) = self.predictor.spans([doc.text], [doc])
        return doc

    def pipe(self, docs, batch_size: int = 16):
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        yield from self._tag(batch)

    def _tag(self, docs: list[Doc]):
        for doc, spans in zip(docs, self.predictor.spans([d.text for d in docs], docs), strict=True):
            doc._.attribution_spans = spans
        return docs


@Language.factory(
    "newsledger_boundaries",
    assigns=["token.is_sent_start", "doc._.ignored"],
)
def make_boundaries(nlp: Language, name: str) -> BoundaryMarker:
    return BoundaryMarker(load_knowledge())


@Language.factory(
    "newsledger_statements",
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents"],
    assigns=["doc._.found_statements", "doc._.quotes"],
    default_config={"learned_cues": True},
)
def make_statements(nlp: Language, name: str, learned_cues: bool) -> StatementTagger:
    """``learned_cues``: also take the verbs the cue-verb model (``attribution.cue_verbs``) calls cues."""
    cue_model = None
    if learned_cues:
        from ..attribution.cue_verbs import load_cue_model

        cue_model = load_cue_model()
    return StatementTagger(load_knowledge(), cue_model)


@Language.factory(
    "newsledger_entities",
    requires=["doc._.found_statements", "token.dep", "token.pos", "doc.ents"],
    assigns=["doc._.statements", "doc._.entities"],
)
def make_entities(nlp: Language, name: str) -> EntityTagger:
    return EntityTagger(load_knowledge())


@Language.factory(
    "newsledger_attribution_model",
    requires=["token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.attribution_spans"],
    default_config={"weights": None},
)
def make_attribution_model(nlp: Language, name: str, weights: str | None) -> AttributionModel:
    return AttributionModel(weights)


@Language.factory(
    "newsledger_events",
    requires=["doc._.statements", "doc._.entities", "token.dep", "token.lemma"],
    assigns=["doc._.times", "doc._.events"],
)
def make_events(nlp: Language, name: str) -> EventTagger:
    return EventTagger(load_knowledge())


# Versioned names, so a saved pipeline keeps the behaviour it was built with.
Language.factory("newsledger_boundaries_v1", assigns=["token.is_sent_start", "doc._.ignored"], func=make_boundaries)
Language.factory(
    "newsledger_statements_v1",
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents"],
    assigns=["doc._.found_statements", "doc._.quotes"],
    default_config={"learned_cues": True},
    func=make_statements,
)
Language.factory(
    "newsledger_events_v1",
    requires=["doc._.statements", "doc._.entities", "token.dep", "token.lemma"],
    assigns=["doc._.times", "doc._.events"],
    func=make_events,
)
Language.factory(
    "newsledger_attribution_model_v1",
    requires=["token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.attribution_spans"],
    default_config={"weights": None},
    func=make_attribution_model,
)
