"""The ledger as flat tables (statements, events, entities, transfers) in JSONL, CSV or Parquet.

One schema per table serves all three formats: Parquet gets typed columns (dates as dates,
nested arrays as lists) that DuckDB and pandas read as they are; CSV writes a list as JSON.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from newsledger.errors import StoreError
from newsledger.ledger.store import Ledger, StoredStatement
from newsledger.records import Event, Transfer

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("statements", "events", "entities", "transfers")

# (column, type): str, int, float, bool, date, or list[...] / titles for nested values.
COLUMNS: dict[str, list[tuple[str, str]]] = {
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


def rows(ledger: Ledger, what: str, transfers: Iterable[Transfer] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one table, as plain dicts with the columns of ``COLUMNS[what]``. The ledger
    stores no transfers: for ``transfers`` the caller gives the ones built from the ledger's
    records (``events.transfers.build_transfers(ledger.distinct_records())``)."""
    if what not in TABLES:
        raise StoreError(f"cannot export {what!r}; choose one of {', '.join(TABLES)}")
    if what == "transfers":
        if transfers is None:
            raise ValueError("exporting transfers needs the transfers built from the ledger's records")
        yield from _transfers(transfers)
        return
    yield from {"statements": _statements, "events": _events, "entities": _entities}[what](ledger)


def write(ledger: Ledger, what: str, fmt: str, out: str | Path | IO[str], transfers: Iterable[Transfer] | None = None) -> int:
    """Write the table ``what`` to ``out`` (a path, or a text stream for jsonl and csv); return the
    row count. ``transfers``: see ``rows``."""
    if fmt not in FORMATS:
        raise StoreError(f"cannot export as {fmt!r}; choose one of {', '.join(FORMATS)}")
    table = list(rows(ledger, what, transfers))
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise StoreError("Parquet is a binary format; give a file to write it to, e.g. --out statements.parquet")
        _write_parquet(table, COLUMNS[what], Path(out))
        return len(table)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            _write_text(table, what, fmt, stream)
    else:
        _write_text(table, what, fmt, out)
    return len(table)


def _write_text(table: list[dict[str, Any]], what: str, fmt: str, stream: IO[str]) -> None:
    if fmt == "jsonl":
        for row in table:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in COLUMNS[what]])
    for row in table:
        writer.writerow(
            ["" if row[name] is None else json.dumps(row[name], ensure_ascii=False) if kind.startswith(("list", "titles"))
             else row[name] for name, kind in COLUMNS[what]]
        )


def _write_parquet(table: list[dict[str, Any]], columns: list[tuple[str, str]], path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(table, columns), path)


def arrow_table(table: list[dict[str, Any]], columns: list[tuple[str, str]]):
    """A pyarrow Table of ``table``'s rows with the typed columns ``columns`` (see COLUMNS)."""
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


def _statements(ledger: Ledger) -> Iterator[dict[str, Any]]:
    mentions: dict[tuple[str, str], list[str]] = {}
    for key, statement_id, entity_id in ledger._conn.execute(
        "SELECT article_key, statement_id, entity_id FROM statement_mentions ORDER BY article_key, statement_id, entity_id"
    ):
        mentions.setdefault((key, statement_id), []).append(entity_id)
    for row in ledger.statements():
        yield statement_row(row, mentions.get((row.article_key, row.statement.id), []))


def statement_rows(ledger: Ledger, stored: Iterable[StoredStatement]) -> Iterator[dict[str, Any]]:
    """The export's rows (``COLUMNS["statements"]``) of some statements queried from ``ledger``:
    what `newsledger statements --format jsonl` prints, in the export's one shape."""
    stored = list(stored)
    keys = sorted({row.article_key for row in stored})
    mentions: dict[tuple[str, str], list[str]] = {}
    for start in range(0, len(keys), 500):  # under SQLite's limit on bound parameters
        chunk = keys[start : start + 500]
        for key, statement_id, entity_id in ledger._conn.execute(
            "SELECT article_key, statement_id, entity_id FROM statement_mentions"
            f" WHERE article_key IN ({', '.join('?' * len(chunk))}) ORDER BY article_key, statement_id, entity_id",
            chunk,
        ):
            mentions.setdefault((key, statement_id), []).append(entity_id)
    for row in stored:
        yield statement_row(row, mentions.get((row.article_key, row.statement.id), []))


def statement_row(row: StoredStatement, mentions: list[str]) -> dict[str, Any]:
    """One row of the statements table (``COLUMNS["statements"]``); ``mentions``: the ledger ids
    of the entities the statement mentions."""
    s = row.statement
    ref = s.speaker_entity
    return {
        "article_key": row.article_key,
        "article_id": row.article_id,
        "article_source": row.article_source,
        "article_title": row.article_title,
        "article_published": row.article_published,
        "article_url": row.article_url,
        "statement_id": s.id,
        "speaker_text": s.speaker.text if s.speaker else None,
        "speaker_start": s.speaker.start if s.speaker else None,
        "speaker_end": s.speaker.end if s.speaker else None,
        "speaker_id": row.speaker_id,
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
        "addressee_text": s.addressee.text if s.addressee else None,
        "confidence": s.confidence,
        "group_id": row.group_id,
        "group_size": row.group_size,
        "mentions": mentions,
    }


def _events(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for stored in ledger.events():
        yield event_row(stored.article_key, stored.article_id, stored.article_published, stored.event)


def event_row(article_key: str, article_id: str, published: str | None, e: Event) -> dict[str, Any]:
    """One row of the events table (``COLUMNS["events"]``): the ledger's export and the batch runner's output."""
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


def _entities(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for entity in ledger.entities(limit=None):
        yield {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": list(entity.aliases),
            "titles": [{"title": t, "affiliation": a, "as_of": d} for t, a, d in entity.titles],
            "articles": entity.articles,
            "statements": entity.statements,
        }


def _transfers(transfers: Iterable[Transfer]) -> Iterator[dict[str, Any]]:
    for t in transfers:
        yield {
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
            "evidence_json": json.dumps(list(t.evidence), ensure_ascii=False),
        }
