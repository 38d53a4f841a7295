"""spaCy pipeline parts: debris marking, quotation pairing, statements, speakers and entities."""

from .pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
