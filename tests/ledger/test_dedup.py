"""MinHash signatures are part of the file format: the ones computed here with numpy are the ones
datasketch's MinHash (affine32 scheme, 128 permutations, seed 1) gave the ledgers stored before,
for one text or many at once."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ledger import dedup

TEXTS = [
    "Turkey will take delivery of the S-400 systems next year, the minister said.",
    "Russia and Turkey signed the contract in 2017; deliveries began in July 2019 at an air base near Ankara.",
    "Four words only here",  # fewer than five words: one shingle
    "",  # no words: no signature
    "Ünïcode wörds, ça va très bien merci, señor Łukasz; the talks had ended.",
    "the talks had ended " * 40,  # repeated shingles
]


def test_a_signature_and_its_band_hashes_are_the_stored_ones():
    # as datasketch 2.0 computed them (pinned here so that no later datasketch can move them)
    sig = dedup.signature(TEXTS[0])
    assert sig.dtype == np.dtype("<u4") and sig.shape == (dedup.NUM_PERM,)
    assert list(sig[:6]) == [196076234, 178074634, 99529170, 337990802, 107129465, 758683958]
    assert dedup.band_hashes(sig, dedup.ARTICLE_BANDS)[:2] == [-3692994764724051407, -5766298883814792126]
    assert dedup.band_hashes(sig, dedup.CLAIM_BANDS, "speaker:person:x")[:2] == [-6719658091984752014, 1641319546275251790]


def test_many_texts_at_once_give_each_texts_own_signature():
    together = dedup.signatures(TEXTS)
    for text, sig in zip(TEXTS, together):
        alone = dedup.signature(text)
        assert (sig is None) == (alone is None) == (not dedup.shingles(text))
        if alone is not None:
            assert np.array_equal(sig, alone)


def test_texts_past_one_steps_worth_of_shingles_are_split_across_steps(monkeypatch):
    expected = [dedup.signature(text) for text in TEXTS]
    monkeypatch.setattr(dedup, "_SHINGLES_AT_ONCE", 3)
    for sig, alone in zip(dedup.signatures(TEXTS), expected):
        assert (sig is None and alone is None) or np.array_equal(sig, alone)


def test_the_signatures_are_datasketchs():
    datasketch = pytest.importorskip("datasketch")
    try:
        permutations = datasketch.MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME).permutations
    except TypeError:
        pytest.skip("datasketch before 2.0 has no affine32 scheme")
    for text in TEXTS:
        found = dedup.shingles(text)
        if not found:
            continue
        minhash = datasketch.MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, permutations=permutations, scheme=dedup.SCHEME)
        minhash.update_batch(list(found))
        assert np.array_equal(dedup.signature(text), minhash.hashvalues.astype("<u4"))
