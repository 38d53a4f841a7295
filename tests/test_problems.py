"""Problems are structured end to end: each has a kind, a problem and a fix beside the line a user
sees, which is made from them; nothing reads a message back to find its parts."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.ingest import read_articles, read_bytes
from newsledger.records import PROBLEM_KINDS, Problem

SRC = Path(__file__).resolve().parents[1] / "src" / "newsledger"
LINE_FIX = 'write one JSON object per line, such as {"id": "a1", "text": "..."}'


def test_the_line_is_made_from_the_fields():
    problem = Problem.of("a.jsonl:3", "not valid JSON (Expecting value at column 1)", LINE_FIX, kind="not_json")
    assert problem.message == f"a.jsonl:3: not valid JSON (Expecting value at column 1); {LINE_FIX}"
    assert str(problem) == problem.message
    assert Problem.of("x", "is gone", kind="missing").message == "x: is gone"


def test_a_line_that_is_not_its_fields_or_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="build it with Problem.of"):
        Problem("a.txt", "a.txt: something else", kind="empty", problem="is empty", fix="nothing to extract")
    with pytest.raises(ValueError, match="unknown problem kind 'oops'"):
        Problem.of("a.txt", "is empty", kind="oops")


def test_a_problem_recorded_by_its_line_alone_keeps_it():
    old = Problem.legacy("a.txt", "a.txt: is empty; nothing to extract")
    assert (old.kind, old.problem, old.fix, old.message) == ("unknown", None, None, "a.txt: is empty; nothing to extract")
    assert old == Problem.of("a.txt", "is empty", "nothing to extract", kind="empty")  # equal lines, equal problems


def test_an_input_error_becomes_a_problem_with_its_fields():
    err = InputError("a.txt", "is\nempty", "nothing to extract", kind="empty")
    problem = Problem.from_error(err)
    assert (problem.source, problem.problem, problem.fix, problem.kind) == ("a.txt", "is\\nempty", "nothing to extract", "empty")
    assert problem.message == str(err)


def test_a_bad_jsonl_line_has_its_kind(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text('{"text": "Lee said so."}\n{broken\n[1]\n', encoding="utf-8")
    problems = [item for item in read_articles([str(path)]) if isinstance(item, Problem)]
    assert [(p.source, p.kind, p.fix) for p in problems] == [
        (f"{path}:2", "not_json", LINE_FIX),
        (f"{path}:3", "bad_field", LINE_FIX),
    ]
    assert problems[0].problem == "not valid JSON (Expecting property name enclosed in double quotes at column 2)"


@pytest.mark.parametrize(
    ("error", "problem", "fix"),
    [
        (PermissionError(13, "Permission denied"), "cannot be read (permission denied)", "check the file's permissions"),
        (OSError(5, "Input/output error"), "cannot be read (Input/output error)", "check the path"),
    ],
)
def test_an_unreadable_file_has_its_kind(tmp_path, monkeypatch, error, problem, fix):
    from newsledger.ingest import bounded

    def refuse(*args, **kwargs):
        raise error

    path = tmp_path / "locked.txt"
    path.write_text("Lee said so.", encoding="utf-8")
    monkeypatch.setattr(bounded, "open", refuse, raising=False)  # chmod is no bar to root, who runs some CIs
    (found,) = read_articles([str(path)])
    assert (found.source, found.kind, found.problem, found.fix) == (str(path), "unreadable", problem, fix)


def test_a_missing_file_and_a_pipe_have_their_kinds(tmp_path):
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    missing, special = read_articles([str(tmp_path / "gone.txt"), str(pipe)])
    assert (missing.kind, special.kind) == ("missing", "not_a_file")


def test_bytes_are_read_as_the_file_of_that_name_is(tmp_path):
    data = b'{"id": "u1", "text": "Lee said so."}\n{"id": 2\n'
    path = tmp_path / "batch.jsonl"
    path.write_bytes(data)
    from_file = list(read_articles([str(path)]))
    from_bytes = list(read_bytes(data, "batch.jsonl", source=str(path)))
    assert from_bytes == from_file
    assert [p.kind for p in from_bytes if isinstance(p, Problem)] == ["not_json"]


def test_every_kind_in_the_code_is_listed():
    used = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            makes_problem = getattr(node, "func", None) is not None and (
                getattr(node.func, "id", None) == "InputError" or getattr(node.func, "attr", None) == "of"
            )
            if isinstance(node, ast.Call) and makes_problem:
                used.update(k.value.value for k in node.keywords if k.arg == "kind" and isinstance(k.value, ast.Constant))
    assert {"not_json", "timeout", "unreadable", "too_many"} <= used
    assert used - set(PROBLEM_KINDS) == set()


def test_every_input_error_of_the_readers_names_its_kind():
    """What becomes a Problem (the readers, the extraction, the upload) says which kind it is;
    errors the CLI reports and stops on (a bad gold file, a bad option) may leave it at bad_input."""
    unnamed = []
    for path in [*SRC.joinpath("ingest").rglob("*.py"), SRC / "extraction.py", SRC / "web" / "upload.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "InputError":
                if not any(k.arg == "kind" for k in node.keywords):
                    unnamed.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert unnamed == []


def test_no_problem_is_made_from_a_line_alone_outside_the_readers_of_older_files():
    """A Problem is built from its fields (Problem.of, Problem.from_error); only ``Problem.legacy``,
    for what an older newsledger recorded, takes a line as it is."""
    found = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(SRC)}: {m.group()}" for m in re.finditer(r"(?<![\w.])Problem\(", text)]
    assert found == []


def test_no_message_is_parsed_back():
    parsed = []
    pattern = re.compile(r"(message|str\(err\)|str\(item\))\s*\.\s*(removeprefix|split|partition|rsplit|removesuffix)\(")
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) or "_reason(" in line:
                parsed.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert parsed == []
