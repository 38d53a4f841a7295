"""Score entity mentions against re3d (Dstl's defence and security gold standard, Syria/Iraq).

newsledger's entities are mapped to four re3d labels (Weapon, MilitaryPlatform, Organisation,
Nationality) and scored by character offsets, exact and overlapping. Pure scoring: the CLI
prints what ``evaluate_re3d`` returns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.knowledge import Knowledge, load_knowledge, load_words
from newsledger.records import Article, ArticleRecord, Entity, Problem

from . import Extract, problem_lines, run_extraction
from .polnear import Score, _match_overlapping

__all__ = [
    "DEFAULT_RE3D",
    "LABELS",
    "NON_COMMERCIAL",
    "GoldMention",
    "Re3dDocument",
    "Re3dReport",
    "evaluate_re3d",
    "is_platform_category",
    "load_re3d",
    "predicted_mentions",
    "score_re3d",
]

DEFAULT_RE3D = Path("../shared/eval-data/re3d")  # relative to where newsledger runs
LABELS = ("Weapon", "MilitaryPlatform", "Organisation", "Nationality")
NON_COMMERCIAL = ("BBC_Online",)  # CC BY-NC 3.0: evaluation only

Mention = tuple[int, int, str]  # start, end, re3d label

# Weapon categories that are platforms (re3d MilitaryPlatform) are the knowledge base's; any other is a Weapon.
# The last word of a category or name not listed above that still makes it a platform
# (`multirole aircraft`, `infantry fighting vehicle`); `anti-aircraft missile` ends in a weapon.
_PLATFORM_HEADS = frozenset({
    "aircraft", "airplane", "plane", "jet", "fighter", "bomber", "warplane", "helicopter", "drone",
    "uav", "tank", "vehicle", "carrier", "ship", "warship", "vessel", "boat", "frigate", "destroyer",
    "corvette", "submarine", "cruiser",
})


# ---------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    label: str
    confidence: float  # the annotation's crowd + expert score, 0-1


@dataclass(frozen=True)
class Re3dDocument:
    id: str
    folder: str
    title: str
    text: str
    mentions: tuple[GoldMention, ...]  # only the scored labels
    # Gold mentions whose offsets do not slice to their value (kept at their offsets: in the
    # data these differ only in a newline for a space or straight for curly quotes).
    mismatches: tuple[str, ...] = ()


def load_re3d(
    path: str | Path,
    folders: Iterable[str] | None = None,
    *,
    commercial_only: bool = False,
    min_confidence: float = 0.0,
) -> list[Re3dDocument]:
    """Read the documents and their Weapon, MilitaryPlatform, Organisation and Nationality
    mentions from each sub-corpus folder of ``path`` (all by default), sorted by folder and id.

    ``commercial_only`` leaves out the folders whose licence forbids commercial use (BBC_Online);
    ``min_confidence`` drops gold mentions scored lower by the annotators (most Nationality
    mentions have confidence 0)."""
    root = Path(path)
    available = sorted(p.name for p in root.iterdir() if _is_corpus(p)) if root.is_dir() else []
    if not available:
        raise InputError(
            str(root),
            "no re3d folders here (expected <folder>/documents.json and <folder>/entities.json)",
            "pass the re3d folder with --data",
        )
    chosen = available if folders is None else [folders] if isinstance(folders, str) else list(folders)
    unknown = [f for f in chosen if f not in available]
    if unknown:
        raise InputError(
            str(root),
            f"no re3d folder {unknown[0]!r} here",
            f"choose from {', '.join(available)}",
        )
    if commercial_only:
        chosen = [f for f in chosen if f not in NON_COMMERCIAL]
    documents: list[Re3dDocument] = []
    for folder in sorted(chosen):
        documents += _read_folder(root / folder, min_confidence)
    return documents


def _is_corpus(folder: Path) -> bool:
    return (folder / "documents.json").is_file() and (folder / "entities.json").is_file()


def _json_lines(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{number}", f"not a JSON object ({err.msg})", "restore the file") from None
            yield f"{path}:{number}", item


def _read_folder(folder: Path, min_confidence: float) -> list[Re3dDocument]:
    texts: dict[str, tuple[str, str]] = {}
    for where, d in _json_lines(folder / "documents.json"):
        if not isinstance(d.get("_id"), str) or not isinstance(d.get("text"), str):
            raise InputError(where, "a document without _id or text", "restore the file")
        texts[d["_id"]] = (d.get("title") or "", d["text"])
    mentions: dict[str, list[GoldMention]] = {doc_id: [] for doc_id in texts}
    mismatches: dict[str, list[str]] = {doc_id: [] for doc_id in texts}
    for where, e in _json_lines(folder / "entities.json"):
        if e.get("type") not in LABELS:
            continue
        try:
            doc_id, start, end = e["documentId"], int(e["begin"]), int(e["end"])
        except (KeyError, TypeError, ValueError):
            raise InputError(where, "an entity without documentId, begin or end", "restore the file") from None
        if doc_id not in texts:
            raise InputError(where, f"an entity of document {doc_id}, which is not in documents.json", "restore the file")
        confidence = float(e.get("confidence", 1.0))
        if confidence < min_confidence:
            continue
        if texts[doc_id][1][start:end] != e.get("value"):
            mismatches[doc_id].append(str(e.get("_id", where)))
        mentions[doc_id].append(GoldMention(start, end, e["type"], confidence))
    return [
        Re3dDocument(doc_id, folder.name, title, text, tuple(mentions[doc_id]), tuple(mismatches[doc_id]))
        for doc_id, (title, text) in sorted(texts.items())
    ]


# ---------------------------------------------------------------------------- predictions


def is_platform_category(category: str) -> bool:
    """A weapon category that is a platform (aircraft, helicopter, UAV, tank, armoured vehicle, ship)."""
    words = category.lower().replace("-", " ").split()
    if not words:
        return False
    if " ".join(words) in load_words().platform_categories:
        return True
    head = words[-1]
    return head in _PLATFORM_HEADS or head.removesuffix("s") in _PLATFORM_HEADS


def _weapon_label(entity: Entity, knowledge: Knowledge) -> str:
    kind, _, rest = entity.id.partition(":")
    if kind == "weapon-category":
        return "MilitaryPlatform" if is_platform_category(rest) else "Weapon"
    lookup = getattr(knowledge, "weapon", None)
    weapon = lookup(entity.id) if callable(lookup) else None
    category = getattr(weapon, "category", None)
    if category:
        return "MilitaryPlatform" if is_platform_category(category) else "Weapon"
    # No category known: guess from the name's last word (`Leopard 2 tank`, `Bayraktar drone`).
    names = [entity.name, *entity.aliases]
    return "MilitaryPlatform" if any(is_platform_category(n) for n in names) else "Weapon"


def predicted_mentions(record: ArticleRecord, knowledge: Knowledge) -> list[Mention]:
    """The re3d-labelled mentions of a record's entities, sorted:

    - a weapon system: Weapon, or MilitaryPlatform when its category is a platform;
    - an organisation (``org:`` or typed organization) and a country's government (``country:``
      typed government): Organisation, except mentions that are just a country's name, adjective
      or capital (`Turkey said`), which re3d calls a Location and are not scored;
    - a country, whether typed country or government: Nationality where the mention is its
      adjective (`Syrian`); its name (`Syria`) is a re3d Location and not scored.
    """
    text = record.article.text
    found: set[Mention] = set()
    for entity in record.entities:
        if entity.type == "weapon_system" or entity.id.startswith(("weapon:", "weapon-category:")):
            label = _weapon_label(entity, knowledge)
            found.update((s, e, label) for s, e in entity.mentions)
        elif entity.type == "country" or entity.id.startswith("country:"):
            found.update(
                (s, e, "Nationality") for s, e in entity.mentions if _surface(text, s, e) in knowledge.country_adjectives
            )
            if entity.type == "government":  # `The Turkish government said`: the country's id, typed government
                found.update(
                    (s, e, "Organisation") for s, e in entity.mentions if knowledge.country(text[s:e]) is None
                )
        elif entity.type == "organization" or (entity.type == "government" and entity.id.startswith("org:")):
            found.update(
                (s, e, "Organisation") for s, e in entity.mentions if knowledge.country(text[s:e]) is None
            )
    return sorted(found)


def _surface(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).lower()


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Re3dReport:
    """Per-label scores, micro-averaged over documents. Overlap: one-to-one greedy matching,
    best first, of spans with character Jaccard >= 0.5 (as PolNeAR's overlap)."""

    documents: int
    folders: tuple[str, ...]
    exact: dict[str, Score]
    overlap: dict[str, Score]
    offset_mismatches: tuple[str, ...] = ()  # gold entity ids whose offsets do not slice to their value
    missing_records: tuple[str, ...] = ()  # documents the extractor returned no record for
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def micro_exact(self) -> Score:
        return sum(self.exact.values(), Score(0, 0, 0))

    @property
    def micro_overlap(self) -> Score:
        return sum(self.overlap.values(), Score(0, 0, 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "folders": list(self.folders),
            "exact": {label: s.to_dict() for label, s in self.exact.items()} | {"micro": self.micro_exact.to_dict()},
            "overlap": {label: s.to_dict() for label, s in self.overlap.items()}
            | {"micro": self.micro_overlap.to_dict()},
            "offset_mismatches": list(self.offset_mismatches),
            "missing_records": list(self.missing_records),
            "problems": [p.message for p in self.problems],
        }

    def table(self) -> str:
        def cells(s: Score) -> str:
            return "".join(f"{100 * v:>7.1f}" for v in (s.precision, s.recall, s.f1))

        lines = [
            f"{'':<18}{'exact':^21}   {'overlap (J >= 0.5)':^21}",
            f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}   {'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}",
        ]
        rows = [*((label, self.exact[label], self.overlap[label]) for label in self.exact)]
        rows.append(("micro", self.micro_exact, self.micro_overlap))
        for label, exact, overlap in rows:
            lines.append(f"{label:<18}{cells(exact)}   {cells(overlap)}{exact.gold:>7}{exact.predicted:>7}")
        folders = f"{len(self.folders)} folder{'s' if len(self.folders) != 1 else ''}"
        lines.append(f"{self.documents} documents from {folders} ({', '.join(self.folders)})")
        if self.offset_mismatches:
            lines.append(
                f"gold mentions whose offsets do not slice to their value (scored at their offsets): "
                f"{len(self.offset_mismatches)}"
            )
        if self.missing_records:
            lines.append(f"documents without a record (scored as empty): {len(self.missing_records)}")
            lines += problem_lines(self.problems)
        return "\n".join(line.rstrip() for line in lines)

    format_table = table  # the name the other evaluators' reports use


def score_re3d(
    docs: Iterable[Re3dDocument],
    predicted: Mapping[str, ArticleRecord],
    *,
    knowledge: Knowledge | None = None,
    problems: Iterable[Problem] = (),
) -> Re3dReport:
    """Score ``predicted`` records (by document id) against the gold mentions, label by label."""
    kb = knowledge if knowledge is not None else load_knowledge()
    exact = {label: Score(0, 0, 0) for label in LABELS}
    overlap = {label: Score(0, 0, 0) for label in LABELS}
    documents, folders, mismatches, missing = 0, set(), [], []
    for doc in docs:
        documents += 1
        folders.add(doc.folder)
        mismatches += doc.mismatches
        record = predicted.get(doc.id)
        if record is None:
            missing.append(doc.id)
            found: list[Mention] = []
        else:
            if record.article.text != doc.text:
                raise ValueError(
                    f"{doc.id}: the record's text differs from the gold text, so its offsets "
                    "cannot be compared; extract from the text load_re3d read"
                )
            found = predicted_mentions(record, kb)
        for label in LABELS:
            g = {(m.start, m.end) for m in doc.mentions if m.label == label}
            p = {(s, e) for s, e, lab in found if lab == label}
            exact[label] += Score(len(g & p), len(g), len(p))
            overlap[label] += Score(len(_match_overlapping(g, p)), len(g), len(p))
    return Re3dReport(
        documents=documents,
        folders=tuple(sorted(folders)),
        exact=exact,
        overlap=overlap,
        offset_mismatches=tuple(mismatches),
        missing_records=tuple(missing),
        problems=tuple(problems),
    )


# ---------------------------------------------------------------------------- running




def evaluate_re3d(
    data: str | Path | None = None,
    *,
    extract: Extract | None = None,
    profile: str | None = None,
    model: str | None = None,
    limit: int | None = None,
    folders: Iterable[str] | None = None,
    commercial_only: bool = False,
    min_confidence: float = 0.0,
) -> Re3dReport:
    """Extract each document (the first ``limit`` by folder and id, if given) and score it.

    ``extract`` stands in for ``extraction.extract_many`` (tests); a Problem it yields leaves its
    document without a record, scored as empty, and is listed in the report.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be zero or more documents, not {limit}")
    docs = load_re3d(
        Path(data) if data else DEFAULT_RE3D, folders, commercial_only=commercial_only, min_confidence=min_confidence
    )
    if limit is not None:
        docs = docs[:limit]
    articles = [
        Article(id=d.id, text=d.text, source=f"re3d:{d.folder}/{d.id}", title=d.title or None) for d in docs
    ]
    predicted, problems = run_extraction(articles, extract, model, profile)
    return score_re3d(docs, predicted, problems=problems)
