"""Parse features for the tagger's wordpieces (attribution/features.py), on real parses."""

import pytest

from newsledger.attribution.encoding import Window
from newsledger.attribution.features import (
    CLAUSE_END,
    CLAUSE_START,
    UNIVERSAL_POS,
    FeatureVocab,
    doc_windows_features,
    token_features,
    window_features,
)

VOCAB = FeatureVocab.build(["nsubj", "ROOT", "ccomp", "punct", "aux", "det", "dobj", "compound"], {"say", "warn"})


def test_vocab_ids_are_sorted_labels_from_one_with_padding_and_unknown_rows():
    assert VOCAB.deps == ("ROOT", "aux", "ccomp", "compound", "det", "dobj", "nsubj", "punct")
    assert VOCAB.sizes() == {"dep": 10, "pos": len(UNIVERSAL_POS) + 2, "cue": 3, "edge": 5}
    assert FeatureVocab.from_meta(VOCAB.to_meta()) == VOCAB


def test_token_features_mark_cue_lemmas_labels_and_clause_edges(nlp):
    doc = nlp("The minister said the talks would resume.")
    by_text = {t.text: ids for t, ids in zip(doc, token_features(doc, VOCAB), strict=True)}
    said, the, resume = by_text["said"], by_text["The"], by_text["resume"]
    assert said[2] == 2 and the[2] == 1  # 'say' is a cue lemma; 'the' is not
    assert said[0] == VOCAB.deps.index("ROOT") + 1
    assert said[1] == UNIVERSAL_POS.index("VERB") + 1
    # The sentence (ROOT) starts at 'The'; the reported clause (ccomp) runs from 'the' to 'resume'.
    assert the[3] == 1 + CLAUSE_START
    assert doc[3].text == "the" and token_features(doc, VOCAB)[3][3] == 1 + CLAUSE_START
    assert resume[3] == 1 + CLAUSE_END
    assert by_text["."][3] == 1 + CLAUSE_END  # the sentence ends at the full stop


def test_labels_outside_the_vocabulary_get_the_unknown_id(nlp):
    doc = nlp("Officials in Ankara warned of sanctions.")
    ids = token_features(doc, VOCAB)
    prep = [i for t, i in zip(doc, ids, strict=True) if t.dep_ == "prep"]
    assert prep and all(i[0] == len(VOCAB.deps) + 1 for i in prep)
    assert ids[2][2] == 1 and ids[3][2] == 2  # 'Ankara' no cue, 'warned' a cue


def test_each_wordpiece_takes_the_ids_of_the_token_it_starts_in():
    per_token = [(1, 1, 1, 1), (2, 2, 2, 2), (3, 3, 3, 3)]
    starts = [0, 4, 12]  # tokens at 0, 4 and 12
    window = Window(ids=(7, 8, 9, 10), offsets=((4, 8), (8, 11), (12, 13), (0, 3)))
    assert window_features(starts, per_token, window) == [(2, 2, 2, 2), (2, 2, 2, 2), (3, 3, 3, 3), (1, 1, 1, 1)]


def test_an_empty_doc_gives_padding_ids(nlp):
    doc = nlp("")
    assert doc_windows_features(doc, VOCAB, [Window(ids=(1,), offsets=((0, 1),))]) == [[(0, 0, 0, 0)]]


@pytest.mark.parametrize("text", ["He said so.", "“No,” she said.\n\nThe talks failed."])
def test_windows_over_a_doc_get_one_row_of_ids_per_wordpiece(nlp, text):
    pytest.importorskip("transformers", reason="the accurate extra is not installed")
    from newsledger.attribution.encoding import windows
    from newsledger.attribution.model import load_tokenizer

    doc = nlp(text)
    wins = windows(load_tokenizer(), text, max_tokens=8)
    feats = doc_windows_features(doc, VOCAB, wins)
    assert [len(f) for f in feats] == [len(w.ids) for w in wins]
    assert all(all(x >= 1 for x in row) for f in feats for row in f)
