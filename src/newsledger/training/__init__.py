"""Rebuilding the trained models from PolNeAR train: the fast profile's learned cue verbs
(``cue_verbs``, ``newsledger train cues``; scikit-learn) and the accurate profile's tagger
(``attribution``, ``newsledger train attribution``; torch). Above the pipeline and evaluation,
since training parses PolNeAR and scores against its gold; what it writes is read by
``newsledger.attribution``."""
