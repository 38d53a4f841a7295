"""read_articles over many paths: directories, stdin, missing paths, --published, and batches that go on."""

import io
import json

import pytest

from newsledger.errors import InputError
from newsledger.ingest import read_articles, read_file
from newsledger.records import Article, Problem

HTML = (
    "<html><head><title>T</title></head><body><article>"
    "<p>The finance minister said on Thursday that the budget would be presented next month.</p>"
    "<p>Opposition leaders told reporters they would vote against it.</p></article></body></html>"
)


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    files = {
        "b.txt": b"B.",
        "a/z.md": b"AZ.",
        "a/b/c.TXT": b"ABC.",
        "a-c.text": b"A-C.",
        "a/page.html": HTML.encode(),
        "c/lines.jsonl": json.dumps({"id": "j", "text": "J."}).encode() + b"\n",
        "c/skipped.csv": b"unknown kinds in a directory are passed over",
        "c/.hidden.txt": b"hidden files too",
        ".git/HEAD.txt": b"and hidden folders",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    root = str(tmp_path)
    items = list(read_articles([root]))
    assert [(a.id, a.source) for a in items] == [
        ("c", f"{root}/a/b/c.TXT"),
        ("page", f"{root}/a/page.html"),
        ("z", f"{root}/a/z.md"),
        ("a-c", f"{root}/a-c.text"),
        ("b", f"{root}/b.txt"),
        ("j", f"{root}/c/lines.jsonl:1"),
    ]
    assert all(isinstance(a, Article) for a in items)


def test_directory_with_nothing_to_read(tmp_path):
    (tmp_path / "data.csv").write_bytes(b"a,b\n")
    assert list(read_articles([str(tmp_path)])) == [
        Problem(
            str(tmp_path),
            f"{tmp_path}: has no files to read; put .txt, .md, .html, .jsonl or .warc files in it, "
            "or name the files themselves",
        )
    ]


def test_one_bad_input_never_stops_the_others(tmp_path):
    good, empty, binary = tmp_path / "good.txt", tmp_path / "empty.txt", tmp_path / "bin.txt"
    good.write_bytes(b"Good.")
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01")
    missing = str(tmp_path / "missing.txt")
    items = list(read_articles([str(empty), missing, str(binary), str(good)]))
    assert items == [
        Problem(str(empty), f"{empty}: is empty; nothing to extract"),
        Problem(missing, f"{missing}: no such file or directory; check the path"),
        Problem(str(binary), f"{binary}: looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
        Article("good", "Good.", str(good)),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Said the minister.\r\n", Article("stdin", "Said the minister.\r\n", "<stdin>", published="2024-01-02")),
        (b"\xef\xbb\xbfWith a BOM.", Article("stdin", "With a BOM.", "<stdin>", published="2024-01-02")),
        (b"", Problem("<stdin>", "<stdin>: is empty; nothing to extract")),
        (b"caf\xe9", Problem("<stdin>", "<stdin>: not valid UTF-8 (first bad byte at offset 3); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8")),
    ],
)
def test_stdin(data, expected):
    assert list(read_articles(["-"], published="2024-01-02", stdin=io.BytesIO(data))) == [expected]


@pytest.mark.parametrize(
    ("published", "file_date", "expected"),
    [
        (None, None, None),
        ("2024-01-02", None, "2024-01-02"),  # the fallback, for inputs with no date of their own
        ("2024-01-02", "2023-12-31T23:59:59+05:00", "2023-12-31"),  # the input's own date wins
        ("2024-01-02", "Sun, 31 Dec 2023 23:59:59 +0500", "2023-12-31"),  # RFC 2822, as feeds write it
    ],
)
def test_published_fallback(tmp_path, published, file_date, expected):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "published": file_date}) + "\n", encoding="utf-8")
    [article] = read_articles([str(path)], published=published)
    assert article.published == expected


@pytest.mark.parametrize("value", ["2024-1-2", "02/01/2024", "2024-02-30", "2024-01-02T10:00", "20240102", ""])
def test_published_must_be_yyyy_mm_dd(value):
    with pytest.raises(InputError) as caught:
        read_articles([], published=value)  # checked at once, before any input is read
    assert str(caught.value) == f"--published: {value!r} is not a date in YYYY-MM-DD form; give a date such as 2024-03-05"
    assert caught.value.source == "--published"


def test_read_file_returns_the_articles_or_raises(tmp_path):
    path = tmp_path / "two.jsonl"
    path.write_bytes(b'{"text": "One."}\n{"text": "Two."}\n')
    assert [a.id for a in read_file(str(path))] == ["two-1", "two-2"]
    with pytest.raises(InputError, match=r"missing\.txt: no such file or directory; check the path$"):
        read_file(str(tmp_path / "missing.txt"))
