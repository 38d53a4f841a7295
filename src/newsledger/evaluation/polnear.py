"""Score attribution extraction against the PolNeAR corpus (brat standoff gold).

Reads one annotation file per article, scores source, cue and content spans (exact and
overlapping) and whole attributions. Pure scoring: the CLI prints what ``evaluate`` returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.records import Article, ArticleRecord, Problem, Statement

from . import Extract, problem_lines, run_extraction

__all__ = [
    "GoldAttribution",
    "GoldDocument",
    "Report",
    "Score",
    "diff",
    "evaluate",
    "gold_spans",
    "load_split",
    "score",
    "trim",
]

Part = tuple[int, int]

ROLES = ("source", "cue", "content")

# Characters that never decide a match: annotators and extractors disagree on whether a
# span takes its quotation marks, closing full stop or surrounding spaces.
_TRIMMED = frozenset(" \t\n\r\f\v\u00a0\"'\u201c\u201d\u2018\u2019.,;:!?")

# Only these lines start an annotation; anything else continues a multi-line T text field.
_ANNOTATION_LINE = re.compile(r"^[TE#]\d+\t")
_OFFSETS = re.compile(r"^\d+ \d+(?:;\d+ \d+)*$")

# T types that an E line may refer to; Discuss and Discard are annotator flags, not gold.
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}
_ANCHOR_TYPES = frozenset({"Attribution", "Attribution-no-source"})


# ---------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution (an E line). Spans are (start, end) parts into the text."""

    id: str
    source: tuple[Part, ...] | None  # None: the annotator marked no source
    cue: tuple[Part, ...]
    content: tuple[Part, ...]  # every part of Content, Content2, ...


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    path: str  # the text file, used as Article.source
    annotation: str = ""  # the .ann file that was read


def load_split(data_dir: Path, split: str) -> list[GoldDocument]:
    """Read each article of ``split`` with its first annotation file by name; sorted by id.

    ``data_dir`` is the PolNeAR folder (holding ``data/<split>``) or its ``data`` folder.
    """
    data_dir = Path(data_dir)
    split_dir = data_dir / "data" / split
    if not split_dir.is_dir():
        split_dir = data_dir / split
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not (text_dir.is_dir() and ann_dir.is_dir()):
        raise InputError(
            str(data_dir),
            f"no PolNeAR split {split!r} here "
            f"(expected data/{split}/text and data/{split}/attributions)",
            "pass the PolNeAR folder with --data, or another split with --split",
        )

    first_annotation: dict[str, Path] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")):
        article_id = ann_path.stem.rsplit("_", 1)[0]  # <article>_<annotator>.ann
        first_annotation.setdefault(article_id, ann_path)

    documents = []
    for article_id in sorted(first_annotation):
        ann_path = first_annotation[article_id]
        text_path = text_dir / f"{article_id}.txt"
        if not text_path.is_file():
            raise InputError(
                str(ann_path),
                f"no text file {text_path.name} for this annotation",
                f"restore it under {text_dir}",
            )
        with text_path.open(encoding="utf-8", newline="") as f:  # offsets count any \r too
            text = f.read()
        attributions = _parse_annotations(ann_path.read_text(encoding="utf-8"), str(ann_path))
        documents.append(
            GoldDocument(article_id, text, tuple(attributions), str(text_path), str(ann_path))
        )
    return documents


def _parse_annotations(ann: str, where: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[Part, ...]]] = {}
    events: list[tuple[str, list[str], str]] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        if not _ANNOTATION_LINE.match(line):
            continue
        fields = line.split("\t")
        if line[0] == "T":
            type_and_offsets = fields[1].split(" ", 1)
            if len(type_and_offsets) != 2 or not _OFFSETS.match(type_and_offsets[1]):
                raise InputError(
                    f"{where}:{number}",
                    f"cannot read the offsets of {fields[0]} ({fields[1]!r})",
                    "expected 'Type start end' or 'Type start end;start end'",
                )
            span_type, offsets = type_and_offsets
            # Every T span is kept: a relation's role, not its span's type, says what the span is
            # (train has a Cue role on a span typed Discuss). Unreferenced flags are never read.
            parts = tuple((int(s), int(e)) for s, e in (p.split(" ") for p in offsets.split(";")))
            spans[fields[0]] = (span_type, parts)
        elif line[0] == "E":
            events.append((fields[0], fields[1].split(), f"{where}:{number}"))

    attributions = []
    for event_id, arguments, place in events:
        roles: dict[str, list[Part]] = {"source": [], "cue": [], "content": []}
        has_source = False
        for argument in arguments:
            name, _, span_id = argument.partition(":")
            base = name.rstrip("0123456789")  # Content2 is a second Content
            if span_id not in spans:
                raise InputError(
                    place,
                    f"{event_id} refers to {span_id or '(nothing)'} in {argument!r}, which is not "
                    "a span of this file",
                    "fix the annotation file",
                )
            if base in _ANCHOR_TYPES:
                continue
            if base not in _ROLE_OF:
                raise InputError(
                    place,
                    f"{event_id} has an unknown role {name!r}",
                    "expected Attribution, Source, Cue or Content",
                )
            roles[_ROLE_OF[base]].extend(spans[span_id][1])
            has_source = has_source or base == "Source"
        attributions.append(
            GoldAttribution(
                id=event_id,
                # Whether there is a source is read from the roles, not the E type: a few
                # Attribution-no-source events still name a Source span.
                source=tuple(roles["source"]) if has_source else None,
                cue=tuple(roles["cue"]),
                content=tuple(roles["content"]),
            )
        )
    return attributions


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """Matched, gold and predicted counts, and the precision, recall and F1 they give."""

    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched, self.gold + other.gold, self.predicted + other.predicted
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(frozen=True)
class Report:
    """Micro-averaged scores over all documents of a split."""

    documents: int
    gold_attributions: int
    predicted_statements: int
    exact: dict[str, Score]  # by role: source, cue, content
    overlap: dict[str, Score]  # by role, one-to-one, character Jaccard >= 0.5
    attribution: Score  # whole attributions: content overlaps and speaker hits the source
    missing_records: tuple[str, ...] = ()  # documents the extractor returned no record for
    problems: tuple[Problem, ...] = field(default=(), compare=False)  # why, as the extraction said

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold_attributions": self.gold_attributions,
            "predicted_statements": self.predicted_statements,
            "exact": {role: s.to_dict() for role, s in self.exact.items()},
            "overlap": {role: s.to_dict() for role, s in self.overlap.items()},
            "attribution": self.attribution.to_dict(),
            "missing_records": list(self.missing_records),
            "problems": [p.message for p in self.problems],
        }

    def format_table(self) -> str:
        def cells(s: Score | None) -> str:
            if s is None:
                return "".join(f"{'-':>7}" for _ in range(3))
            return "".join(f"{100 * v:>7.1f}" for v in (s.precision, s.recall, s.f1))

        lines = [
            f"{'':<12}{'exact':^21}   {'overlap (J >= 0.5)':^21}",
            f"{'':<12}{'P':>7}{'R':>7}{'F1':>7}   {'P':>7}{'R':>7}{'F1':>7}",
        ]
        for role in ROLES:
            lines.append(f"{role:<12}{cells(self.exact[role])}   {cells(self.overlap[role])}")
        lines.append(f"{'attribution':<12}{cells(None)}   {cells(self.attribution)}")
        lines.append(
            f"{self.documents} documents, {self.gold_attributions} gold attributions, "
            f"{self.predicted_statements} predicted statements"
        )
        if self.missing_records:
            missing = len(self.missing_records)
            lines.append(f"documents without a record (scored as empty): {missing}")
            lines += problem_lines(self.problems)
        return "\n".join(line.rstrip() for line in lines)


def score(
    gold_docs: Iterable[GoldDocument], predicted: Mapping[str, ArticleRecord], problems: Iterable[Problem] = ()
) -> Report:
    """Score ``predicted`` records (by document id) against the gold documents; ``problems`` say
    why the documents without a record failed."""
    exact = {role: Score(0, 0, 0) for role in ROLES}
    overlap = {role: Score(0, 0, 0) for role in ROLES}
    attribution = Score(0, 0, 0)
    documents = gold_attributions = predicted_statements = 0
    missing = []
    for doc in gold_docs:
        record = predicted.get(doc.id)
        if record is None:
            missing.append(doc.id)
            statements: tuple[Statement, ...] = ()
        else:
            if record.article.text != doc.text:
                raise ValueError(
                    f"{doc.id}: the record's text differs from the gold text, so its offsets "
                    "cannot be compared; extract from the text load_split read"
                )
            statements = record.statements
        documents += 1
        gold_attributions += len(doc.attributions)
        predicted_statements += len(statements)
        gold_spans = _gold_spans(doc)
        predicted_spans = _predicted_spans(doc.text, statements)
        for role in ROLES:
            g, p = gold_spans[role], predicted_spans[role]
            exact[role] += Score(len(g & p), len(g), len(p))
            overlap[role] += Score(len(_match_overlapping(g, p)), len(g), len(p))
        matched = _match_attributions(doc, statements)
        attribution += Score(len(matched), len(doc.attributions), len(statements))
    return Report(
        documents,
        gold_attributions,
        predicted_statements,
        exact,
        overlap,
        attribution,
        tuple(missing),
        tuple(problems),
    )


def evaluate(
    data_dir: Path,
    split: str,
    extract_many: Extract,
    limit: int | None = None,
) -> Report:
    """Extract every article of ``split`` (the first ``limit`` by id, if given) and score it; an
    article that fails (a Problem from ``extract_many``) is scored as empty and named in the report."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be zero or more documents, not {limit}")
    docs = load_split(data_dir, split)
    if limit is not None:
        docs = docs[:limit]
    articles = [Article(id=doc.id, text=doc.text, source=doc.path) for doc in docs]
    predicted, problems = run_extraction(articles, extract_many)
    return score(docs, predicted, problems)


def diff(gold_doc: GoldDocument, record: ArticleRecord | None) -> list[str]:
    """Lines naming each gold span missed and each predicted span not in the gold (exact match)."""
    statements = record.statements if record else ()
    gold, found = _gold_spans(gold_doc), _predicted_spans(gold_doc.text, statements)
    rows = []
    for role in ROLES:
        rows += [(s, e, "missed", role) for s, e in gold[role] - found[role]]
        rows += [(s, e, "spurious", role) for s, e in found[role] - gold[role]]
    return [
        f"{what:<8} {role:<7} {s}-{e} {_excerpt(gold_doc.text[s:e])}"
        for s, e, what, role in sorted(rows)
    ]


# ---------------------------------------------------------------------------- matching


def _trim(text: str, start: int, end: int) -> Part:
    while start < end and text[start] in _TRIMMED:
        start += 1
    while end > start and text[end - 1] in _TRIMMED:
        end -= 1
    return start, end


def _trimmed(text: str, parts: Iterable[Part]) -> list[Part]:
    """The parts without their surrounding quotes, punctuation and spaces; empty ones dropped."""
    trimmed = (_trim(text, s, e) for s, e in parts)
    return [(s, e) for s, e in trimmed if s < e]


def _content_parts(statement: Statement) -> tuple[Part, ...]:
    content = statement.content
    return content.parts or ((content.start, content.end),)


def trim(text: str, start: int, end: int) -> Part:
    """A span without the quotes, punctuation and spaces at its ends, as the scorer sees it."""
    return _trim(text, start, end)


def gold_spans(doc: GoldDocument) -> dict[str, set[Part]]:
    """The trimmed gold spans of each role (source, cue, content) of one document."""
    return _gold_spans(doc)


def _gold_spans(doc: GoldDocument) -> dict[str, set[Part]]:
    spans: dict[str, set[Part]] = {role: set() for role in ROLES}
    for a in doc.attributions:
        spans["source"].update(_trimmed(doc.text, a.source or ()))
        spans["cue"].update(_trimmed(doc.text, a.cue))
        spans["content"].update(_trimmed(doc.text, a.content))
    return spans


def _predicted_spans(text: str, statements: Iterable[Statement]) -> dict[str, set[Part]]:
    spans: dict[str, set[Part]] = {role: set() for role in ROLES}
    for st in statements:
        if st.speaker is not None:
            spans["source"].update(_trimmed(text, [(st.speaker.start, st.speaker.end)]))
        spans["cue"].update(_trimmed(text, [(st.cue.start, st.cue.end)]))
        spans["content"].update(_trimmed(text, _content_parts(st)))
    return spans


def _overlaps_enough(shared: int, union: int) -> bool:
    """Character Jaccard >= 0.5, in integers so that exactly one half counts."""
    return shared > 0 and 2 * shared >= union


def _match_overlapping(gold: set[Part], predicted: set[Part]) -> list[tuple[Part, Part]]:
    """One-to-one pairs with character Jaccard >= 0.5, best Jaccard first (greedy)."""
    candidates = []
    for g in gold:
        for p in predicted:
            shared = min(g[1], p[1]) - max(g[0], p[0])
            union = (g[1] - g[0]) + (p[1] - p[0]) - shared
            if _overlaps_enough(shared, union):
                candidates.append((-shared / union, g, p))
    return _greedy(candidates)


def _match_attributions(
    doc: GoldDocument, statements: tuple[Statement, ...]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, statement index) pairs: contents overlap and speaker hits source."""
    gold = [
        (
            _characters(_trimmed(doc.text, a.content)),
            None if a.source is None else _characters(_trimmed(doc.text, a.source)),
        )
        for a in doc.attributions
    ]
    found = [
        (
            _characters(_trimmed(doc.text, _content_parts(st))),
            _characters(_trimmed(doc.text, [(st.speaker.start, st.speaker.end)]))
            if st.speaker is not None
            else frozenset(),
        )
        for st in statements
    ]
    candidates = []
    for gi, (gold_content, gold_source) in enumerate(gold):
        for pi, (content, speaker) in enumerate(found):
            if gold_source is not None and not gold_source & speaker:
                continue
            shared = len(gold_content & content)
            union = len(gold_content | content)
            if _overlaps_enough(shared, union):
                candidates.append((-shared / union, gi, pi))
    return _greedy(candidates)


def _characters(parts: Iterable[Part]) -> frozenset[int]:
    return frozenset(i for s, e in parts for i in range(s, e))


def _greedy(candidates: list[tuple[float, Any, Any]]) -> list[tuple[Any, Any]]:
    """Take (negated score, gold, predicted) candidates best first, each side at most once."""
    used_gold, used_predicted, pairs = set(), set(), []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return pairs


def _excerpt(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")
