"""The ledger as flat tables (statements, events, entities, transfers) in JSONL, CSV or Parquet.

One schema per table serves all three formats: Parquet gets typed columns (dates as dates,
nested arrays as lists) that DuckDB and pandas read as they are; CSV writes a list as JSON.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from newsledger.errors import StoreError
from newsledger.ledger.store import Ledger, StoredStatement
from newsledger.records import Transfer
from newsledger.rows import LEDGER_COLUMNS, arrow_table, event_row, select, statement_row, to_json, transfer_row

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("statements", "events", "entities", "transfers")

COLUMNS = LEDGER_COLUMNS  # each table's columns and types: see ``newsledger.rows``


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
            stream.write(to_json(row) + "\n")
        return
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in COLUMNS[what]])
    for row in table:
        writer.writerow(
            ["" if row[name] is None else to_json(row[name]) if kind.startswith(("list", "titles"))
             else row[name] for name, kind in COLUMNS[what]]
        )


def _write_parquet(table: list[dict[str, Any]], columns: list[tuple[str, str]], path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(table, columns), path)


def _statements(ledger: Ledger) -> Iterator[dict[str, Any]]:
    mentions: dict[tuple[str, str], list[str]] = {}
    for key, statement_id, entity_id in ledger._conn.execute(
        "SELECT article_key, statement_id, entity_id FROM statement_mentions ORDER BY article_key, statement_id, entity_id"
    ):
        mentions.setdefault((key, statement_id), []).append(entity_id)
    for row in ledger.statements():
        yield _statement_row(row, mentions.get((row.article_key, row.statement.id), []))


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
        yield _statement_row(row, mentions.get((row.article_key, row.statement.id), []))


def _statement_row(row: StoredStatement, mentions: list[str]) -> dict[str, Any]:
    """One row of the statements table; ``mentions``: the ledger ids of the entities the statement mentions."""
    ledger = {
        "article_source": row.article_source, "article_title": row.article_title, "article_url": row.article_url,
        "speaker_id": row.speaker_id, "group_id": row.group_id, "group_size": row.group_size, "mentions": mentions,
    }
    statement = statement_row(row.article_key, row.article_id, row.article_published, row.statement)
    return select({**statement, **ledger}, COLUMNS["statements"])


def _events(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for stored in ledger.events():
        yield event_row(stored.article_key, stored.article_id, stored.article_published, stored.event)


def _entities(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for entity in ledger.entities(limit=None):
        yield entity.to_dict()


def _transfers(transfers: Iterable[Transfer]) -> Iterator[dict[str, Any]]:
    for t in transfers:
        yield transfer_row(t)
