"""The ledger: extracted records stored in one SQLite file, and the queries over it."""

from newsledger.ledger.store import (
    IngestSummary,
    Ledger,
    LedgerEntity,
    StoredArticle,
    StoredEvent,
    StoredStatement,
    article_key,
)

__all__ = [
    "IngestSummary",
    "Ledger",
    "LedgerEntity",
    "StoredArticle",
    "StoredEvent",
    "StoredStatement",
    "article_key",
]
