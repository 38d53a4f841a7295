from __future__ import annotations

import pytest

from . import corpus as corpus_module


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The mixed corpus (27 articles, 2 bad JSONL lines), built once."""
    return corpus_module.build(tmp_path_factory.mktemp("batch") / "corpus")


@pytest.fixture(scope="session")
def reference(corpus, nlp):
    """What `newsledger extract` gives for the corpus, in this process: records and problems."""
    from newsledger.commands import extract_paths

    return list(extract_paths([str(corpus)]))


def as_comparable(items) -> list:
    """Records and problems in a form that compares across runs, sorted by source."""
    from newsledger.records import Problem

    rows = []
    for item in items:
        if isinstance(item, Problem):
            rows.append((item.source, "problem", item.message))
        else:
            rows.append((item.article.source, "record", item.to_dict()))
    return sorted(rows, key=lambda r: (r[0], r[1]))
