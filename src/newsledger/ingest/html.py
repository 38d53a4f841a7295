"""HTML pages (.html, .htm, and inside JSONL and WARC): text and metadata, by trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

import trafilatura

from ..errors import InputError
from ..records import Article
from ..dates import normalise_date
from ..settings import limits
from .bounded import open_input, read_at_most
from .decode import decode_text
from .formats import article_id
from .text import MAX_CHARS, check_text

CHARSET_SNIFF_BYTES = 4096  # where a page's <meta charset> or XML declaration must be
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares at its start (``<meta charset>``, XML declaration), if any."""
    match = _DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def check_attributes(html: str, source: str, most: int) -> None:
    """Raise InputError when one tag holds more than ``most`` attributes: the parsers trafilatura
    runs take time quadratic in them (200,000 on one element ran past 300 s). Each tag is looked
    at once, from its ``<`` to the next ``>``, so the check is linear; an ``=`` is counted as an
    attribute (a base64 data URL holds two at most). Scripts, styles and comments are passed
    over whole, so that code such as ``for(i=0;i<n;i++){a=b;...}`` is not taken for a tag."""
    lowered: str | None = None  # made only if the page has a script, style or comment
    start = html.find("<")
    while start >= 0:
        head = html[start + 1 : start + 7].lower()
        closing = next((close for opening, close in _RAW_TEXT if head.startswith(opening)), None)
        if closing == "-->":
            end = start + 4  # a comment is no tag: passed over below
        else:
            end = html.find(">", start)
            if end < 0:
                end = len(html)
            if end - start > most and (count := html.count("=", start, end)) > most:
                raise InputError(
                    source,
                    f"has a tag with {count:,} attributes, over the limit of {most:,}",
                    "remove the attributes, or pass the article text as .txt",
                    kind="too_large",
                )
        if closing is not None:
            if lowered is None:
                lowered = html.lower()
            found = lowered.find(closing, end)
            end = len(html) if found < 0 else found
        start = html.find("<", end)


_RAW_TEXT = (("!--", "-->"), ("script", "</script"), ("style", "</style"))


def html_article(
    html: str,
    *,
    id: str,
    source: str,
    url: str | None = None,
    published: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Article:
    """The article in a page: its main text as trafilatura extracts it, comments left out.

    ``url`` (when given) wins over the page's own canonical URL; the page's own date wins over
    ``published``, which is the fallback.
    """
    if not html.strip():
        raise InputError(source, "is empty", "nothing to extract", kind="empty")
    check_attributes(html, source, limits().html_attributes)
    text = trafilatura.extract(html, url=url, include_comments=False)
    if not text or not text.strip():
        raise InputError(
            source,
            "no article text found in the HTML",
            "check that it is a news page, or pass the text as .txt",
            kind="no_article",
        )
    check_text(text, source, max_chars)
    # extensive=False: take dates from the page's markup only, not guesses from its prose.
    meta = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    return Article(
        id=id,
        text=text,
        source=source,
        title=meta.title or None,
        published=normalise_date(meta.date) or published,
        url=url or meta.url or None,
    )


def html_bytes_article(
    data: bytes,
    *,
    id: str,
    source: str,
    charset: str | None = None,
    url: str | None = None,
    published: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Article:
    """Decode a page (``charset`` from HTTP, else the page's own) and read its article."""
    html = decode_text(data, source, declared=charset or declared_charset(data))
    return html_article(
        html, id=id, source=source, url=url, published=published, max_chars=max_chars
    )


def read_html_file(
    path: str, *, published: str | None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Read an HTML file as one article; its id is the file name without the extension."""
    with open_input(path) as f:
        yield from read_html_stream(f, name=path, source=path, published=published, max_chars=max_chars)


def read_html_stream(
    stream: BinaryIO, *, name: str, source: str, published: str | None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Read what an HTML file called ``name`` holds as one article (its id is the name without the
    extension), named ``source``: the file reader's work, and the web upload's without a file."""
    data = read_at_most(stream, limits().record_bytes, source)
    yield html_bytes_article(data, id=article_id(name), source=source, published=published, max_chars=max_chars)
