"""The library functions behind the command line: each CLI command calls the same-named function
here, which returns data and prints nothing."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .errors import InputError, OutputError, ProfileError, StoreError
from .ingest import read_articles
from .dates import check_published
from .ledger import Ledger, LedgerEntity, StoredEvent, StoredStatement, article_key
from .records import Article, ArticleRecord, Problem, Transfer
from .settings import DEFAULT_DB, store_batch

DEFAULT_POLNEAR = Path("../shared/eval-data/polnear")  # relative to where newsledger runs, as documented
SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
SAMPLE_GOLD = SAMPLE_CORPUS.parent / "gold" / "sample_gold.jsonl"  # the sample corpus's gold, beside it
SAMPLE_TRANSFERS_GOLD = SAMPLE_GOLD.with_name("sample_transfers_gold.jsonl")
SAMPLE_EVENTS_GOLD = SAMPLE_GOLD.with_name("sample_events_gold.jsonl")


def extract(
    text_or_article: str | Article, published: str | None = None, model: str | None = None, profile: str | None = None
) -> ArticleRecord:
    """Statements and entities of one article, given as text or as an Article."""
    if isinstance(text_or_article, str):
        article = Article(id="text", text=text_or_article, source="<text>", published=published)
    else:
        article = text_or_article
        if published and not article.published:
            article = Article(article.id, article.text, article.source, article.title, published, article.url)
    from .extraction import extract_article

    return extract_article(article, model=model, profile=profile)


def extract_paths(
    paths: Iterable[str],
    published: str | None = None,
    model: str | None = None,
    stdin=None,
    profile: str | None = None,
) -> Iterable[ArticleRecord | Problem]:
    """Read every input and extract each article; failures come back as Problems, in order."""
    return extract_lazily(read_articles(paths, published=published, stdin=stdin), model=model, profile=profile)


def extract_lazily(
    items: Iterable[Article | Problem], model: str | None = None, profile: str | None = None
) -> Iterator[ArticleRecord | Problem]:
    """``extraction.extract_items``, but spaCy is imported and the pipeline loaded only when the
    first article comes: a run whose articles are all skipped (already stored) or unreadable
    never pays for them."""
    items = iter(items)
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        from .extraction import extract_items

        yield from extract_items(chain([item], items), model=model, profile=profile)
        return


def check_output_file(path: str | Path, option: str) -> None:
    """Refuse, before any work, a file that cannot be written where ``path`` says: its folder is
    missing or is a file, the path is a folder, or the folder is not writable. ``option`` names
    where the path was given (``--out``), for the fix."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(str(path), "is a folder", f"give a file name with {option}, e.g. {target / 'out'}")
    if not folder.exists():
        raise OutputError(str(path), f"cannot be written: there is no folder {folder}", f"create the folder first, or give another {option}")
    if not folder.is_dir():
        raise OutputError(str(path), f"cannot be written: {folder} is a file, not a folder", f"give another {option}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(str(path), f"cannot be written: no permission to write in {folder}", f"give another {option}")


def check_output_folder(path: str | Path, option: str, make_parents: bool = False) -> None:
    """Refuse, before any work, a folder that cannot be written or made where ``path`` says. With
    ``make_parents`` (as ``mkdir -p``) missing folders above it are fine as long as the nearest one
    that exists is a writable folder; without, its parent folder must exist."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(str(path), "is a file, not a folder", f"give a folder with {option}")
    if target.is_dir():
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(str(path), "cannot be written: no permission to write in it", f"give another {option}")
        return
    nearest = target.parent
    if make_parents:
        while not nearest.exists() and nearest != nearest.parent:
            nearest = nearest.parent
    if not nearest.exists():
        raise OutputError(str(path), f"cannot be made: there is no folder {nearest}", f"create the folder first, or give another {option}")
    if not nearest.is_dir():
        raise OutputError(str(path), f"cannot be made: {nearest} is a file, not a folder", f"give another {option}")
    if not os.access(nearest, os.W_OK | os.X_OK):
        raise OutputError(str(path), f"cannot be made: no permission to write in {nearest}", f"give another {option}")


def check_input_path(path: str | Path, option: str, what: str) -> None:
    """Refuse, before any work, an input that is not there; ``what`` says what it should be."""
    if not os.path.exists(path):
        raise InputError(str(path), "no such file or folder", f"give {what} with {option}")


Track = Callable[[Iterable, "int | None"], Iterable]  # (items, total) -> the same items, shown as they pass


def count_articles(paths: Iterable[str]) -> int | None:
    """About how many articles ``paths`` hold, for a progress bar's total, counted without parsing
    them: a JSONL line or a WARC record is one, any other file one; an unreadable file is one (it
    comes back as one Problem). None when a path is standard input or a batch output folder."""
    from .batch.output import is_batch_output
    from .ingest import count_units, input_files

    paths = [str(p) for p in paths]
    if any(p == "-" or is_batch_output(p) for p in paths):
        return None
    total = 0
    for item in input_files(paths):
        units = None if isinstance(item, Problem) else count_units(item)
        total += units[1] if units else 1
    return total


def _tracked(items: Iterable, total: int | None, track: Track | None) -> Iterable:
    return items if track is None else track(items, total)


def _tracked_extract(model: str | None, profile: str | None, track: Track | None):
    """An ``extract`` for the evaluators that shows each article as it is done (None: their own)."""
    if track is None:
        return None

    def extract(articles: Iterable[Article]) -> Iterable[ArticleRecord | Problem]:
        from .extraction import extract_many

        articles = list(articles)
        return track(extract_many(articles, model=model, profile=profile), len(articles))

    return extract


@dataclass
class IngestResult:
    articles_read: int = 0
    added: int = 0
    duplicates: int = 0
    statements_added: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    added_keys: list[str] = field(default_factory=list)  # ledger keys of the articles added, in order
    duplicate_keys: list[str] = field(default_factory=list)  # and of those already stored


def ingest(
    paths: Iterable[str],
    db: str = DEFAULT_DB,
    published: str | None = None,
    model: str | None = None,
    stdin=None,
    on_article: Callable[[ArticleRecord | Article | Problem], None] | None = None,
    profile: str | None = None,
) -> IngestResult:
    """Extract every article in ``paths`` and store it in the ledger at ``db``, in batches, each
    article whole or not at all (see ``_store_into``); one that is already stored (same text, found
    by its hash before it is extracted) is skipped; failures are recorded. ``on_article`` is called
    once per input article as it comes, with its record, its Problem, or the Article itself when
    it was skipped."""
    check_published(published)  # a bad --published must fail before the ledger file is created
    from .batch.output import is_batch_output, read_results

    paths = [paths] if isinstance(paths, str) else list(paths)
    outputs = [p for p in paths if p != "-" and is_batch_output(p)]  # folders written by `newsledger batch`
    sources = [p for p in paths if p not in outputs]
    result = IngestResult()
    with Ledger.open(db) as ledger:

        def results() -> Iterable[ArticleRecord | Problem]:
            if sources:
                articles = read_articles(sources, published=published, stdin=stdin)
                yield from extract_lazily(_not_stored(articles, ledger, result, on_article), model=model, profile=profile)
            for out in outputs:
                yield from read_results(out)

        _store_into(ledger, results(), result, on_article)
    return result


def ingest_articles(
    items: Iterable[Article | Problem],
    db: str = DEFAULT_DB,
    model: str | None = None,
    on_article: Callable[[ArticleRecord | Article | Problem], None] | None = None,
    profile: str | None = None,
) -> IngestResult:
    """Extract and store articles already read (problems from reading are recorded as they come):
    what ``ingest`` does after reading, and what the web app's ingest page calls. Articles already
    stored are skipped before they are extracted."""
    result = IngestResult()
    with Ledger.open(db) as ledger:
        records = extract_lazily(_not_stored(items, ledger, result, on_article), model=model, profile=profile)
        _store_into(ledger, records, result, on_article)
    return result


def _not_stored(
    items: Iterable[Article | Problem],
    ledger: Ledger,
    result: IngestResult,
    on_article: Callable[[ArticleRecord | Article | Problem], None] | None,
) -> Iterator[Article | Problem]:
    """The items whose article is not in the ledger yet (by the hash of its text, which extraction
    never changes); each one already stored is counted as a duplicate here, never extracted."""
    for item in items:
        if isinstance(item, Article):
            key = article_key(item.text)
            if ledger.has_article(key):
                result.articles_read += 1
                result.duplicates += 1
                result.duplicate_keys.append(key)
                if on_article is not None:
                    on_article(item)
                continue
        yield item


PROBLEMS_AT_ONCE = 5000  # problems stored in one transaction; those not yet stored are found again by a re-run


def store_records(
    results: Iterable[ArticleRecord | Problem],
    db: str = DEFAULT_DB,
    on_article: Callable[[ArticleRecord | Problem], None] | None = None,
) -> IngestResult:
    """Store extracted records (and record the problems) in the ledger at ``db``: the one store
    loop behind ``ingest``, the web app's ingest page and the loading of a batch output."""
    result = IngestResult()
    with Ledger.open(db) as ledger:
        _store_into(ledger, results, result, on_article)
    return result


def _store_into(
    ledger: Ledger,
    results: Iterable[ArticleRecord | Problem],
    result: IngestResult,
    on_article: Callable[[ArticleRecord | Article | Problem], None] | None,
) -> None:
    """Store the records as they come, in batches (see ``settings.StoreBatch``): the records
    extraction brings are held in memory and written together in one transaction
    (``Ledger.add_together``: each article whole or not at all), so the write lock is held only
    while they are written and a page that many articles touch is written to the log once per
    batch. Whatever ends the loop (the input's end, Ctrl-C, an error in extraction), what is held
    is written before it ends; a run killed outright loses what it held, never part of an article,
    and a re-run extracts it again."""
    bounds = store_batch()
    held: list[ArticleRecord] = []
    held_bytes = 0
    first_held = 0.0
    unrecorded: list[Problem] = []  # problems are stored in bulk too
    writing = False
    try:
        for item in results:
            if isinstance(item, Problem):
                result.problems.append(item)
                unrecorded.append(item)
                if len(unrecorded) >= PROBLEMS_AT_ONCE:
                    ledger.record_problems(unrecorded)
                    unrecorded = []
            else:
                result.articles_read += 1
                result.warnings.extend(item.warnings)
                if not held:
                    first_held = time.monotonic()
                held.append(item)
                held_bytes += len(item.article.text)
                if (
                    len(held) >= bounds.articles
                    or held_bytes >= bounds.text_bytes
                    or time.monotonic() - first_held >= bounds.seconds
                ):
                    writing = True
                    _write_held(ledger, held, result)
                    writing, held, held_bytes = False, [], 0
            if on_article is not None:
                on_article(item)
    finally:
        try:
            if held and not writing:  # not after a failed write: it would fail again
                _write_held(ledger, held, result)
        finally:
            ledger.record_problems(unrecorded)


def _write_held(ledger: Ledger, records: list[ArticleRecord], result: IngestResult) -> None:
    """Write the held records in one transaction, each article whole or not at all. A record the
    ledger refuses is reported and recorded as a problem, and the others are stored."""
    refused: list[Problem] = []
    for record, added in zip(records, ledger.add_together(records)):
        if isinstance(added, Problem):
            refused.append(added)
            continue
        key = article_key(record.article.text)
        if added:
            result.added += 1
            result.added_keys.append(key)
            result.statements_added += len(record.statements)
        else:
            result.duplicates += 1
            result.duplicate_keys.append(key)
    if refused:
        result.problems.extend(refused)
        ledger.record_problems(refused)


def batch(inputs: Iterable[str], out: str, **options):
    """Process every article in ``inputs`` into the Parquet output folder ``out`` on the local,
    Spark or Ray engine; a re-run resumes. Options: those of ``newsledger.batch.run_batch``."""
    from .batch import run_batch

    check_output_folder(out, "--out", make_parents=True)
    return run_batch(inputs, out, **options)


def statements(
    db: str = DEFAULT_DB,
    speaker: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: int = 0,
    distinct_claims: bool = False,
) -> list[StoredStatement]:
    """Statements stored in the ledger, optionally only those of one speaker or matching a text query,
    spoken by or mentioning a ledger entity, or published between two dates."""
    with Ledger.open(db, readonly=True) as ledger:
        if entity is not None:
            _known_entity(ledger, entity)
        return ledger.statements(
            speaker=speaker, text=text, limit=limit, entity=entity, since=since, until=until, offset=offset,
            distinct_claims=distinct_claims,
        )


def statement_rows(stored: Iterable[StoredStatement], db: str = DEFAULT_DB) -> list[dict]:
    """Queried statements as the rows ``export --what statements`` writes (ledger speaker ids,
    claim groups, mentions): the one serialisation of a stored statement."""
    from .ledger.exports import statement_rows as rows

    with Ledger.open(db, readonly=True) as ledger:
        return list(rows(ledger, stored))


def _known_entity(ledger: Ledger, entity_id: str) -> LedgerEntity:
    found = ledger.entity(entity_id)
    if found is None:
        raise StoreError(
            f"{ledger.path}: no entity {entity_id!r} in the ledger; find its id with: newsledger entities NAME"
        )
    return found


@dataclass
class TimelineResult:
    entity: LedgerEntity
    events: list[StoredEvent] = field(default_factory=list)
    more: bool = False  # the limit cut the timeline: the entity has more events than ``events``


def timeline(entity: str, db: str = DEFAULT_DB, limit: int | None = None) -> TimelineResult:
    """The events a ledger entity takes part in (actor, recipient, item or place), oldest first:
    all of them, or the first ``limit``."""
    with Ledger.open(db, readonly=True) as ledger:
        found = _known_entity(ledger, entity)
        events = ledger.timeline(entity, limit=None if limit is None else limit + 1)  # one more tells whether it was cut
    if limit is not None and len(events) > limit:
        return TimelineResult(found, events[:limit], more=True)
    return TimelineResult(found, events)


def positions(topic: str, db: str = DEFAULT_DB, limit: int = 200) -> list[StoredStatement]:
    """Statements on a topic, oldest first, to compare what each speaker said. The topic is a ledger
    entity id (``weapon:s-400``: the statements spoken by or mentioning it) or a full-text query in
    which a weapon's or an entity's name finds its other spellings too (``S400`` finds ``S-400``)."""
    with Ledger.open(db, readonly=True) as ledger:
        if _ENTITY_ID.match(topic.strip()):
            entity = _known_entity(ledger, topic.strip())
            return ledger.statements(entity=entity.id, limit=limit)
        return ledger.positions(search_with_aliases(topic, ledger), limit=limit)


_ENTITY_ID = re.compile(r"^[a-z_]+:[^\s:\"]+$")  # person:ana-lopez, weapon:s-400, country:IND
_FTS_SYNTAX = re.compile(r'["()*^]|\b(?:AND|OR|NOT|NEAR)\b')


def search_with_aliases(text: str, ledger: Ledger) -> str:
    """The full-text query ``text``, widened to every spelling of the weapon or ledger entity it
    names: ``S400`` becomes ``"S400" OR "S-400" OR "S-400 Triumf" OR ...`` (the weapons' aliases
    in the knowledge base, the entities' aliases in the ledger). A query written with FTS syntax
    (quotes, OR, NOT, prefix*) is the user's own and is left as it is."""
    from .knowledge import load_knowledge

    text = text.strip()
    if not text or _FTS_SYNTAX.search(text):
        return text
    names = [text, *load_knowledge().names_of_weapon(text)]
    folded = text.casefold()
    for entity in ledger.entities(text, limit=20):
        spellings = (entity.name, *entity.aliases)
        if any(s.casefold() == folded for s in spellings):
            names += [*spellings, *load_knowledge().names_of_weapon(entity.id)]
    unique = list(dict.fromkeys(n.replace('"', "").strip() for n in names if n.strip()))
    return text if len(unique) == 1 else " OR ".join(f'"{n}"' for n in unique)


def entities(query: str | None = None, type: str | None = None, db: str = DEFAULT_DB, limit: int | None = 50) -> list[LedgerEntity]:
    """Ledger entities (merged across articles) whose name or alias contains ``query``, most quoted first."""
    with Ledger.open(db, readonly=True) as ledger:
        return ledger.entities(query, type=type, limit=limit)


@dataclass
class ExportResult:
    what: str
    format: str
    rows: int
    out: str | None  # None: written to the stream given


def export(what: str = "statements", format: str = "jsonl", db: str = DEFAULT_DB, out: str | Path | None = None, stream=None) -> ExportResult:
    """Write the ledger's statements, events, entities or transfers as JSONL, CSV or Parquet to
    ``out`` (a file) or, for JSONL and CSV, to ``stream``."""
    from .ledger import exports

    if out is None and stream is None:
        raise StoreError("give a file to export to, e.g. --out statements.jsonl")
    if out is not None:
        check_output_file(out, "--out")
    with Ledger.open(db, readonly=True) as ledger:
        transfers = None
        if what == "transfers" and format in exports.FORMATS:
            from .events.transfers import build_transfers

            transfers = build_transfers(ledger.distinct_records())  # wire copies count once
        rows = exports.write(ledger, what, format, out if out is not None else stream, transfers)
    return ExportResult(what, format, rows, None if out is None else str(out))


@dataclass
class TransfersResult:
    transfers: list[Transfer] = field(default_factory=list)
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)


def transfers(
    paths: Iterable[str] = (),
    db: str | None = None,
    published: str | None = None,
    model: str | None = None,
    stdin=None,
    profile: str | None = None,
    track: Track | None = None,
) -> TransfersResult:
    """SIPRI-style arms-transfer records from the events in ``paths`` (extracted now) or in the
    ledger at ``db`` (as stored), with the evidence each rests on. ``track`` is shown each article
    extracted, with their count."""
    from .events.transfers import build_transfers

    check_published(published)
    result = TransfersResult()
    records: list[ArticleRecord] = []
    if db is not None:
        with Ledger.open(db, readonly=True) as ledger:
            records.extend(ledger.distinct_records())  # wire copies count once
    if paths:
        extracted = extract_paths(paths, published=published, model=model, stdin=stdin, profile=profile)
        for item in _tracked(extracted, count_articles(paths) if track else None, track):
            if isinstance(item, Problem):
                result.problems.append(item)
            else:
                records.append(item)
    result.articles = len(records)
    result.transfers = build_transfers(records)
    return result


def evaluate_plover(
    data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None,
    track: Track | None = None,
):
    """Event types and actors on the PLOVER gold sentences (see ``evaluation.plover``)."""
    from .evaluation.plover import evaluate_plover as run

    return run(data, model=model, profile=profile, limit=limit, extract=_tracked_extract(model, profile, track))


def evaluate_cameo(
    data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None,
    track: Track | None = None,
):
    """Quad classes and event recall on the CAMEO codebook's example sentences (see ``evaluation.cameo``)."""
    from .evaluation.cameo import evaluate_cameo as run

    return run(data, model=model, profile=profile, limit=limit, extract=_tracked_extract(model, profile, track))


def evaluate_news(
    data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None,
    track: Track | None = None,
):
    """Statements, speakers and events on the hand-annotated news articles (see ``evaluation.news``)."""
    from .evaluation.news import evaluate_news as run

    return run(data, model=model, profile=profile, limit=limit, extract=_tracked_extract(model, profile, track))


def evaluate_re3d(
    data: str | Path | None = None,
    limit: int | None = None,
    folders: list[str] | None = None,
    model: str | None = None,
    profile: str | None = None,
    track: Track | None = None,
):
    """Entity mentions (weapons, platforms, organisations, nationalities) on re3d (see ``evaluation.re3d``)."""
    from .evaluation.re3d import evaluate_re3d as run

    return run(data, model=model, profile=profile, limit=limit, folders=folders, extract=_tracked_extract(model, profile, track))


def evaluate_polnear(
    data: str | Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    model: str | None = None,
    profile: str | None = None,
    track: Track | None = None,
):
    """Score the extractor on a PolNeAR split (see ``evaluation.polnear``)."""
    from .evaluation.polnear import evaluate
    from .extraction import extract_many

    def run(articles: Iterable[Article]) -> Iterable[ArticleRecord | Problem]:
        articles = list(articles)
        yield from _tracked(extract_many(articles, model=model, profile=profile), len(articles), track)

    return evaluate(Path(data) if data else DEFAULT_POLNEAR, split, run, limit=limit)


def evaluate_sample(
    corpus: str | Path | None = None,
    gold: str | Path | None = None,
    model: str | None = None,
    profile: str | None = None,
    transfers_gold: str | Path | None = None,
    events_gold: str | Path | None = None,
    track: Track | None = None,
):
    """Score the extractor on the bundled sample corpus against its hand-written gold: statements
    and speakers, arms-layer events and arms-transfer records."""
    from .evaluation.sample import load_gold, score

    for path, option, what in (
        (corpus, "--corpus", "a folder of articles"),
        (gold, "--gold", "a JSONL file of gold statements"),
        (transfers_gold, "--transfers-gold", "a JSONL file of gold transfers"),
        (events_gold, "--events-gold", "a JSONL file of gold events"),
    ):
        if path is not None:
            check_input_path(path, option, what)
    paths = [str(corpus or SAMPLE_CORPUS)]
    extracted = extract_paths(paths, model=model, profile=profile)
    records: dict[str, ArticleRecord] = {}
    problems: list[Problem] = []  # articles that could not be read or extracted: reported, scored as empty
    for item in _tracked(extracted, count_articles(paths) if track else None, track):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            records[item.article.id] = item
    return score(
        load_gold(Path(gold or SAMPLE_GOLD)),
        records,
        transfers_gold=load_gold(Path(transfers_gold or SAMPLE_TRANSFERS_GOLD)),
        events_gold=load_gold(Path(events_gold or SAMPLE_EVENTS_GOLD)),
        problems=problems,
    )


def train_attribution(
    data: str | Path | None = None,
    out: str | Path | None = None,
    epochs: int = 6,
    limit: int | None = None,
    seed: int = 13,
    members: int = 1,
    features: str = "both",
    log: Callable[[str], None] | None = None,
) -> dict:
    """Rebuild the accurate profile's taggers from PolNeAR train (see ``training.attribution``):
    ``features`` ``both`` (the shipped pair: one tagger reading the wordpieces, one reading the
    spaCy parse as well), ``off`` or ``on`` (one kind only), for each of ``members`` seeds."""
    _check_training_paths(data, out, folder=True)
    try:
        from .attribution.model import WEIGHTS_DIR
        from .training.attribution import train_ensemble
    except ImportError as err:
        raise ProfileError.missing_extra("train attribution", err) from err
    kwargs = {"log": log} if log else {}
    return train_ensemble(
        Path(data) if data else DEFAULT_POLNEAR,
        Path(out) if out else WEIGHTS_DIR,
        members=members,
        epochs=epochs,
        limit=limit,
        seed=seed,
        features=features,
        **kwargs,
    )


def train_cues(
    data: str | Path | None = None,
    out: str | Path | None = None,
    c: float = 0.3,
    limit: int | None = None,
    log: Callable[[str], None] | None = None,
) -> dict:
    """Rebuild the fast profile's learned cue verbs from PolNeAR train (see ``training.cue_verbs``)."""
    _check_training_paths(data, out, folder=False)
    try:
        import sklearn  # noqa: F401  (training only; the model itself runs without it)
    except ImportError as err:
        raise ProfileError.missing_extra("train cues", err) from err
    from .attribution.cue_verbs import WEIGHTS
    from .training.cue_verbs import train_cues as train

    kwargs = {"log": log} if log else {}
    return train(Path(data) if data else DEFAULT_POLNEAR, Path(out) if out else WEIGHTS, c=c, limit=limit, **kwargs)


def _check_training_paths(data: str | Path | None, out: str | Path | None, folder: bool) -> None:
    """Training takes minutes to hours: a missing PolNeAR folder or an output that cannot be
    written is refused before it starts, not found when the weights are saved."""
    if data is not None and not Path(data).is_dir():
        raise InputError(str(data), "no such folder", "give the PolNeAR folder (the one holding data/train) with --data")
    if out is not None:
        (check_output_folder if folder else check_output_file)(out, "--out")
