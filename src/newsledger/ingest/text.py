"""Plain-text articles (.txt, .text, .md, stdin), and the checks every article's text must pass."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from ..settings import limits
from .bounded import open_input, read_at_most
from .decode import decode_text
from .formats import article_id

MAX_CHARS = 1_000_000  # longest article text, in characters, that is read
STDIN_ID = "stdin"
STDIN_SOURCE = "<stdin>"


def check_text(text: str, source: str, max_chars: int = MAX_CHARS) -> str:
    """Return ``text`` unchanged if it can be an article; raise ``InputError`` if not."""
    if not text.strip():
        raise InputError(source, "is empty", "nothing to extract", kind="empty")
    if len(text) > max_chars:
        raise InputError(
            source,
            f"article is {len(text):,} characters, over the limit of {max_chars:,}",
            "split it into smaller articles",
            kind="too_large",
        )
    return text


def text_article(
    data: bytes, *, id: str, source: str, published: str | None, max_chars: int = MAX_CHARS
) -> Article:
    """The article whose text is ``data``, decoded and otherwise exactly as given."""
    text = check_text(decode_text(data, source), source, max_chars)
    return Article(id=id, text=text, source=source, published=published)


def read_text_file(
    path: str, *, published: str | None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Read a text file as one article; its id is the file name without the extension."""
    with open_input(path) as f:
        yield from read_text_stream(f, name=path, source=path, published=published, max_chars=max_chars)


def read_text_stream(
    stream: BinaryIO, *, name: str, source: str, published: str | None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Read what a text file called ``name`` holds as one article (its id is the name without the
    extension), named ``source``: the file reader's work, and the web upload's without a file."""
    data = read_at_most(stream, limits().record_bytes, source)
    yield text_article(data, id=article_id(name), source=source, published=published, max_chars=max_chars)


def read_stdin(
    stream: BinaryIO, *, published: str | None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Read standard input as one text article with id ``stdin``."""
    data = read_at_most(stream, limits().record_bytes, STDIN_SOURCE)
    if isinstance(data, str):  # a text stream was passed; its text is already decoded
        text = check_text(data, STDIN_SOURCE, max_chars)
        yield Article(id=STDIN_ID, text=text, source=STDIN_SOURCE, published=published)
        return
    yield text_article(
        data, id=STDIN_ID, source=STDIN_SOURCE, published=published, max_chars=max_chars
    )
