"""Splitting a batch's inputs into shards: the unit of work, of progress and of resumption.

A shard is a list of parts. A part is a whole file (a text or HTML page, a small JSONL file or
WARC) or a range of a big one (lines of a JSONL file, records of a WARC), so that one crawl file
can keep every worker busy. Planning only counts lines and records; it parses nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..ingest import count_units, input_files
from ..records import Problem

# Without --shard-size, shards hold about 1/8 of a worker's share (so workers finish together),
# within these bounds (so per-shard costs stay small, and resumption loses little work).
MIN_SHARD_SIZE = 20
MAX_SHARD_SIZE = 1000
SHARDS_PER_WORKER = 8


@dataclass(frozen=True)
class Part:
    """A file, or units first <= n < stop of it (stop None: to the end of the file)."""

    path: str
    first: int | None = None
    stop: int | None = None
    size: int = 1  # how many articles (lines, records) it holds, as planned: for progress only

    @property
    def range(self) -> tuple[int, int | None] | None:
        return None if self.first is None else (self.first, self.stop)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "first": self.first, "stop": self.stop, "size": self.size}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Part:
        return cls(d["path"], d.get("first"), d.get("stop"), d.get("size", 1))


@dataclass(frozen=True)
class Shard:
    id: int
    parts: tuple[Part, ...]

    @property
    def name(self) -> str:
        return f"{self.id:05d}"

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "parts": [p.to_dict() for p in self.parts]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Shard:
        return cls(d["id"], tuple(Part.from_dict(p) for p in d["parts"]))


@dataclass(frozen=True)
class Job:
    """What every shard of a batch shares; small and picklable, so engines can ship it to workers.
    (Here, not beside ``run_shard``, so that the driver of a run need not import spaCy.)"""

    out: str
    profile: str | None = None
    model: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"out": self.out, "profile": self.profile, "model": self.model, "published": self.published}


@dataclass(frozen=True)
class Plan:
    files: tuple[tuple[str, int, int], ...]  # (path, size in bytes, mtime in ns): what was planned from
    shards: tuple[Shard, ...]
    problems: tuple[Problem, ...]  # inputs that could not be listed or found
    shard_size: int = MIN_SHARD_SIZE  # as chosen


def list_inputs(paths: Iterable[str]) -> tuple[list[tuple[str, int, int]], list[Problem]]:
    """The files a batch reads, each with its size and modification time, and the inputs that
    cannot be read. Cheap: this is what a re-run compares to tell it is the same batch."""
    files: list[tuple[str, int, int]] = []
    problems: list[Problem] = []
    for entry in input_files(paths):
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        try:
            stat = os.stat(entry)
        except OSError as err:
            problems.append(Problem.of(entry, f"cannot be read ({err.strerror or err})", "check the path", kind="unreadable"))
            continue
        files.append((entry, stat.st_size, stat.st_mtime_ns))
    return files, problems


def auto_shard_size(units: int, workers: int) -> int:
    share = -(-units // max(1, workers * SHARDS_PER_WORKER))
    return max(MIN_SHARD_SIZE, min(MAX_SHARD_SIZE, share))


def plan_shards(paths: Iterable[str], shard_size: int | None = None, workers: int = 1) -> Plan:
    """Shards of about ``shard_size`` articles over ``paths``, in reading order (``None``: sized
    for ``workers``, see ``auto_shard_size``)."""
    if shard_size is not None and shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    files, problems = list_inputs(paths)
    counted = [(path, count_units(path)) for path, _, _ in files]
    if shard_size is None:
        shard_size = auto_shard_size(sum(1 if units is None else max(units[1], 1) for _, units in counted), workers)
    shards: list[Shard] = []
    current: list[Part] = []
    filled = 0

    def close() -> None:
        nonlocal current, filled
        if current:
            shards.append(Shard(len(shards), tuple(current)))
        current, filled = [], 0

    for path, units in counted:
        if units is None:
            pieces = [Part(path)]
        else:
            kind, count = units
            first = 1 if kind == "line" else 0
            starts = list(range(first, first + max(count, 1), shard_size))
            pieces = [
                Part(path, start, start + shard_size if i < len(starts) - 1 else None, min(shard_size, max(count - (start - first), 1)))
                for i, start in enumerate(starts)
            ]
        for piece in pieces:
            current.append(piece)
            filled += piece.size
            if filled >= shard_size:
                close()
    close()
    return Plan(tuple(files), tuple(shards), tuple(problems), shard_size)
