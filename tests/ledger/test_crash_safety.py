"""`newsledger ingest` killed (SIGKILL) at random points and run again ends with exactly the
ledger an uninterrupted run makes: the same rows, none twice, and an intact file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # ingest killed and run again, many times

ARTICLES = 30
SEED = 20240305
NAMES = ["Ana Lopez", "Sam Reed", "Mevlut Cavusoglu", "Mike Pompeo", "Dmitry Peskov", "Annalena Baerbock"]
CLAIMS = ["the talks had ended", "the deliveries would go ahead", "sanctions would follow", "the contract was signed"]
# Every table an article writes, with the columns that must match (timestamps left out).
TABLES = {
    "articles": "key, id, source, title, published, text, record_json, dup_group",
    "statements": "article_key, id, speaker_text, speaker_id, content_text, content_start, content_end, group_id, speaker_search",
    "entities": "article_key, id, name, type, aliases_json, mentions_json",
    "events": "article_key, id, record_json, ledger_json",
    "ledger_entities": "id, name, type, aliases_json, articles, statements",
    "entity_links": "article_key, local_id, ledger_id",
    "entity_titles": "ledger_id, title, affiliation, as_of",
    "claim_groups": "id, article_key, statement_id, size",
    "statement_mentions": "entity_id, article_key, statement_id",
    "event_entities": "entity_id, article_key, event_id",
    "article_minhash": "id, article_key, signature",
    "statements_fts": "content_text, speaker_name, article_key, statement_id",
    "articles_fts": "title, text, article_key",
    "ingest_problems": "source, message",
    "migrations": "name",
}


def write_corpus(folder: Path) -> Path:
    rng = random.Random(SEED)
    folder.mkdir()
    for n in range(ARTICLES):
        a, b = rng.sample(NAMES, 2)
        first, second = rng.sample(CLAIMS, 2)
        (folder / f"article-{n:02d}.txt").write_text(
            f"Foreign Minister {a} said on Tuesday that {first}.\n\n"
            f'"We will decide within {n + 2} weeks," {a.split()[-1]} told reporters in Ankara.\n\n'
            f"{b}, the defence minister, warned that {second}. Turkey bought {n + 3} launchers from Russia in 2019.\n"
        )
    (folder / "broken.jsonl").write_text('{"id": "x", "text": \n')  # a problem is recorded too, once per run
    return folder


def ingest(corpus: Path, db: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("newsledger")), "ingest", str(corpus), "--db", str(db)]
    # Batches of 4 articles (ingest holds 64 by default): 30 short articles are then written in
    # several batches, so that kills land between batches and while one is written.
    env = {**os.environ, "NEWSLEDGER_STORE_ARTICLES": "4"}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


class Watcher:
    """Counts the articles committed so far, as another process reading the ledger would, through
    one read-only connection kept open so that it can look every millisecond."""

    def __init__(self, db: Path):
        self.db = db
        self.conn: sqlite3.Connection | None = None

    def articles(self) -> int:
        try:
            if self.conn is None:
                if not self.db.exists():
                    return 0
                self.conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=0.5)
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            self.close()  # not created or migrated yet
            return 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def contents(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {table: sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr) for table, columns in TABLES.items()}
    finally:
        conn.close()


def test_ingest_killed_at_random_points_then_rerun_ends_as_one_clean_run(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    reference = tmp_path / "reference.db"
    started = time.monotonic()
    run = ingest(corpus, reference)
    assert run.wait(timeout=120) == 1, run.stderr.read().decode()  # 1: the broken line is reported
    run.stderr.close()
    duration = time.monotonic() - started
    expected = contents(reference)
    assert len(expected["articles"]) == ARTICLES and len(expected["statements"]) >= ARTICLES

    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    # Kills once a random number of articles is committed, a random few milliseconds later, so that
    # they land inside an article's transaction as well as between two; then kills by the clock, at
    # random fractions of a whole run (start-up: opening the ledger, loading the model; extraction;
    # writing what is left).
    plan = [("after articles", n) for n in sorted(rng.sample(range(1, ARTICLES - 1), 3))]
    plan += [("after seconds", rng.uniform(0.2, 0.9) * duration) for _ in range(2)]
    killed_with = []
    watcher = Watcher(db)
    for how, when in plan:
        run = ingest(corpus, db)
        if how == "after seconds":
            time.sleep(when)
        else:
            deadline = time.monotonic() + 60
            while watcher.articles() < when and run.poll() is None:
                assert time.monotonic() < deadline, "ingest stored nothing in 60 s"
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.004))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        run.stderr.close()
        killed_with.append(watcher.articles())
        watcher.close()
    print("articles stored at each kill:", killed_with)
    assert sum(0 < n < ARTICLES for n in killed_with) >= 2, killed_with  # kills landed mid-run

    run = ingest(corpus, db)
    assert run.wait(timeout=120) == 1, run.stderr.read().decode()
    run.stderr.close()
    got = contents(db)
    problems = got.pop("ingest_problems")
    expected_problems = expected.pop("ingest_problems")
    assert got == expected
    # No article, statement or entity twice; the broken line is recorded by each run that reached it.
    assert len({row[0] for row in got["articles"]}) == ARTICLES
    assert len(set(got["statements"])) == len(got["statements"])
    assert set(problems) == set(expected_problems) and len(problems) >= 1
    assert time.monotonic() - started < 110
