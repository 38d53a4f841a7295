"""WARC archives built by hand: HTML responses become articles, damage is reported after what was read."""

import gzip

import pytest

from newsledger.ingest import read_articles
from newsledger.records import Article, Problem

PARAGRAPHS = (
    "The interior minister said on Monday that the border would reopen within days.",
    "Officials in the capital told reporters that talks with neighbouring states had gone well.",
)
TEXT = "\n".join(PARAGRAPHS)
DATED_PARAGRAPHS = (
    "Rescue teams reached the flooded villages on Wednesday, the regional governor said.",
    "Aid agencies warned that thousands of people were still without clean water.",
)
DATED_TEXT = "\n".join(DATED_PARAGRAPHS)


def page(title: str, paragraphs=(), head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article>{body}</article></body></html>"
    ).encode()


def record(warc_type, uuid, block, content_type, uri="", date="2024-03-05T10:11:12Z") -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {warc_type}",
        f"WARC-Record-ID: <urn:uuid:{uuid}>",
        f"WARC-Date: {date}",
        *([f"WARC-Target-URI: {uri}"] if uri else []),
        f"Content-Type: {content_type}",
        f"Content-Length: {len(block)}",
    ]
    return "\r\n".join(headers).encode() + b"\r\n\r\n" + block + b"\r\n\r\n"


def response(
    uuid: str,
    uri: str,
    body: bytes,
    mime: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    extra: str = "",
    date: str = "2024-03-05T10:11:12Z",
) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {mime}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
    return record("response", uuid, head.encode() + body, "application/http; msgtype=response", uri, date)


def uuid(n: int) -> str:
    return f"00000000-0000-0000-0000-{n:012x}"


FLOODS_PAGE = page(
    "Floods", DATED_PARAGRAPHS, '<meta property="article:published_time" content="2024-02-28">'
)
RECORDS = [
    record("warcinfo", uuid(0), b"software: hand-built\r\n", "application/warc-fields"),
    record(
        "request",
        uuid(10),
        b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
        "application/http; msgtype=request",
        "https://news.example/a",
    ),
    response(uuid(1), "https://news.example/a", page("Border to reopen", PARAGRAPHS)),
    response(uuid(2), "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", mime="image/png"),
    response(
        uuid(3),
        "https://news.example/b",
        gzip.compress(FLOODS_PAGE),
        extra="Content-Encoding: gzip\r\n",
        date="2024-03-06T08:00:00Z",
    ),
    response(uuid(4), "https://news.example/old", b"<html><body>Moved</body></html>", status="301 Moved"),
    response(uuid(5), "https://news.example/gallery", page("Gallery")),
]
NO_TEXT = "no article text found in the HTML; check that it is a news page, or pass the text as .txt"


def expected(path):
    return [
        Article(
            id=uuid(1),
            text=TEXT,
            source=f"{path}#{uuid(1)}",
            title="Border to reopen",
            published="2024-03-05",  # from WARC-Date: the page has no date of its own
            url="https://news.example/a",
        ),
        Article(
            id=uuid(3),
            text=DATED_TEXT,
            source=f"{path}#{uuid(3)}",
            title="Floods",
            published="2024-02-28",  # the page's own date wins over the crawl date
            url="https://news.example/b",
        ),
        Problem(
            f"{path}#{uuid(4)}",
            f"{path}#{uuid(4)}: is an HTTP 301 response, not an article page; nothing to extract",
        ),
        Problem(f"{path}#{uuid(5)}", f"{path}#{uuid(5)}: {NO_TEXT}"),
    ]


def warc_bytes(records, compressed: bool) -> bytes:
    """A .warc (records one after another) or a .warc.gz (one gzip member per record)."""
    return b"".join(gzip.compress(r) if compressed else r for r in records)


@pytest.mark.parametrize(
    ("name", "compressed"), [("crawl.warc", False), ("crawl.warc.gz", True), ("CRAWL.WARC.GZ", True)]
)
def test_html_responses_become_articles(tmp_path, name, compressed):
    path = tmp_path / name
    path.write_bytes(warc_bytes(RECORDS, compressed))
    assert list(read_articles([str(path)], published="2000-01-01")) == expected(path)


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])  # where in the fifth record the file ends
def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path, compressed, cut):
    whole = warc_bytes(RECORDS[:4], compressed)
    fifth = warc_bytes(RECORDS[4:5], compressed)
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(whole + fifth[: int(len(fifth) * cut)])
    assert list(read_articles([str(path)])) == [
        expected(path)[0],
        Problem(
            str(path),
            f"{path}: WARC file is truncated or corrupt after 4 records; "
            "the 4 records before it were read",
        ),
    ]


DAMAGE_1 = "WARC file is truncated or corrupt after 1 record; the 1 record before it was read"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty; nothing to extract"),
        (
            b"<html><body>Not an archive</body></html>",
            "is not a WARC file (it does not start with a WARC/1.x header); "
            "pass .warc or .warc.gz archives",
        ),
        (
            RECORDS[2][:150],
            "WARC file is truncated or corrupt in its first record; "
            "check that it is a WARC archive and that it downloaded completely",
        ),
        (RECORDS[2] + b"garbage, not a record\r\n\r\n" + RECORDS[2], DAMAGE_1),
    ],
)
def test_bad_warc(tmp_path, data, message):
    path = tmp_path / "bad.warc"
    path.write_bytes(data)
    items = list(read_articles([str(path)]))
    assert items[-1] == Problem(str(path), f"{path}: {message}")
    assert items[:-1] == ([expected(path)[0]] if data.startswith(RECORDS[2]) else [])


def test_page_charset_comes_from_the_http_header(tmp_path):
    french = ("La ministre a déclaré mardi que les négociations reprendraient à Genève la semaine prochaine.",)
    body = page("Genève", french).decode().encode("cp1252")
    path = tmp_path / "latin.warc"
    path.write_bytes(response(uuid(6), "https://news.example/fr", body, mime="text/html; charset=windows-1252"))
    [article] = read_articles([str(path)])
    assert (article.title, article.text) == ("Genève", french[0])


def test_undecodable_page_is_a_problem_and_the_rest_go_on(tmp_path):
    bad = response(uuid(255), "https://news.example/bad", b"<html><body>caf\xe9</body></html>", mime="text/html")
    path = tmp_path / "mixed.warc"
    path.write_bytes(bad + RECORDS[2])
    assert list(read_articles([str(path)])) == [
        Problem(
            f"{path}#{uuid(255)}",
            f"{path}#{uuid(255)}: not valid UTF-8 (first bad byte at offset 15); "
            "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ),
        expected(path)[0],
    ]


def test_a_damaged_record_id_header_still_gives_a_one_line_problem(tmp_path):
    """A bare carriage return inside the WARC-Record-ID line (found by the fuzzer) ends the id."""
    bad = response(uuid(254), "https://news.example/bad", b"<html><body>caf\xe9</body></html>", mime="text/html")
    bad = bad.replace(f"<urn:uuid:{uuid(254)}>".encode(), f"<urn:uuid:{uuid(254)}>\r0junk".encode(), 1)
    path = tmp_path / "damaged.warc"
    path.write_bytes(bad)
    [problem] = list(read_articles([str(path)]))
    assert isinstance(problem, Problem)
    assert problem.source == f"{path}#{uuid(254)}"
    assert "\r" not in problem.message and "\n" not in problem.message


def test_an_input_error_is_one_line_whatever_its_source_holds():
    from newsledger.errors import InputError

    err = InputError("feed.warc#id\r0junk", "is broken\nhere", "fix it")
    assert str(err) == "feed.warc#id\\r0junk: is broken\\nhere; fix it"
    assert str(err).startswith(err.source + ": ")  # a Problem's message names its source as given
