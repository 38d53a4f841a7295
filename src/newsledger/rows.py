"""The flat tables newsledger writes, in one place: each table's columns and types, and one function
per table that builds a row from records.

The ledger's export (``newsledger export``), the batch output (``newsledger batch``), the CLI's jsonl
and the web app's downloads all take their rows from here, so a column is named and filled once; the
ledger's statements table stores the same flat statement columns (``statement_columns``) and reads
them back (``statement_from_columns``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from newsledger.records import ArticleRecord, Content, Entity, EntityRef, Event, Span, Statement, Transfer

Row = dict[str, Any]
# (column, type): str, int, float, bool, date, list[...], or titles (a list of title, affiliation, as_of).
Columns = list[tuple[str, str]]

# The ledger's tables, as `newsledger export` writes them.
LEDGER_COLUMNS: dict[str, Columns] = {
    "statements": [
        ("article_key", "str"), ("article_id", "str"), ("article_source", "str"), ("article_title", "str"),
        ("article_published", "date"), ("article_url", "str"), ("statement_id", "str"),
        ("speaker_text", "str"), ("speaker_start", "int"), ("speaker_end", "int"),
        ("speaker_id", "str"), ("speaker_entity_id", "str"), ("speaker_name", "str"), ("speaker_type", "str"),
        ("speaker_title", "str"), ("speaker_affiliation", "str"),
        ("cue_text", "str"), ("cue_start", "int"), ("cue_end", "int"),
        ("content_text", "str"), ("content_start", "int"), ("content_end", "int"), ("content_parts", "list[list[int]]"),
        ("kind", "str"), ("addressee_text", "str"), ("confidence", "float"),
        ("group_id", "str"), ("group_size", "int"), ("mentions", "list[str]"),
    ],
    "events": [
        ("article_key", "str"), ("article_id", "str"), ("article_published", "date"), ("event_id", "str"),
        ("type", "str"), ("subtype", "str"), ("mode", "str"),
        ("actor_ids", "list[str]"), ("actor_names", "list[str]"),
        ("recipient_ids", "list[str]"), ("recipient_names", "list[str]"),
        ("item_id", "str"), ("item_name", "str"), ("item_quantity", "int"),
        ("location_id", "str"), ("location_name", "str"),
        ("time_text", "str"), ("time_value", "str"), ("time_inferred", "bool"),
        ("modality", "str"), ("evidence_start", "int"), ("evidence_end", "int"), ("evidence_text", "str"),
        ("trigger_text", "str"), ("actor_role", "str"), ("statement_id", "str"), ("confidence", "float"),
    ],
    "entities": [
        ("id", "str"), ("name", "str"), ("type", "str"), ("aliases", "list[str]"), ("titles", "titles"),
        ("articles", "int"), ("statements", "int"),
    ],
    "transfers": [
        ("supplier_id", "str"), ("supplier_name", "str"), ("recipient_id", "str"), ("recipient_name", "str"),
        ("item_id", "str"), ("designation", "str"), ("category", "str"), ("sipri_category", "str"),
        ("status", "str"), ("order_year", "int"), ("delivery_years", "list[int]"), ("quantity", "int"),
        ("follow_on", "str"), ("evidence_count", "int"), ("evidence_articles", "list[str]"), ("evidence_json", "str"),
    ],
}

# The statements' columns that only a ledger knows: the article's source, title and url (the batch has
# them in its articles table), the speaker's ledger id, the claim group, the ledger ids mentioned.
LEDGER_ONLY = ("article_source", "article_title", "article_url", "speaker_id", "group_id", "group_size", "mentions")

# The tables of a batch's articles, as `newsledger batch` writes them: the statements without what
# only a ledger knows, the entities as each article found them.
ARTICLE_COLUMNS: dict[str, Columns] = {
    "articles": [
        ("article_key", "str"), ("article_id", "str"), ("source", "str"), ("title", "str"), ("published", "date"),
        ("url", "str"), ("chars", "int"), ("statements", "int"), ("events", "int"), ("entities", "int"),
        ("record", "str"),  # the whole ArticleRecord as JSON: what `newsledger ingest OUT` stores
    ],
    "statements": [(name, kind) for name, kind in LEDGER_COLUMNS["statements"] if name not in LEDGER_ONLY],
    "events": LEDGER_COLUMNS["events"],  # the same table as `newsledger export --what events`
    "entities": [
        ("article_key", "str"), ("article_id", "str"), ("entity_id", "str"), ("name", "str"), ("type", "str"),
        ("aliases", "list[str]"), ("title", "str"), ("affiliation", "str"), ("as_of", "str"),
        ("mentions", "list[list[int]]"),
    ],
}


def to_json(value: Any) -> str:
    """``value`` as the JSON newsledger writes everywhere: one line, non-ASCII text kept as it is."""
    return json.dumps(value, ensure_ascii=False)


def select(row: Row, columns: Columns) -> Row:
    """The values of ``row`` for ``columns``, in their order: the row as that table has it."""
    return {name: row[name] for name, _ in columns}


# --- one function per table ---------------------------------------------------------------------


def article_row(key: str, record: ArticleRecord) -> Row:
    """One row of a batch's articles table: the article, its counts, and the whole record as JSON."""
    a = record.article
    return {
        "article_key": key, "article_id": a.id, "source": a.source, "title": a.title, "published": a.published,
        "url": a.url, "chars": len(a.text), "statements": len(record.statements), "events": len(record.events),
        "entities": len(record.entities), "record": to_json(record.to_dict()),
    }


def statement_columns(s: Statement) -> Row:
    """The flat columns of one statement (its speaker, cue, content, addressee and confidence), as
    the tables write them and the ledger stores them; ``statement_from_columns`` reads them back."""
    speaker, ref, addressee = s.speaker, s.speaker_entity, s.addressee
    return {
        "speaker_text": speaker.text if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_entity_id": ref.id if ref else None,
        "speaker_name": ref.name if ref else None,
        "speaker_type": ref.type if ref else None,
        "speaker_title": ref.title if ref else None,
        "speaker_affiliation": ref.affiliation if ref else None,
        "cue_text": s.cue.text,
        "cue_start": s.cue.start,
        "cue_end": s.cue.end,
        "content_text": s.content.text,
        "content_start": s.content.start,
        "content_end": s.content.end,
        "content_parts": [list(p) for p in s.content.parts],
        "kind": s.kind,
        "addressee_text": addressee.text if addressee else None,
        "addressee_start": addressee.start if addressee else None,
        "addressee_end": addressee.end if addressee else None,
        "confidence": s.confidence,
    }


def statement_from_columns(statement_id: str, c: Mapping[str, Any], parts: Iterable[Sequence[int]]) -> Statement:
    """The statement whose ``statement_columns`` are ``c`` (a dict, or a database row with those
    columns); ``parts``: its content's parts, which a database keeps as JSON."""
    speaker = None if c["speaker_start"] is None else Span(c["speaker_start"], c["speaker_end"], c["speaker_text"])
    ref = None
    if c["speaker_entity_id"] is not None:
        ref = EntityRef(
            c["speaker_entity_id"], c["speaker_name"], c["speaker_type"], c["speaker_title"], c["speaker_affiliation"]
        )
    addressee = None
    if c["addressee_start"] is not None:
        addressee = Span(c["addressee_start"], c["addressee_end"], c["addressee_text"])
    return Statement(
        id=statement_id,
        speaker=speaker,
        speaker_entity=ref,
        cue=Span(c["cue_start"], c["cue_end"], c["cue_text"]),
        content=Content(c["content_start"], c["content_end"], c["content_text"], tuple(tuple(p) for p in parts)),
        kind=c["kind"],
        addressee=addressee,
        confidence=c["confidence"],
    )


def statement_row(article_key: str, article_id: str, published: str | None, s: Statement) -> Row:
    """One row of the statements table: the article it comes from and the statement's columns.
    ``select`` it down to ``ARTICLE_COLUMNS["statements"]``; the ledger's export adds what only a
    ledger knows (the article's source, title and url, the speaker's ledger id, the claim group, the
    ledger ids of the entities mentioned) and selects it down to ``LEDGER_COLUMNS["statements"]``."""
    return {
        "article_key": article_key,
        "article_id": article_id,
        "article_published": published,
        "statement_id": s.id,
        **statement_columns(s),
    }


def event_row(article_key: str, article_id: str, published: str | None, e: Event) -> Row:
    """One row of the events table (``LEDGER_COLUMNS["events"]``): the ledger's export, the batch
    output and the web app's download."""
    return {
        "article_key": article_key,
        "article_id": article_id,
        "article_published": published,
        "event_id": e.id,
        "type": e.type,
        "subtype": e.subtype,
        "mode": e.mode,
        "actor_ids": [a.id for a in e.actors],
        "actor_names": [a.name for a in e.actors],
        "recipient_ids": [r.id for r in e.recipients],
        "recipient_names": [r.name for r in e.recipients],
        "item_id": e.item.id if e.item else None,
        "item_name": e.item.name if e.item else None,
        "item_quantity": e.item.quantity if e.item else None,
        "location_id": e.location.id if e.location else None,
        "location_name": e.location.name if e.location else None,
        "time_text": e.time.text if e.time else None,
        "time_value": e.time.value if e.time else None,
        "time_inferred": e.time.inferred if e.time else None,
        "modality": e.modality,
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "evidence_text": e.evidence.text,
        "trigger_text": e.trigger.text if e.trigger else None,
        "actor_role": e.actor_role,
        "statement_id": e.statement_id,
        "confidence": e.confidence,
    }


def entity_row(article_key: str, article_id: str, n: Entity) -> Row:
    """One row of a batch's entities table (``ARTICLE_COLUMNS["entities"]``): an entity as one article found it."""
    return {
        "article_key": article_key, "article_id": article_id, "entity_id": n.id,
        "name": n.name, "type": n.type, "aliases": list(n.aliases), "title": n.title, "affiliation": n.affiliation,
        "as_of": n.as_of, "mentions": [list(m) for m in n.mentions],
    }


def ledger_entity_row(
    id: str,
    name: str,
    type: str,
    aliases: Iterable[str],
    titles: Iterable[tuple[str | None, str | None, str | None]],
    articles: int,
    statements: int,
) -> Row:
    """One row of the ledger's entities table (``LEDGER_COLUMNS["entities"]``): an entity merged
    across articles, its titles oldest first. The ledger's ``LedgerEntity.to_dict``."""
    return {
        "id": id,
        "name": name,
        "type": type,
        "aliases": list(aliases),
        "titles": [{"title": t, "affiliation": a, "as_of": d} for t, a, d in titles],
        "articles": articles,
        "statements": statements,
    }


def transfer_row(t: Transfer) -> Row:
    """One row of the transfers table (``LEDGER_COLUMNS["transfers"]``): a transfer record, its
    evidence counted, its articles listed and the whole of it as JSON."""
    return {
        "supplier_id": t.supplier.id if t.supplier else None,
        "supplier_name": t.supplier.name if t.supplier else None,
        "recipient_id": t.recipient.id,
        "recipient_name": t.recipient.name,
        "item_id": t.item.id,
        "designation": t.item.name,
        "category": t.category,
        "sipri_category": t.sipri_category,
        "status": t.status,
        "order_year": t.order_year,
        "delivery_years": list(t.delivery_years),
        "quantity": t.quantity,
        "follow_on": t.follow_on,
        "evidence_count": len(t.evidence),
        "evidence_articles": list(dict.fromkeys(str(e.get("article")) for e in t.evidence)),
        "evidence_json": to_json(list(t.evidence)),
    }


# --- typed columns ------------------------------------------------------------------------------


def arrow_table(table: list[Row], columns: Columns):
    """A pyarrow Table of ``table``'s rows with the typed ``columns``: dates as dates, nested arrays
    as lists, which DuckDB and pandas read as they are."""
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list[str]": pa.list_(pa.string()),
        "list[int]": pa.list_(pa.int64()),
        "list[list[int]]": pa.list_(pa.list_(pa.int64())),
        "titles": pa.list_(
            pa.struct([("title", pa.string()), ("affiliation", pa.string()), ("as_of", pa.string())])
        ),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    dates = [name for name, kind in columns if kind == "date"]
    typed = [{**row, **{name: _date(row[name]) for name in dates}} for row in table]
    return pa.Table.from_pylist(typed, schema=schema)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
