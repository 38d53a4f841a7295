"""MinHash signatures and LSH band hashes, to find near-duplicate articles and repeated claims.

A text's signature is the MinHash (128 permutations, fixed seed) of its word 5-shingles,
lower-cased. LSH splits it into bands; texts that share a band hash are candidates, and a
candidate is accepted when the signatures agree on enough positions (the estimated Jaccard).
The band hashes are stored in indexed tables, so candidates are found by index look-ups in any
later run; the parameters below are therefore part of the file format and never change.
"""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np

NUM_PERM = 128
SEED = 1
SHINGLE_WORDS = 5
SCHEME = "affine32"  # datasketch's 32-bit scheme, pinned: the stored signatures depend on it

# (bands, rows) as datasketch's MinHashLSH chooses them for 128 permutations.
ARTICLE_THRESHOLD = 0.7
ARTICLE_BANDS = (14, 9)
CLAIM_THRESHOLD = 0.8
CLAIM_BANDS = (9, 13)

_WORD = re.compile(r"\w+")


@functools.cache
def _minhash_class_and_permutations():
    """datasketch's MinHash and the fixed permutations, made on first use: datasketch takes
    0.4 s to import, which a command that stores nothing (a re-ingest of known articles) never needs."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def shingles(text: str) -> set[bytes]:
    """Word 5-shingles of the lower-cased text; a text of fewer words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of ``text`` (128 uint32), or None for a text without words."""
    found = shingles(text)
    if not found:
        return None
    minhash_class, permutations = _minhash_class_and_permutations()
    minhash = minhash_class(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=SCHEME)
    minhash.update_batch(list(found))
    return minhash.hashvalues.astype("<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def band_hashes(sig: np.ndarray, bands: tuple[int, int], scope: str = "") -> list[int]:
    """One signed 64-bit hash per band (as SQLite stores integers), salted with ``scope``."""
    count, rows = bands
    prefix = scope.encode("utf-8") + b"\x00"
    hashes = []
    for band in range(count):
        digest = hashlib.blake2b(
            prefix + band.to_bytes(1, "big") + sig[band * rows : (band + 1) * rows].tobytes(), digest_size=8
        ).digest()
        hashes.append(int.from_bytes(digest, "big", signed=True))
    return hashes


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
