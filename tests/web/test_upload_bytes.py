"""An upload is read from its bytes by the readers `newsledger ingest` uses: no temporary file, no
path rewritten in a message, and its problems keep their kind as far as the ledger."""

from __future__ import annotations

import tempfile

import pytest

from newsledger.ledger import Ledger
from newsledger.records import Article, Problem
from newsledger.web import upload

LINE_FIX = 'write one JSON object per line, such as {"id": "a1", "text": "..."}'


@pytest.fixture
def no_temporary_files(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the upload wrote a temporary file")

    for name in ("TemporaryDirectory", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)


def test_an_uploaded_file_is_read_from_its_bytes(no_temporary_files):
    data = b'{"id": "u1", "text": "Navy chief Sam Reed said so."}\n{"id": 2\n'
    article, problem = upload.uploaded_articles("C:\\Users\\me\\batch.jsonl", data, None)
    assert isinstance(article, Article) and (article.id, article.source) == ("u1", "upload:batch.jsonl:1")
    assert isinstance(problem, Problem)
    assert (problem.source, problem.kind, problem.fix) == ("upload:batch.jsonl:2", "not_json", LINE_FIX)
    assert problem.message == (
        f"upload:batch.jsonl:2: not valid JSON (Expecting ',' delimiter at column 9); {LINE_FIX}"
    )


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"),
    [
        ("empty.txt", b"   ", "empty", "upload:empty.txt: is empty; nothing to extract"),
        ("page.html", b"\x00\x01\x02\x03" * 10, "binary", "upload:page.html: looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
        ("feed.jsonl.gz", b"not gzip", "wrong_format", "upload:feed.jsonl.gz: is not gzip-compressed, though its name ends in .gz; rename it without .gz"),
    ],
)
def test_an_unreadable_upload_is_one_problem_of_its_kind(no_temporary_files, name, data, kind, message):
    (problem,) = upload.uploaded_articles(name, data, None)
    assert (problem.kind, problem.message) == (kind, message)


def test_the_problems_of_an_upload_reach_the_ledger_with_their_kind(tmp_path, no_temporary_files):
    db = str(tmp_path / "ledger.db")
    added = upload.add_submission(
        db, text="", title=None, published=None, file_name="bad.jsonl", file_data=b"{broken\n[1]\n{\n",
        max_articles=2,
    )
    assert [(p.source, p.kind) for p in added.problems] == [
        ("upload:bad.jsonl:1", "not_json"), ("upload:bad.jsonl:2", "bad_field"), ("upload:bad.jsonl", "too_many"),
    ]
    with Ledger.open(db, readonly=True) as ledger:
        stored = ledger.problems()
    assert [(p.source, p.kind, p.fix) for p in stored] == [
        ("upload:bad.jsonl:1", "not_json", LINE_FIX), ("upload:bad.jsonl:2", "bad_field", LINE_FIX),
    ]
    assert stored == added.problems[:2]
