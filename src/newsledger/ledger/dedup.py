"""MinHash signatures and LSH band hashes, to find near-duplicate articles and repeated claims.

A text's signature is the MinHash (128 permutations, fixed seed) of its word 5-shingles,
lower-cased. LSH splits it into bands; texts that share a band hash are candidates, and a
candidate is accepted when the signatures agree on enough positions (the estimated Jaccard).
The band hashes are stored in indexed tables, so candidates are found by index look-ups in any
later run; the parameters below are therefore part of the file format and never change.

The MinHash is datasketch's 32-bit scheme ("affine32", datasketch 2.0), computed here with numpy
for many texts at once: each shingle's hash is the first 4 bytes of its SHA-1 (little-endian),
mixed by the MurmurHash3 finalizer, then permuted by ``a * h + b`` modulo 2^32 with the pairs
``(a, b)`` drawn by ``numpy.random.RandomState(SEED)``, exactly as datasketch draws them (the
signatures stored by earlier versions are the same; ``tests/ledger/test_dedup.py`` checks it).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence

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
# The MurmurHash3 32-bit finalizer's shifts and multipliers.
_FMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
# Shingles of several texts permuted in one step, at most (one longer text is a step alone):
# bounds the step's (shingles x 128) uint32 matrix to 8 MB.
_SHINGLES_AT_ONCE = 16_384


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The fixed ``(a, b)`` of the 128 permutations, as datasketch's affine32 scheme draws them
    (``a`` odd, so each permutation is a bijection of the 32-bit values)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def shingles(text: str) -> set[bytes]:
    """Word 5-shingles of the lower-cased text; a text of fewer words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of ``text`` (128 uint32), or None for a text without words."""
    return signatures([text])[0]


def signatures(texts: Sequence[str]) -> list[np.ndarray | None]:
    """The MinHash signature of each text (None for a text without words): what ``signature``
    gives for each, with every distinct shingle of the texts hashed and permuted once, in one
    numpy step (a statement's shingles are mostly its article's)."""
    found = [shingles(text) for text in texts]
    result: list[np.ndarray | None] = [None] * len(texts)
    batch: list[int] = []
    counted = 0
    for index, shingle_set in enumerate(found):
        if shingle_set:
            batch.append(index)
            counted += len(shingle_set)
        if batch and (counted >= _SHINGLES_AT_ONCE or index == len(found) - 1):
            for i, sig in zip(batch, _minhashes([found[i] for i in batch])):
                result[i] = sig
            batch, counted = [], 0
    return result


def _minhashes(sets: list[set[bytes]]) -> np.ndarray:
    """One signature per row for the non-empty shingle sets."""
    rows: dict[bytes, int] = {}
    for shingle_set in sets:
        for shingle in shingle_set:
            rows.setdefault(shingle, len(rows))
    digests = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in rows)
    hashed = _mixed(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    a, b = _permutations()
    permuted = hashed[:, None] * a + b  # (distinct shingles, 128), wrapping modulo 2^32
    taken = np.fromiter((rows[shingle] for shingle_set in sets for shingle in shingle_set), dtype=np.intp)
    starts = np.cumsum([0] + [len(s) for s in sets[:-1]])
    return np.minimum.reduceat(permuted[taken], starts, axis=0).astype("<u4")


def _mixed(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer, element-wise on uint32 (multiplication wraps modulo 2^32)."""
    s1, m1, s2, m2, s3 = _FMIX
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint32(s1))
        values = values * np.uint32(m1)
        values = values ^ (values >> np.uint32(s2))
        values = values * np.uint32(m2)
        return values ^ (values >> np.uint32(s3))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def band_hashes(sig: np.ndarray, bands: tuple[int, int], scope: str = "") -> list[int]:
    """One signed 64-bit hash per band (as SQLite stores integers), salted with ``scope``."""
    count, rows = bands
    prefix = scope.encode("utf-8") + b"\x00"
    values = sig.astype("<u4").tobytes()
    width = rows * 4
    return [
        int.from_bytes(
            hashlib.blake2b(
                prefix + band.to_bytes(1, "big") + values[band * width : (band + 1) * width], digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(count)
    ]


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
