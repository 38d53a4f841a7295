"""Check samples/gold/sample_gold.jsonl against the sample corpus (samples/corpus/).

Run: .venv/bin/python samples/gold/check_sample_gold.py

Every speaker, cue and content string must occur verbatim in its article's text
(speaker and cue as whole words), the three must occur close together, and every
.txt / .jsonl article must have at least one gold statement. Exits non-zero on failure.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "samples" / "corpus"
GOLD = Path(__file__).with_name("sample_gold.jsonl")

KINDS = {"direct", "indirect", "mixed"}
TYPES = {"person", "organization", "government", "anonymous", "group"}
KEYS = {"article", "speaker", "entity", "entity_type", "cue", "content", "kind"}
WINDOW = 400  # speaker and cue must lie within this many characters of the content


def load_articles() -> dict[str, str]:
    articles: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        articles[path.stem] = path.read_text(encoding="utf-8")
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                articles[record["id"]] = record["text"]
    return articles


def word_spans(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def plain_spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def near(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] - WINDOW <= b[1] and b[0] - WINDOW <= a[1]


def main() -> int:
    articles = load_articles()
    errors: list[str] = []
    seen: set[str] = set()
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        g = json.loads(line)
        where = f"line {n} ({g.get('article')})"
        if set(g) != KEYS:
            errors.append(f"{where}: keys {sorted(g)}")
            continue
        text = articles.get(g["article"])
        if text is None:
            errors.append(f"{where}: unknown article")
            continue
        seen.add(g["article"])
        if g["kind"] not in KINDS:
            errors.append(f"{where}: bad kind {g['kind']!r}")
        if g["entity_type"] not in TYPES:
            errors.append(f"{where}: bad entity_type {g['entity_type']!r}")
        if not g["entity"]:
            errors.append(f"{where}: empty entity")
        content = plain_spans(text, g["content"])
        cue = word_spans(text, g["cue"])
        speaker = word_spans(text, g["speaker"]) if g["speaker"] is not None else None
        if not content:
            errors.append(f"{where}: content not in text: {g['content']!r}")
        if not cue:
            errors.append(f"{where}: cue not in text: {g['cue']!r}")
        if speaker is not None and not speaker:
            errors.append(f"{where}: speaker not in text: {g['speaker']!r}")
        if content and cue and not any(near(c, q) for c in content for q in cue):
            errors.append(f"{where}: cue {g['cue']!r} not near the content")
        if content and speaker and not any(near(c, s) for c in content for s in speaker):
            errors.append(f"{where}: speaker {g['speaker']!r} not near the content")
        if g["kind"] == "indirect" and any(q in g["content"] for q in '"\u201c\u201d'):
            errors.append(f"{where}: indirect content contains a quotation mark")
        if g["kind"] == "mixed" and not any(q in g["content"] for q in '"\u201c\u201d'):
            errors.append(f"{where}: mixed content has no quotation mark")
    for missing in sorted(set(articles) - seen):
        errors.append(f"{missing}: no gold statements")
    for e in errors:
        print(e)
    print(f"{len(lines)} gold statements, {len(seen)} articles, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
