"""The library functions behind the command line: each CLI command calls the same-named function
here, which returns data and prints nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProfileError, StoreError
from .extraction import extract_article, extract_items, extract_many
from .ingest import read_articles
from .dates import check_published
from .ledger import Ledger, LedgerEntity, StoredEvent, StoredStatement, article_key
from .records import Article, ArticleRecord, Problem, Transfer
from .settings import DEFAULT_DB

DEFAULT_POLNEAR = Path("../shared/eval-data/polnear")  # relative to where newsledger runs, as documented
SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
SAMPLE_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "sample_gold.jsonl"
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
    return extract_article(article, model=model, profile=profile)


def extract_paths(
    paths: Iterable[str],
    published: str | None = None,
    model: str | None = None,
    stdin=None,
    profile: str | None = None,
) -> Iterable[ArticleRecord | Problem]:
    """Read every input and extract each article; failures come back as Problems, in order."""
    return extract_items(read_articles(paths, published=published, stdin=stdin), model=model, profile=profile)


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
    on_article: Callable[[ArticleRecord | Problem], None] | None = None,
    profile: str | None = None,
) -> IngestResult:
    """Extract every article in ``paths`` and store it in the ledger at ``db``. Each article is its
    own transaction; one that is already stored (same text) is skipped; failures are recorded."""
    check_published(published)  # a bad --published must fail before the ledger file is created
    from .batch import is_batch_output, read_results

    paths = [paths] if isinstance(paths, str) else list(paths)
    outputs = [p for p in paths if p != "-" and is_batch_output(p)]  # folders written by `newsledger batch`
    sources = [p for p in paths if p not in outputs]

    def results() -> Iterable[ArticleRecord | Problem]:
        if sources:
            yield from extract_items(read_articles(sources, published=published, stdin=stdin), model=model, profile=profile)
        for out in outputs:
            yield from read_results(out)

    return store_records(results(), db=db, on_article=on_article)


def ingest_articles(
    items: Iterable[Article | Problem],
    db: str = DEFAULT_DB,
    model: str | None = None,
    on_article: Callable[[ArticleRecord | Problem], None] | None = None,
    profile: str | None = None,
) -> IngestResult:
    """Extract and store articles already read (problems from reading are recorded as they come):
    what ``ingest`` does after reading, and what the web app's ingest page calls."""
    return store_records(extract_items(items, model=model, profile=profile), db=db, on_article=on_article)


def store_records(
    results: Iterable[ArticleRecord | Problem],
    db: str = DEFAULT_DB,
    on_article: Callable[[ArticleRecord | Problem], None] | None = None,
) -> IngestResult:
    """Store extracted records (and record the problems) in the ledger at ``db``: the one store
    loop behind ``ingest``, the web app's ingest page and the loading of a batch output."""
    result = IngestResult()
    # Small batches: records come as fast as extraction makes them, and a run that is stopped keeps
    # what it stored every few articles (a batch of 8 writes about 6x its final size to the log,
    # one article at a time 14x; add_many's batches of 100 write 1.4x).
    with Ledger.open(db) as ledger, ledger.batched(articles=8, seconds=0.25):
        for item in results:
            if isinstance(item, Problem):
                result.problems.append(item)
                ledger.record_problem(item.source, item.message)
            else:
                result.articles_read += 1
                result.warnings.extend(item.warnings)
                key = article_key(item.article.text)
                if ledger.add(item):
                    result.added += 1
                    result.added_keys.append(key)
                    result.statements_added += len(item.statements)
                else:
                    result.duplicates += 1
                    result.duplicate_keys.append(key)
            if on_article is not None:
                on_article(item)
    return result


def batch(inputs: Iterable[str], out: str, **options):
    """Process every article in ``inputs`` into the Parquet output folder ``out`` on the local,
    Spark or Ray engine; a re-run resumes. Options: those of ``newsledger.batch.run_batch``."""
    from .batch import run_batch

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


def timeline(entity: str, db: str = DEFAULT_DB) -> TimelineResult:
    """The events a ledger entity takes part in (actor, recipient, item or place), oldest first."""
    with Ledger.open(db, readonly=True) as ledger:
        return TimelineResult(_known_entity(ledger, entity), ledger.timeline(entity))


def positions(topic: str, db: str = DEFAULT_DB, limit: int = 200) -> list[StoredStatement]:
    """Statements on a topic (a full-text query), oldest first, to compare what each speaker said."""
    with Ledger.open(db, readonly=True) as ledger:
        return ledger.positions(topic, limit=limit)


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
) -> TransfersResult:
    """SIPRI-style arms-transfer records from the events in ``paths`` (extracted now) or in the
    ledger at ``db`` (as stored), with the evidence each rests on."""
    from .events.transfers import build_transfers

    result = TransfersResult()
    records: list[ArticleRecord] = []
    if db is not None:
        with Ledger.open(db, readonly=True) as ledger:
            records.extend(ledger.distinct_records())  # wire copies count once
    if paths:
        check_published(published)
        for item in extract_paths(paths, published=published, model=model, stdin=stdin, profile=profile):
            if isinstance(item, Problem):
                result.problems.append(item)
            else:
                records.append(item)
    result.articles = len(records)
    result.transfers = build_transfers(records)
    return result


def evaluate_plover(data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None):
    """Event types and actors on the PLOVER gold sentences (see ``evaluation.plover``)."""
    from .evaluation.plover import evaluate_plover as run

    return run(data, model=model, profile=profile, limit=limit)


def evaluate_cameo(data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None):
    """Quad classes and event recall on the CAMEO codebook's example sentences (see ``evaluation.cameo``)."""
    from .evaluation.cameo import evaluate_cameo as run

    return run(data, model=model, profile=profile, limit=limit)


def evaluate_news(data: str | Path | None = None, limit: int | None = None, model: str | None = None, profile: str | None = None):
    """Statements, speakers and events on the hand-annotated news articles (see ``evaluation.news``)."""
    from .evaluation.news import evaluate_news as run

    return run(data, model=model, profile=profile, limit=limit)


def evaluate_re3d(
    data: str | Path | None = None,
    limit: int | None = None,
    folders: list[str] | None = None,
    model: str | None = None,
    profile: str | None = None,
):
    """Entity mentions (weapons, platforms, organisations, nationalities) on re3d (see ``evaluation.re3d``)."""
    from .evaluation.re3d import evaluate_re3d as run

    return run(data, model=model, profile=profile, limit=limit, folders=folders)


def evaluate_polnear(
    data: str | Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    model: str | None = None,
    profile: str | None = None,
):
    """Score the extractor on a PolNeAR split (see ``evaluation.polnear``)."""
    from .evaluation.polnear import evaluate

    def run(articles: Iterable[Article]) -> Iterable[ArticleRecord]:
        for item in extract_many(articles, model=model, profile=profile):
            if isinstance(item, ArticleRecord):
                yield item

    return evaluate(Path(data) if data else DEFAULT_POLNEAR, split, run, limit=limit)


def evaluate_sample(
    corpus: str | Path | None = None,
    gold: str | Path | None = None,
    model: str | None = None,
    profile: str | None = None,
    transfers_gold: str | Path | None = None,
    events_gold: str | Path | None = None,
):
    """Score the extractor on the bundled sample corpus against its hand-written gold: statements
    and speakers, arms-layer events and arms-transfer records."""
    from .evaluation.sample import load_gold, score

    records = {
        item.article.id: item
        for item in extract_paths([str(corpus or SAMPLE_CORPUS)], model=model, profile=profile)
        if isinstance(item, ArticleRecord)
    }
    return score(
        load_gold(Path(gold or SAMPLE_GOLD)),
        records,
        transfers_gold=load_gold(Path(transfers_gold or SAMPLE_TRANSFERS_GOLD)),
        events_gold=load_gold(Path(events_gold or SAMPLE_EVENTS_GOLD)),
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
    try:
        import sklearn  # noqa: F401  (training only; the model itself runs without it)
    except ImportError as err:
        raise ProfileError.missing_extra("train cues", err) from err
    from .attribution.cue_verbs import WEIGHTS
    from .training.cue_verbs import train_cues as train

    kwargs = {"log": log} if log else {}
    return train(Path(data) if data else DEFAULT_POLNEAR, Path(out) if out else WEIGHTS, c=c, limit=limit, **kwargs)
