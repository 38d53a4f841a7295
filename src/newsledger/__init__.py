"""newsledger: a source-linked ledger of who said what in the news.

    import newsledger
    record = newsledger.extract("Pompeo told reporters that the move was \\"disturbing.\\"")
    for s in record.statements:
        print(s.speaker_entity.name, s.cue.text, s.content.text)
"""

from importlib import import_module
from types import ModuleType

from .errors import InputError, ModelNotFoundError, NewsledgerError, ProfileError, StoreError
from .records import Article, ArticleRecord, Content, Entity, EntityRef, IgnoredSpan, Problem, Span, Statement

__version__ = "0.1.0"

# What needs spaCy (and the ledger's MinHash) loads on first use, so that `import newsledger` and
# `newsledger --help` stay quick (bench/startup.py).
_LAZY = {
    "extract": "commands",
    "ingest": "commands",
    "statements": "commands",
    "extract_many": "extraction",
    "read_articles": "ingest",
    "load_pipeline": "pipeline",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    source = import_module(f".{_LAZY[name]}", __name__)
    # Bind every name that module gives at once: loading `commands` imports the `ingest` readers,
    # which sets `newsledger.ingest` to that subpackage; the public `ingest` is the command.
    for lazy_name, module in _LAZY.items():
        if module == _LAZY[name]:
            globals()[lazy_name] = getattr(source, lazy_name)
    if isinstance(globals().get("ingest"), ModuleType):
        del globals()["ingest"]  # the subpackage, set by its import: `newsledger.ingest` is the command
    return globals()[name]

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
