"""Shard plans: every article read exactly once, big files split, nothing parsed to plan."""

from __future__ import annotations

import gzip

import pytest

from newsledger.batch.plan import plan_shards
from newsledger.ingest import read_articles, read_part
from newsledger.records import Problem

from .corpus import warc_bytes


def read_plan(plan):
    return [item for shard in plan.shards for part in shard.parts for item in read_part(part.path, part.range)]


def keyed(items):
    return [(i.source, i.message if isinstance(i, Problem) else i.text) for i in items]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 50])
def test_the_parts_read_exactly_what_the_whole_inputs_hold(corpus, size):
    plan = plan_shards([str(corpus)], size)
    assert keyed(read_plan(plan)) == keyed(read_articles([str(corpus)]))
    assert [s.id for s in plan.shards] == list(range(len(plan.shards)))


def test_big_files_are_split_and_small_ones_grouped(corpus):
    plan = plan_shards([str(corpus)], 4)
    wire = [p for s in plan.shards for p in s.parts if p.path.endswith("wire.jsonl")]
    assert [(p.first, p.stop) for p in wire] == [(1, 5), (5, 9), (9, 13), (13, None)]
    crawl = [p for s in plan.shards for p in s.parts if p.path.endswith("crawl.warc.gz")]
    assert [(p.first, p.stop) for p in crawl] == [(0, 4), (4, 8), (8, None)]
    texts = [p for p in plan.shards[0].parts]
    assert len(texts) == 4 and all(p.first is None and p.path.endswith(".txt") for p in texts)
    assert all(s.size < 2 * 4 for s in plan.shards)  # a shard closes once it holds 4 or more


def test_damage_in_a_split_archive_is_reported_once_by_its_last_part(tmp_path):
    data = warc_bytes(["Ankara said it would buy the system.\n\nIt said so twice."] * 5, compressed=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 40])
    plan = plan_shards([str(path)], 2)
    items = read_plan(plan)
    problems = [i for i in items if isinstance(i, Problem)]
    assert keyed(items) == keyed(read_articles([str(path)]))
    assert len(problems) == 1 and "truncated or corrupt" in problems[0].message


def test_gzipped_jsonl_is_split_by_lines(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    lines = [f'{{"id": "n{i}", "text": "Minister {i} said the talks went well."}}' for i in range(9)]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    plan = plan_shards([str(path)], 4)
    assert [(p.first, p.stop) for s in plan.shards for p in s.parts] == [(1, 5), (5, 9), (9, None)]
    assert [a.id for a in read_plan(plan)] == [f"n{i}" for i in range(9)]


def test_inputs_that_cannot_be_read_are_problems_of_the_plan(tmp_path):
    (tmp_path / "a.txt").write_text("The minister said the deal was done.", encoding="utf-8")
    plan = plan_shards([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), "-"], 10)
    assert [p.message for p in plan.problems] == [
        f"{tmp_path / 'missing.txt'}: no such file or directory; check the path",
        "-: the batch runner reads files, not standard input; save the input to a file and name it",
    ]
    assert len(plan.shards) == 1


@pytest.mark.parametrize(
    "units, workers, size",
    [(336, 2, 21), (100, 2, 20), (10_000_000, 64, 1000), (50_000, 4, 1000), (4_000, 4, 125)],
)
def test_without_a_shard_size_shards_are_sized_to_the_workers(units, workers, size):
    from newsledger.batch.plan import auto_shard_size

    assert auto_shard_size(units, workers) == size


def test_the_plan_keeps_the_size_it_chose(corpus):
    plan = plan_shards([str(corpus)], None, workers=2)
    assert plan.shard_size == 20 and len(plan.shards) == 2
