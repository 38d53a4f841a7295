"""Find statements (speaker, cue, content) in a parsed Doc. Pure: no I/O, no knowledge of stores or CLIs.

The stage, module by module:

- ``cues``: what makes a word a cue (the lexicon of ``knowledge/data/cues.csv``, framed verbs, the
  cue model's verdict) and the cue span, the verb group as PolNeAR marks it;
- ``speakers``: who speaks (the cue's subject through shared-subject constructions, a speaker
  named after the content) and to whom;
- ``content``: what a cue verb reports, by an ordered table of named rules (``CONTENT_RULES``);
- ``according_to``: `According to Rostec, ...`;
- ``line_labels``: `Erdogan: Deliveries will begin in July` and transcripts (`PENCE: ...`);
- ``dash_signatures``: `"..." ― Leyla Aydin`;
- ``finder``: ``StatementFinder``, which walks the sentences and hands each cue to those rules;
- ``continuation``: `"A," she said. "B."`, run after the finder's and the tagger's statements are
  merged (the merge itself, of the accurate profile's tagger spans with these statements, is
  ``attribution.linking``);
- ``found``, ``spans``, ``lookups``: the statement found, char spans from tokens, the Doc's text and
  entities built once.
"""

from .continuation import continue_quotations
from .cues import CueModel
from .finder import StatementFinder
from .found import FoundStatement
from .line_labels import may_be_labelled_headline
from .lookups import doc_text, ent_at, ents_within
from .speakers import cue_subject

__all__ = [
    "CueModel", "FoundStatement", "StatementFinder", "continue_quotations", "cue_subject", "doc_text", "ent_at",
    "ents_within", "may_be_labelled_headline",
]
