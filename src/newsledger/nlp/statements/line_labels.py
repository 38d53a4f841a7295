"""`PENCE: Well, look, ...` (a transcript) and `Erdogan: Deliveries will begin in July` (a headline):
a line that opens with a name and a colon is that speaker's words, to the end of the line."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...knowledge import load_statement_words
from ..char_ranges import CharRanges
from ..quotes import Quote
from .found import FoundStatement
from .lookups import doc_text
from .spans import kind_of, quote_containing

# The label: up to five words, capitalised or one of the lower-case words a name may hold
# (`Secretary of State`: name_words.csv).
_LINE_LABEL = re.compile(
    r"^[ \t\u00a0]*[\"\u201c]?((?:[A-Z][\w.'\u2019&-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019&-]*|"
    + "|".join(map(re.escape, load_statement_words().label_name_words))
    + r")){0,4})"
    r"(:)[ \t\u00a0]+(\S[^\r\n]*?)[ \t\u00a0]*$",
    re.M,
)
# A trailing bracketed credit (`[HuffPost.]`) is not part of what was said.
_TRAILING_CREDIT = re.compile(r"[ \t\u00a0]*\[[^\[\]\r\n]{1,40}\][ \t\u00a0.]*$")


def _content_words_ok(content: str) -> bool:
    """At least four words, and no list (`Iowa: Tim Albrecht, Brad Anderson, ...`)."""
    words = re.findall(r"[^\W\d_]{2,}", content)
    commas = content.count(",")
    return len(words) >= 4 and not (commas >= 4 and commas * 4 > len(words))


def may_be_labelled_headline(line: str) -> bool:
    """`Erdogan: Deliveries will begin in July` read from its text alone: a label that is not a
    kicker (`The Latest:`, `EXCLUSIVE:`) and enough words after it. The debris finder keeps such a
    first line as text, so that the statement finder can read it; the finder then checks the
    label against the parse."""
    m = _LINE_LABEL.match(line)
    if m is None or m.group(1).isupper() or m.group(1).lower() in load_statement_words().kicker_labels:
        return False
    return _content_words_ok(m.group(3))


def labelled_lines(doc: Doc, quotes: list[Quote], debris: CharRanges) -> list[FoundStatement]:
    """Lines of the form `NAME: what they said`. In PolNeAR train, such lines are attributions 79
    times in 94 once these checks are passed: the label is a name (its last word a proper noun,
    or a word the article uses as one), or a source noun (`Poll:`); it holds no verb (`Clinton
    Wades In: ...`); the rest holds at least four words and is no list (`Iowa: Tim Albrecht,
    Brad Anderson, ...`). An all-capitals label (`PENCE:`) counts only in a transcript, where at
    least two lines open so, since a lone one is usually a kicker (`EXCLUSIVE:`, `BOOM:`); a
    transcript may stand inside quotation marks as a whole."""
    words = load_statement_words()
    text = doc_text(doc)
    matches = [
        m for m in _LINE_LABEL.finditer(text)
        if m.group(1).lower() not in words.kicker_labels and len(m.group(1)) > 1
    ]
    if not matches:
        return []
    caps_labels = sum(1 for m in matches if m.group(1).isupper())
    names = {t.text for t in doc if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")}
    found = []
    for m in matches:
        label_start, label_end = m.span(1)
        start, end = m.span(3)
        credit = _TRAILING_CREDIT.search(text, start, end)
        if credit is not None and credit.start() > start:
            end = credit.start()
        content = text[start:end]
        if content.endswith(('"', "\u201d")) and (content.count('"') % 2 or content.count("\u201d") > content.count("\u201c")):
            end -= 1  # the close of a quotation opened before the label (a quoted transcript)
            content = content[:-1]
        if not _content_words_ok(content):
            continue
        transcript = m.group(1).isupper()
        if debris.overlaps(label_start, end) or transcript and caps_labels < 2:
            continue
        label = doc.char_span(label_start, label_end, alignment_mode="expand")
        if label is None:
            continue
        if not transcript:
            if quote_containing(quotes, label_start, m.end(2)) is not None:
                continue  # a quoted headline is what someone else said about it
            last = label[-1]
            if any(t.pos_ in ("VERB", "AUX") for t in label):
                continue
            if not (last.pos_ == "PROPN" or last.ent_type_ or last.text in names or last.lower_ in words.source_label_nouns):
                continue
        parts = ((start, end),)
        found.append(
            FoundStatement(
                cue=m.span(2),
                speaker=(label_start, label_end),
                speaker_head=label[-1].i,
                content_parts=parts,
                kind="direct" if transcript else kind_of(parts, quotes),
                addressee=None,
                confidence=0.8 if transcript else 0.7,
            )
        )
    return found
