"""Encodings across the four readers: each input is decoded exactly or refused in one clear line.

What test_decode_charsets.py, test_read_text.py and the other reader tests already cover (declared
charsets, UTF-16 text files, a UTF-8 BOM on stdin and JSONL, CRLF text) is not repeated here;
this file fills in the rest of the table: every encoding in every format.
"""

from __future__ import annotations

import codecs
import json

import pytest

from newsledger.ingest import read_articles
from newsledger.records import Article, Problem

SENTENCE = "Genève: the minister said “talks” would resume on Monday. Café au lait costs €5."
LATIN1_SENTENCE = "Genève: the minister said talks would resume on Monday. Café au lait costs 5 francs."
SECOND = "Officials in the capital told reporters that the border would reopen within days."
CONVERT = "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le with BOM": lambda text: ("\ufeff" + text).encode("utf-16-le"),
    "utf-16-be with BOM": lambda text: ("\ufeff" + text).encode("utf-16-be"),
}
# Text in these is refused (UTF-8 is the rule; only an HTML page's own declaration can say otherwise).
REFUSED = {
    "windows-1252": (lambda text: text.encode("cp1252"), "not valid UTF-8 (first bad byte at offset {offset}); " + CONVERT),
    "latin-1": (lambda text: text.encode("latin-1"), "not valid UTF-8 (first bad byte at offset {offset}); " + CONVERT),
    "utf-16-le without BOM": (
        lambda text: text.encode("utf-16-le"),
        "looks like UTF-16 text without a byte-order mark; convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8",
    ),
    "utf-16-be without BOM": (
        lambda text: text.encode("utf-16-be"),
        "looks like UTF-16 text without a byte-order mark; convert it to UTF-8, e.g. iconv -f UTF-16BE -t UTF-8",
    ),
}


def page(*paragraphs: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head>{meta}<title>Talks</title></head><body><article>{body}</article></body></html>"


def warc(payload: bytes, content_type: str = "text/html") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
    block = http + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        "WARC-Target-URI: https://news.example/a\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def read(tmp_path, name: str, data: bytes) -> tuple[str, list]:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path), list(read_articles([str(path)]))


# -- decoded exactly ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_text_file(tmp_path, encoding):
    path, items = read(tmp_path, "a.txt", ENCODINGS[encoding](SENTENCE + "\n"))
    assert items == [Article("a", SENTENCE + "\n", path)]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_jsonl_file(tmp_path, encoding):
    line = json.dumps({"id": "a1", "text": SENTENCE}, ensure_ascii=False)
    path, items = read(tmp_path, "a.jsonl", ENCODINGS[encoding](line + "\n" + line.replace("a1", "a2") + "\n"))
    assert items == [Article("a1", SENTENCE, f"{path}:1"), Article("a2", SENTENCE, f"{path}:2")]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_html_file(tmp_path, encoding):
    path, items = read(tmp_path, "a.html", ENCODINGS[encoding](page(SENTENCE, SECOND)))
    assert [(i.text, i.title) for i in items] == [(f"{SENTENCE}\n{SECOND}", "Talks")]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_warc_payload(tmp_path, encoding):
    path, items = read(tmp_path, "a.warc", warc(ENCODINGS[encoding](page(SENTENCE, SECOND))))
    assert [(i.source, i.text) for i in items] == [(f"{path}#1", f"{SENTENCE}\n{SECOND}")]


@pytest.mark.parametrize(
    ("charset", "encode"),
    [("windows-1252", "cp1252"), ("iso-8859-1", "latin-1"), ("latin1", "latin-1")],
)
def test_a_declared_single_byte_charset_is_decoded(tmp_path, charset, encode):
    text = SENTENCE if encode == "cp1252" else LATIN1_SENTENCE
    data = page(text, SECOND, charset=charset).encode(encode)
    _, html_items = read(tmp_path, "a.html", data)
    _, warc_items = read(tmp_path, "a.warc", warc(page(text, SECOND).encode(encode), f"text/html; charset={charset}"))
    assert [i.text for i in html_items + warc_items] == [f"{text}\n{SECOND}"] * 2


def test_mixed_newlines_are_kept_as_written(tmp_path):
    text = "One said so.\r\nTwo said so.\rThree said so.\nFour said so.\r\n\r\nFive."
    path, items = read(tmp_path, "a.txt", text.encode())
    assert items == [Article("a", text, path)]
    line = json.dumps({"text": text})
    jsonl_path, items = read(tmp_path, "a.jsonl", (line + "\r\n" + line + "\n").encode())
    assert items == [Article("a-1", text, f"{jsonl_path}:1"), Article("a-2", text, f"{jsonl_path}:2")]


# -- refused in one line --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", REFUSED)
def test_undeclared_encodings_are_refused(tmp_path, encoding):
    encode, message = REFUSED[encoding]
    text = SENTENCE if encoding != "latin-1" else LATIN1_SENTENCE
    line = json.dumps({"text": text}, ensure_ascii=False) + "\n"
    cases = [  # (file name, bytes, source in the message, offset of the first non-UTF-8 byte)
        ("a.txt", encode(text), "", 3),
        ("a.html", encode(page(text, SECOND)), "", page(text).index("è")),
        ("a.jsonl", encode(line), ":1", line.index("è")),
        ("a.warc", warc(encode(page(text, SECOND))), "#1", page(text).index("è")),
    ]
    for name, data, where, offset in cases:
        path, items = read(tmp_path, name, data)
        whole_file = "UTF-16" in message  # detected on the file's first bytes, before any line or record
        source = path if whole_file and name != "a.warc" else path + where
        assert items == [Problem(source, f"{source}: {message.format(offset=offset)}")], name


NUL_FIX = "remove the NUL bytes (e.g. tr -d '\\000'), or pass .txt, .html, .jsonl or .warc files"


@pytest.mark.parametrize(
    ("name", "data", "where", "problem"),
    [
        ("a.txt", b"ab\x00cd", "", "looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
        # Regression: a NUL past the first 8 KB (which the binary check samples) reached the text.
        ("late.txt", b"a" * 9000 + b"\x00b", "", f"has a NUL byte at offset 9000, so it is not text; {NUL_FIX}"),
        ("bom.txt", codecs.BOM_UTF8 + b"a" * 9000 + b"\x00", "", f"has a NUL byte at offset 9003, so it is not text; {NUL_FIX}"),
        ("late.html", page("x" * 9000).encode() + b"\x00", "", f"has a NUL byte at offset {len(page('x' * 9000))}, so it is not text; {NUL_FIX}"),
        ("late.warc", warc(page("x" * 9000).encode() + b"\x00"), "#1", f"has a NUL byte at offset {len(page('x' * 9000))}, so it is not text; {NUL_FIX}"),
        (
            "late.jsonl",
            json.dumps({"text": "x" * 9000}).encode() + b"\n" + b'{"text": "a\x00b"}\n',
            ":2",
            'not valid JSON (Invalid control character at column 12); write one JSON object per line, such as {"id": "a1", "text": "..."}',
        ),
    ],
)
def test_nul_bytes_are_refused_wherever_they_are(tmp_path, name, data, where, problem):
    path, items = read(tmp_path, name, data)
    assert items[-1] == Problem(path + where, f"{path}{where}: {problem}")
    assert all(isinstance(i, Article) and "\x00" not in i.text for i in items[:-1])
