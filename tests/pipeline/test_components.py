"""The components work in a spaCy user's own pipeline, added by name."""

import spacy

import newsledger  # noqa: F401  (registers the factories)
from newsledger.pipeline import DEFAULT_MODEL


def test_add_pipe_by_name_in_a_plain_pipeline(nlp):
    own = spacy.load(DEFAULT_MODEL)
    own.add_pipe("newsledger_boundaries", before="parser")
    own.add_pipe("newsledger_statements")
    own.add_pipe("newsledger_entities")
    text = 'new decade\nLloyd Austin said that the battery had arrived.\n\n"It is working," he added.'
    doc = own(text)
    assert [(s.speaker_entity.name, s.cue.text) for s in doc._.statements] == [("Lloyd Austin", "said"), ("Lloyd Austin", "added")]
    assert [(text[i.start : i.end], i.reason) for i in doc._.ignored] == [("new decade", "heading")]
    # The heading is its own sentence, never the start of the speaker's.
    assert not any("new decade" in s.text and "Austin" in s.text for s in doc.sents)


def test_statements_component_alone_still_marks_debris():
    own = spacy.load(DEFAULT_MODEL)
    own.add_pipe("newsledger_statements_v1")
    own.add_pipe("newsledger_entities")
    doc = own("Advertisement\n\nLloyd Austin said that the battery had arrived.")
    assert [i.reason for i in doc._.ignored] == ["boilerplate"]
    assert [s.cue.text for s in doc._.statements] == ["said"]
