"""What every reader and every extraction must guarantee, whatever the input: checked by the
hypothesis tests and the atheris targets alike. Each check raises AssertionError when broken."""

from __future__ import annotations

from newsledger.errors import InputError
from newsledger.ingest import MAX_CHARS, read_articles
from newsledger.records import Article, ArticleRecord, Problem

INTERNAL_FAILURE = "extraction failed"  # how extract_many reports an exception inside the pipeline


def check_reader_output(path: str) -> list[Article | Problem]:
    """Read ``path``: only Articles and one-line Problems naming their source may come out."""
    items = list(read_articles([path]))  # any exception other than the documented ones escapes
    for item in items:
        if isinstance(item, Problem):
            assert item.source.startswith(path), f"problem names another source: {item}"
            assert item.message.startswith(f"{item.source}: "), f"problem does not name its source: {item}"
            assert "\n" not in item.message and "\r" not in item.message, f"not one line: {item.message!r}"
        elif isinstance(item, Article):
            assert item.text.strip(), "an empty article should have been refused"
            assert len(item.text) <= MAX_CHARS, "an over-long article should have been refused"
        else:
            raise AssertionError(f"a reader yielded {type(item).__name__}")
    assert items, "a file must give at least one Article or Problem"
    return items


def check_extraction(extract, text: str) -> ArticleRecord | InputError:
    """Extract ``text`` as one article: records whose spans point into the text, or an InputError
    that is not an exception from inside the pipeline."""
    try:
        records = extract(Article("fuzz", text, "fuzz"))
    except InputError as err:
        assert INTERNAL_FAILURE not in str(err), str(err)
        assert "\n" not in str(err), f"not one line: {err}"
        return err
    for statement in records.statements:
        for span in (statement.speaker, statement.cue, statement.addressee):
            if span is not None:
                assert text[span.start : span.end] == span.text, f"{span} is not the text at its offsets"
        content = statement.content
        assert 0 <= content.start <= content.end <= len(text), f"{content} outside the text"
        for start, end in content.parts:
            assert content.start <= start <= end <= content.end, f"{content} has a part outside it"
    for span in records.ignored:
        assert 0 <= span.start <= span.end <= len(text), f"{span} outside the text"
    for warning in records.warnings:
        assert warning.severity == "warning" and "\n" not in warning.message
    return records
