"""The tables the command line prints (statements, events, entities, transfers): their columns and
rows, drawn as a terminal table cut to fixed widths, as a wide table that cuts nothing, or as CSV."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .records import ArticleRecord, Event, Statement, Transfer

if TYPE_CHECKING:  # the ledger (and its SQLite and NumPy) is not needed to draw a table
    from .ledger import LedgerEntity, StoredEvent, StoredStatement

UNDATED = "----------"


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header
    width: int  # the terminal table's width, which --wide lets a cell go past
    align: str = "<"
    shorten: bool = False  # cut at a word boundary, with " [...]", rather than at the width
    label: str = ""  # printed before the cell in a table (not in CSV): "-> ", "qty "


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[list[str]]


def draw(table: Table, fmt: str = "table", wide: bool = False) -> Iterator[str]:
    """The lines of ``table``: ``fmt`` "table" (cells cut to their widths, or with ``wide`` each
    column as wide as its widest cell) or "csv" (a header, then every cell whole)."""
    if fmt == "csv":
        yield from _csv_lines(table)
        return
    widths = [c.width for c in table.columns]
    if wide and table.rows:
        widths = [max(len(row[i]) for row in table.rows) for i in range(len(widths))]
    last = len(table.columns) - 1
    for row in table.rows:
        cells = []
        for i, (column, cell) in enumerate(zip(table.columns, row, strict=True)):
            if not wide:
                cell = textwrap.shorten(cell, column.width) if column.shorten else cell[: column.width]
            cells.append(column.label + (cell if i == last else f"{cell:{column.align}{widths[i]}}"))
        yield "  ".join(cells)


def _csv_lines(table: Table) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow(row)
    yield from buffer.getvalue().splitlines()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _speaker(s: Statement) -> str:
    return "?" if s.speaker_name is None else s.speaker_name


STATEMENT_COLUMNS = (
    Column("published", 10),
    Column("article", 24),
    Column("speaker", 32),
    Column("cue", 10),
    Column("content", 80, shorten=True),
)


def statements(rows: Iterable[StoredStatement]) -> Table:
    """Stored statements, one a row: date, article, speaker, cue and what was said."""
    return Table(STATEMENT_COLUMNS, [
        [row.article_published or UNDATED, row.article_id, _speaker(row.statement), row.statement.cue.text,
         _one_line(row.statement.content.text)]
        for row in rows
    ])


def speaker_of(row: StoredStatement) -> str:
    """The name a stored statement's speaker is grouped under (``positions``)."""
    return _speaker(row.statement)


EXTRACTED_STATEMENT_COLUMNS = (
    Column("id", 4, align=">"),
    Column("speaker", 40),
    Column("cue", 12),
    Column("kind", 8),
    Column("content", 90, shorten=True),
)


def extracted_statements(record: ArticleRecord) -> Table:
    """The statements of one article as ``extract`` finds them."""
    rows = []
    for s in record.statements:
        who = s.speaker_entity.name if s.speaker_entity else "?"
        if s.speaker and s.speaker.text != who:
            who += f" ({s.speaker.text})"
        rows.append([s.id, who, s.cue.text, s.kind, _one_line(s.content.text)])
    return Table(EXTRACTED_STATEMENT_COLUMNS, rows)


EXTRACTED_EVENT_COLUMNS = (
    Column("id", 4, align=">"),
    Column("actors", 40),
    Column("what", 40),
    Column("modality", 12),
    Column("where_when", 60),
)


def extracted_events(record: ArticleRecord) -> Table:
    """The events of one article as ``extract`` finds them."""
    return Table(EXTRACTED_EVENT_COLUMNS, [_extracted_event(e) for e in record.events])


def _extracted_event(e: Event) -> list[str]:
    actors = ", ".join(a.name for a in e.actors) or "?"
    recipients = ", ".join(r.name for r in e.recipients)
    what = e.action + (f" {e.item.name}" if e.item else "") + (f" -> {recipients}" if recipients else "")
    where_when = " ".join(x for x in (e.location and f"in {e.location.name}", e.time and e.time.value) if x)
    claim = f" (per {e.statement_id})" if e.statement_id else ""
    return [e.id, actors, what, e.modality, where_when + claim]


EVENT_COLUMNS = (
    Column("when", 10),
    Column("article", 24),
    Column("actors", 30),
    Column("what", 30),
    Column("recipients", 24),
    Column("modality", 12),
)


def events(stored: Iterable[StoredEvent]) -> Table:
    """Stored events, one a row (``timeline``): when, article, actors, what, recipients, modality."""
    rows = []
    for s in stored:
        e = s.event
        when = (e.time.value if e.time and e.time.value else None) or s.article_published or UNDATED
        rows.append([
            when, s.article_id, ", ".join(a.name for a in e.actors) or "?",
            e.action + (f" {e.item.name}" if e.item else ""),
            ", ".join(r.name for r in e.recipients), e.modality,
        ])
    return Table(EVENT_COLUMNS, rows)


ENTITY_COLUMNS = (
    Column("id", 36),
    Column("name", 30),
    Column("type", 14),
    Column("articles", 5, align=">"),
    Column("statements", 5, align=">", label="articles  "),
    Column("title", 40, label="statements  "),
)


def entities(found: Iterable[LedgerEntity]) -> Table:
    """Ledger entities, one a row: id, name, type, how many articles and statements, latest title."""
    rows = []
    for e in found:
        title = next((", ".join(x for x in t[:2] if x) for t in reversed(e.titles)), "")
        rows.append([e.id, e.name, e.type, str(e.articles), str(e.statements), title])
    return Table(ENTITY_COLUMNS, rows)


TRANSFER_COLUMNS = (
    Column("supplier", 18),
    Column("recipient", 18, label="-> "),
    Column("designation", 16),
    Column("category", 22),
    Column("status", 11),
    Column("order_year", 4, label="ordered "),
    Column("delivery_years", 9, label="delivered "),
    Column("quantity", 4, label="qty "),
    Column("evidence", 3, label="evidence "),
    Column("follow_on", 30, label="follow-on "),
)


def transfers(found: Sequence[Transfer]) -> Table:
    """SIPRI-style transfer records, one a row."""
    return Table(TRANSFER_COLUMNS, [
        [t.supplier.name if t.supplier else "?", t.recipient.name, t.item.name, t.category or "-", t.status,
         str(t.order_year or "-"), ",".join(str(y) for y in t.delivery_years) or "-", str(t.quantity or "-"),
         str(len(t.evidence)), t.follow_on or "-"]
        for t in found
    ])
