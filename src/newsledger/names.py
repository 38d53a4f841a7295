"""Name words compared across spellings: folding (case, diacritics, hyphens) and transliteration
variants. Shared by the stages that resolve speakers within an article (``nlp.entities``) and the
ledger that links entities across articles, so it sits below both."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_VOWELS = re.compile(r"[aeiouy]")


def _skeleton(word: str) -> str:
    w = word.lower().replace("kh", "h").replace("ck", "k")
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", w))


_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=65536)
def fold_name(word: str) -> str:
    """Lower case, without diacritics, hyphens or apostrophes: `Naď` -> `nad`, `Amir-Abdollahian` -> `amirabdollahian`."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=65536)
def spelling_variants(a: str, b: str) -> bool:
    """True when two name words are one name spelled two ways (`Mikhev`/`Mekhev`/`Mikheev`,
    `Naď`/`Nad`). Short names and feminine forms (`Ivanov`/`Ivanova`) are never guessed."""
    a_l, b_l = fold_name(a), fold_name(b)
    if a_l == b_l:
        return bool(a_l)
    if min(len(a_l), len(b_l)) < 6 or a_l[0] != b_l[0] or a_l + "a" == b_l or b_l + "a" == a_l:
        return False
    ratio = SequenceMatcher(None, a_l, b_l).ratio()
    if min(len(a_l), len(b_l)) >= 10 and ratio >= 0.85:
        return True  # long names differ in a letter or two between transliterations (`Panagiotopoulos`/`Panayotopoulos`)
    return _skeleton(a_l) == _skeleton(b_l) and ratio >= 0.8
