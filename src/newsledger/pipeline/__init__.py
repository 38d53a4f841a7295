"""The wiring above the stages: the spaCy components that put the findings of ``nlp``,
``attribution`` and ``events`` on a Doc (``components``), and the pipeline built from them per
profile (``assembly``). The stages never import this package; see docs/architecture.md."""

from .assembly import (
    DEFAULT_MODEL,
    DEFAULT_PROFILE,
    PROFILE_ENV,
    PROFILES,
    load_pipeline,
    model_name,
    parse_pipeline,
    parse_texts,
    profile_name,
)

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PROFILE",
    "PROFILE_ENV",
    "PROFILES",
    "load_pipeline",
    "model_name",
    "parse_pipeline",
    "parse_texts",
    "profile_name",
]
