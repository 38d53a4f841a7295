"""Compatibility only: spaCy entry points installed before the components moved to
``newsledger.pipeline.components`` still name this module. Import from there instead; this
module goes once no install names it (the one upward import docs/architecture.md allows)."""

from ..pipeline.components import (  # noqa: F401
    make_attribution_model,
    make_boundaries,
    make_entities,
    make_events,
    make_statements,
)
