"""HTML pages: the main text trafilatura finds, the page's metadata, and pages with no article."""

import pytest

from newsledger.ingest import read_articles, read_file
from newsledger.records import Article, Problem

PARAGRAPHS = (
    "The foreign minister said on Tuesday that talks would resume in Geneva next week.",
    '"We are ready to listen," she told reporters, adding that no date had been agreed.',
)
TEXT = "\n".join(PARAGRAPHS)


def page(head: str = "", paragraphs=PARAGRAPHS, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Talks to resume</title>{head}'
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article>{body}</article>"
        "<div class='comments'><p>Reader comment: first!</p></div></body></html>"
    )


DATED = (
    '<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">'
    '<link rel="canonical" href="https://news.example/world/talks">'
)


@pytest.mark.parametrize(
    ("name", "html", "published", "expected"),
    [
        # The page's own date and canonical URL; the fallback date is not used.
        ("talks.html", page(DATED), "2020-01-01", {"published": "2024-03-05", "url": "https://news.example/world/talks"}),
        # No date of its own: the fallback is used.
        ("undated.HTM", page(), "2020-01-01", {"published": "2020-01-01", "url": None}),
        ("undated.htm", page(), None, {"published": None, "url": None}),
    ],
)
def test_html_article_and_metadata(tmp_path, name, html, published, expected):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    [article] = read_articles([str(path)], published=published)
    assert article == Article(
        id=path.stem, text=TEXT, source=str(path), title="Talks to resume", **expected
    )


def test_comments_and_navigation_are_not_article_text(tmp_path):
    path = tmp_path / "talks.html"
    path.write_text(page(), encoding="utf-8")
    [article] = read_file(str(path))
    assert "Reader comment" not in article.text and "Home" not in article.text


FRENCH = (
    "La ministre des affaires étrangères a déclaré mardi que les négociations reprendraient à Genève.",
    "« Nous sommes prêts à écouter », a-t-elle ajouté devant les journalistes, sans préciser de date.",
)


def test_declared_charset_is_used_when_the_page_is_not_utf8(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(page(paragraphs=FRENCH, charset="windows-1252").encode("cp1252"))
    [article] = read_file(str(path))
    assert article.text == "\n".join(FRENCH)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (
            b"<html><head><title>Gallery</title></head><body><img src='a.jpg'></body></html>",
            "no article text found in the HTML; check that it is a news page, or pass the text as .txt",
        ),
        (b"<html><body><script>var x = 1;</script></body></html>", "no article text found in the HTML; check that it is a news page, or pass the text as .txt"),
        (b"", "is empty; nothing to extract"),
        (b"<html><body>caf\xe9</body></html>", "not valid UTF-8 (first bad byte at offset 15); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
    ],
)
def test_bad_html_is_one_clear_problem(tmp_path, html, message):
    path = tmp_path / "page.html"
    path.write_bytes(html)
    assert list(read_articles([str(path)])) == [Problem(str(path), f"{path}: {message}")]


def test_size_cap_applies_to_the_extracted_text(tmp_path):
    path = tmp_path / "talks.html"
    path.write_text(page(), encoding="utf-8")
    [problem] = read_articles([str(path)], max_chars=100)
    assert problem.message == (
        f"{path}: article is {len(TEXT)} characters, over the limit of 100; split it into smaller articles"
    )
