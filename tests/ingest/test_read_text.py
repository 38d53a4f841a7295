"""Plain-text inputs: decoding, the checks every text passes, and the messages a user sees."""

import pytest

from newsledger.errors import InputError
from newsledger.ingest import read_articles, read_file
from newsledger.records import Article, Problem

CONVERT = "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
BINARY = "looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("plain.txt", b"The minister said so.\n", "The minister said so.\n"),
        ("crlf.txt", b"Line one.\r\nLine two.\r\n", "Line one.\r\nLine two.\r\n"),
        ("spaces.text", b"  Indented.  \n\n\n", "  Indented.  \n\n\n"),
        ("notes.md", b"# Heading\n\n*Said* the minister.", "# Heading\n\n*Said* the minister."),
        ("bom.txt", b"\xef\xbb\xbfCaf\xc3\xa9 talks.", "Café talks."),
        ("utf16le.txt", "\ufeffKyiv said.".encode("utf-16-le"), "Kyiv said."),
        ("utf16be.txt", "\ufeffKyiv said.".encode("utf-16-be"), "Kyiv said."),
        ("UPPER.TXT", b"Case of the extension does not matter.", "Case of the extension does not matter."),
    ],
)
def test_text_is_kept_exactly_as_decoded(tmp_path, name, data, text):
    path = tmp_path / name
    path.write_bytes(data)
    [article] = read_file(str(path))
    assert article == Article(id=path.stem, text=text, source=str(path))


def test_bom_is_not_part_of_the_text_offsets_index(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfAbc")
    [article] = read_file(str(path))
    assert article.text.index("A") == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("latin1.txt", b"Caf\xe9 talks", "not valid UTF-8 (first bad byte at offset 3); " + CONVERT),
        # The offset counts bytes in the file, the byte-order mark included.
        ("bom-bad.txt", b"\xef\xbb\xbfab\xffc", "not valid UTF-8 (first bad byte at offset 5); " + CONVERT),
        ("nul.txt", b"PK\x03\x04\x00\x00zip data", BINARY),
        ("controls.txt", bytes(range(1, 9)) * 40, BINARY),
        (
            "utf16-no-bom.txt",
            "Kyiv said on Monday.".encode("utf-16-le"),
            "looks like UTF-16 text without a byte-order mark; "
            "convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8",
        ),
        (
            "bad-utf16.txt",
            b"\xff\xfeh\x00i\x00\x00\xd8",
            "not valid UTF-16 (first bad byte at offset 6); "
            "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8",
        ),
        ("empty.txt", b"", "is empty; nothing to extract"),
        ("blank.txt", b" \n\t\r\n ", "is empty; nothing to extract"),
        ("blank-utf16.txt", "\ufeff  \n".encode("utf-16-le"), "is empty; nothing to extract"),
    ],
)
def test_bad_text_is_one_clear_problem(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert list(read_articles([str(path)])) == [Problem(str(path), f"{path}: {message}")]


def test_read_file_raises_the_same_message(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Caf\xe9")
    with pytest.raises(InputError) as caught:
        read_file(str(path))
    assert str(caught.value) == f"{path}: not valid UTF-8 (first bad byte at offset 3); {CONVERT}"
    assert caught.value.source == str(path)


@pytest.mark.parametrize(
    ("length", "max_chars", "problem"),
    [
        (10, 10, None),
        (11, 10, "article is 11 characters, over the limit of 10"),
        (1_000_000, None, None),
        (1_000_001, None, "article is 1,000,001 characters, over the limit of 1,000,000"),
    ],
)
def test_size_cap(tmp_path, length, max_chars, problem):
    path = tmp_path / "long.txt"
    path.write_text("é" * length, encoding="utf-8")  # characters, not bytes, are counted
    options = {} if max_chars is None else {"max_chars": max_chars}
    [item] = read_articles([str(path)], **options)
    if problem is None:
        assert isinstance(item, Article) and len(item.text) == length
    else:
        assert item == Problem(str(path), f"{path}: {problem}; split it into smaller articles")


@pytest.mark.parametrize(
    ("name", "article_id"),
    [("notes.rst", "notes"), ("README", "README"), ("report.2024.log", "report.2024")],
)
def test_a_named_file_of_unknown_kind_is_read_as_text(tmp_path, name, article_id):
    path = tmp_path / name
    path.write_bytes(b"The ministry said.")
    assert read_file(str(path)) == [Article(id=article_id, text="The ministry said.", source=str(path))]
