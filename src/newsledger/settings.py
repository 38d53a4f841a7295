"""Defaults that the command line, the web app and the library share, in a module light enough to
import before anything heavy (spaCy, the ledger) is needed."""

DEFAULT_DB = "newsledger.db"  # the SQLite ledger `ingest`, the queries and `serve` use unless told otherwise
