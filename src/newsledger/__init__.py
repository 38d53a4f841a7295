"""newsledger: a source-linked ledger of who said what in the news.

    import newsledger
    record = newsledger.extract("Pompeo told reporters that the move was \\"disturbing.\\"")
    for s in record.statements:
        print(s.speaker_entity.name, s.cue.text, s.content.text)
"""

from .commands import extract, ingest, statements
from .errors import InputError, ModelNotFoundError, NewsledgerError, ProfileError, StoreError
from .extraction import extract_many
from .ingest import read_articles
from .pipeline import load_pipeline
from .records import Article, ArticleRecord, Content, Entity, EntityRef, IgnoredSpan, Problem, Span, Statement

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleRecord",
    "Content",
    "Entity",
    "EntityRef",
    "IgnoredSpan",
    "InputError",
    "ModelNotFoundError",
    "NewsledgerError",
    "Problem",
    "ProfileError",
    "Span",
    "Statement",
    "StoreError",
    "extract",
    "extract_many",
    "ingest",
    "load_pipeline",
    "read_articles",
    "statements",
]
