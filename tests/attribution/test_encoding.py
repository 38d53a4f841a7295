"""Wordpiece windows, BIO labels and decoding (attribution/encoding.py), with the real tokenizer."""

import pytest

pytest.importorskip("transformers", reason="the accurate extra is not installed")

from newsledger.attribution.encoding import B, I, O, ROLES, Window, decode, labels, outermost, windows  # noqa: E402


@pytest.fixture(scope="module")
def tokenizer():
    from newsledger.attribution.model import load_tokenizer

    return load_tokenizer()


def test_windows_keep_paragraphs_whole_and_cover_every_wordpiece(tokenizer):
    paragraphs = [f"Paragraph {n} says the minister spoke at length about tanks." for n in range(40)]
    text = "\n\n".join(paragraphs)
    ws = windows(tokenizer, text, max_tokens=40)
    assert all(len(w.ids) <= 40 for w in ws)
    offsets = [o for w in ws for o in w.offsets]
    assert offsets == sorted(offsets) and len(offsets) == len(set(offsets))
    covered = "".join(text[s:e] for s, e in offsets)
    assert covered == "".join(text.split())  # every non-space character, once, in order
    for w in ws:  # a window starts at a paragraph start
        assert w.offsets[0][0] == 0 or text[w.offsets[0][0] - 2 : w.offsets[0][0]] == "\n\n"


def test_a_paragraph_over_the_limit_is_cut_after_a_full_stop(tokenizer):
    text = " ".join(["The talks went on."] * 30)
    ws = windows(tokenizer, text, max_tokens=32)
    assert len(ws) > 1
    for w in ws[:-1]:
        assert text[w.offsets[-1][0] : w.offsets[-1][1]] == "."


def test_outermost_drops_nested_and_crossing_spans():
    assert outermost([(0, 100), (10, 20), (5, 120), (200, 210), (200, 210)]) == [(0, 100), (200, 210)]


def test_labels_mark_begin_and_inside_per_role(tokenizer):
    text = "Mikheev said Russia hopes to sign."
    (w,) = windows(tokenizer, text)
    tags = labels(w, {"source": [(0, 7)], "cue": [(8, 12)], "content": [(13, 33)]})
    words = [text[s:e] for s, e in w.offsets]
    by_role = {role: [t[r] for t in tags] for r, role in enumerate(ROLES)}
    assert by_role["cue"][words.index("said")] == B
    assert by_role["content"][words.index("russia") if "russia" in words else words.index("Russia")] == B
    assert by_role["content"][-1] == O  # the full stop is outside the content span
    first_source = [t for t in by_role["source"] if t != O]
    assert first_source[0] == B and all(t == I for t in first_source[1:])


def test_decode_gives_back_the_labelled_spans(tokenizer):
    text = "\u201cWe are ready,\u201d Ana Lopez told reporters on Monday."
    (w,) = windows(tokenizer, text)
    gold = {"source": [(16, 25)], "cue": [(26, 30)], "content": [(1, 14)]}
    found = decode(w, labels(w, gold))
    assert {role: [(s, e) for s, e, _ in spans] for role, spans in found.items()} == gold


def test_a_begin_tag_inside_a_word_continues_the_word():
    w = Window(ids=(1, 2, 3), offsets=((0, 3), (3, 6), (7, 10)))
    found = decode(w, [[B, O, O], [B, O, O], [O, O, O]])
    assert [(s, e) for s, e, _ in found["source"]] == [(0, 6)]


def test_cue_spans_side_by_side_are_one_cue_but_sources_are_not():
    w = Window(ids=(1, 2, 3), offsets=((0, 4), (5, 12), (13, 16)))
    found = decode(w, [[B, B, O], [B, B, O], [O, O, O]])
    assert [(s, e) for s, e, _ in found["cue"]] == [(0, 12)]
    assert [(s, e) for s, e, _ in found["source"]] == [(0, 4), (5, 12)]
