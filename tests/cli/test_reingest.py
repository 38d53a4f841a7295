"""Re-ingesting: an article already in the ledger is found by the hash of its text and skipped
before it is extracted, so a second run over the same folder costs reading and hashing only."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsledger.extraction as extraction
from newsledger.commands import ingest, ingest_articles
from newsledger.ingest import read_articles

from .conftest import stderr_lines, write
from .texts import BAKER, LOPEZ, REED


@pytest.fixture
def extracted_ids(monkeypatch):
    """The ids of the articles that reach extraction from here on."""
    seen: list[str] = []
    real = extraction.extract_many

    def spy(articles, *args, **kwargs):
        def counted():
            for article in articles:
                seen.append(article.id)
                yield article

        return real(counted(), *args, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", spy)
    return seen


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "lopez.txt", LOPEZ)
    write(folder / "baker.txt", BAKER)
    return folder


def test_known_articles_are_never_extracted_again(nlp, corpus, tmp_path, extracted_ids):
    db = str(tmp_path / "l.db")
    first = ingest([str(corpus)], db=db)
    assert (first.added, extracted_ids) == (2, ["baker", "lopez"])
    extracted_ids.clear()

    again = ingest([str(corpus)], db=db)

    assert extracted_ids == []
    assert (again.added, again.duplicates, again.articles_read, again.problems) == (0, 2, 2, [])
    assert again.duplicate_keys == first.added_keys


def test_only_the_new_article_of_a_grown_folder_is_extracted(nlp, corpus, tmp_path, extracted_ids):
    db = str(tmp_path / "l.db")
    ingest([str(corpus)], db=db)
    write(corpus / "reed.txt", REED)
    extracted_ids.clear()

    result = ingest([str(corpus)], db=db)

    assert extracted_ids == ["reed"]
    assert (result.added, result.duplicates) == (1, 2)


def test_the_web_apps_path_skips_known_articles_too(nlp, corpus, tmp_path, extracted_ids):
    db = str(tmp_path / "l.db")
    ingest([str(corpus)], db=db)
    extracted_ids.clear()

    result = ingest_articles(read_articles([str(corpus)]), db=db)

    assert extracted_ids == []
    assert (result.added, result.duplicates) == (0, 2)


def test_each_skipped_article_is_reported_to_the_progress_callback(nlp, corpus, tmp_path):
    db = str(tmp_path / "l.db")
    ingest([str(corpus)], db=db)
    seen: list[object] = []

    ingest([str(corpus)], db=db, on_article=seen.append)

    assert sorted(item.id for item in seen) == ["baker", "lopez"]


def test_reingest_on_the_command_line_says_what_was_skipped(cli, corpus, tmp_path, extracted_ids):
    db = tmp_path / "l.db"
    assert cli("ingest", corpus, "--db", db).exit_code == 0
    extracted_ids.clear()

    result = cli("ingest", corpus, "--db", db)

    assert result.exit_code == 0, result.output
    assert extracted_ids == []
    assert stderr_lines(result)[-1] == f"0 articles added (0 statements), 2 already stored, 0 failed; ledger: {db}"


def test_a_reingest_that_extracts_nothing_loads_no_spacy(nlp, corpus, tmp_path):
    """What keeps a re-ingest under a tenth of the first run (bench/reingest.py): spaCy is imported
    only when an article needs extracting, and the ledger's MinHash only when one is stored."""
    db = tmp_path / "l.db"
    ingest([str(corpus)], db=str(db))
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from newsledger.cli import main\n"
        f"result = CliRunner().invoke(main, ['ingest', {str(corpus)!r}, '--db', {str(db)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'thinc', 'torch', 'datasketch'})))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()

    assert loaded == []
